import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, TempProject } from '../helpers/project.js';

const schema = (fields: string, more = '') => `
import { composeSchema, defineSchema, int, string } from 'smig';
export default composeSchema({
  models: { user: defineSchema({ table: 'user', fields: { ${fields} } }) ${more} },
});
`;

/** The names of the fields of a table in the project's store. */
function fieldsOf(p: TempProject, table: string): string[] {
  const [info] = p.query(`INFO FOR TABLE ${table}`) as [{ fields: Record<string, string> }];
  return Object.keys(info.fields).sort();
}

function tablesOf(p: TempProject): string[] {
  const [info] = p.query('INFO FOR DB') as [{ tables: Record<string, string> }];
  return Object.keys(info.tables)
    .filter((t) => !t.startsWith('_smig_'))
    .sort();
}

/** `smig sync`: the schema file applied straight to a development database, without migration files. */
describe('smig sync', () => {
  const p = new TempProject('smig-sync-');
  afterAll(() => p.remove());

  it('creates the tables of the schema file, writes no migration, and a second sync changes nothing', () => {
    p.write('schema.js', schema('name: string(), age: int()'));
    const r = p.smig(['sync']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Target: .*\(test\/test\)$/m);
    expect(r.stdout).toContain('DEFINE TABLE user');
    expect(r.stdout).toMatch(/Synced test\/test from schema\.js: \d+ statements?\./);
    expect(tablesOf(p)).toContain('user');
    expect(fieldsOf(p, 'user')).toEqual(['age', 'name']);
    expect(p.migrations()).toEqual([]);

    const again = p.smig(['sync', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ statements: [], dataLoss: [], applied: false });
    expect(p.smig(['sync']).stdout).toContain('In sync: test/test already matches schema.js.');
  });

  it('--dry-run shows the statements and changes nothing', () => {
    p.write('schema.js', schema('name: string(), age: int(), email: string()'));
    const r = p.smig(['sync', '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.applied).toBe(false);
    expect(json.statements.join('\n')).toContain('DEFINE FIELD email ON TABLE user');
    expect(fieldsOf(p, 'user')).toEqual(['age', 'name']);
    const text = p.smig(['sync', '--dry-run']);
    expect(text.stdout).toMatch(/Would apply 1 statement to test\/test:\nDEFINE FIELD email ON TABLE user/);
    expect(fieldsOf(p, 'user')).toEqual(['age', 'name']);
  });

  it('refuses to remove a field holding data without --allow-data-loss, changing nothing', () => {
    p.write('schema.js', schema('name: string(), age: int()'));
    p.query("CREATE user:1 SET name = 'a', age = 3; CREATE user:2 SET name = 'b', age = 4;");
    p.write('schema.js', schema('name: string()'));
    const r = p.smig(['sync']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/table user, field age: 2 record\(s\)/);
    expect(r.stderr).toContain('--allow-data-loss');
    expect(fieldsOf(p, 'user')).toEqual(['age', 'name']);
    expect(p.query('RETURN [user:1.age, user:2.age]')).toEqual([[3, 4]]);

    const allowed = p.smig(['sync', '--allow-data-loss', '--json']);
    expect(allowed.code, allowed.stderr).toBe(0);
    const json = JSON.parse(allowed.stdout);
    expect(json.applied).toBe(true);
    expect(json.dataLoss.map((d: { message: string }) => d.message).join('\n')).toMatch(
      /field age: 2 record\(s\)/,
    );
    expect(fieldsOf(p, 'user')).toEqual(['name']);
    expect(p.query('RETURN [user:1.name, user:2.name, user:1.age]')).toEqual([['a', 'b', null]]);
  });

  it('refuses a database that is not local without --force, before connecting', () => {
    const started = Date.now();
    const r = p.smig(['sync', '--url', 'ws://10.255.255.1:8000', '--connect-timeout', '60']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a local database/);
    expect(r.stderr).toContain('--force');
    expect(r.stderr).not.toMatch(/connect/i);
    expect(Date.now() - started).toBeLessThan(20_000);
    const remote = p.smig(['sync', '--url', 'wss://db.example.com', '--json']);
    expect(remote.code).toBe(1);
    expect(JSON.parse(remote.stdout).error.code).toBe('USAGE');

    // localhost is local: the command goes on and fails to connect (nothing listens on port 1).
    const local = p.smig(['sync', '--url', 'ws://127.0.0.1:1', '--connect-timeout', '5']);
    expect(local.code).toBe(1);
    expect(local.stderr).not.toMatch(/not a local database/);
    // --force lets a remote URL through to the connection.
    const forced = p.smig(['sync', '--url', 'ws://10.255.255.1:8000', '--force', '--connect-timeout', '1']);
    expect(forced.code).toBe(1);
    expect(forced.stderr).not.toMatch(/not a local database/);

    const memory = p.smig(['sync', '--url', 'mem://']);
    expect(memory.code).toBe(1);
    expect(memory.stderr).toContain('--allow-ephemeral');
    expect(p.smig(['sync', '--url', 'mem://', '--allow-ephemeral']).code).toBe(0);
  });

  it('status says the database was synced; push refuses it; diff -m still writes the migration from the history', () => {
    const status = p.smig(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      /Synced from schema\.js at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z, not by migrations/,
    );
    const json = JSON.parse(p.smig(['status', '--json']).stdout);
    expect(json.synced).toMatchObject({ schema: 'schema.js', statements: expect.any(Number) });
    expect(Date.parse(json.synced.at)).toBeGreaterThan(Date.now() - 600_000);
    expect(p.smig(['status', '--check']).code).toBe(2);

    const push = p.smig(['push']);
    expect(push.code).toBe(1);
    expect(push.stderr).toMatch(/was synced from schema\.js at .*\(smig sync\), not by migrations/);
    expect(push.stderr).toMatch(/smig diff -m/);
    expect(push.stderr).toMatch(/--allow-drift/);

    // diff never reads the database: an unreachable URL makes no difference.
    const diff = p.smig(['diff', '-m', 'users', '--url', 'ws://10.255.255.1:8000', '--json']);
    expect(diff.code, diff.stderr).toBe(0);
    const written = JSON.parse(diff.stdout).migration;
    const text = readFileSync(written.path, 'utf8');
    expect(text).toContain('DEFINE TABLE user');
    expect(text).toContain('DEFINE FIELD name ON TABLE user');

    // The database has exactly the schema the migration gives: push tells how to record it.
    const again = p.smig(['push']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`smig resolve --applied ${written.id}`);
    const resolved = p.smig(['resolve', '--applied', written.id]);
    expect(resolved.code, resolved.stderr).toBe(0);
    const after = p.smig(['status', '--json']);
    expect(JSON.parse(after.stdout).synced).toBeNull();
    expect(p.smig(['status']).stdout).not.toContain('Synced');
    expect(p.smig(['push']).stdout).toContain('Nothing to push');

    // Synced away from the migrations and back: push finds it exactly what they give, and forgets the sync.
    const migrated = p.read('schema.js');
    p.write('schema.js', schema('name: string(), nickname: string()'));
    expect(p.smig(['sync']).code).toBe(0);
    p.write('schema.js', migrated);
    expect(p.smig(['sync']).code).toBe(0);
    expect(JSON.parse(p.smig(['status', '--json']).stdout).synced).not.toBeNull();
    const clean = p.smig(['push']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(JSON.parse(p.smig(['status', '--json']).stdout).synced).toBeNull();
    expect(p.smig(['status', '--check']).code).toBe(0);
  });
});

/** A `smig sync --watch` process, with its output collected. */
class Watcher {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(dir: string, args: readonly string[]) {
    this.child = spawn(process.execPath, [join(repoRoot, 'bin', 'smig.js'), 'sync', '--watch', ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    });
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => {
      this.stdout += d;
    });
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => {
      this.stderr += d;
    });
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** Ctrl-C; resolves with the exit code. */
  stop(): Promise<number | null> {
    this.child.kill('SIGINT');
    return this.exited;
  }

  /** Waits until stdout (or stderr) has `count` matches of `pattern`. */
  async waitFor(pattern: RegExp, count = 1, stream: 'stdout' | 'stderr' = 'stdout'): Promise<void> {
    const global = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
    const deadline = Date.now() + 60_000;
    while ((this[stream].match(global) ?? []).length < count) {
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(`waiting for ${pattern} ×${count}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('smig sync --watch', () => {
  const p = new TempProject('smig-sync-watch-', { processes: true });
  afterAll(() => p.remove());

  it('re-syncs on every save of the schema file and of a file it imports (after an index too), survives a broken schema, and stops on Ctrl-C with 130', async () => {
    p.write(
      'fields.js',
      `import { string } from 'smig';
       export const fields = { name: string() };`,
    );
    // The index: once the process has defined one, the engine keeps the store locked by it, and a watch
    // that closed and reopened the store failed on the next save ("in use by another process").
    const user = "defineSchema({ table: 'user', fields, indexes: { byName: index(['name']) } })";
    p.write(
      'schema.js',
      `import { composeSchema, defineSchema, index } from 'smig';
       import { fields } from './fields.js';
       export default composeSchema({ models: { user: ${user} } });`,
    );
    const w = new Watcher(p.dir, ['--lock-timeout', '5']);
    let code: number | null;
    try {
      await w.waitFor(/^\d\d:\d\d:\d\d synced: \d+ statements? \(DEFINE TABLE user/m);
      await w.waitFor(/Watching schema\.js and 1 file it imports/, 1, 'stdout');

      // An imported file.
      p.write(
        'fields.js',
        `import { int, string } from 'smig';
         export const fields = { name: string(), age: int() };`,
      );
      await w.waitFor(/synced: 1 statement \(DEFINE FIELD age ON TABLE user/m);

      // A broken schema: the error in one paragraph, and the watch goes on.
      p.write(
        'schema.js',
        `import { composeSchema } from 'smig';\nexport default composeSchema({ models: { x: ( } });`,
      );
      await w.waitFor(/^Error: The schema file could not be loaded/m, 1, 'stderr');
      expect(w.child.exitCode).toBeNull();

      // The schema file itself, fixed: a new table.
      p.write(
        'schema.js',
        `import { composeSchema, defineSchema, index, string } from 'smig';
         import { fields } from './fields.js';
         export default composeSchema({ models: {
           user: ${user},
           post: defineSchema({ table: 'post', fields: { title: string() } }),
         } });`,
      );
      await w.waitFor(/synced: \d+ statements? \(DEFINE TABLE post/m);

      // Saved without a change.
      p.write('schema.js', p.read('schema.js'));
      await w.waitFor(/^\d\d:\d\d:\d\d in sync$/m);
    } finally {
      code = await w.stop();
    }
    expect(code).toBe(130);
    expect(w.stderr).not.toContain('Unexpected error');
    expect(w.stderr).not.toContain('in use');
    expect(p.migrations()).toEqual([]);
    // Once the watcher has stopped, the store is free for others, with everything the syncs applied.
    const [info] = (await p.queryAsync('INFO FOR DB')) as [{ tables: Record<string, string> }];
    expect(
      Object.keys(info.tables)
        .filter((t) => !t.startsWith('_smig_'))
        .sort(),
    ).toEqual(['post', 'user']);
    expect(await p.queryAsync('INFO FOR TABLE user')).toMatchObject([
      {
        fields: { name: expect.any(String), age: expect.any(String) },
        indexes: { byName: expect.any(String) },
      },
    ]);
  });

  it('says so when the config file changes, and keeps syncing to the target it started with', async () => {
    p.write('schema.js', schema('name: string()'));
    p.write('smig.config.js', "export default { namespace: 'test', database: 'test' };\n");
    const w = new Watcher(p.dir, []);
    let code: number | null;
    try {
      await w.waitFor(/Watching schema\.js/);
      p.write('smig.config.js', "export default { namespace: 'test', database: 'elsewhere' };\n");
      await w.waitFor(/smig\.config\.js changed; this watch keeps the settings it started with/, 1, 'stderr');
      expect(w.stderr).toContain('start it again');
      p.write('schema.js', schema('name: string(), email: string()'));
      await w.waitFor(/synced: 1 statement \(DEFINE FIELD email/m);
    } finally {
      code = await w.stop();
      rmSync(join(p.dir, 'smig.config.js'), { force: true });
    }
    expect(code).toBe(130);
    expect(await p.queryAsync('INFO FOR TABLE user')).toMatchObject([
      { fields: { name: expect.any(String), email: expect.any(String) } },
    ]);
  });

  it('with --json prints one JSON line per sync', async () => {
    p.write('schema.js', schema('name: string()'));
    const w = new Watcher(p.dir, ['--json']);
    let code: number | null;
    try {
      await w.waitFor(/^\{.*\}$/m);
      p.write('schema.js', schema('name: string(), email: string()'));
      await w.waitFor(/^\{.*\}$/m, 2);
    } finally {
      code = await w.stop();
    }
    expect(code).toBe(130);
    const lines = w.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((l) => JSON.parse(l));
    expect(first).toMatchObject({ applied: true, dataLoss: [] });
    expect(second).toMatchObject({
      applied: true,
      statements: [expect.stringContaining('DEFINE FIELD email')],
    });
  });
});
