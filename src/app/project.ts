import { join } from 'node:path';
import type { Surreal } from 'surrealdb';
import type { ResolvedConfig } from '../config/index.js';
import { Connection, connect, Shadow } from '../engine/connection.js';
import { readMigrations } from '../history/migration-file.js';
import type { Schema } from '../model/schema.js';
import { loadSchemaFile } from './load-schema.js';
import { ProjectCache } from './project-cache.js';
import { type HistoryState, historyState, type Replayable } from './shadow-state.js';

export interface ProjectOptions {
  readonly connectTimeoutMs?: number;
  /** How long to wait for an on-disk store another process has open (see `ConnectOptions.storeWaitMs`). */
  readonly storeWaitMs?: number;
  readonly onStoreBusy?: () => void;
  /** An application's own open SDK instance to work through, instead of connecting by URL. */
  readonly surreal?: Surreal;
  /** Keep what the shadow engine finds under `.smig/cache/` (the CLI does; the API as its `cache` option says). */
  readonly cache?: boolean;
  /** Load the schema file and what it imports afresh each time (a watch mode), not from the module cache. */
  readonly freshSchema?: boolean;
  /**
   * The process exits as soon as the command is done (the CLI does): the shadow engine is closed
   * without first removing what it built, which is needed only for a process to end by itself.
   */
  readonly exitsWhenDone?: boolean;
}

/**
 * One command's view of a project: its resolved configuration, and the schema, migrations, target
 * database and shadow engine, each opened only when first asked for and closed together.
 */
export class Project {
  private shadowPromise: Promise<Shadow> | undefined;
  private connection: Promise<Connection> | undefined;
  private cacheOpening: Promise<ProjectCache | undefined> | undefined;

  constructor(
    readonly config: ResolvedConfig,
    private readonly options: ProjectOptions = {},
  ) {}

  shadow(): Promise<Shadow> {
    this.shadowPromise ??= Shadow.open();
    return this.shadowPromise;
  }

  /** What the shadow engine found before (`.smig/cache/`), or undefined when nothing is kept. */
  cache(): Promise<ProjectCache | undefined> {
    this.cacheOpening ??= this.options.cache
      ? this.shadow().then(
          async (shadow) =>
            new ProjectCache(join(this.config.projectDir, '.smig', 'cache'), await shadow.engineVersion()),
        )
      : Promise.resolve(undefined);
    return this.cacheOpening;
  }

  /** The state a migration history gives (see `historyState`). */
  async history(migrations: readonly Replayable[], label?: string): Promise<HistoryState> {
    return historyState(await this.shadow(), migrations, await this.cache(), label);
  }

  connect(): Promise<Connection> {
    const c = this.config;
    if (this.options.surreal) {
      this.connection ??= Connection.borrow(this.options.surreal, c.url, c.namespace, c.database);
      return this.connection;
    }
    this.connection ??= connect({
      url: c.url,
      namespace: c.namespace,
      database: c.database,
      ...(c.username === undefined ? {} : { username: c.username }),
      ...(c.password === undefined ? {} : { password: c.password }),
      authLevel: c.authLevel,
      ...(this.options.connectTimeoutMs === undefined ? {} : { timeoutMs: this.options.connectTimeoutMs }),
      ...(this.options.storeWaitMs === undefined ? {} : { storeWaitMs: this.options.storeWaitMs }),
      ...(this.options.onStoreBusy === undefined ? {} : { onStoreBusy: this.options.onStoreBusy }),
    });
    return this.connection;
  }

  loadSchema(): Promise<Schema> {
    return loadSchemaFile(this.config.schemaPath, {
      timeoutMs: this.config.loadTimeoutMs,
      fresh: this.options.freshSchema ?? false,
    });
  }

  migrations() {
    return readMigrations(this.config.migrationsDir);
  }

  async close(): Promise<void> {
    const closing: Promise<void>[] = [];
    if (this.connection) closing.push(this.connection.then((c) => c.close()).catch(() => undefined));
    const clear = !this.options.exitsWhenDone;
    if (this.shadowPromise)
      closing.push(this.shadowPromise.then((s) => s.close({ clear })).catch(() => undefined));
    await Promise.all(closing);
  }
}
