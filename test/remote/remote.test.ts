import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteEngines, Surreal } from 'surrealdb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { getStatus, migrate, type PushEvent } from '../../src/index.js';
import { repoRoot, TempProject } from '../helpers/project.js';
import { TestServer } from '../helpers/rpc-server.js';

/**
 * smig against a SurrealDB server over ws:// and http://: the embedded engine served over the RPC
 * protocol by a child process (test/helpers/rpc-server.mjs), so it can be stopped and killed like one.
 */
const seed = (name: string) => join(repoRoot, 'scripts', 'seed', name);

/** Runs SurrealQL on the server from the test, as another client would. */
async function queryServer(url: string, sql: string, auth?: { username: string; password: string }) {
  const db = new Surreal({
    engines: createRemoteEngines(),
    websocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  await db.connect(url, { reconnect: false });
  try {
    if (auth) await db.signin(auth);
    await db.use({ namespace: 'test', database: 'test' });
    return (await db.query(sql).json().responses()).map((r) =>
      r.success ? r.result : { error: r.error.message },
    );
  } finally {
    await db.close();
  }
}

const ledgerIds = async (url: string) =>
  (
    (await queryServer(url, 'SELECT record::id(id) AS id FROM _smig_migrations ORDER BY id'))[0] as {
      id: string;
    }[]
  ).map((r) => String(r.id));

const servers: TestServer[] = [];
async function start(store: string, mode: 'serve' | 'silent' = 'serve'): Promise<TestServer> {
  const server = await TestServer.start(store, mode);
  servers.push(server);
  return server;
}
afterEach(async () => {
  for (const s of servers.splice(0)) await s.kill();
});

describe('the seed walkthrough over ws://', () => {
  const project = new TempProject('smig-remote-seed-');
  afterAll(() => project.remove());

  it('diff, push, status, rollback and push again', async () => {
    const server = await start('mem://');
    const env = { SMIG_URL: server.ws };
    project.copy(seed('1-user.js'), 'schema.js');
    expect(project.smig(['validate'], env).code).toBe(0);
    expect(project.smig(['diff', '-m', 'Add user table'], env).code).toBe(0);
    const push = project.smig(['push'], env);
    expect(push.stderr).toBe('');
    expect(push.code).toBe(0);
    expect(push.stdout.split('\n')[0]).toBe(`Target: ${server.ws} (test/test)`);
    expect(push.stdout).toContain('Applied 1 migration(s) to test/test');

    project.copy(seed('2-posts.js'), 'schema.js');
    expect(project.smig(['diff', '-m', 'Add post and comment tables'], env).code).toBe(0);
    project.copy(seed('3-avatar.js'), 'schema.js');
    expect(project.smig(['diff', '-m', 'Add avatar and role to user'], env).code).toBe(0);
    expect(project.smig(['push'], env).stdout).toContain('Applied 2 migration(s)');

    const status = project.smig(['status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Applied Migrations: 3\n');
    expect(status.stdout).toContain('Tables: user, post, comment\nSchema: In sync ✓');
    expect(project.smig(['status', '--check'], env).code).toBe(0);
    const [info] = (await queryServer(server.ws, 'INFO FOR TABLE user')) as [{ fields: object }];
    expect(Object.keys(info.fields)).toContain('avatar');

    const rollback = project.smig(['rollback', '--yes'], env);
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain('Add avatar and role to user');
    const [after] = (await queryServer(server.ws, 'INFO FOR TABLE user')) as [{ fields: object }];
    expect(Object.keys(after.fields)).not.toContain('avatar');
    expect(project.smig(['status', '--check'], env).code).toBe(2);

    expect(project.smig(['push'], env).code).toBe(0);
    expect(await ledgerIds(server.ws)).toEqual(project.migrations().map((f) => f.replace(/\.surql$/, '')));
    expect(project.smig(['diff', '--exit-code'], env).code).toBe(0);
  });
});

describe('over http://', () => {
  it('push and status work as far as the SDK supports it', async () => {
    const server = await start('mem://');
    const p = new TempProject('smig-remote-http-');
    try {
      p.copy(seed('1-user.js'), 'schema.js');
      expect(p.smig(['diff', '-m', 'Add user table']).code).toBe(0);
      const push = p.smig(['push', '--url', server.http]);
      expect(push.stderr).toBe('');
      expect(push.code).toBe(0);
      expect(p.smig(['status', '--check', '--url', server.http]).code).toBe(0);
      expect(await ledgerIds(server.ws)).toHaveLength(1);
    } finally {
      p.remove();
    }
  });
});

describe('push stages the first migration in an open transaction where the protocol has one', () => {
  it('over ws:// it is staged and committed once checked; over http:// it is applied after the checks', async () => {
    const server = await start('mem://');
    const p = new TempProject('smig-remote-staged-');
    try {
      p.copy(seed('1-user.js'), 'schema.js');
      expect(p.smig(['diff', '-m', 'Add user table']).code).toBe(0);
      const kinds = async (url: string, database: string) => {
        const events: PushEvent[] = [];
        const done = await migrate({
          cwd: p.dir,
          environment: {},
          url,
          database,
          onEvent: (e) => events.push(e),
        });
        expect(done.migrations).toHaveLength(1);
        return events.map((e) => e.kind).filter((k) => k === 'staged' || k === 'applied');
      };
      expect(await kinds(server.ws, 'over_ws')).toEqual(['staged', 'applied']);
      expect(await kinds(server.ws, 'over_ws_unsealed')).toEqual(['staged', 'applied']);
      expect(await kinds(server.http, 'over_http')).toEqual(['applied']);
      // A second migration onto a database that has the first, over ws: the state it gives inside its
      // transaction is the one its seal notes; without the seal, it is checked on the part it reaches.
      p.copy(seed('2-posts.js'), 'schema.js');
      expect(p.smig(['diff', '-m', 'Add post and comment tables']).code).toBe(0);
      expect(await kinds(server.ws, 'over_ws')).toEqual(['staged', 'applied']);
      expect(await kinds(server.http, 'over_http')).toEqual(['applied']);
      const second = p.migrations().at(-1)!;
      p.write(
        `migrations/${second}`,
        p.read(`migrations/${second}`).replace(/^-- (verified|state): .*\n/gm, ''),
      );
      expect(p.read(`migrations/${second}`)).not.toContain('-- verified:');
      expect(await kinds(server.ws, 'over_ws_unsealed')).toEqual(['staged', 'applied']);
      for (const database of ['over_ws', 'over_ws_unsealed', 'over_http']) {
        const [ledger, info] = (await queryServer(
          server.ws,
          `USE DB ${database}; SELECT VALUE record::id(id) FROM _smig_migrations; INFO FOR TABLE post;`,
        ).then((r) => r.slice(1))) as [string[], { fields: object }];
        expect(ledger).toHaveLength(2);
        expect(Object.keys(info.fields)).toContain('title');
        const status = await getStatus({ cwd: p.dir, environment: {}, url: server.ws, database });
        expect(status).toMatchObject({ inSync: true, pending: [] });
      }
    } finally {
      p.remove();
    }
  });
});

describe('a server that fails', () => {
  const project = new TempProject('smig-remote-fail-');
  afterAll(() => project.remove());

  it('killed in the middle of a push: the migration is all or nothing, the push says so at once, the next push completes', async () => {
    const store = mkdtempSync(join(tmpdir(), 'smig-remote-store-'));
    try {
      const url = `surrealkv://${join(store, 'db')}`;
      project.copy(seed('1-user.js'), 'schema.js');
      expect(project.smig(['diff', '-m', 'Add user table']).code).toBe(0);
      // A slow migration, so that the server dies while it runs.
      project.write(
        'migrations/20990101000000_slow.surql',
        '-- Forward migration\nDEFINE TABLE big SCHEMALESS;\nCREATE big:1 SET n = 1;\nSLEEP 3s;\nCREATE big:2 SET n = 2;\n\n-- Rollback migration\nREMOVE TABLE big;\n',
      );
      const first = await start(url);
      const pushing = project.smigAsync(['push', '--url', first.ws]);
      await first.waitForRequest(/request query BEGIN; LET \$smig_started = time::now\(\); DEFINE TABLE big/);
      await new Promise((done) => setTimeout(done, 500));
      await first.kill();
      const push = await pushing;
      expect(push.code).toBe(1);
      expect(push.stderr).toContain(`The connection to ${first.ws} was lost`);
      expect(push.stderr).toContain('20990101000000_slow');
      expect(push.stderr).toContain('either fully applied and recorded or not applied at all');
      expect(push.stderr).not.toContain('Unexpected error');

      const second = await start(url);
      const ledger = await ledgerIds(second.ws);
      const [tables] = (await queryServer(second.ws, 'INFO FOR DB')) as [{ tables: object }];
      const [rows] = (await queryServer(second.ws, 'SELECT VALUE n FROM big ORDER BY n')) as [unknown];
      if (ledger.includes('20990101000000_slow')) {
        expect(rows).toEqual([1, 2]);
      } else {
        expect(tables).not.toHaveProperty('big');
      }
      const again = project.smig(['push', '--url', second.ws]);
      expect(again.code, again.stderr).toBe(0);
      expect(await ledgerIds(second.ws)).toContain('20990101000000_slow');
      expect((await queryServer(second.ws, 'SELECT VALUE n FROM big ORDER BY n'))[0]).toEqual([1, 2]);
      expect(project.smig(['status', '--url', second.ws]).stdout).toContain('Applied Migrations: 2\n');
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });

  it('accepts connections and never answers: a clear timeout naming the URL', async () => {
    const server = await start('mem://', 'silent');
    const r = await project.smigAsync(['--connect-timeout', '2', 'push', '--url', server.ws]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`The database at ${server.ws} did not answer within 2s`);
  });

  it('wrong credentials: a clear authentication error, and the right ones work', async () => {
    const server = await start('mem://');
    await queryServer(server.ws, "DEFINE USER root ON ROOT PASSWORD 'the-password' ROLES OWNER;");
    const wrong = await project.smigAsync([
      '-u',
      'root',
      '-p',
      'not-the-password',
      'status',
      '--url',
      server.ws,
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout + wrong.stderr).toContain('Could not sign in to');
    expect(wrong.stdout + wrong.stderr).toContain('authentication');
    expect(wrong.stdout + wrong.stderr).not.toContain('not-the-password');
    const right = await project.smigAsync(['-u', 'root', '-p', 'the-password', 'push', '--url', server.ws]);
    expect(right.code, right.stderr).toBe(0);
  });
});
