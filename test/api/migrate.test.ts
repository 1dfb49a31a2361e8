import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeEngines } from '@surrealdb/node';
import { Surreal } from 'surrealdb';
import { afterAll, describe, expect, it } from 'vitest';
import { DataLossError } from '../../src/errors.js';
import { diff, getStatus, migrate, rollback } from '../../src/index.js';
import { TempProject } from '../helpers/project.js';

/** Running pending migrations when an application starts, through its own connection. */
describe('programmatic API', () => {
  const p = new TempProject('smig-api-');
  afterAll(() => p.remove());

  it('writes a migration, applies it through the app connection, and reports status', async () => {
    p.write(
      'schema.js',
      `import { composeSchema, defineSchema, string } from 'smig';
       export default composeSchema({ models: { note: defineSchema({ table: 'note', fields: { text: string().required() } }) } });`,
    );
    const options = { cwd: p.dir, environment: {} };
    const made = await diff({ ...options, message: 'notes' });
    expect(made.written?.id).toMatch(/_notes$/);

    const app = new Surreal({ engines: createNodeEngines() });
    await app.connect('mem://');
    await app.use({ namespace: 'app', database: 'main' });
    try {
      const first = await migrate({ ...options, surreal: app, namespace: 'app', database: 'main' });
      expect(first.migrations.map((m) => m.message)).toEqual(['notes']);
      const again = await migrate({ ...options, surreal: app, namespace: 'app', database: 'main' });
      expect(again.migrations).toEqual([]);
      // The app's connection is still open and still on its own database.
      await app.query("CREATE note:1 SET text = 'hello'");
      const [rows] = await app.query('SELECT VALUE text FROM note').collect<[string[]]>();
      expect(rows).toEqual(['hello']);
      const status = await getStatus({ ...options, surreal: app, namespace: 'app', database: 'main' });
      expect(status).toMatchObject({ connected: true, inSync: true, pending: [] });
      expect(status.applied).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('rolls back through the API, refusing to drop records unless allowDataLoss is given', async () => {
    const options = { cwd: p.dir, environment: {} };
    const app = new Surreal({ engines: createNodeEngines() });
    await app.connect('mem://');
    await app.use({ namespace: 'app', database: 'main' });
    const at = { ...options, surreal: app, namespace: 'app', database: 'main' };
    try {
      await migrate(at);
      await app.query("CREATE note:1 SET text = 'keep me'");
      await expect(rollback(at)).rejects.toThrow(DataLossError);
      const [kept] = await app.query('SELECT VALUE text FROM note').collect<[string[]]>();
      expect(kept).toEqual(['keep me']);
      const undone = await rollback({ ...at, allowDataLoss: true });
      expect(undone.migrations.map((m) => m.message)).toEqual(['notes']);
      const status = await getStatus(at);
      expect(status.applied).toEqual([]);
      expect(status.pending).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});

describe('what the API keeps under .smig/cache', () => {
  const schema = `import { composeSchema, defineSchema, string } from 'smig';
export default composeSchema({ models: { note: defineSchema({ table: 'note', fields: { text: string() } }) } });`;
  const kept = (p: TempProject) =>
    existsSync(join(p.dir, '.smig', 'cache')) ? readdirSync(join(p.dir, '.smig', 'cache')) : [];

  it('diff() keeps it, as the CLI does, and a second diff reads what it kept; cache: false keeps nothing', async () => {
    const p = new TempProject('smig-api-cache-');
    try {
      p.write('schema.js', schema);
      const options = { cwd: p.dir, environment: {} };
      expect((await diff({ ...options, message: 'notes' })).written).toBeDefined();
      const files = kept(p);
      expect(files.some((f) => f.startsWith('history-'))).toBe(true);
      expect(files).toContain('writes.json');
      // Damaged, it is a miss, never a wrong answer.
      for (const f of files) writeFileSync(join(p.dir, '.smig', 'cache', f), 'damaged');
      expect((await diff(options)).result.changes).toEqual([]);
      rmSync(join(p.dir, '.smig'), { recursive: true, force: true });
      expect((await diff({ ...options, cache: false })).result.changes).toEqual([]);
      expect(kept(p)).toEqual([]);
    } finally {
      p.remove();
    }
  });

  it('getStatus() and migrate() keep nothing unless asked', async () => {
    const p = new TempProject('smig-api-cache-');
    try {
      p.write('schema.js', schema);
      const options = { cwd: p.dir, environment: {}, url: 'mem://' };
      await diff({ ...options, message: 'notes', cache: false });
      await migrate(options);
      await getStatus(options);
      expect(kept(p)).toEqual([]);
      await getStatus({ ...options, cache: true });
      expect(kept(p).length).toBeGreaterThan(0);
    } finally {
      p.remove();
    }
  });
});
