import { fieldKey } from '../compile/idiom.js';
import { compileSchema } from '../compile/index.js';
import type { Change } from '../diff/change.js';
import { diffSnapshots } from '../diff/diff-snapshots.js';
import { applyRenames, type RenameHint } from '../diff/renames.js';
import { withDependentViews } from '../diff/view-rebuilds.js';
import type { Shadow } from '../engine/connection.js';
import { SchemaError } from '../errors.js';
import { type SealedSource, sealedHistory } from '../history/seal.js';
import { entityId } from '../model/entity.js';
import { type ReportItem, reportItem, subjectOf } from '../model/report-item.js';
import type { Schema } from '../model/schema.js';
import { type Snapshot, stateDigest } from '../model/snapshot.js';
import type { CompiledStatement } from '../model/statement.js';
import { type Risk, tableNames } from '../plan/classify.js';
import { inexpressible } from '../plan/inexpressible.js';
import {
  type IrreversibleItem,
  type PlannedStatement,
  planMigration,
  sourceFromCompiled,
  storedOnly,
} from '../plan/plan.js';
import { applyAndVerify } from './converge.js';
import { concurrently, type PhaseInfo, type ProgressEvent, phaseEvent } from './phase.js';
import type { ProjectCache } from './project-cache.js';
import {
  type HistoryState,
  historyState,
  knownHistory,
  type Replayable,
  type SchemaState,
  schemaState,
} from './shadow-state.js';
import { checkSchema, proveSchemaWrites } from './validate.js';
import { verificationGround, withPart } from './verify-scope.js';
import { proofInputs } from './write-probe.js';

export interface DiffResult {
  readonly changes: readonly Change[];
  readonly forward: readonly PlannedStatement[];
  readonly rollback: readonly PlannedStatement[];
  readonly irreversible: readonly IrreversibleItem[];
  /** Destructive and data-dependent changes (the forward statements carry them as `risk`), one each. */
  readonly warnings: readonly RiskItem[];
  /** The schema file's state and the migration history's state, as the engine prints them. */
  readonly desired: Snapshot;
  readonly history: Snapshot;
  /**
   * The state the history is left in by the forward section, as the verification read it back (the same
   * as `desired` by comparison; this is what replaying the history with the migration gives).
   */
  readonly afterForward: Snapshot;
}

export interface DiffInput {
  readonly shadow: Shadow;
  readonly schema: Schema;
  readonly schemaPath: string;
  readonly migrations: readonly (Replayable & SealedSource)[];
  /** Where the states of migration histories are kept (the history is replayed when it has not this one). */
  readonly cache?: ProjectCache | undefined;
  /**
   * What `migrations` are: the migration history (the default), or the live database's schema as one
   * replayable text (`smig sync`); it names the phase that replays them.
   */
  readonly from?: 'history' | 'live';
  /** Told what is being done, for a progress line. */
  readonly onEvent?: (event: ProgressEvent) => void;
}

/**
 * Compares the schema file with the migration history, both applied to shadow databases, and plans
 * the migration between them. The plan is proven before it is returned: forward after the history
 * gives the schema, and rollback after forward gives the history back.
 */
export async function computeDiff(input: DiffInput): Promise<DiffResult> {
  const report = input.onEvent;
  checkSchema(input.schema, input.schemaPath);
  const compiled = compileSchema(input.schema);
  const replaying: PhaseInfo | undefined =
    input.from === 'live'
      ? { phase: 'copying-live' }
      : input.migrations.length === 0
        ? undefined
        : { phase: 'replaying', count: input.migrations.length };
  const [desired, history, sealedWritable] = await statesOf(input, compiled, replaying);
  // A schema in which every write fails would pass the comparison and be pushed: refused first.
  // Each table's proof is kept per exact statements it depends on (and engine): after an edit, only the
  // tables it reaches are proved again. A state a seal says was proven writable needs no proof: whether
  // a table takes a record depends on nothing but the definitions the engine holds.
  const proofs = proofInputs(input.schema, compiled, desired.snapshot);
  const unproven = [...proofs].filter(([, inputs]) => !input.cache?.writesProven(inputs.texts));
  if (sealedWritable && unproven.length > 0) {
    input.cache?.markWritesProven(...unproven.map(([, inputs]) => inputs.texts));
  } else if (unproven.length > 0) {
    report?.(phaseEvent({ phase: 'writes' }));
    const tables = new Set(unproven.map(([table]) => table));
    // What the proofs need: the tables their statements belong to, or the whole schema.
    const needed = unproven.some(([, inputs]) => inputs.tables === 'all')
      ? undefined
      : new Set(unproven.flatMap(([, inputs]) => [...(inputs.tables as ReadonlySet<string>)]));
    await proveSchemaWrites(await desired.database(needed), input.schema, input.schemaPath, tables);
    input.cache?.markWritesProven(...unproven.map(([, inputs]) => inputs.texts));
  }
  const hints = renameHints(input.schema);
  const changes = withDependentViews(
    applyRenames(diffSnapshots(history.snapshot, desired.snapshot), hints),
    history.snapshot,
    desired.snapshot,
  );
  refuseNestedRenames(changes, hints, history.snapshot, input.schemaPath);
  refuseInexpressible(changes, input.schemaPath);
  if (changes.length === 0) {
    return {
      changes,
      forward: [],
      rollback: [],
      irreversible: [],
      warnings: [],
      desired: desired.snapshot,
      history: history.snapshot,
      afterForward: history.snapshot,
    };
  }
  const source = sourceFromCompiled(compiled);
  const plan = planMigration(changes, source, tableNames(history.snapshot.entities.values()), {
    before: history.snapshot,
    after: desired.snapshot,
  });
  report?.(phaseEvent({ phase: 'verifying', count: plan.forward.length, rollback: plan.rollback.length }));
  const ground = await verificationGround(input.shadow, changes, history, desired.snapshot);
  const forward = await applyAndVerify(ground.db, plan.forward, ground.after, source, 'forward');
  const rollback = await applyAndVerify(ground.db, plan.rollback, ground.before, storedOnly, 'rollback');
  return {
    changes,
    forward: forward.statements,
    rollback: rollback.statements,
    warnings: riskItems(forward.statements),
    irreversible: plan.irreversible,
    desired: desired.snapshot,
    history: history.snapshot,
    afterForward: ground.tables ? withPart(history.snapshot, ground.tables, forward.state) : forward.state,
  };
}

/**
 * The schema file's state and the history's, and whether a seal says the schema file's state is proven
 * writable. Two databases of one engine: the engine works on both at once. When the history's state is
 * not kept and every migration of it is sealed one after the other (`sealedHistory`), the schema file's
 * state is made first: with the state the last seal notes, it is the history's state too, and nothing
 * is replayed (a check that the migrations are up to date, from a fresh checkout).
 */
async function statesOf(
  input: DiffInput,
  compiled: readonly CompiledStatement[],
  replaying: PhaseInfo | undefined,
): Promise<readonly [SchemaState, HistoryState, boolean]> {
  const report = input.onEvent;
  const proving: PhaseInfo = { phase: 'proving-schema', count: compiled.length };
  const desiredState = () => schemaState(input.shadow, compiled, input.schemaPath, input.cache);
  const replay = () => historyState(input.shadow, input.migrations, input.cache);
  const forwards = input.migrations.map((m) => m.forward);
  const sealed =
    input.from === 'live' || input.migrations.length === 0 || input.cache?.keeps(forwards)
      ? undefined
      : sealedHistory(input.migrations, await input.shadow.engineVersion());
  if (sealed === undefined) {
    const states = await concurrently(report, [
      [proving, desiredState],
      [replaying, replay],
    ] as const);
    return [...states, false];
  }
  report?.(phaseEvent(proving));
  const desired = await desiredState();
  if (stateDigest(desired.snapshot) === sealed.state) {
    input.cache?.put(forwards, desired.snapshot);
    return [desired, knownHistory(input.shadow, input.migrations, desired.snapshot), sealed.writable];
  }
  if (replaying !== undefined) report?.(phaseEvent(replaying));
  return [desired, await replay(), false];
}

/** What a forward statement risks for the data already stored: its level and what it is about. */
export type RiskItem = ReportItem<Risk['level']>;

/** The risks of the forward statements, each sentence once (a rename's statements share theirs). */
function riskItems(forward: readonly PlannedStatement[]): RiskItem[] {
  const items = new Map<string, RiskItem>();
  for (const { ref, risk } of forward) {
    if (risk === undefined) continue;
    const message = `${risk.level}: ${risk.reason}`;
    if (!items.has(message)) items.set(message, reportItem(risk.level, subjectOf(ref), message));
  }
  return [...items.values()];
}

/**
 * A change SurrealDB has no statement for, in either direction, is refused here: a migration whose
 * rollback cannot restore the state before it would be refused by push anyway.
 */
function refuseInexpressible(changes: readonly Change[], schemaPath: string): void {
  const refusals = changes.flatMap((c) => inexpressible(c) ?? []);
  if (refusals.length === 0) return;
  throw new SchemaError(refusals.map((r) => r.reason).join('\n'), {
    where: `${schemaPath}: configs`,
    hint: [...new Set(refusals.map((r) => r.hint))].join('\n'),
  });
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
