import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Shadow } from '../../src/engine/connection.js';
import { introspect, introspectReached } from '../../src/introspect/introspect.js';
import { stateDigest } from '../../src/model/snapshot.js';

/**
 * Reading a database for some tables only, the others taken from the state it had: exactly what a
 * whole read gives when only those tables changed, and nothing when that cannot be told.
 */
describe('introspectReached on a database with every table', () => {
  let shadow: Shadow;
  let count = 0;
  const schema =
    'DEFINE TABLE a SCHEMAFULL; DEFINE FIELD x ON a TYPE int; DEFINE TABLE b SCHEMAFULL; DEFINE FIELD y ON b TYPE string; DEFINE INDEX yi ON b FIELDS y; DEFINE TABLE c SCHEMAFULL; DEFINE FIELD z ON c TYPE int; DEFINE TABLE v AS SELECT x FROM a; DEFINE FUNCTION fn::one() { RETURN 1; };';
  /** A database with the schema, the state it has, and the same after `sql` read for `tables`. */
  const changed = async (sql: string, tables: string[]) => {
    const db = await shadow.database(`tables-${count++}`);
    await db.query(schema);
    const before = await introspect(db);
    await db.query(sql);
    return { read: await introspectReached(db, before, new Set(tables), 'all'), whole: await introspect(db) };
  };
  beforeAll(async () => {
    shadow = await Shadow.open();
  });
  afterAll(async () => {
    await shadow.close();
  });

  it('gives what a whole read gives when only those tables changed (fields, removed and new tables, functions)', async () => {
    const { read, whole } = await changed(
      'DEFINE FIELD w ON b TYPE option<int>; REMOVE INDEX yi ON b; REMOVE TABLE c; DEFINE TABLE d SCHEMAFULL; DEFINE FIELD q ON d TYPE int; DEFINE FUNCTION fn::two() { RETURN 2; };',
      ['b', 'c', 'd'],
    );
    expect(read).toBeDefined();
    expect([...read!.entities.keys()]).toEqual([...whole.entities.keys()]);
    expect(stateDigest(read!)).toBe(stateDigest(whole));
  });

  it('is undefined when a table outside them was added, removed or redefined', async () => {
    expect((await changed('DEFINE TABLE d SCHEMAFULL;', ['b'])).read).toBeUndefined();
    expect((await changed('REMOVE TABLE c;', ['b'])).read).toBeUndefined();
    expect((await changed('DEFINE TABLE OVERWRITE c SCHEMALESS;', ['b'])).read).toBeUndefined();
  });

  it('is undefined when a view is among them or reads one of them', async () => {
    expect((await changed('DEFINE FIELD n ON a TYPE option<int>;', ['a'])).read).toBeUndefined();
    expect((await changed('DEFINE TABLE w AS SELECT y FROM b;', ['w'])).read).toBeUndefined();
  });

  it('takes the other tables from the state before: a change it was not told of is not seen', async () => {
    const { read, whole } = await changed('DEFINE FIELD w ON b TYPE option<int>;', ['c']);
    expect(read).toBeDefined();
    expect(stateDigest(read!)).not.toBe(stateDigest(whole));
  });
});
