import type { ParsedUrl } from '../engine/url.js';

/** Which kind of user SurrealDB signs in as: a root user, or one defined on a namespace or database. */
export type AuthLevel = 'root' | 'namespace' | 'database';

/**
 * The settings a config file (or one of its environments) may set. `undefined` reads as not set, so that
 * `username: process.env.DB_USER` type-checks under `exactOptionalPropertyTypes` too.
 */
export interface SmigSettings {
  /** The schema file, relative to the config file's folder. Default: the first of `schema.{ts,mts,js,mjs}`. */
  schema?: string | undefined;
  /** The migrations folder, relative to the config file's folder. Default: `./migrations`. */
  migrations?: string | undefined;
  /** The database URL. Default: `surrealkv://.smig/dev.db` (embedded, on disk, no server needed). */
  url?: string | undefined;
  /** Default: `test`. */
  namespace?: string | undefined;
  /** Default: `test`. */
  database?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  /** Default: `root`. */
  authLevel?: AuthLevel | undefined;
  /**
   * How many seconds the schema file may take to load (its top-level code runs when it is loaded). `0`
   * means no limit. Default: 30. The config file itself is bounded by `--load-timeout` or
   * `SMIG_LOAD_TIMEOUT`, since it cannot set its own limit.
   */
  loadTimeout?: number | string | undefined;
}

/** The shape of `smig.config.ts`: settings plus named environments that override them (`--env <name>`). */
export interface SmigConfig extends SmigSettings {
  environments?: Record<string, SmigSettings> | undefined;
}

/** The settings that every source (flag, config file, environment variable, default) can provide. */
export type SettingName = keyof SmigSettings;

export const settingNames: readonly SettingName[] = [
  'url',
  'namespace',
  'database',
  'username',
  'password',
  'authLevel',
  'schema',
  'migrations',
  'loadTimeout',
];

export const authLevels: readonly AuthLevel[] = ['root', 'namespace', 'database'];

/**
 * Where a setting's value came from. `config` includes the `environments[--env]` overrides;
 * `environment` is the process environment, `env-file` the project's `.env`.
 */
export type SettingSource = 'flag' | 'config' | 'environment' | 'env-file' | 'default';

/** Global command-line options, as parsed by the CLI (all optional). */
export interface ConfigFlags extends Partial<Record<SettingName, string | undefined>> {
  /** An explicit config file, relative to the working directory. */
  config?: string | undefined;
  /** The environment of the config file to apply. */
  env?: string | undefined;
}

export interface LoadConfigOptions {
  /** The working directory: where the config file is searched for, and what flags are relative to. */
  cwd: string;
  flags?: ConfigFlags;
  /**
   * The process environment (`process.env` in production; tests pass their own object). When it is
   * `process.env` itself, the project's `.env` is loaded into it (without overriding what is set) before
   * the config file is evaluated, so that the config file sees those variables too.
   */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The settings every command runs with, after applying all sources in precedence order. */
export interface ResolvedConfig {
  /** The config file's folder, or the working directory when there is none. */
  readonly projectDir: string;
  /** The absolute path of the config file, when one was used. */
  readonly configFile?: string;
  /** The environment applied from the config file. */
  readonly env?: string;
  /** What chose it: `--env` (`flag`), `SMIG_ENV` (`environment`) or `SMIG_ENV` in `.env` (`env-file`). */
  readonly envSource?: SettingSource;
  /** Absolute. */
  readonly schemaPath: string;
  /** Absolute. */
  readonly migrationsDir: string;
  readonly url: ParsedUrl;
  /** The URL as written (may contain a password: print it with `redactUrl`). */
  readonly rawUrl: string;
  readonly namespace: string;
  readonly database: string;
  readonly username?: string;
  readonly password?: string;
  readonly authLevel: AuthLevel;
  /** How long the schema file may take to load; 0 is no limit. */
  readonly loadTimeoutMs: number;
  readonly sources: Readonly<Record<SettingName, SettingSource>>;
}

/** The `SMIG_*` environment variable of each setting. */
export const envVarNames: Readonly<Record<SettingName, string>> = {
  url: 'SMIG_URL',
  namespace: 'SMIG_NAMESPACE',
  database: 'SMIG_DATABASE',
  username: 'SMIG_USERNAME',
  password: 'SMIG_PASSWORD',
  authLevel: 'SMIG_AUTH_LEVEL',
  schema: 'SMIG_SCHEMA',
  migrations: 'SMIG_MIGRATIONS',
  loadTimeout: 'SMIG_LOAD_TIMEOUT',
};

/** Selects an environment of the config file, like `--env`. */
export const envSelectorVar = 'SMIG_ENV';
