import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAndVerify } from '../../src/app/converge.js';
import { historyState } from '../../src/app/shadow-state.js';
import { tablesInScope, verificationGround, within, withPart } from '../../src/app/verify-scope.js';
import { diffSnapshots } from '../../src/diff/diff-snapshots.js';
import { Shadow } from '../../src/engine/connection.js';
import { executeStatements } from '../../src/engine/execute.js';
import { introspect } from '../../src/introspect/introspect.js';
import { entityId } from '../../src/model/entity.js';
import { storedOnly as none, planMigration } from '../../src/plan/plan.js';

let shadow: Shadow;
beforeAll(async () => {
  shadow = await Shadow.open();
});
afterAll(async () => {
  await shadow.close();
});

const base = `
DEFINE ANALYZER words TOKENIZERS blank FILTERS lowercase;
DEFINE FUNCTION fn::twice($n: int) { RETURN $n * 2; };
DEFINE TABLE src SCHEMAFULL; DEFINE FIELD n ON src TYPE int;
DEFINE TABLE counts AS SELECT count() AS c FROM src GROUP ALL;
DEFINE TABLE summary AS SELECT count() AS c FROM counts GROUP ALL;
DEFINE TABLE other SCHEMAFULL; DEFINE FIELD name ON other TYPE string;
DEFINE INDEX words ON other FIELDS name FULLTEXT ANALYZER words BM25;
DEFINE TABLE lone SCHEMAFULL; DEFINE FIELD x ON lone TYPE string; DEFINE FIELD link ON lone TYPE option<record<other>>;
`;

async function states(to: string) {
  const history = await historyState(shadow, [{ id: 'base', forward: base }], undefined);
  const db = await shadow.database();
  await db.query(to);
  const desired = await introspect(db);
  return { history, desired, changes: diffSnapshots(history.snapshot, desired) };
}

const tablesOf = (snapshot: { entities: ReadonlyMap<string, { ref: { kind: string; name: string } }> }) =>
  [...snapshot.entities.values()].filter((e) => e.ref.kind === 'table').map((e) => e.ref.name);

describe('the tables a migration can reach', () => {
  it('are the changed ones, the views over them and what those views read, transitively', async () => {
    const lone = await states(
      base.replace('DEFINE FIELD x ON lone TYPE string', 'DEFINE FIELD x ON lone TYPE int'),
    );
    expect([...tablesInScope(lone.changes, [lone.history.snapshot, lone.desired])]).toEqual(['lone']);
    // A field of the source: the views over it, and the views over those.
    const source = await states(
      base.replace('DEFINE FIELD n ON src TYPE int', 'DEFINE FIELD n ON src TYPE float'),
    );
    const fromSource = tablesInScope(source.changes, [source.history.snapshot, source.desired]);
    expect([...fromSource].sort()).toEqual(['counts', 'src', 'summary']);
    // A view: the tables it reads from (the engine refuses it without them).
    const view = await states(base.replace('count() AS c FROM counts', 'count() AS total FROM counts'));
    const fromView = tablesInScope(view.changes, [view.history.snapshot, view.desired]);
    expect([...fromView].sort()).toEqual(['counts', 'src', 'summary']);
  });

  it('the part holds those tables and every database-level entity; put back, it gives the whole again', async () => {
    const { history } = await states(base);
    const part = within(history.snapshot, new Set(['lone']));
    expect(tablesOf(part)).toEqual(['lone']);
    expect(part.entities.has(entityId({ kind: 'analyzer', name: 'words' }))).toBe(true);
    expect(part.entities.has(entityId({ kind: 'function', name: 'twice' }))).toBe(true);
    expect(part.entities.has(entityId({ kind: 'field', table: 'other', name: 'name' }))).toBe(false);
    const whole = withPart(history.snapshot, new Set(['lone']), part);
    expect([...whole.entities.keys()]).toEqual([...history.snapshot.entities.keys()]);
  });
});

describe('a migration verified on the part of the schema it reaches', () => {
  it('runs on a database of just that part, and gives what the whole would', async () => {
    const to = `${base.replace('DEFINE FIELD x ON lone TYPE string', 'DEFINE FIELD x ON lone TYPE int')}
DEFINE FIELD extra ON lone TYPE option<string>;`;
    const { history, desired, changes } = await states(to);
    const ground = await verificationGround(shadow, changes, history, desired);
    expect(ground.tables && [...ground.tables]).toEqual(['lone']);
    expect(tablesOf(await introspect(ground.db))).toEqual(['lone']);
    const plan = planMigration(changes);
    const forward = await applyAndVerify(ground.db, plan.forward, ground.after, none, 'forward');
    const after = withPart(history.snapshot, ground.tables!, forward.state);
    expect(diffSnapshots(after, desired)).toEqual([]);
    expect([...after.entities.keys()]).toEqual([...desired.entities.keys()]);
    // The same statements on the whole history give the same state.
    const whole = await history.database();
    expect(await executeStatements(whole, forward.statements)).toEqual([]);
    expect(diffSnapshots(await introspect(whole), after)).toEqual([]);
    await applyAndVerify(ground.db, plan.rollback, ground.before, none, 'rollback');
  });

  it('refuses what the whole would refuse: a table removed from under a view', async () => {
    const { history, desired } = await states(base);
    const src = history.snapshot.entities.get(entityId({ kind: 'table', name: 'src' }))!;
    const ground = await verificationGround(shadow, [{ kind: 'remove', before: src }], history, desired);
    expect([...(ground.tables ?? [])].sort()).toEqual(['counts', 'src', 'summary']);
    const [failure] = await executeStatements(ground.db, [{ sql: 'REMOVE TABLE src' }]);
    expect(failure?.message).toMatch(/view/);
  });

  it('uses the whole history when every table is reached', async () => {
    const to = base.replaceAll('SCHEMAFULL', 'SCHEMALESS');
    const { history, desired, changes } = await states(to);
    const ground = await verificationGround(shadow, changes, history, desired);
    expect(ground.tables).toBeUndefined();
    expect(ground.before).toBe(history.snapshot);
  });
});
