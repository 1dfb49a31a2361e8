import { compileSchema } from '../compile/index.js';
import { redactUrl } from '../engine/url.js';
import { SchemaError } from '../errors.js';
import { readLedger } from '../history/ledger.js';
import { type HeldLock, readLock } from '../history/lock.js';
import type { Schema } from '../model/schema.js';
import { describeProblem, reconcile } from './history-state.js';
import { describeDrift, liveSnapshot } from './live-state.js';
import type { Project } from './project.js';
import { applySchema } from './shadow-state.js';

export interface StatusResult {
  readonly database: string;
  readonly url: string;
  readonly connected: boolean;
  readonly connectionError?: string;
  readonly applied: readonly { readonly id: string; readonly message: string; readonly appliedAt: string }[];
  readonly pending: readonly { readonly id: string; readonly message: string }[];
  /** Edited or missing applied migrations, out-of-order pending ones. */
  readonly problems: readonly string[];
  readonly tables: readonly string[];
  /** Whether the live database matches the schema file (undefined when it could not be told). */
  readonly inSync: boolean | undefined;
  /** What differs between the live database and the schema file. */
  readonly drift: readonly string[];
  /** Why the schema file could not be compared, when it could not. */
  readonly schemaError?: string;
  /** The migration lock, when a process holds it (or left it behind). */
  readonly lock?: HeldLock | null;
}

/**
 * Compares the ledger with the migration files, and the live database's schema with the schema file.
 * A database that cannot be reached is reported, not thrown.
 */
export async function status(project: Project): Promise<StatusResult> {
  const { config } = project;
  const base = { database: `${config.namespace}/${config.database}`, url: redactUrl(config.rawUrl) };
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
      tables: [],
      inSync: undefined,
      drift: [],
    };
  }
  const files = await project.migrations();
  const state = reconcile(files, await readLedger(db));
  const shadow = await project.shadow();
  // The schema file may be broken while the database is fine: report it, do not fail the status.
  let schema: Schema | undefined;
  let schemaError: string | undefined;
  const desiredState = async () => {
    try {
      schema = await project.loadSchema();
      return (await applySchema(shadow, compileSchema(schema), config.schemaPath)).snapshot;
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      schemaError = error.message;
      return undefined;
    }
  };
  // Two shadow databases, built at once.
  const [live, desired] = await Promise.all([liveSnapshot(shadow, db), desiredState()]);
  const drift = desired === undefined ? [] : describeDrift(live, desired);
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
    problems: state.problems.map((p) => describeProblem(p, config.migrationsDir)),
    tables,
    inSync: schemaError === undefined ? drift.length === 0 : undefined,
    drift,
    ...(schemaError === undefined ? {} : { schemaError }),
    lock: (await readLock(db)) ?? null,
  };
}
