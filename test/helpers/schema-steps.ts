import { expect } from 'vitest';
import { computeDiff, type DiffResult } from '../../src/app/diff.js';
import { liveSnapshot } from '../../src/app/live-state.js';
import { replayInto } from '../../src/app/shadow-state.js';
import { diffSnapshots } from '../../src/diff/diff-snapshots.js';
import type { Queryable, Shadow } from '../../src/engine/connection.js';
import { introspect } from '../../src/introspect/introspect.js';
import { emptySchema, type Schema } from '../../src/model/schema.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { ComposedSchema } from '../../src/schema/index.js';
import { schemaModelOf } from '../../src/schema/index.js';

export interface Migration {
  readonly id: string;
  readonly forward: string;
}

export type Version = ComposedSchema | Schema;

export const empty: Schema = emptySchema;

function modelOf(version: Version): Schema {
  return schemaModelOf(version) ?? (version as Schema);
}

/** Engine-printed entities that differ between two snapshots, as readable ids (empty when equal). */
export function differences(have: Snapshot, want: Snapshot): string[] {
  return diffSnapshots(have, want).map((c) => {
    const entity = c.kind === 'define' ? c.after : c.before;
    const after = c.kind === 'remove' ? '(none)' : c.after.definition;
    const before = c.kind === 'define' ? '(none)' : c.before.definition;
    return `${c.kind} ${entity.ref.kind} ${entity.ref.table ?? ''}.${entity.ref.name}: ${before} → ${after}`;
  });
}

async function run(db: Queryable, sql: string): Promise<void> {
  if (sql.trim() !== '') await db.query(sql);
}

async function replayed(shadow: Shadow, migrations: readonly Migration[]): Promise<Queryable> {
  const db = await shadow.database('step');
  await replayInto(db, migrations);
  return db;
}

export interface StepOutcome {
  readonly result: DiffResult;
  readonly migration: Migration;
}

/**
 * One step of a schema's life: diff `next` against the history (the plan is verified by computeDiff,
 * which throws otherwise), apply forward to a database holding the history's state and find exactly
 * `next`, diff again and find nothing, then roll back and find exactly the previous state.
 */
export async function checkStep(
  shadow: Shadow,
  migrations: readonly Migration[],
  next: Version,
  label = `m${migrations.length + 1}`,
): Promise<StepOutcome> {
  const schema = modelOf(next);
  const result = await computeDiff({ shadow, schema, schemaPath: 'schema.ts', migrations });
  const forward = result.forward.map((s) => s.sql).join(';\n');
  const rollback = result.rollback.map((s) => s.sql).join(';\n');
  const migration = { id: label, forward };

  const db = await replayed(shadow, migrations);
  const before = await introspect(db);
  expect(differences(before, result.history), `${label}: replayed history`).toEqual([]);
  await run(db, forward);
  const afterForward = await introspect(db);
  expect(differences(afterForward, result.desired), `${label}: forward\n${forward}`).toEqual([]);
  // The state the diff keeps as the history's next one is what the forward gave on the whole history.
  expect(
    differences(result.afterForward, afterForward),
    `${label}: the state kept after the forward`,
  ).toEqual([]);
  expect([...result.afterForward.entities.keys()]).toEqual([...afterForward.entities.keys()]);
  // What `status` sees: the database's stored definitions, replayed on their own, give the same schema.
  expect(
    differences(await liveSnapshot(shadow, db), result.desired),
    `${label}: the pushed database read back as status reads it`,
  ).toEqual([]);

  const again = await computeDiff({
    shadow,
    schema,
    schemaPath: 'schema.ts',
    migrations: [...migrations, migration],
  });
  expect(
    again.changes.map((c) => `${c.kind} ${(c.kind === 'define' ? c.after : c.before).ref.name}`),
    `${label}: a diff after the push\n${forward}`,
  ).toEqual([]);

  await run(db, rollback);
  expect(differences(await introspect(db), before), `${label}: rollback\n${rollback}`).toEqual([]);
  return { result, migration };
}

/**
 * Walks a schema through `versions` starting from an empty database and ending in one (unless the
 * last version is not `empty` and `backToEmpty` is false): each step is checked with `checkStep`, and
 * each step's forward statements become the next step's history. Returns every step's diff result.
 */
export async function checkVersions(
  shadow: Shadow,
  versions: readonly Version[],
  options: { backToEmpty?: boolean } = {},
): Promise<DiffResult[]> {
  const all = options.backToEmpty === false ? versions : [...versions, empty];
  const migrations: Migration[] = [];
  const results: DiffResult[] = [];
  for (const [i, version] of all.entries()) {
    const { result, migration } = await checkStep(shadow, migrations, version, `step ${i + 1}/${all.length}`);
    expect(result.changes.length, `step ${i + 1}/${all.length} changes nothing`).toBeGreaterThan(0);
    migrations.push(migration);
    results.push(result);
  }
  return results;
}
