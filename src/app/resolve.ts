import { IntegrityError, UsageError } from '../errors.js';
import {
  forgetMigration,
  type LedgerEntry,
  nextSeq,
  readLedger,
  recordMigration,
} from '../history/ledger.js';
import { clearSyncMarker } from '../history/sync-marker.js';
import { introspect } from '../introspect/introspect.js';
import { type MigrationSource, reconcile } from './history-state.js';
import { ledgerRecord } from './ledger-record.js';
import { describeDrift, liveSnapshot } from './live-state.js';
import { concurrently, phaseEvent } from './phase.js';
import type { Project } from './project.js';
import type { PushEvent } from './push.js';
import { type Replayable, replayInto } from './shadow-state.js';
import { takeLock } from './take-lock.js';

export interface ResolveOptions {
  /** Record this pending migration (and every pending one before it) as applied, without running it. */
  readonly applied?: string;
  /** Remove this migration's ledger record, without running its rollback. */
  readonly rolledBack?: string;
  readonly lockWaitMs?: number;
  readonly onEvent?: (event: PushEvent) => void;
}

export interface ResolveResult {
  readonly action: 'applied' | 'rolled-back';
  /** The migrations whose ledger records were written or removed, in id order. */
  readonly ids: readonly string[];
  readonly database: string;
}

/**
 * Repairs the ledger when it no longer tells the truth (records lost, a migration run or undone by hand):
 * `applied` records pending migrations as applied, `rolledBack` removes an applied one's record. Nothing
 * of the migrations runs. Before anything is written, the live schema must be exactly what the ledger
 * will then describe (its migrations replayed on the shadow), so a repair can never make the ledger lie.
 */
export async function resolve(project: Project, options: ResolveOptions): Promise<ResolveResult> {
  const { config } = project;
  const database = `${config.namespace}/${config.database}`;
  const action = chooseAction(options);
  const report = options.onEvent;
  report?.(phaseEvent({ phase: 'reading' }));
  const db = await project.connect();
  const files = await project.migrations();
  const ledger = await readLedger(db);
  const state = reconcile(files, ledger);

  let recorded: MigrationSource[] = [];
  let removed: LedgerEntry | undefined;
  let resulting: Replayable[];
  if (action.kind === 'applied') {
    const index = state.pending.findIndex((m) => m.id === action.id);
    if (index < 0) throw notPending(action.id, ledger, files, config.migrationsDir);
    recorded = state.pending.slice(0, index + 1);
    resulting = [
      ...ledger.map((e) => ({ id: e.id, forward: e.up })),
      ...recorded.map((m) => ({ id: m.id, forward: m.forward })),
    ].sort((a, b) => (a.id < b.id ? -1 : 1));
  } else {
    removed = ledger.find((e) => e.id === action.id);
    if (!removed) {
      throw new UsageError(
        `${action.id} is not recorded as applied to ${database}: there is nothing to remove.`,
        {
          where: action.id,
          hint: `Applied migrations: ${ledger.map((e) => e.id).join(', ') || '(none)'}.`,
        },
      );
    }
    resulting = ledger.filter((e) => e.id !== action.id).map((e) => ({ id: e.id, forward: e.up }));
  }

  const shadow = await project.shadow();
  const [live, expected] = await concurrently(report, [
    [{ phase: 'reading-live' }, () => liveSnapshot(shadow, db)],
    [
      { phase: 'replaying', count: resulting.length },
      async () => {
        const expectedDb = await shadow.database('resolve');
        await replayInto(expectedDb, resulting);
        return introspect(expectedDb);
      },
    ],
  ] as const);
  const differences = describeDrift(live, expected);
  if (differences.length > 0) {
    const ids = action.kind === 'applied' ? recorded.map((m) => m.id).join(', ') : action.id;
    throw new IntegrityError(
      `${database} does not look as if ${ids} ${action.kind === 'applied' ? 'had been applied' : 'had been rolled back'}; the ledger was not changed. Between the database and the schema the ledger would then describe:\n${differences.map((d) => `  - ${d}`).join('\n')}`,
      {
        where: database,
        hint:
          action.kind === 'applied'
            ? 'Name the newest migration the database really has (every pending one before it is recorded too), or apply the migration with `smig push` instead.'
            : 'Run its rollback first (or use `smig rollback`, which runs it and removes the record together).',
      },
    );
  }

  report?.(phaseEvent({ phase: 'locking' }));
  const lock = await takeLock(db, 'resolve', options);
  try {
    const now = await readLedger(db);
    if (now.length !== ledger.length || now.some((e, i) => e.id !== ledger[i]?.id)) {
      throw new IntegrityError(`Another process changed the ledger of ${database} meanwhile.`, {
        where: database,
        hint: 'Run `smig status` to see what happened, then resolve again if it is still needed.',
      });
    }
    if (removed) await forgetMigration(db, removed.id);
    let seq = nextSeq(now);
    for (const m of recorded) await recordMigration(db, ledgerRecord(m, seq++));
    // The database is exactly what its ledger describes: no longer a synced one.
    await clearSyncMarker(db);
  } finally {
    await lock.release().catch(() => undefined);
  }
  return { action: action.kind, ids: removed ? [removed.id] : recorded.map((m) => m.id), database };
}

function chooseAction(options: ResolveOptions): { kind: 'applied' | 'rolled-back'; id: string } {
  if ((options.applied === undefined) === (options.rolledBack === undefined)) {
    throw new UsageError('smig resolve needs exactly one of --applied <id> and --rolled-back <id>.', {
      where: 'smig resolve',
      hint: '--applied records a migration the database already has; --rolled-back forgets one it no longer has.',
    });
  }
  return options.applied !== undefined
    ? { kind: 'applied', id: options.applied }
    : { kind: 'rolled-back', id: options.rolledBack as string };
}

function notPending(
  id: string,
  ledger: readonly LedgerEntry[],
  files: readonly MigrationSource[],
  migrationsDir: string,
): UsageError {
  if (ledger.some((e) => e.id === id)) {
    return new UsageError(`${id} is already recorded as applied.`, {
      where: id,
      hint: 'Nothing to resolve.',
    });
  }
  return new UsageError(`There is no migration file ${migrationsDir}/${id}.surql to record as applied.`, {
    where: migrationsDir,
    hint: `Pending migrations: ${files.map((f) => f.id).join(', ') || '(none)'}.`,
  });
}
