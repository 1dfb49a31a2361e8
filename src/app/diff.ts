import { fieldKey } from '../compile/idiom.js';
import { compileSchema } from '../compile/index.js';
import type { Change } from '../diff/change.js';
import { changedEntity } from '../diff/change.js';
import { diffSnapshots } from '../diff/diff-snapshots.js';
import { applyRenames, type RenameHint } from '../diff/renames.js';
import type { Shadow } from '../engine/connection.js';
import { SchemaError } from '../errors.js';
import { entityId } from '../model/entity.js';
import type { Schema } from '../model/schema.js';
import type { Snapshot } from '../model/snapshot.js';
import { classifyChange, type Risk, tableNames } from '../plan/classify.js';
import { type PlannedStatement, planMigration, sourceFromCompiled, storedOnly } from '../plan/plan.js';
import { applyAndVerify } from './converge.js';
import { applySchema, type Replayable, replayHistory } from './shadow-state.js';
import { checkSchema, proveSchemaWrites } from './validate.js';

export interface DiffResult {
  readonly changes: readonly Change[];
  readonly forward: readonly PlannedStatement[];
  readonly rollback: readonly PlannedStatement[];
  readonly irreversible: readonly string[];
  /** Destructive and data-dependent changes, in words (also marked in the forward statements). */
  readonly warnings: readonly string[];
  /** The schema file's state and the migration history's state, as the engine prints them. */
  readonly desired: Snapshot;
  readonly history: Snapshot;
}

export interface DiffInput {
  readonly shadow: Shadow;
  readonly schema: Schema;
  readonly schemaPath: string;
  readonly migrations: readonly Replayable[];
  /** Told what is being done, for a progress line. */
  readonly onStep?: (step: string) => void;
}

/**
 * Compares the schema file with the migration history, both applied to shadow databases, and plans
 * the migration between them. The plan is proven before it is returned: forward after the history
 * gives the schema, and rollback after forward gives the history back.
 */
export async function computeDiff(input: DiffInput): Promise<DiffResult> {
  const step = input.onStep ?? (() => undefined);
  checkSchema(input.schema, input.schemaPath);
  const compiled = compileSchema(input.schema);
  step(
    `applying the schema (${compiled.length} statements) and replaying ${input.migrations.length} migration(s) on the shadow database`,
  );
  // Two databases of one engine: the engine works on both at once.
  const [desired, history] = await Promise.all([
    applySchema(input.shadow, compiled, input.schemaPath),
    replayHistory(input.shadow, input.migrations),
  ]);
  // A schema in which every write fails would pass the comparison and be pushed: refused first.
  await proveSchemaWrites(desired.db, input.schema, input.schemaPath);
  const hints = renameHints(input.schema);
  const changes = applyRenames(diffSnapshots(history.snapshot, desired.snapshot), hints);
  refuseNestedRenames(changes, hints, history.snapshot, input.schemaPath);
  if (changes.length === 0) {
    return {
      changes,
      forward: [],
      rollback: [],
      irreversible: [],
      warnings: [],
      desired: desired.snapshot,
      history: history.snapshot,
    };
  }
  const source = sourceFromCompiled(compiled);
  const plan = planMigration(changes, source);
  step(`verifying ${plan.forward.length} forward and ${plan.rollback.length} rollback statement(s)`);
  const forward = await applyAndVerify(history.db, plan.forward, desired.snapshot, source, 'forward');
  const rollback = await applyAndVerify(
    history.db,
    plan.rollback,
    rollbackTarget(history.snapshot, desired.snapshot),
    storedOnly,
    'rollback',
  );
  const risks = classifyAll(changes, history.snapshot);
  return {
    changes,
    forward: forward.map((s) => annotate(s, risks.get(entityId(s.ref)))),
    rollback,
    warnings: [...risks.values()].map((r) => `${r.level}: ${r.reason}`),
    irreversible: plan.irreversible,
    desired: desired.snapshot,
    history: history.snapshot,
  };
}

/** SurrealDB has no REMOVE CONFIG: a config the migration defines stays after its rollback (a note says so). */
function rollbackTarget(history: Snapshot, desired: Snapshot): Snapshot {
  const kept = [...desired.entities].filter(
    ([id, e]) => e.ref.kind === 'config' && !history.entities.has(id),
  );
  return kept.length === 0 ? history : { entities: new Map([...history.entities, ...kept]) };
}

function classifyAll(changes: readonly Change[], before: Snapshot): Map<string, Risk> {
  const tables = tableNames(before.entities.values());
  // A table that goes (removed, or renamed with its records copied) is judged as a whole.
  const gone = new Set(
    changes.flatMap((c) =>
      c.kind !== 'define' && c.kind !== 'overwrite' && c.before.ref.kind === 'table'
        ? [c.before.ref.name]
        : [],
    ),
  );
  const risks = new Map<string, Risk>();
  for (const change of changes) {
    const table = changedEntity(change).ref.table;
    if (change.kind === 'remove' && table !== undefined && gone.has(table)) continue;
    const risk = classifyChange(change, tables);
    if (risk) risks.set(entityId(changedEntity(change).ref), risk);
  }
  return risks;
}

/** Marks a risky statement in the migration with a comment a reviewer cannot miss. */
function annotate(statement: PlannedStatement, risk: Risk | undefined): PlannedStatement {
  if (!risk) return statement;
  return { ...statement, sql: `-- ${risk.level.toUpperCase()}: ${risk.reason}\n${statement.sql}` };
}

/** The renames the schema declares with `.was()`, for tables and fields (the kinds that hold data). */
export function renameHints(schema: Schema): RenameHint[] {
  const hints: RenameHint[] = [];
  for (const table of schema.tables) {
    if (table.was.length > 0) hints.push({ kind: 'table', from: table.was, to: table.name });
    for (const field of table.fields) {
      if (field.was.length === 0) continue;
      // Field names are compared as the engine prints idioms.
      hints.push({
        kind: 'field',
        table: table.name,
        from: field.was.map(fieldKey),
        to: fieldKey(field.name),
      });
    }
  }
  return hints;
}

/**
 * A table's records are copied as they are, so a field renamed in the same migration as its table would
 * keep its values under the old name, where the new table has no field for them. Asking for two
 * migrations is clearer than losing the values quietly.
 */
function refuseNestedRenames(
  changes: readonly Change[],
  hints: readonly RenameHint[],
  history: Snapshot,
  schemaPath: string,
): void {
  for (const change of changes) {
    if (change.kind !== 'rename' || change.after.ref.kind !== 'table') continue;
    const [from, to] = [change.before.ref.name, change.after.ref.name];
    for (const hint of hints) {
      if (hint.kind !== 'field' || hint.table !== to) continue;
      const old = hint.from.find((f) =>
        history.entities.has(entityId({ kind: 'field', table: from, name: f })),
      );
      if (old === undefined) continue;
      throw new SchemaError(
        `Table ${from} is renamed to ${to} and its field ${old} to ${hint.to} in the same migration; the field's values would stay under the old name.`,
        {
          where: `${schemaPath}: table ${to}, field ${hint.to}`,
          hint: `Rename in two steps: first the table (keep the field's old name and run smig diff -m), then the field.`,
        },
      );
    }
  }
}
