import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDiff } from '../../src/app/diff.js';
import { replayInto } from '../../src/app/shadow-state.js';
import { Shadow } from '../../src/engine/connection.js';
import { introspect } from '../../src/introspect/introspect.js';
import { composeSchema, defineSchema, int } from '../../src/schema/index.js';
import { differences } from '../helpers/schema-steps.js';

/**
 * A view over a view: the order of its statements comes from what each view selects FROM, forward and
 * back, and a view that is rebuilt takes the views reading from it along, even when they hold records.
 */

let shadow: Shadow;
beforeAll(async () => {
  shadow = await Shadow.open();
});
afterAll(async () => {
  await shadow.close();
});

// `top` comes first in the file on purpose: the order must come from the views' sources.
const schema = (byAge: string) =>
  composeSchema({
    models: {
      top: defineSchema({ table: 'top', view: 'SELECT count() AS c FROM by_age GROUP ALL' }),
      byAge: defineSchema({ table: 'by_age', view: byAge }),
      person: defineSchema({ table: 'person', fields: { age: int() } }),
    },
  }).model;

const v1 = schema('SELECT count() AS n, age FROM person GROUP BY age');
const v2 = schema('SELECT count() AS total, age FROM person GROUP BY age');

const diff = (model: typeof v1, migrations: { id: string; forward: string }[]) =>
  computeDiff({ shadow, schema: model, schemaPath: 'schema.ts', migrations });

const sqlOf = (statements: readonly { sql: string }[]) => statements.map((s) => s.sql).join(';\n');
const tableStatements = (statements: readonly { sql: string }[]) =>
  statements.map((s) => s.sql).filter((sql) => /^(DEFINE|REMOVE) TABLE/.test(sql));

describe('views over views', () => {
  it('are created after the view they read and removed before it', async () => {
    const result = await diff(v1, []);
    expect(tableStatements(result.forward).map((s) => s.split(' ')[2])).toEqual(['person', 'by_age', 'top']);
    expect(tableStatements(result.rollback)).toEqual([
      'REMOVE TABLE top',
      'REMOVE TABLE by_age',
      'REMOVE TABLE person',
    ]);
  });

  it('an inner view that changes is rebuilt with the views over it, with records in all three', async () => {
    const first = await diff(v1, []);
    const m1 = { id: 'm1', forward: sqlOf(first.forward) };
    const second = await diff(v2, [m1]);
    expect(second.rollback.length).toBeGreaterThan(0);

    const db = await shadow.database('data');
    await replayInto(db, [m1]);
    await db.query('CREATE person:1 SET age = 3; CREATE person:2 SET age = 4;');
    expect(await db.query('SELECT VALUE c FROM top')).toEqual([[2]]);

    await db.query(sqlOf(second.forward));
    expect(differences(await introspect(db), second.desired)).toEqual([]);
    expect(await db.query('SELECT VALUE total FROM by_age')).toEqual([[1, 1]]);

    await db.query(sqlOf(second.rollback));
    expect(differences(await introspect(db), second.history)).toEqual([]);
    expect(await db.query('SELECT VALUE n FROM by_age')).toEqual([[1, 1]]);
  });

  it('links each view to its current sources, not to the stale ones the engine still lists', async () => {
    const db = await shadow.database('stale');
    await db.query(
      'DEFINE TABLE person; DEFINE TABLE other; DEFINE TABLE v AS SELECT count() AS n FROM person GROUP ALL;' +
        'DEFINE TABLE OVERWRITE v AS SELECT count() AS n FROM other GROUP ALL;',
    );
    // SurrealDB 3.0.2 still lists the old text of `v` under person.
    const [person] = (await db.query('INFO FOR TABLE person')) as { tables: Record<string, string> }[];
    expect(Object.keys(person!.tables)).toEqual(['v']);
    const snapshot = await introspect(db);
    expect(snapshot.entities.get('table::v')?.readsFrom).toEqual(['other']);
    expect(snapshot.entities.get('table::person')?.readsFrom).toBeUndefined();
  });
});
