import { createNodeEngines } from '@surrealdb/node';
import { Surreal } from 'surrealdb';
import { afterAll, describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/errors.js';
import { diff, migrate, rollback } from '../../src/index.js';
import { TempProject } from '../helpers/project.js';

/** An aborted signal (Ctrl-C in the CLI) stops before the next migration and releases the lock. */
describe('interrupting push and rollback', () => {
  const p = new TempProject('smig-interrupt-');
  afterAll(() => p.remove());

  const schema = (fields: string) =>
    `import { composeSchema, defineSchema, int, string } from 'smig';
     export default composeSchema({ models: { a: defineSchema({ table: 'a', fields: { ${fields} } }) } });`;

  it('applies the running migration, runs no other, and leaves the lock free', async () => {
    const options = { cwd: p.dir, environment: {} };
    p.write('schema.js', schema('s: string()'));
    await diff({ ...options, message: 'one' });
    p.write('schema.js', schema('s: string(), n: int()'));
    await diff({ ...options, message: 'two' });

    const app = new Surreal({ engines: createNodeEngines() });
    await app.connect('mem://');
    await app.use({ namespace: 'app', database: 'main' });
    const at = { ...options, surreal: app, namespace: 'app', database: 'main' };
    try {
      const controller = new AbortController();
      const phases: string[] = [];
      const stopped = await migrate({
        ...at,
        signal: controller.signal,
        onEvent: (e) => {
          if (e.kind === 'phase') phases.push(e.phase);
          if (e.kind === 'applying' && e.index === 0) controller.abort();
        },
      }).catch((error: unknown) => error);
      expect(stopped).toBeInstanceOf(InterruptedError);
      expect((stopped as Error).message).toMatch(
        /^Interrupted after 1 of 2 migration\(s\) were applied \(\d{14}_one\); the rest were not run\..*The migration lock was released\.$/,
      );
      expect(phases).toEqual(['reading', 'forks', 'drift', 'proving', 'checking-data', 'locking']);
      const [ledger] = await app.query('SELECT VALUE id FROM _smig_migrations').collect<[unknown[]]>();
      expect(ledger).toHaveLength(1);

      // The lock is free: the rest applies at once.
      const rest = await migrate({ ...at, lockWaitMs: 0 });
      expect(rest.migrations.map((m) => m.message)).toEqual(['two']);

      const before = new AbortController();
      before.abort();
      const none = await rollback({ ...at, steps: 2, signal: before.signal }).catch((e: unknown) => e);
      expect((none as Error).message).toBe(
        'Interrupted before any migration ran; nothing was changed. The migration lock was released.',
      );
      const back = await rollback({ ...at, steps: 2, lockWaitMs: 0 });
      expect(back.migrations).toHaveLength(2);
    } finally {
      await app.close();
    }
  });
});
