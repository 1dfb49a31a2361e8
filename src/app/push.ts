import type { Queryable } from '../engine/connection.js';
import { DataLossError, IntegrityError } from '../errors.js';
import { applyMigration, readLedger, revertMigration } from '../history/ledger.js';
import { acquireLock, type LockHolder } from '../history/lock.js';
import { introspect } from '../introspect/introspect.js';
import type { Snapshot } from '../model/snapshot.js';
import { smigVersion } from '../version.js';
import { describeDataProblem, inspectData } from './data-guard.js';
import { repairStatements } from './data-repair.js';
import { type MigrationSource, reconcile, refuseProblems } from './history-state.js';
import { describeDrift, liveSnapshot } from './live-state.js';
import type { Project } from './project.js';
import { replayInto } from './shadow-state.js';

export type PushEvent =
  | { readonly kind: 'lock-takeover' | 'lock-waiting'; readonly holder: LockHolder }
  | { readonly kind: 'applying'; readonly id: string; readonly index: number; readonly total: number }
  | { readonly kind: 'applied'; readonly id: string; readonly durationMs: number };

export interface PushOptions {
  readonly dryRun?: boolean;
  readonly allowDrift?: boolean;
  readonly allowOutOfOrder?: boolean;
  readonly allowDataLoss?: boolean;
  readonly lockWaitMs?: number;
  readonly onEvent?: (event: PushEvent) => void;
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
  readonly drift: readonly string[];
  /** Data the migrations remove or invalidate, let through by `--allow-data-loss`. */
  readonly dataLoss: readonly string[];
}

function toRecord(m: MigrationSource) {
  return { id: m.id, message: m.message, checksum: m.checksum, up: m.forward, down: m.rollback, smigVersion };
}

/**
 * Proves every pending migration on a shadow database in the state the ledger describes (`state`),
 * before anything touches the target: each must apply in its transaction, and its rollback must
 * restore the state before it. Returns the state after all of them.
 */
async function checkPending(
  db: Queryable,
  state: Snapshot,
  pending: readonly MigrationSource[],
  dir: string,
): Promise<Snapshot> {
  let before = state;
  for (const migration of pending) {
    const record = toRecord(migration);
    try {
      await applyMigration(db, record);
      await revertMigration(db, { ...record, appliedAt: new Date(), durationMs: 0 });
    } catch (error) {
      throw new IntegrityError(
        `${dir}/${migration.id}.surql fails on a scratch copy of the database: ${(error as Error).message}`,
        {
          where: `${dir}/${migration.id}.surql`,
          hint: 'Fix the migration file; nothing was run on the database.',
        },
      );
    }
    const restored = await introspect(db);
    const left = describeDrift(restored, before);
    if (left.length > 0) {
      throw new IntegrityError(
        `The rollback section of ${dir}/${migration.id}.surql does not restore the schema as it was before:\n${left.map((l) => `  - ${l}`).join('\n')}`,
        {
          where: `${dir}/${migration.id}.surql`,
          hint: 'Fix its rollback section; nothing was run on the database.',
        },
      );
    }
    await applyMigration(db, record);
    before = await introspect(db);
  }
  return before;
}

/**
 * Applies pending migrations in order, each in one transaction with its ledger record, under the lock.
 * Integrity, each pending file and the database's drift from its ledger are checked first.
 */
export async function push(project: Project, options: PushOptions = {}): Promise<PushResult> {
  const { config } = project;
  const db = await project.connect();
  const files = await project.migrations();
  const state = reconcile(files, await readLedger(db));
  refuseProblems(
    state.problems.filter((p) => p.kind !== 'out-of-order' || !options.allowOutOfOrder),
    config.migrationsDir,
  );

  const shadow = await project.shadow();
  const expected = await shadow.database('ledger');
  const ledgerState = async () => {
    await replayInto(
      expected,
      state.applied.map(({ entry }) => ({ id: entry.id, forward: entry.up })),
    );
    return introspect(expected);
  };
  // The state the ledger describes and the live one, built at once on two shadow databases.
  const [live, ledger] = await Promise.all([liveSnapshot(shadow, db), ledgerState()]);
  const drift = describeDrift(live, ledger);
  if (drift.length > 0 && !options.allowDrift) {
    const never = state.applied.length === 0;
    throw new IntegrityError(
      `The database ${config.namespace}/${config.database} ${never ? 'already has a schema that smig did not create' : 'has changed since its last migration'}:\n${drift.map((d) => `  - ${d}`).join('\n')}`,
      {
        where: `${config.namespace}/${config.database}`,
        hint: never
          ? 'Adopt it with `smig baseline`, or run push with --allow-drift to apply the migrations anyway.'
          : 'Someone changed the schema by hand. Put the change into the schema file and a migration, or revert it; --allow-drift applies the migrations anyway.',
      },
    );
  }
  if (state.pending.length === 0)
    return { dryRun: options.dryRun ?? false, migrations: [], drift, dataLoss: [] };

  const appliedEntries = state.applied.map((a) => a.entry);
  const after = await checkPending(expected, ledger, state.pending, config.migrationsDir);
  const problems = await inspectData({
    target: db,
    shadow,
    applied: appliedEntries.map((e) => ({ id: e.id, forward: e.up })),
    pending: state.pending,
    before: ledger,
    after,
  });
  const dataLoss = problems.map(describeDataProblem);
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
  if (dataLoss.length > 0 && !options.allowDataLoss) {
    throw new DataLossError(
      `The pending migrations would lose or invalidate data in ${config.namespace}/${config.database}:\n${dataLoss.map((d) => `  - ${d}`).join('\n')}`,
      {
        where: `${config.namespace}/${config.database}`,
        hint: 'Nothing was changed. Migrate the data first (e.g. add a backfill UPDATE to the migration), or run push with --allow-data-loss if losing it is intended.',
      },
    );
  }
  if (options.dryRun) {
    const migrations = state.pending.map((m) => ({ id: m.id, message: m.message, forward: m.forward }));
    return { dryRun: true, migrations, drift, dataLoss };
  }

  const lock = await acquireLock(db, {
    command: 'push',
    ...(options.lockWaitMs === undefined ? {} : { waitMs: options.lockWaitMs }),
    onEvent: (e) =>
      options.onEvent?.({ kind: e.kind === 'takeover' ? 'lock-takeover' : 'lock-waiting', holder: e.holder }),
  });
  const done: { id: string; message: string; forward: string; durationMs: number }[] = [];
  try {
    // Another process may have pushed while we waited for the lock.
    const fresh = reconcile(files, await readLedger(db));
    refuseProblems(
      fresh.problems.filter((p) => p.kind !== 'out-of-order' || !options.allowOutOfOrder),
      config.migrationsDir,
    );
    // Values that cannot be kept (allowed above) are removed after the last migration, as on the copy.
    const repair = repairStatements(problems);
    for (const [index, migration] of fresh.pending.entries()) {
      options.onEvent?.({ kind: 'applying', id: migration.id, index, total: fresh.pending.length });
      const started = performance.now();
      const last = index === fresh.pending.length - 1;
      await applyMigration(db, toRecord(migration), last ? repair : undefined);
      const durationMs = Math.round(performance.now() - started);
      done.push({ id: migration.id, message: migration.message, forward: migration.forward, durationMs });
      options.onEvent?.({ kind: 'applied', id: migration.id, durationMs });
    }
  } finally {
    await lock.release().catch(() => undefined);
  }
  return { dryRun: false, migrations: done, drift, dataLoss };
}
