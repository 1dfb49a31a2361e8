import { createNodeEngines } from '@surrealdb/node';
import { Surreal } from 'surrealdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { parseDatabaseUrl } from '../../src/engine/url.js';
import { readUnmanaged } from '../../src/introspect/unmanaged.js';

/**
 * A level whose INFO the engine refuses is reported as unchecked, with the engine's reason, instead of
 * failing status or pull. Here the refusal is real: a session with no namespace selected may read
 * INFO FOR ROOT but not INFO FOR NS or DB (as a database user on a server may not read NS or ROOT).
 */
let surreal: Surreal;
beforeAll(async () => {
  surreal = new Surreal({ engines: createNodeEngines() });
  await surreal.connect('mem://');
});
afterAll(async () => {
  await surreal.close();
});

describe('readUnmanaged', () => {
  it('reports a level it may not read as unchecked, and reads the others', async () => {
    const db = new Connection(surreal, parseDatabaseUrl('mem://', process.cwd()), 'app', 'main');
    await db.query("DEFINE USER ops ON ROOT PASSWORD 'secret'");
    const report = await readUnmanaged(db, { namespace: 'app', database: 'main' });
    expect(report.definitions).toEqual([{ level: 'root', kind: 'user', name: 'ops' }]);
    expect(report.unchecked.map((u) => u.level)).toEqual(['database', 'namespace']);
    expect(report.unchecked[0]!.reason).toMatch(/namespace/i);
  });
});
