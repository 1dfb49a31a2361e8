import { compileSchema } from '../compile/index.js';
import { redactUrl } from '../engine/url.js';
import { SchemaError } from '../errors.js';
import { readLedger } from '../history/ledger.js';
import { type HeldLock, readLock } from '../history/lock.js';
import { readSyncMarker, type SyncMarker } from '../history/sync-marker.js';
import { emptySnapshot } from '../introspect/introspect.js';
import { readUnmanaged, type UnmanagedReport } from '../introspect/unmanaged.js';
import type { Schema } from '../model/schema.js';
import { type Counts, snapshotCounts } from './counts.js';
import { type ForkReport, findForks } from './forks.js';
import { type ProblemItem, problemItem, reconcile } from './history-state.js';
import { type DriftItem, driftItems, liveSnapshot } from './live-state.js';
import { concurrently, type ProgressEvent, phaseEvent } from './phase.js';
import type { Project } from './project.js';
import { schemaState } from './shadow-state.js';

export interface StatusResult {
  readonly database: string;
  readonly url: string;
  readonly connected: boolean;
  readonly connectionError?: string;
  readonly applied: readonly { readonly id: string; readonly message: string; readonly appliedAt: string }[];
  readonly pending: readonly { readonly id: string; readonly message: string }[];
  /** Edited or missing applied migrations, out-of-order pending ones. */
  readonly problems: readonly ProblemItem[];
  /** Migrations made from the same state on different branches. */
  readonly forks: readonly ForkReport[];
  /** Files `smig rebase` made of a migration applied here: push records them in its place. */
  readonly rebased: readonly { readonly id: string; readonly replaces: string }[];
  readonly tables: readonly string[];
  /** How many entities of each kind the live database has. */
  readonly counts: Counts;
  /** Whether the live database matches the schema file (undefined when it could not be told). */
  readonly inSync: boolean | undefined;
  /** What differs between the live database and the schema file. */
  readonly drift: readonly DriftItem[];
  /** Why the schema file could not be compared, when it could not. */
  readonly schemaError?: string;
  /** Definitions smig does not manage (APIs, buckets, namespace and root users, …): never drift. */
  readonly unmanaged: UnmanagedReport;
  /** The migration lock, when a process holds it (or left it behind). */
  readonly lock?: HeldLock | null;
  /**
   * Set when `smig sync` changed the database's schema (the latest sync): it was synced from the schema
   * file, not migrated, until push, resolve or baseline find it exactly what its migrations give.
   */
  readonly synced: SyncMarker | null;
}

/**
 * Compares the ledger with the migration files, and the live database's schema with the schema file.
 * A database that cannot be reached is reported, not thrown.
 */
export async function status(
  project: Project,
  options: { readonly onEvent?: (event: ProgressEvent) => void } = {},
): Promise<StatusResult> {
  const { config } = project;
  const report = options.onEvent;
  const base = { database: `${config.namespace}/${config.database}`, url: redactUrl(config.rawUrl) };
  report?.(phaseEvent({ phase: 'reading' }));
  let db: Awaited<ReturnType<Project['connect']>>;
  try {
    db = await project.connect();
  } catch (error) {
    return {
      ...base,
      connected: false,
      connectionError: (error as Error).message,
      applied: [],
      pending: [],
      problems: [],
      forks: [],
      rebased: [],
      tables: [],
      counts: snapshotCounts(emptySnapshot),
      inSync: undefined,
      drift: [],
      unmanaged: { definitions: [], unchecked: [] },
      synced: null,
    };
  }
  const files = await project.migrations();
  const state = reconcile(files, await readLedger(db));
  const synced = (await readSyncMarker(db)) ?? null;
  const shadow = await project.shadow();
  // The schema file may be broken while the database is fine: report it, do not fail the status.
  let schema: Schema | undefined;
  let schemaError: string | undefined;
  const desiredState = async () => {
    try {
      schema = await project.loadSchema();
      return (await schemaState(shadow, compileSchema(schema), config.schemaPath, await project.cache()))
        .snapshot;
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      schemaError = error.message;
      return undefined;
    }
  };
  // Shadow databases, built at once.
  const [[live, unmanaged], desired, forks] = await concurrently(report, [
    [{ phase: 'reading-live' }, () => Promise.all([liveSnapshot(shadow, db), readUnmanaged(db, config)])],
    [{ phase: 'proving-schema' }, desiredState],
    [{ phase: 'forks' }, () => findForks(shadow, files)],
  ] as const);
  const drift = desired === undefined ? [] : driftItems(live, desired);
  const liveTables = [...live.entities.values()].filter((e) => e.ref.kind === 'table').map((e) => e.ref.name);
  // Tables in the order of the schema file, then any others.
  const order = schema?.tables.map((t) => t.name) ?? [];
  const tables = [
    ...order.filter((t) => liveTables.includes(t)),
    ...liveTables.filter((t) => !order.includes(t)).sort(),
  ];
  return {
    ...base,
    connected: true,
    applied: state.applied.map(({ entry }) => ({
      id: entry.id,
      message: entry.message,
      appliedAt: entry.appliedAt.toISOString(),
    })),
    pending: state.pending.map((m) => ({ id: m.id, message: m.message })),
    problems: state.problems.map((p) => problemItem(p, config.migrationsDir)),
    forks,
    rebased: state.rebased.map(({ entry, file }) => ({ id: file.id, replaces: entry.id })),
    tables,
    counts: snapshotCounts(live),
    inSync: schemaError === undefined ? drift.length === 0 : undefined,
    drift,
    ...(schemaError === undefined ? {} : { schemaError }),
    unmanaged,
    lock: (await readLock(db)) ?? null,
    synced,
  };
}
