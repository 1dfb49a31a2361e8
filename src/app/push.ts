import { diffSnapshots } from '../diff/diff-snapshots.js';
import type { Connection, Queryable, Shadow } from '../engine/connection.js';
import { ConnectionError, DataLossError, IntegrityError, InterruptedError } from '../errors.js';
import {
  applyMigration,
  confirmRecorded,
  type LedgerEntry,
  nextSeq,
  readLedger,
  replaceRecord,
} from '../history/ledger.js';
import type { LockHolder } from '../history/lock.js';
import { type SealedSource, sealedHistory, sealHolds } from '../history/seal.js';
import { clearSyncMarker, readSyncMarker, type SyncMarker } from '../history/sync-marker.js';
import { introspect } from '../introspect/introspect.js';
import { type Snapshot, stateDigest } from '../model/snapshot.js';
import { tablesNamed } from '../surql/statements.js';
import {
  type DataLossItem,
  type DataProblem,
  dataLossItem,
  describeDataProblem,
  inspectData,
  recheckRecords,
  tablesToRecheck,
} from './data-guard.js';
import { repairStatements } from './data-repair.js';
import { findForks, refuseForks } from './forks.js';
import { type HistoryState, type MigrationSource, reconcile, refuseProblems } from './history-state.js';
import { ledgerRecord, type RecordSource } from './ledger-record.js';
import { type DriftItem, describeDrift, driftItems, liveSnapshot } from './live-state.js';
import type { Phase, ProgressEvent } from './phase.js';
import type { Project } from './project.js';
import {
  knownHistory,
  type HistoryState as LedgerHistory,
  type Replayable,
  replayInto,
} from './shadow-state.js';
import { StagedMigration } from './staged-migration.js';
import { takeLock } from './take-lock.js';
import { partDatabase, tablesInScope, within } from './verify-scope.js';

export type PushEvent =
  | { readonly kind: 'lock-takeover' | 'lock-waiting'; readonly holder: LockHolder }
  | { readonly kind: 'applying'; readonly id: string; readonly index: number; readonly total: number }
  | { readonly kind: 'applied'; readonly id: string; readonly durationMs: number }
  /**
   * The first pending migration is being applied to the target in a transaction of its own while it is
   * checked; the transaction commits only once the checks pass (`applied`), and is cancelled otherwise.
   */
  | { readonly kind: 'staged'; readonly id: string }
  /** A rollback runs the ledger's stored statements because the migration's file is missing. */
  | { readonly kind: 'stored-rollback'; readonly id: string }
  /** What the command is doing now, for progress (see `Phase`). */
  | ProgressEvent;

/** The phases of push and the other commands (see `Phase`). */
export type PushPhase = Phase;

export interface PushOptions {
  readonly dryRun?: boolean;
  readonly allowDrift?: boolean;
  readonly allowOutOfOrder?: boolean;
  readonly allowDataLoss?: boolean;
  readonly lockWaitMs?: number;
  readonly onEvent?: (event: PushEvent) => void;
  /** Aborting it stops before the next migration; the running one commits or fails as a whole. */
  readonly signal?: AbortSignal;
}

export interface PushResult {
  readonly dryRun: boolean;
  /** The migrations applied (or, in a dry run, that would be), in order. */
  readonly migrations: readonly {
    readonly id: string;
    readonly message: string;
    readonly forward: string;
    readonly durationMs?: number;
  }[];
  /** Differences between the database and its ledger that `--allow-drift` let through. */
  readonly drift: readonly DriftItem[];
  /** Data the migrations remove or invalidate, let through by `--allow-data-loss`. */
  readonly dataLoss: readonly DataLossItem[];
  /** Rebased migrations recorded in place of the applied migration they were made of (nothing run). */
  readonly rebased: readonly { readonly id: string; readonly replaces: string }[];
}

/**
 * A database that applied a migration `smig rebase` has since rewritten: the pending migrations applied
 * after what the database has must give exactly the schema the rebased history gives; then the rebased
 * files are recorded in place of the old ones. Otherwise the old ones have to be rolled back first, and
 * the error says exactly how.
 */
async function checkRebased(
  shadow: Awaited<ReturnType<Project['shadow']>>,
  state: HistoryState<RecordSource>,
  files: readonly RecordSource[],
  dir: string,
): Promise<void> {
  const ledger = state.applied.map((a) => a.entry);
  const there = await shadow.database('rebased-here');
  const wanted = await shadow.database('rebased-history');
  let differences: string[];
  try {
    await replayInto(wanted, files);
    await replayInto(there, [...ledger.map((e) => ({ id: e.id, forward: e.up })), ...state.pending]);
    differences = describeDrift(await introspect(there), await introspect(wanted));
  } catch (error) {
    differences = [(error as Error).message];
  }
  if (differences.length === 0) return;
  const first = Math.min(...state.rebased.map((r) => ledger.indexOf(r.entry)));
  const undo: LedgerEntry[] = ledger.slice(first);
  const pairs = state.rebased.map((r) => `${r.entry.id} (now ${dir}/${r.file.id}.surql)`).join(', ');
  throw new IntegrityError(
    `This database applied ${pairs} before it was rebased, and the rebased history cannot be recorded as the same change here: applying the other branch's migrations on top of it does not give the schema the migration files give:\n${differences.map((d) => `  - ${d}`).join('\n')}`,
    {
      where: dir,
      hint: `Run \`smig rollback --steps ${undo.length} --yes\` (it undoes ${undo.map((e) => e.id).join(', ')} with the rollback stored when each was applied), then \`smig push\`. Nothing was changed.`,
    },
  );
}

/** The first statement of a section that failed on the scratch copy, or undefined when all ran. */
async function firstFailure(db: Queryable, sql: string): Promise<string | undefined> {
  try {
    const failed = (await db.results(sql)).find((r) => !r.ok);
    return failed && !failed.ok ? failed.error.message.split('\n')[0] : undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

/**
 * Proves the pending migrations on a shadow database in the state the ledger describes (`state`),
 * before anything touches the target: their forward sections run one after the other, then their
 * rollback sections newest first, each of which must restore the state before its migration. Every
 * section runs once and outside a transaction (the scratch copy is thrown away; statements that would
 * end a transaction early are refused when a migration file is read). Returns the state after all of them.
 */
async function checkPending(
  db: Queryable,
  state: Snapshot,
  pending: readonly MigrationSource[],
  dir: string,
): Promise<Snapshot> {
  const states = [state];
  for (const migration of pending) {
    await runForward(db, migration, dir);
    states.push(await introspect(db));
  }
  for (let i = pending.length - 1; i >= 0; i--) {
    const migration = pending[i]!;
    const failure = await firstFailure(db, migration.rollback);
    if (failure !== undefined) {
      throw refuse(
        migration,
        `The rollback section of ${dir}/${migration.id}.surql fails on a scratch copy of the database: ${failure}`,
        'Fix its rollback section; nothing was run on the database.',
        dir,
      );
    }
    const left = describeDrift(await introspect(db), states[i]!);
    if (left.length > 0) {
      throw refuse(
        migration,
        `The rollback section of ${dir}/${migration.id}.surql does not restore the schema as it was before:\n${left.map((l) => `  - ${l}`).join('\n')}`,
        'Fix its rollback section; nothing was run on the database.',
        dir,
      );
    }
  }
  return states.at(-1)!;
}

function refuse(migration: MigrationSource, message: string, hint: string, dir: string): IntegrityError {
  return new IntegrityError(message, { where: `${dir}/${migration.id}.surql`, hint });
}

/** Runs a pending migration's forward section on the scratch copy; refused when a statement fails. */
async function runForward(db: Queryable, migration: MigrationSource, dir: string): Promise<void> {
  const failure = await firstFailure(db, migration.forward);
  if (failure !== undefined) {
    throw refuse(
      migration,
      `${dir}/${migration.id}.surql fails on a scratch copy of the database: ${failure}`,
      'Fix the migration file; nothing was run on the database.',
      dir,
    );
  }
}

/**
 * The pending migrations when each is sealed on the state the one before it notes, from the state the
 * ledger describes (`sealedHistory`): each seal stands for the check of its rollback, so only
 * their forward sections run on the scratch copy, and the state they leave is read once. Undefined when
 * that state is not the one the last seal notes (the migrations are then checked the usual way).
 */
async function checkSealed(
  db: Queryable,
  pending: readonly MigrationSource[],
  sealed: string,
  dir: string,
): Promise<Snapshot | undefined> {
  for (const migration of pending) await runForward(db, migration, dir);
  const after = await introspect(db);
  return stateDigest(after) === sealed ? after : undefined;
}

/**
 * The pending migrations checked on a scratch copy in the state the ledger describes: only their forward
 * sections when they are sealed one after the other from that state (see `checkSealed`), otherwise each
 * forward and rollback section (`checkPending`; on a fresh copy when the sealed state was not found).
 */
async function checkPendingOn(
  shadow: Shadow,
  ledgerHistory: LedgerHistory,
  applied: readonly Replayable[],
  pending: readonly (MigrationSource & SealedSource)[],
  dir: string,
): Promise<Snapshot> {
  const ledger = ledgerHistory.snapshot;
  const sealed = sealedHistory(pending, await shadow.engineVersion(), stateDigest(ledger));
  if (sealed === undefined) return checkPending(await ledgerHistory.database(), ledger, pending, dir);
  const after = await checkSealed(await ledgerHistory.database(), pending, sealed.state, dir);
  if (after !== undefined) return after;
  const again = knownHistory(shadow, applied, ledger, 'rehearsal');
  return checkPending(await again.database(), ledger, pending, dir);
}

/**
 * The live schema and the state the ledger describes. The newest ledger record notes the digest of the
 * state the push that wrote it left: a live schema with that very digest is that state, so neither
 * the history is replayed nor its kept state read. Another digest (a change by hand, or a server whose
 * version prints definitions otherwise than the shadow's), or none, and the two are read the usual
 * way, at once.
 */
async function ledgerAndLive(
  project: Project,
  shadow: Shadow,
  db: Connection,
  migrations: readonly Replayable[],
  noted: string | undefined,
): Promise<[Snapshot, LedgerHistory]> {
  const read = noted === undefined ? undefined : await introspect(db);
  if (read !== undefined && stateDigest(read) === noted) {
    const cache = await project.cache();
    const forwards = migrations.map((m) => m.forward);
    if (cache !== undefined && !cache.keeps(forwards)) cache.put(forwards, read);
    return [read, knownHistory(shadow, migrations, read, 'ledger')];
  }
  return Promise.all([liveSnapshot(shadow, db, read), project.history(migrations, 'ledger')]);
}

/**
 * The check of one pending migration on the part of the schema it reaches, from the state the target
 * gave it in its staged transaction (a target without drift: in the ledger's state). A server prints
 * definitions as its own version does; where that differs from the shadow's, the states differ and the
 * whole history is rehearsed. A scratch database holds only the tables that state changed, the views
 * over them and the tables those read, and every database-level entity, built from their definitions
 * (see `verificationGround`); the forward section must give exactly that part of the staged state, and
 * the rollback section the part as it was. Undefined when it cannot tell (a statement failed, the part
 * is the whole schema, a state differs): the whole history is rehearsed then, and says what is wrong.
 */
export async function checkOnPart(
  shadow: Shadow,
  before: Snapshot,
  staged: StagedMigration,
  migration: MigrationSource,
): Promise<Snapshot | undefined> {
  // More statements than the schema has entities (a first migration, say): it reaches most of it, and
  // reading the staged state would only add to the whole rehearsal.
  if (staged.statements >= before.entities.size) return undefined;
  const after = await staged.state();
  if (after === undefined) return undefined;
  const tables = tablesInScope(diffSnapshots(before, after), [before, after]);
  const part = within(before, tables);
  if (part.entities.size === before.entities.size) return undefined;
  const db = await partDatabase(shadow, part, 'part');
  if (db === undefined) return undefined;
  const same = async (expected: Snapshot) => diffSnapshots(await introspect(db), expected).length === 0;
  if ((await firstFailure(db, migration.forward)) !== undefined || !(await same(within(after, tables)))) {
    return undefined;
  }
  if ((await firstFailure(db, migration.rollback)) !== undefined || !(await same(part))) return undefined;
  return after;
}

/**
 * The state a staged migration gave the target, when the seal its file carries (`-- verified:`, written
 * by the `smig diff` that made and verified it) is the seal of this very rehearsal: the state the ledger
 * describes, the file's sections, the shadow engine's version, and the state its `-- state:` line notes,
 * which must be the state the target shows inside the staged transaction (read for the tables the
 * statements name when the target's engine is the shadow's version, whole otherwise or when that is not
 * the sealed state). That verification ran the
 * sections on such a state and found what a rehearsal would: the forward section applies, and the
 * rollback section gives the state back. Undefined otherwise (no seal, an edited file, another state or
 * version; the target's state is read only once the rest holds): the migration is checked the usual way.
 */
export async function sealedState(
  shadow: Shadow,
  before: Snapshot,
  staged: StagedMigration,
  migration: RecordSource,
  target: Connection,
): Promise<Snapshot | undefined> {
  if (!sealHolds(migration, await shadow.engineVersion(), stateDigest(before))) return undefined;
  const sealed = (state: Snapshot | undefined) =>
    state !== undefined && stateDigest(state) === migration.state ? state : undefined;
  // Read for the tables the statements name, the rest taken from the state before: an engine of the
  // shadow's version does what it did where the seal was made, so a change elsewhere would have made
  // the sealed state another one than this. Not the sealed state: read whole.
  const named =
    (await target.version()) === (await shadow.version()) ? tablesNamed(migration.forward) : undefined;
  const part = named && sealed(await staged.stateOf(before, named));
  return part ?? sealed(await staged.state());
}

/** A connection lost while a migration ran: its transaction either committed with its record, or not. */
export function connectionLostDuring(
  id: string,
  error: ConnectionError,
  what: 'migration' | 'rollback' = 'migration',
): ConnectionError {
  const hint =
    what === 'migration'
      ? 'A migration commits together with its ledger record, so it is either fully applied and recorded or not applied at all. When the database is back, `smig status` shows which, and `smig push` applies whatever is still pending.'
      : 'A rollback commits together with the removal of its ledger record, so it either happened completely or not at all. When the database is back, `smig status` shows which.';
  return new ConnectionError(
    `${error.message} The ${what === 'migration' ? 'migration' : 'rollback of'} ${id} was running at that moment.`,
    { where: id, hint, cause: error },
  );
}

/** Stopped by the caller (Ctrl-C) while holding the lock: what ran, and that the rest did not. */
export function interruptedAfter(
  done: readonly { readonly id: string }[],
  total: number,
  what: 'push' | 'rollback',
): InterruptedError {
  const lock = 'The migration lock was released.';
  if (done.length === 0) {
    return new InterruptedError(`Interrupted before any migration ran; nothing was changed. ${lock}`);
  }
  const verb = what === 'push' ? 'applied' : 'rolled back';
  return new InterruptedError(
    `Interrupted after ${done.length} of ${total} migration(s) were ${verb} (${done.map((d) => d.id).join(', ')}); the rest were not run. Each one committed together with its ledger record. ${lock}`,
    {
      hint:
        what === 'push'
          ? '`smig status` shows where the database stands; `smig push` applies the rest.'
          : '`smig status` shows where the database stands.',
    },
  );
}

/**
 * A database `smig sync` changed, which therefore differs from its migration history: what happened,
 * and the ways to make it a migrated database again.
 */
function syncedDatabase(
  config: Project['config'],
  synced: SyncMarker,
  drift: readonly DriftItem[],
  pending: readonly { readonly id: string }[],
): IntegrityError {
  const database = `${config.namespace}/${config.database}`;
  const newest = pending.at(-1)?.id;
  const record =
    newest === undefined
      ? 'Write its change as a migration (`smig diff -m "…"`), then record that migration as applied without running it: `smig resolve --applied <its id>` (it checks the schema first).'
      : `If the migrations give exactly its schema, record them as applied without running them: \`smig resolve --applied ${newest}\` (it checks the schema first); otherwise write the rest with \`smig diff -m "…"\` first.`;
  const recreate =
    config.url.path === undefined
      ? 'recreate the development database and push'
      : `recreate the development database (delete ${config.url.path}) and push`;
  return new IntegrityError(
    `The database ${database} was synced from ${synced.schema} at ${synced.at} (smig sync), not by migrations: its schema is not the one its migration history gives:\n${drift.map((d) => `  - ${d.message}`).join('\n')}`,
    {
      where: database,
      hint: `Nothing was changed. ${record} Or ${recreate}; or run push with --allow-drift to apply the migrations on top of it anyway.`,
    },
  );
}

/**
 * What the data check found, as the items push reports; throws when the migrations cannot be applied to
 * the records (even with --allow-data-loss), or would lose some and that was not allowed.
 */
function refuseDataProblems(
  problems: readonly DataProblem[],
  config: Project['config'],
  allowDataLoss: boolean,
): DataLossItem[] {
  const dataLoss = problems.map(dataLossItem);
  const blocking = problems.filter((p) => p.blocking !== undefined);
  if (blocking.length > 0) {
    const statements = blocking.flatMap((p) => (p.blocking?.statement ? [p.blocking.statement] : []));
    throw new DataLossError(
      `The pending migrations cannot be applied to the data in ${config.namespace}/${config.database}, even with --allow-data-loss:\n${blocking.map((p) => `  - ${describeDataProblem(p)}`).join('\n')}`,
      {
        where: `${config.namespace}/${config.database}`,
        hint:
          statements.length > 0
            ? `Nothing was changed. Add to the forward section of the pending migration, with the value the records should get:\n${statements.map((s) => `  ${s}`).join('\n')}\n(or give the field a DEFAULT in the schema and run smig diff again).`
            : 'Nothing was changed. Migrate the data first (e.g. add an UPDATE to the migration), or split the change into smaller migrations.',
      },
    );
  }
  if (dataLoss.length > 0 && !allowDataLoss) {
    throw new DataLossError(
      `The pending migrations would lose or invalidate data in ${config.namespace}/${config.database}:\n${dataLoss.map((d) => `  - ${d.message}`).join('\n')}`,
      {
        where: `${config.namespace}/${config.database}`,
        hint: 'Nothing was changed. Migrate the data first (e.g. add a backfill UPDATE to the migration), or run push with --allow-data-loss if losing it is intended.',
      },
    );
  }
  return dataLoss;
}

/**
 * Applies pending migrations in order, each in one transaction with its ledger record, under the lock.
 * Integrity, each pending file and the database's drift from its ledger are checked first; while the
 * pending files are checked on a scratch copy, the target applies the first of them in a transaction
 * that nobody sees and that is committed only once every check has passed and the lock is held.
 */
export async function push(project: Project, options: PushOptions = {}): Promise<PushResult> {
  const { config } = project;
  const phase = (p: PushPhase, count?: number) =>
    options.onEvent?.(count === undefined ? { kind: 'phase', phase: p } : { kind: 'phase', phase: p, count });
  phase('reading');
  const db = await project.connect();
  const files = await project.migrations();
  const entries = await readLedger(db);
  const state = reconcile(files, entries);
  const shadow = await project.shadow();
  if (!options.allowOutOfOrder) {
    phase('forks');
    const forks = await findForks(shadow, files);
    const independent = forks.every((f) => f.conflicts.length === 0);
    refuseForks(
      forks,
      config.migrationsDir,
      'Nothing was run.',
      independent ? ', or apply the migrations as they are, in id order, with push --allow-out-of-order' : '',
    );
  }
  // Migrations merged before a rebased one are out of id order by nature; checkRebased judges them.
  const allowOutOfOrder = options.allowOutOfOrder || state.rebased.length > 0;
  refuseProblems(
    state.problems.filter((p) => p.kind !== 'out-of-order' || !allowOutOfOrder),
    config.migrationsDir,
  );

  phase('drift');
  // The applied migrations as the ledger stores them: what its state is replayed from.
  const applied = state.applied.map(({ entry }) => ({ id: entry.id, forward: entry.up }));
  const noted = state.applied.at(-1)?.entry.stateDigest;
  const [live, ledgerHistory] = await ledgerAndLive(project, shadow, db, applied, noted);
  const ledger = ledgerHistory.snapshot;
  const drift = driftItems(live, ledger);
  const synced = await readSyncMarker(db);
  if (drift.length > 0 && !options.allowDrift && synced) {
    throw syncedDatabase(config, synced, drift, state.pending);
  }
  if (drift.length > 0 && !options.allowDrift) {
    const never = state.applied.length === 0;
    throw new IntegrityError(
      `The database ${config.namespace}/${config.database} ${never ? 'already has a schema that smig did not create' : 'has changed since its last migration'}:\n${drift.map((d) => `  - ${d.message}`).join('\n')}`,
      {
        where: `${config.namespace}/${config.database}`,
        hint: never
          ? files.length > 0
            ? `If these migrations were applied before and the ledger (_smig_migrations) was lost, record them without running them: \`smig resolve --applied <id>\` with the newest one the database has (it checks the schema first). Otherwise run push with --allow-drift to apply the migrations anyway.`
            : 'Adopt it with `smig baseline`, or run push with --allow-drift to apply the migrations anyway.'
          : 'Someone changed the schema by hand. Put the change into the schema file and a migration, or revert it; --allow-drift applies the migrations anyway.',
      },
    );
  }
  const rebased = state.rebased.map(({ entry, file }) => ({ id: file.id, replaces: entry.id }));
  if (state.pending.length === 0 && rebased.length === 0) {
    // A database synced back to exactly what its migrations give is a migrated database again.
    if (synced && drift.length === 0 && !options.dryRun) await clearSyncMarker(db);
    return { dryRun: options.dryRun ?? false, migrations: [], drift, dataLoss: [], rebased };
  }
  phase('proving', state.pending.length);
  if (rebased.length > 0) await checkRebased(shadow, state, files, config.migrationsDir);

  const cache = await project.cache();
  const appliedForwards = applied.map((m) => m.forward);
  const afterForwards = [...appliedForwards, ...state.pending.map((m) => m.forward)];
  // These very sections proven on this very state before (another database, the same migrations): the
  // rehearsal would find what it found then.
  const proven = cache?.rehearsed(appliedForwards, state.pending) ? cache.get(afterForwards) : undefined;
  // While the migrations are checked on a scratch copy, the target applies the first of them (when it
  // changes definitions only) in a transaction that is committed only once the checks passed and the
  // lock is held.
  const first = files.find((f) => state.pending.includes(f));
  const staged =
    proven === undefined && !options.dryRun && rebased.length === 0 && first !== undefined
      ? await StagedMigration.stage(db, ledgerRecord(first, nextSeq(entries)))
      : undefined;
  if (staged) options.onEvent?.({ kind: 'staged', id: staged.record.id });
  try {
    // One staged migration on a target as its ledger says: the state it gave is the one its file's seal
    // names, or it is checked on the part of the schema it reaches.
    const single =
      proven === undefined && staged && state.pending.length === 1 && drift.length === 0
        ? { staged, migration: state.pending[0]! }
        : undefined;
    const checked =
      single &&
      ((await sealedState(shadow, ledger, single.staged, single.migration, db)) ??
        (await checkOnPart(shadow, ledger, single.staged, single.migration)));
    const after =
      proven ??
      checked ??
      (await checkPendingOn(shadow, ledgerHistory, applied, state.pending, config.migrationsDir));
    if (proven === undefined) {
      // The state after the pending migrations is the history's next state: status, diff and rollback read it.
      cache?.put(afterForwards, after);
      cache?.markRehearsed(appliedForwards, state.pending);
    }
    phase('checking-data', state.pending.length);
    const problems = await inspectData({
      target: db,
      shadow,
      applied,
      pending: state.pending,
      before: ledger,
      after,
      onRecords: (records, tables) =>
        options.onEvent?.({
          kind: 'phase',
          phase: 'checking-data',
          count: state.pending.length,
          records,
          tables,
        }),
    });
    const dataLoss = refuseDataProblems(problems, config, options.allowDataLoss ?? false);
    if (options.dryRun) {
      const migrations = state.pending.map((m) => ({ id: m.id, message: m.message, forward: m.forward }));
      return { dryRun: true, migrations, drift, dataLoss, rebased };
    }

    phase('locking');
    const lock = await takeLock(db, 'push', options);
    const done: { id: string; message: string; forward: string; durationMs: number }[] = [];
    try {
      // Another process may have pushed while we waited for the lock.
      const current = await readLedger(db);
      const fresh = reconcile(files, current);
      refuseProblems(
        fresh.problems.filter((p) => p.kind !== 'out-of-order' || !allowOutOfOrder),
        config.migrationsDir,
      );
      const replacing = new Map(fresh.rebased.map((r) => [r.file.id, r.entry.id]));
      // Values that cannot be kept (allowed above) are removed after the last migration, as on the copy.
      const repair = repairStatements(problems);
      // The state the checks found after the migrations, noted with the last one, when it is for these
      // very migrations (another process may have applied some meanwhile): see `ledgerAndLive`.
      const samePending =
        fresh.rebased.length === 0 &&
        fresh.pending.map((m) => m.id).join() === state.pending.map((m) => m.id).join();
      const noted = samePending ? stateDigest(after) : undefined;
      let seq = nextSeq(current);
      // In id order, so that the ledger's applied order is the order of the files.
      for (const migration of files.filter((f) => replacing.has(f.id) || fresh.pending.includes(f))) {
        const replaced = replacing.get(migration.id);
        if (replaced !== undefined) {
          await replaceRecord(db, replaced, ledgerRecord(migration, seq++));
          continue;
        }
        if (options.signal?.aborted) throw interruptedAfter(done, fresh.pending.length, 'push');
        const index = done.length;
        options.onEvent?.({ kind: 'applying', id: migration.id, index, total: fresh.pending.length });
        const started = performance.now();
        const last = index === fresh.pending.length - 1;
        const record = ledgerRecord(migration, seq++);
        const lost = (error: unknown) => {
          throw error instanceof ConnectionError ? connectionLostDuring(migration.id, error) : error;
        };
        // Staged for this very place in the order, or given up (another process changed the ledger).
        const stagedMs = staged?.is(record)
          ? await staged.commit(last ? { repair, stateDigest: noted } : {}).catch(lost)
          : undefined;
        await staged?.cancel();
        if (stagedMs === undefined) {
          const written = last && noted !== undefined ? { ...record, stateDigest: noted } : record;
          await applyMigration(db, written, last ? repair : undefined).catch(lost);
        } else await confirmRecorded(db, record);
        const durationMs = Math.round(stagedMs ?? performance.now() - started);
        done.push({ id: migration.id, message: migration.message, forward: migration.forward, durationMs });
        options.onEvent?.({ kind: 'applied', id: migration.id, durationMs });
      }
      if (synced && drift.length === 0) await clearSyncMarker(db);
    } finally {
      await lock.release().catch(() => undefined);
    }
    // The data check saw the records as they were before the lock: any written since must fit as well.
    if (done.length > 0) {
      const late = await recheckRecords(db, shadow, after, tablesToRecheck(ledger, after));
      if (late.length > 0) throw writtenMeanwhile(late, config, done);
    }
    return { dryRun: false, migrations: done, drift, dataLoss, rebased };
  } finally {
    await staged?.cancel();
  }
}

/** Records that do not fit the schema the migrations gave, written by someone else while they ran. */
export function writtenMeanwhile(
  late: readonly DataProblem[],
  config: Project['config'],
  done: readonly { readonly id: string }[],
  verb: 'applied' | 'rolled back' = 'applied',
): DataLossError {
  const database = `${config.namespace}/${config.database}`;
  return new DataLossError(
    `The migrations were ${verb} (${done.map((d) => d.id).join(', ')}), but ${database} now holds records that do not fit the schema they give, written while they were checked and applied:\n${late.map((p) => `  - ${dataLossItem(p).message}`).join('\n')}`,
    {
      where: database,
      hint: 'Those records cannot be written again as they are: give them values the new schema accepts (or delete them). Whatever writes them still uses the old schema; update it.',
    },
  );
}
