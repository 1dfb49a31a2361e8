import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAndVerify } from '../../src/app/converge.js';
import { diffSnapshots } from '../../src/diff/diff-snapshots.js';
import { Shadow } from '../../src/engine/connection.js';
import { introspect } from '../../src/introspect/introspect.js';
import { storedOnly as none, planMigration } from '../../src/plan/plan.js';

let shadow: Shadow;
beforeAll(async () => {
  shadow = await Shadow.open();
});
afterAll(async () => {
  await shadow.close();
});

async function stateOf(sql: string) {
  const db = await shadow.database();
  if (sql.trim()) await db.query(sql);
  return { db, snapshot: await introspect(db) };
}

/**
 * Each case: a database built from `from`, a wanted one built from `to`. The plan between them must
 * take `from` to `to` exactly, its rollback must take it back exactly, and diffing again finds nothing.
 */
const cases: { name: string; from: string; to: string; forward?: string[]; rollback?: string[] }[] = [
  {
    name: 'a param whose name needs quoting, added and removed',
    from: 'DEFINE PARAM $plain VALUE 1;',
    to: 'DEFINE PARAM $plain VALUE 1; DEFINE PARAM $`odd-name` VALUE 2;',
  },
  {
    name: 'new table with fields and index',
    from: '',
    to: 'DEFINE TABLE user SCHEMAFULL; DEFINE FIELD email ON user TYPE string; DEFINE INDEX email ON user FIELDS email UNIQUE;',
    rollback: ['REMOVE TABLE user'],
  },
  {
    name: 'two fields added, removed in name order on rollback',
    from: 'DEFINE TABLE user SCHEMAFULL;',
    to: "DEFINE TABLE user SCHEMAFULL; DEFINE FIELD role ON user TYPE string DEFAULT 'user'; DEFINE FIELD avatar ON user TYPE option<string>;",
    rollback: ['REMOVE FIELD avatar ON TABLE user', 'REMOVE FIELD role ON TABLE user'],
  },
  {
    name: 'field type changed',
    from: 'DEFINE TABLE t SCHEMAFULL; DEFINE FIELD a ON t TYPE string;',
    to: 'DEFINE TABLE t SCHEMAFULL; DEFINE FIELD a ON t TYPE int;',
    // Existing values are cast where the engine can; the rollback casts them back.
    forward: [
      'DEFINE FIELD OVERWRITE a ON t TYPE int PERMISSIONS FULL',
      "UPDATE t SET a = IF type::is_string(a) AND string::matches(a, '^[-+]?[0-9]+$') THEN <int> a ELSE a END WHERE type::is_string(a) AND string::matches(a, '^[-+]?[0-9]+$')",
    ],
    rollback: [
      'DEFINE FIELD OVERWRITE a ON t TYPE string PERMISSIONS FULL',
      'UPDATE t SET a = IF a != NONE AND a != NULL AND !type::is_string(a) THEN <string> a ELSE a END WHERE a != NONE AND a != NULL AND !type::is_string(a)',
    ],
  },
  {
    name: 'field with a DEFAULT added to a table that exists',
    from: 'DEFINE TABLE t SCHEMAFULL;',
    to: "DEFINE TABLE t SCHEMAFULL; DEFINE FIELD role ON t TYPE string DEFAULT 'user';",
    forward: [
      "DEFINE FIELD role ON t TYPE string DEFAULT 'user' PERMISSIONS FULL",
      "UPDATE t SET role = 'user' WHERE role = NONE",
    ],
    rollback: ['REMOVE FIELD role ON TABLE t'],
  },
  {
    name: 'array field gains implicit child, then loses it',
    from: 'DEFINE TABLE t SCHEMAFULL;',
    to: 'DEFINE TABLE t SCHEMAFULL; DEFINE FIELD tags ON t TYPE array<string>;',
    forward: ['DEFINE FIELD tags ON t TYPE array<string> PERMISSIONS FULL'],
  },
  {
    name: 'array field becomes a string: the orphan tags.* is removed',
    from: 'DEFINE TABLE t SCHEMAFULL; DEFINE FIELD tags ON t TYPE array<string>;',
    to: 'DEFINE TABLE t SCHEMAFULL; DEFINE FIELD tags ON t TYPE string;',
  },
  {
    name: 'array field removed with its child',
    from: 'DEFINE TABLE t SCHEMAFULL; DEFINE FIELD tags ON t TYPE array<int>; DEFINE FIELD x ON t TYPE int;',
    to: 'DEFINE TABLE t SCHEMAFULL; DEFINE FIELD x ON t TYPE int;',
  },
  {
    name: 'relation table with customised in field',
    from: 'DEFINE TABLE user; DEFINE TABLE post;',
    to: 'DEFINE TABLE user; DEFINE TABLE post; DEFINE TABLE wrote TYPE RELATION IN user OUT post ENFORCED; DEFINE FIELD OVERWRITE in ON wrote TYPE record<user> ASSERT $value != NONE;',
  },
  {
    name: 'relation endpoints change',
    from: 'DEFINE TABLE a; DEFINE TABLE b; DEFINE TABLE r TYPE RELATION IN a OUT b;',
    to: 'DEFINE TABLE a; DEFINE TABLE b; DEFINE TABLE r TYPE RELATION IN a | b OUT b;',
  },
  {
    name: 'view over a table, removed together',
    from: '',
    to: 'DEFINE TABLE person SCHEMAFULL; DEFINE FIELD age ON person TYPE int; DEFINE TABLE by_age AS SELECT count() AS total, age FROM person GROUP BY age;',
  },
  {
    name: 'view removed while its source stays',
    from: 'DEFINE TABLE person; DEFINE TABLE v AS SELECT count() AS n FROM person GROUP ALL;',
    to: 'DEFINE TABLE person;',
  },
  {
    name: 'function, analyzer and a full-text index using them',
    from: 'DEFINE TABLE doc SCHEMAFULL; DEFINE FIELD body ON doc TYPE string;',
    to: 'DEFINE FUNCTION fn::pre($s: string) -> string { RETURN string::lowercase($s) }; DEFINE ANALYZER en FUNCTION fn::pre TOKENIZERS blank FILTERS lowercase, snowball(english); DEFINE TABLE doc SCHEMAFULL; DEFINE FIELD body ON doc TYPE string; DEFINE INDEX body ON doc FIELDS body FULLTEXT ANALYZER en BM25 HIGHLIGHTS;',
  },
  {
    name: 'event, param, sequence',
    from: 'DEFINE TABLE t;',
    to: "DEFINE TABLE t; DEFINE TABLE log; DEFINE EVENT e ON t WHEN $event = 'CREATE' THEN (CREATE log SET at = time::now()); DEFINE PARAM $app VALUE 'blog'; DEFINE SEQUENCE s START 100;",
  },
  {
    name: 'table permissions and comment changed',
    from: 'DEFINE TABLE t SCHEMAFULL;',
    to: "DEFINE TABLE t SCHEMAFULL COMMENT 'people' PERMISSIONS FOR select FULL FOR create WHERE $auth.id != NONE;",
  },
  {
    name: 'schemaless table becomes schemafull and any becomes normal',
    from: 'DEFINE TABLE t;',
    to: 'DEFINE TABLE t TYPE NORMAL SCHEMAFULL;',
  },
  {
    name: 'index changes kind',
    from: 'DEFINE TABLE t; DEFINE FIELD a ON t TYPE string; DEFINE INDEX i ON t FIELDS a;',
    to: 'DEFINE TABLE t; DEFINE FIELD a ON t TYPE string; DEFINE INDEX i ON t FIELDS a UNIQUE;',
  },
];

describe('plans verified on the engine', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const from = await stateOf(c.from);
      const to = await stateOf(c.to);
      const changes = diffSnapshots(from.snapshot, to.snapshot);
      expect(changes.length).toBeGreaterThan(0);
      const plan = planMigration(changes);
      const forward = await applyAndVerify(from.db, plan.forward, to.snapshot, none, 'forward');
      expect(diffSnapshots(await introspect(from.db), to.snapshot)).toEqual([]);
      const rollback = await applyAndVerify(from.db, plan.rollback, from.snapshot, none, 'rollback');
      expect(diffSnapshots(await introspect(from.db), from.snapshot)).toEqual([]);
      if (c.forward) expect(forward.statements.map((s) => s.sql)).toEqual(c.forward);
      if (c.rollback) expect(rollback.statements.map((s) => s.sql)).toEqual(c.rollback);
    });
  }

  it('finds nothing between two databases built from the same statements', async () => {
    for (const c of cases) {
      const a = await stateOf(c.to);
      const b = await stateOf(c.to);
      expect(a.snapshot.entities.size).toBeGreaterThan(0);
      expect(diffSnapshots(a.snapshot, b.snapshot)).toEqual([]);
    }
  });
});

describe('statements as values', () => {
  it('carry their risk and their reverse as fields, with SurrealQL alone in sql', async () => {
    const from = await stateOf('DEFINE TABLE item SCHEMAFULL; DEFINE FIELD name ON item TYPE string;');
    const to = await stateOf('DEFINE TABLE item SCHEMAFULL; DEFINE FIELD kind ON item TYPE string;');
    const plan = planMigration(diffSnapshots(from.snapshot, to.snapshot), none, new Set(['item']));
    expect(plan.forward).toEqual([
      expect.objectContaining({
        sql: 'REMOVE FIELD name ON TABLE item',
        risk: expect.objectContaining({ level: 'destructive' }),
        reverse: ['DEFINE FIELD name ON item TYPE string PERMISSIONS FULL'],
      }),
      expect.objectContaining({
        sql: 'DEFINE FIELD kind ON item TYPE string PERMISSIONS FULL',
        risk: expect.objectContaining({
          level: 'data-dependent',
          check: { kind: 'revalidate', table: 'item' },
        }),
        reverse: ['REMOVE FIELD kind ON TABLE item'],
      }),
    ]);
    expect(plan.rollback.every((s) => s.risk === undefined && !s.sql.startsWith('--'))).toBe(true);
  });
});
