import { createNodeEngines } from '@surrealdb/node';
import { Surreal } from 'surrealdb';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/app/api.js';
import { LockError } from '../../src/errors.js';
import { TempProject } from '../helpers/project.js';

const schema = (tables: readonly string[]) => `
import { composeSchema, defineSchema, int, string } from 'smig';
export default composeSchema({
  models: { ${tables.map((t) => `${t}: defineSchema({ table: '${t}', fields: { name: string(), n: int() } })`).join(', ')} },
});
`;

let project: TempProject | undefined;
afterEach(() => project?.remove());

/** A project with three pending migrations. */
function pendingProject(): TempProject {
  const p = new TempProject('smig-concurrency-');
  const tables: string[] = [];
  for (const t of ['alpha', 'beta', 'gamma']) {
    tables.push(t);
    p.write('schema.js', schema(tables));
    expect(p.smig(['diff', '-m', t]).code).toBe(0);
  }
  return p;
}

describe('concurrent pushes', () => {
  it('two processes on one embedded store: one applies, the other waits for the store and finds nothing to do', async () => {
    const p = pendingProject();
    project = p;
    const ids = p.migrations().map((f) => f.replace(/\.surql$/, ''));
    const runs = await Promise.all([
      p.smigAsync(['--connect-timeout', '2', 'push']),
      p.smigAsync(['--connect-timeout', '2', 'push']),
    ]);
    // The second process waits for the store (up to --lock-timeout) instead of giving up.
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const applied = runs.map((w) => w.stdout).join('\n');
    for (const id of ids) expect(applied.split(id).length - 1, `${id} applied once`).toBe(1);
    expect(applied).toContain('Nothing to push');
    const [ledger] = p.query('SELECT VALUE id FROM _smig_migrations ORDER BY id') as [string[]];
    expect(ledger.map(String)).toEqual(ids.map((id) => `_smig_migrations:${id}`));
    expect(p.smig(['status', '--check']).code).toBe(0);
  });

  it('two migrate() calls sharing one connection: each migration is applied exactly once', async () => {
    const p = pendingProject();
    project = p;
    const ids = p.migrations().map((f) => f.replace(/\.surql$/, ''));
    const surreal = new Surreal({ engines: createNodeEngines() });
    await surreal.connect('mem://');
    await surreal.use({ namespace: 'app', database: 'main' });
    try {
      const options = {
        cwd: p.dir,
        surreal,
        url: 'mem://',
        namespace: 'app',
        database: 'main',
        environment: {},
        lockWaitMs: 20_000,
      };
      const outcomes = await Promise.allSettled([migrate(options), migrate(options)]);
      const applied: string[] = [];
      for (const o of outcomes) {
        if (o.status === 'fulfilled') applied.push(...o.value.migrations.map((m) => m.id));
        else {
          // The only acceptable failure: the lock, naming its holder.
          expect(o.reason).toBeInstanceOf(LockError);
          expect((o.reason as LockError).message).toMatch(/held by .+@.+ \(pid \d+/);
        }
      }
      expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
      expect([...applied].sort()).toEqual(ids);
      const session = await surreal.newSession();
      await session.use({ namespace: 'app', database: 'main' });
      const [rows] = await session.query<[{ id: { id: string } }[]]>(
        'SELECT id FROM _smig_migrations ORDER BY id',
      );
      expect(rows.map((r) => String(r.id.id))).toEqual(ids);
      const [lock] = await session.query<[unknown[]]>('SELECT * FROM _smig_lock');
      expect(lock).toEqual([]);
      await session.closeSession();
    } finally {
      await surreal.close();
    }
  });
});
