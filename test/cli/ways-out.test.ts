import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, TempProject } from '../helpers/project.js';

const schema = (tables: readonly string[]) => `
import { composeSchema, defineSchema, string } from 'smig';
export default composeSchema({
  models: { ${tables.map((t) => `${t}: defineSchema({ table: '${t}', fields: { name: string() } })`).join(', ')} },
});
`;

/** A project with two migrations (tables alpha, then beta), pushed unless told otherwise. */
function twoMigrations(push = true): { p: TempProject; ids: string[] } {
  const p = new TempProject('smig-ways-out-');
  p.write('schema.js', schema(['alpha']));
  expect(p.smig(['diff', '-m', 'alpha']).code).toBe(0);
  p.write('schema.js', schema(['alpha', 'beta']));
  expect(p.smig(['diff', '-m', 'beta']).code).toBe(0);
  if (push) expect(p.smig(['push']).code).toBe(0);
  return { p, ids: p.migrations().map((f) => f.replace(/\.surql$/, '')) };
}

const ledgerIds = (p: TempProject) =>
  (p.query('SELECT record::id(id) AS id FROM _smig_migrations ORDER BY id')[0] as { id: string }[]).map((r) =>
    String(r.id),
  );

/** The pid of a process that was killed (SIGKILL), as a crashed smig leaves it behind. */
async function killedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await exited;
  return child.pid ?? 0;
}

describe('a lost ledger', () => {
  const { p, ids } = twoMigrations();
  afterAll(() => p.remove());

  it('push names smig resolve, and resolve checks the schema before recording', () => {
    p.query('DELETE _smig_migrations');
    const push = p.smig(['push']);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('smig resolve --applied');

    // The database has both tables: recording only the first would make the ledger lie.
    const tooFew = p.smig(['resolve', '--applied', ids[0]!]);
    expect(tooFew.code).toBe(1);
    expect(tooFew.stderr).toContain('does not look as if');
    expect(tooFew.stderr).toContain('beta');
    expect(ledgerIds(p)).toEqual([]);

    const resolved = p.smig(['resolve', '--applied', ids[1]!]);
    expect(resolved.stderr).toBe('');
    expect(resolved.code).toBe(0);
    expect(resolved.stdout.split('\n')[0]).toMatch(/^Target: surrealkv:\/\/.*\(test\/test\)$/);
    expect(resolved.stdout).toContain(`Recorded ${ids[0]} as applied`);
    expect(resolved.stdout).toContain(`Recorded ${ids[1]} as applied`);
    expect(ledgerIds(p)).toEqual(ids);
    expect(p.smig(['status', '--check']).code).toBe(0);
    expect(p.smig(['push']).stdout).toContain('Nothing to push');
  });

  it('resolve --rolled-back removes a record once the database no longer has the migration', () => {
    const refused = p.smig(['resolve', '--rolled-back', ids[1]!]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('does not look as if');
    expect(ledgerIds(p)).toEqual(ids);

    p.query('REMOVE TABLE beta');
    const resolved = p.smig(['resolve', '--rolled-back', ids[1]!]);
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toContain(`Removed ${ids[1]} from the ledger`);
    expect(ledgerIds(p)).toEqual([ids[0]]);
    expect(p.smig(['push']).code).toBe(0);
    expect(ledgerIds(p)).toEqual(ids);
  });

  it('resolve refuses what it cannot do, changing nothing', () => {
    expect(p.smig(['resolve']).stderr).toContain('exactly one of --applied');
    expect(p.smig(['resolve', '--applied', ids[0]!]).stderr).toContain('already recorded as applied');
    expect(p.smig(['resolve', '--applied', '20990101000000_nope']).stderr).toContain('no migration file');
    expect(ledgerIds(p)).toEqual(ids);
  });
});

describe('the migration lock', () => {
  const { p } = twoMigrations();
  afterAll(() => p.remove());

  it('a lock left by a killed process is shown by status, and unlock releases it after confirmation', async () => {
    const pid = await killedPid();
    p.query(
      `CREATE _smig_lock:push CONTENT { token: 'left-behind', owner: 'ci', host: ${JSON.stringify(hostname())}, pid: ${pid}, command: 'push', acquired_at: time::now(), expires_at: time::now() + 15m }`,
    );
    const status = p.smig(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`Lock: held by ci@${hostname()} (pid ${pid}, push`);
    expect(status.stdout).toContain('its process no longer runs (release it with `smig unlock`)');
    const json = JSON.parse(p.smig(['status', '--json']).stdout) as { lock: { holder: { pid: number } } };
    expect(json.lock.holder.pid).toBe(pid);

    const unconfirmed = p.smig(['unlock']);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('--yes');
    expect(p.smig(['status']).stdout).toContain('Lock: held by');

    const released = p.smig(['unlock', '--yes']);
    expect(released.code).toBe(0);
    expect(released.stdout).toContain('Released the migration lock');
    expect(p.smig(['status']).stdout).not.toContain('Lock:');
    expect(p.smig(['unlock', '--yes']).stdout).toContain('No migration lock is held');
  });
});

describe('rollback and the stored rollback', () => {
  it('refuses when the ledger record’s rollback differs from the file, and says when the file is missing', () => {
    const { p, ids } = twoMigrations();
    try {
      p.query(`UPDATE type::record('_smig_migrations', '${ids[1]}') SET down = 'REMOVE TABLE alpha;'`);
      const refused = p.smig(['rollback', '--yes']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('differs from the rollback section');
      expect(ledgerIds(p)).toEqual(ids);
      const tables = (p.query('INFO FOR DB')[0] as { tables: object }).tables;
      expect(tables).toHaveProperty('alpha');
      expect(tables).toHaveProperty('beta');

      // Without the file, the stored rollback is what there is: it runs, and the user is told.
      p.query(`UPDATE type::record('_smig_migrations', '${ids[1]}') SET down = 'REMOVE TABLE beta;'`);
      renameSync(join(p.dir, 'migrations', `${ids[1]}.surql`), join(p.dir, `${ids[1]}.surql`));
      const rolled = p.smig(['rollback', '--yes']);
      expect(rolled.code).toBe(0);
      expect(rolled.stderr).toContain(`The file of ${ids[1]} is missing: its rollback runs as stored`);
      expect(ledgerIds(p)).toEqual([ids[0]]);
    } finally {
      p.remove();
    }
  });
});

describe('files and stores', () => {
  it('a symlinked migration file is read like a file', () => {
    const { p, ids } = twoMigrations(false);
    try {
      mkdirSync(join(p.dir, 'shared'));
      renameSync(join(p.dir, 'migrations', `${ids[1]}.surql`), join(p.dir, 'shared', `${ids[1]}.surql`));
      symlinkSync(join(p.dir, 'shared', `${ids[1]}.surql`), join(p.dir, 'migrations', `${ids[1]}.surql`));
      const diff = p.smig(['diff', '--exit-code']);
      expect(diff.stdout).toContain('No changes');
      expect(diff.code).toBe(0);
      expect(p.smig(['push']).code).toBe(0);
      expect(ledgerIds(p)).toEqual(ids);
    } finally {
      p.remove();
    }
  });

  it('a second process waits for the embedded store up to --lock-timeout', async () => {
    const { p, ids } = twoMigrations(false);
    try {
      const url = `surrealkv://${resolve(p.dir, '.smig/dev.db')}`;
      const holder = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { Surreal } from 'surrealdb'; import { createNodeEngines } from '@surrealdb/node';
           const db = new Surreal({ engines: createNodeEngines() });
           await db.connect(${JSON.stringify(url)}); console.log('open');
           setTimeout(() => process.exit(0), 3000);`,
        ],
        { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((done) =>
        holder.stdout?.on('data', (d: Buffer) => d.toString().includes('open') && done()),
      );
      const push = await p.smigAsync(['--connect-timeout', '1', 'push', '--lock-timeout', '30']);
      expect(push.stderr).toBe('');
      expect(push.code).toBe(0);
      expect(ledgerIds(p)).toEqual(ids);
    } finally {
      p.remove();
    }
  });

  it('a store or migrations path that cannot be written is named with the real cause', async () => {
    const { p } = twoMigrations(false);
    try {
      writeFileSync(join(p.dir, 'blocker'), 'a file where a folder should be');
      const store = p.smig(['push', '--url', 'surrealkv://blocker/db']);
      expect(store.code).toBe(1);
      expect(store.stderr).toContain(join(p.dir, 'blocker'));
      expect(store.stderr).toContain('a file, not a folder');
      expect(store.stderr).not.toMatch(/in use by another process|Unexpected error/);

      const migrations = p.smig(['diff', '-m', 'x', '--migrations', 'blocker']);
      expect(migrations.code).toBe(1);
      expect(migrations.stderr).toContain(join(p.dir, 'blocker'));
      expect(migrations.stderr).not.toContain('Unexpected error');

      const proc = await p.smigAsync(['push', '--url', 'surrealkv:///proc/nope/db']);
      expect(proc.code).toBe(1);
      expect(proc.stderr).toContain('/proc/nope');
    } finally {
      p.remove();
    }
  });

  it.skipIf(process.getuid?.() === 0)('permission denied is reported as such (not as a store in use)', () => {
    const { p } = twoMigrations(false);
    try {
      mkdirSync(join(p.dir, 'readonly'));
      chmodSync(join(p.dir, 'readonly'), 0o555);
      const store = p.smig(['push', '--url', 'surrealkv://readonly/db']);
      expect(store.code).toBe(1);
      expect(store.stderr).toContain('permission denied');
      expect(store.stderr).not.toMatch(/in use by another process|Unexpected error/);
      const migrations = p.smig(['diff', '-m', 'x', '--migrations', 'readonly/migrations']);
      expect(migrations.code).toBe(1);
      expect(migrations.stderr).toContain('permission denied');
      expect(migrations.stderr).toContain(join(p.dir, 'readonly'));
    } finally {
      chmodSync(join(p.dir, 'readonly'), 0o755);
      p.remove();
    }
  });
});
