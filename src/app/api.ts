import type { Surreal } from 'surrealdb';
import { type ConfigFlags, loadConfig } from '../config/index.js';
import { type DiffOutcome, makeMigration } from './make-migration.js';
import { Project } from './project.js';
import { type PushOptions, type PushResult, push } from './push.js';
import { type RollbackOptions, type RollbackResult, rollback as rollbackMigrations } from './rollback.js';
import { type StatusResult, status } from './status.js';

export interface ApiOptions extends ConfigFlags {
  /** The project folder (where smig.config.* and schema.ts live); default: the working directory. */
  readonly cwd?: string;
  /** Environment variables to read SMIG_* from; default: process.env. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly connectTimeoutMs?: number;
  /**
   * The application's own open connection (`new Surreal(...)` after `connect()`): smig works in a session
   * of its own on it and leaves it open. Needed for an embedded on-disk store, which only one connection
   * per process can hold.
   */
  readonly surreal?: Surreal;
  /**
   * Keep what the shadow engine finds under the project's `.smig/cache/`, as the CLI does, and start from
   * it: a history, a schema file or a migration seen before is not applied, proved or rehearsed again.
   * Default: on for `diff()` (a development tool, which writes into the project anyway), off for the
   * others, which may run where the application is deployed.
   */
  readonly cache?: boolean;
}

async function open(options: ApiOptions, cacheByDefault: boolean): Promise<Project> {
  const { cwd, environment, connectTimeoutMs, surreal, cache, ...flags } = options;
  const config = await loadConfig({ cwd: cwd ?? process.cwd(), flags, env: environment ?? process.env });
  return new Project(config, {
    cache: cache ?? cacheByDefault,
    ...(connectTimeoutMs === undefined ? {} : { connectTimeoutMs }),
    ...(surreal === undefined ? {} : { surreal }),
  });
}

async function using<T>(
  options: ApiOptions,
  work: (project: Project) => Promise<T>,
  cacheByDefault = false,
): Promise<T> {
  const project = await open(options, cacheByDefault);
  try {
    return await work(project);
  } finally {
    await project.close();
  }
}

/**
 * Applies pending migrations, as `smig push` does (same lock, same integrity and drift checks): for
 * running migrations when an application starts.
 *
 * @example
 * import { migrate } from 'smig';
 * await migrate({ url: process.env.DATABASE_URL, namespace: 'app', database: 'prod' });
 */
export function migrate(options: ApiOptions & PushOptions = {}): Promise<PushResult> {
  const { allowDrift, allowOutOfOrder, allowDataLoss, dryRun, lockWaitMs, onEvent, signal, ...rest } =
    options;
  return using(rest, (project) =>
    push(
      project,
      defined({ allowDrift, allowOutOfOrder, allowDataLoss, dryRun, lockWaitMs, onEvent, signal }),
    ),
  );
}

/**
 * Undoes the newest applied migrations, as `smig rollback` does (same lock, integrity and data checks).
 * Nothing asks for confirmation here: calling it is the confirmation.
 *
 * @example
 * import { rollback } from 'smig';
 * await rollback({ steps: 1, namespace: 'app', database: 'prod' });
 */
export function rollback(
  options: ApiOptions & Omit<RollbackOptions, 'confirm'> = {},
): Promise<RollbackResult> {
  const { to, steps, dryRun, allowDataLoss, lockWaitMs, onEvent, signal, ...rest } = options;
  return using(rest, (project) =>
    rollbackMigrations(project, defined({ to, steps, dryRun, allowDataLoss, lockWaitMs, onEvent, signal })),
  );
}

/** The options that were given, without the keys left undefined. */
function defined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as T;
}

/** `smig status` as data. */
export function getStatus(options: ApiOptions = {}): Promise<StatusResult> {
  return using(options, (project) => status(project));
}

/** `smig diff` as data; with a message the migration file is written. */
export function diff(options: ApiOptions & { readonly message?: string } = {}): Promise<DiffOutcome> {
  const { message, ...rest } = options;
  return using(
    rest,
    (project) => makeMigration(project, { ...(message === undefined ? {} : { message }), now: new Date() }),
    true,
  );
}
