import { ConnectionError, DataLossError, IntegrityError, UsageError } from '../errors.js';
import { type LedgerEntry, readLedger, revertMigration } from '../history/ledger.js';
import {
  type DataLossItem,
  dataLossItem,
  describeDataProblem,
  inspectData,
  recheckRecords,
  tablesToRecheck,
} from './data-guard.js';
import { repairStatements } from './data-repair.js';
import { reconcile, refuseProblems } from './history-state.js';
import type { Project } from './project.js';
import { connectionLostDuring, interruptedAfter, type PushEvent, writtenMeanwhile } from './push.js';
import { takeLock } from './take-lock.js';

export interface RollbackOptions {
  /** Roll back every migration applied after this one (it stays applied). */
  readonly to?: string;
  /** How many of the newest migrations to roll back (default 1). */
  readonly steps?: number;
  readonly dryRun?: boolean;
  readonly allowDataLoss?: boolean;
  /** Asked before anything runs; answering false cancels. */
  readonly confirm?: (migrations: readonly LedgerEntry[]) => Promise<boolean>;
  readonly lockWaitMs?: number;
  readonly onEvent?: (event: PushEvent) => void;
  /** Aborting it stops before the next rollback; the running one commits or fails as a whole. */
  readonly signal?: AbortSignal;
}

export interface RollbackResult {
  readonly dryRun: boolean;
  readonly cancelled: boolean;
  /** Rolled back (or, in a dry run, to be), newest first. */
  readonly migrations: readonly LedgerEntry[];
  /** Data the rollback removes or invalidates, let through by `--allow-data-loss`. */
  readonly dataLoss: readonly DataLossItem[];
}

/** The applied migrations to undo, newest first. */
export function selectForRollback(
  applied: readonly LedgerEntry[],
  options: Pick<RollbackOptions, 'to' | 'steps'>,
): LedgerEntry[] {
  if (applied.length === 0) {
    throw new UsageError('There is nothing to roll back: no migration is applied to this database.', {
      hint: 'Run `smig status` to see the migrations and the database in use.',
    });
  }
  const newestFirst = [...applied].reverse();
  if (options.to !== undefined && options.steps !== undefined) {
    throw new UsageError('--to and --steps cannot be used together.', {
      where: '--to, --steps',
      hint: 'Give one of them.',
    });
  }
  if (options.to !== undefined) {
    const index = newestFirst.findIndex((e) => e.id === options.to);
    if (index < 0) {
      throw new UsageError(`--to ${options.to} names no applied migration.`, {
        where: '--to',
        hint: `Applied migrations: ${applied.map((e) => e.id).join(', ')}.`,
      });
    }
    if (index === 0) {
      throw new UsageError(`${options.to} is already the newest applied migration: nothing to roll back.`, {
        where: '--to',
        hint: 'Name an older applied migration, or use --steps.',
      });
    }
    return newestFirst.slice(0, index);
  }
  const steps = options.steps ?? 1;
  if (!Number.isInteger(steps) || steps < 1) {
    throw new UsageError(`--steps must be a whole number of at least 1 (got ${steps}).`, {
      where: '--steps',
      hint: `Give how many of the ${applied.length} applied migration(s) to roll back, for example --steps 1.`,
    });
  }
  if (steps > applied.length) {
    throw new UsageError(`--steps ${steps} is more than the ${applied.length} applied migration(s).`, {
      hint: `Use --steps ${applied.length} to roll back everything.`,
    });
  }
  return newestFirst.slice(0, steps);
}

/**
 * The ledger's stored rollback is what runs; when the migration's file is there (and unedited, which the
 * checksum proves), the stored rollback must be the file's rollback section, or the ledger was altered.
 */
function checkStoredRollbacks(
  targets: readonly LedgerEntry[],
  applied: readonly { readonly entry: LedgerEntry; readonly file?: { readonly rollback: string } }[],
  migrationsDir: string,
): void {
  for (const entry of targets) {
    const file = applied.find((a) => a.entry.id === entry.id)?.file;
    if (file && file.rollback.trim() !== entry.down.trim()) {
      throw new IntegrityError(
        `The rollback of ${entry.id} stored in the database differs from the rollback section of ${migrationsDir}/${entry.id}.surql, whose checksum matches the ledger: the ledger record was changed after the migration was applied.`,
        {
          where: `_smig_migrations:${entry.id}`,
          hint: "Nothing was run. Find out who changed the ledger record; to undo this migration as its reviewed file says, restore the record (or run the file's rollback section by hand and then `smig resolve --rolled-back <id>`).",
        },
      );
    }
  }
}

/**
 * What the rollback sections would do to the data: judged like a push, with the rollbacks (newest first)
 * as the migrations to run, on a copy of the data in the current state.
 */
async function rollbackDataLoss(
  project: Project,
  ledger: readonly LedgerEntry[],
  targets: readonly LedgerEntry[],
  onRecords: (records: number, tables: number) => void,
) {
  const shadow = await project.shadow();
  const applied = ledger.map((e) => ({ id: e.id, forward: e.up }));
  const [now, after] = await Promise.all([
    project.history(applied, 'rollback-now'),
    project.history(applied.slice(0, ledger.length - targets.length), 'rollback-after'),
  ]);
  const problems = await inspectData({
    target: await project.connect(),
    shadow,
    applied,
    pending: targets.map((e) => ({ id: e.id, forward: e.down })),
    before: now.snapshot,
    after: after.snapshot,
    onRecords,
  });
  return { problems, before: now.snapshot, after: after.snapshot };
}

/**
 * Runs the stored rollback of the newest applied migration(s), each in one transaction with the removal
 * of its ledger record. The stored rollback is used, so this works without the migration files.
 */
export async function rollback(project: Project, options: RollbackOptions = {}): Promise<RollbackResult> {
  const { config } = project;
  options.onEvent?.({ kind: 'phase', phase: 'reading' });
  const db = await project.connect();
  const ledger = await readLedger(db);
  const state = reconcile(await project.migrations(), ledger);
  // The stored rollbacks run, so a missing file does not matter here; an edited one does.
  refuseProblems(
    state.problems.filter((p) => p.kind === 'edited'),
    config.migrationsDir,
  );
  const targets = selectForRollback(ledger, options);
  checkStoredRollbacks(targets, state.applied, config.migrationsDir);
  for (const entry of targets) {
    if (!state.applied.some((a) => a.entry.id === entry.id && a.file)) {
      options.onEvent?.({ kind: 'stored-rollback', id: entry.id });
    }
  }
  options.onEvent?.({ kind: 'phase', phase: 'checking-data', count: targets.length });
  const { problems, before, after } = await rollbackDataLoss(project, ledger, targets, (records, tables) =>
    options.onEvent?.({ kind: 'phase', phase: 'checking-data', count: targets.length, records, tables }),
  );
  const dataLoss = problems.map(dataLossItem);
  const blocking = problems.filter((p) => p.blocking !== undefined);
  if (blocking.length > 0) {
    throw new DataLossError(
      `Rolling back cannot keep every record of ${config.namespace}/${config.database} writable, even with --allow-data-loss:\n${blocking.map((p) => `  - ${describeDataProblem(p)}`).join('\n')}`,
      {
        where: `${config.namespace}/${config.database}`,
        hint: 'Nothing was changed. Migrate the data first (give the records what the earlier schema needs), then roll back.',
      },
    );
  }
  if (dataLoss.length > 0 && !options.allowDataLoss) {
    throw new DataLossError(
      `Rolling back would lose data in ${config.namespace}/${config.database}:\n${dataLoss.map((d) => `  - ${d.message}`).join('\n')}`,
      {
        where: `${config.namespace}/${config.database}`,
        hint: 'Nothing was changed. Move or export that data first, or run rollback with --allow-data-loss if losing it is intended.',
      },
    );
  }
  if (options.dryRun) return { dryRun: true, cancelled: false, migrations: targets, dataLoss };
  if (options.confirm && !(await options.confirm(targets)))
    return { dryRun: false, cancelled: true, migrations: [], dataLoss: [] };

  options.onEvent?.({ kind: 'phase', phase: 'locking' });
  const lock = await takeLock(db, 'rollback', options);
  const done: LedgerEntry[] = [];
  try {
    const current = await readLedger(db);
    const fresh = selectForRollback(
      current,
      options.to === undefined ? { steps: targets.length } : { to: options.to },
    );
    // Values that cannot be kept (allowed above) are removed after the last rollback, as on the copy.
    const repair = repairStatements(problems);
    for (const [index, entry] of fresh.entries()) {
      if (options.signal?.aborted) throw interruptedAfter(done, fresh.length, 'rollback');
      const last = index === fresh.length - 1;
      options.onEvent?.({ kind: 'applying', id: entry.id, index, total: fresh.length });
      const started = performance.now();
      await revertMigration(db, entry, last ? repair : undefined).catch((error: unknown) => {
        throw error instanceof ConnectionError ? connectionLostDuring(entry.id, error, 'rollback') : error;
      });
      options.onEvent?.({
        kind: 'applied',
        id: entry.id,
        durationMs: Math.round(performance.now() - started),
      });
      done.push(entry);
    }
  } finally {
    await lock.release().catch(() => undefined);
  }
  // The data check saw the records as they were before the lock: any written since must fit as well.
  if (done.length > 0) {
    const late = await recheckRecords(db, await project.shadow(), after, tablesToRecheck(before, after));
    if (late.length > 0) throw writtenMeanwhile(late, config, done, 'rolled back');
  }
  return { dryRun: false, cancelled: false, migrations: done, dataLoss };
}
