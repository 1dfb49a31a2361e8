import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseDatabaseUrl } from '../engine/url.js';
import { ConfigError } from '../errors.js';
import { secondsText, withTimeout } from '../timeout.js';
import { importUserModule } from '../user-module.js';
import type {
  AuthLevel,
  LoadConfigOptions,
  ResolvedConfig,
  SettingName,
  SettingSource,
  SmigConfig,
  SmigSettings,
} from './config-types.js';
import { envSelectorVar, envVarNames, settingNames } from './config-types.js';
import { readEnvFile } from './env-file.js';
import { checkSettingValue, selectEnvironment, validateConfig } from './validate-config.js';

/** Searched in this order in the working directory; the first one found is used. */
export const configFileNames: readonly string[] = [
  'smig.config.ts',
  'smig.config.mts',
  'smig.config.js',
  'smig.config.mjs',
  'smig.config.json',
];

/** The default schema file is the first of these that exists in the project folder. */
export const schemaFileNames: readonly string[] = ['schema.ts', 'schema.mts', 'schema.js', 'schema.mjs'];

const loadableExtensions = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json']);

const defaults = {
  url: 'surrealkv://.smig/dev.db',
  namespace: 'test',
  database: 'test',
  migrations: './migrations',
  authLevel: 'root',
  loadTimeout: '30',
} as const;

const flagNames: Readonly<Record<SettingName, string>> = {
  url: '--url',
  namespace: '--namespace',
  database: '--database',
  username: '--username',
  password: '--password',
  authLevel: '--auth-level',
  schema: '--schema',
  migrations: '--migrations',
  loadTimeout: '--load-timeout',
};

/**
 * Resolves the settings a command runs with. Precedence, highest first: flags, `SMIG_*` variables of the
 * process, `SMIG_*` variables of the project's `.env`, the config file with `environments[--env]` applied
 * over its top level, defaults — as in Flyway and Liquibase, so that a CI job's environment always decides
 * the target. Relative paths in the config file, the environment and `.env` resolve against the project
 * folder (the config file's folder); relative paths given as flags resolve against `cwd`, like any other
 * path typed in a shell.
 *
 * @example
 * const config = await loadConfig({ cwd: process.cwd(), flags: { env: 'production' }, env: process.env });
 * @throws ConfigError naming the file, key or variable at fault
 */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd);
  const flags = options.flags ?? {};
  const env = options.env ?? {};

  const configFile = findConfigFile(cwd, flags.config);
  const projectDir = configFile ? dirname(configFile) : cwd;
  const envFile = readEnvFile(projectDir);
  const envFilePath = join(projectDir, '.env');
  // The config file may read `process.env` (`password: process.env.DB_PASSWORD`): it sees `.env` too.
  const exported = new Set<string>();
  if (env === process.env) {
    for (const [name, value] of Object.entries(envFile)) {
      if (process.env[name] !== undefined) continue;
      process.env[name] = value;
      exported.add(name);
    }
  }

  let config: SmigConfig = {};
  let overrides: SmigSettings = {};
  let envName: { value: string; origin: string; source: SettingSource } | undefined;

  const values = {} as Record<SettingName, Picked | undefined>;
  function pick(name: SettingName): Picked | undefined {
    const flag = flags[name];
    if (flag !== undefined)
      return checked(name, { value: flag, source: 'flag', where: flagNames[name], base: cwd });
    const variable = envVarNames[name];
    // An empty variable reads as unset: `SMIG_URL= smig push` is a common way to switch one off.
    const fromEnv = exported.has(variable) ? undefined : env[variable];
    if (fromEnv) {
      return checked(name, { value: fromEnv, source: 'environment', where: variable, base: projectDir });
    }
    const fromFile = envFile[variable];
    if (fromFile) {
      const where = `${envFilePath}: ${variable}`;
      return checked(name, { value: fromFile, source: 'env-file', where, base: projectDir });
    }
    if (overrides[name] !== undefined) {
      const where = `${configFile}: environments.${envName?.value}.${name}`;
      return { value: String(overrides[name]), source: 'config', where, base: projectDir };
    }
    if (config[name] !== undefined) {
      const where = `${configFile}: ${name}`;
      return { value: String(config[name]), source: 'config', where, base: projectDir };
    }
    return undefined;
  }

  // The config file cannot set its own load limit: flags and variables can.
  const loadLimit = pick('loadTimeout');
  if (configFile) {
    const timeoutMs = Number(loadLimit?.value ?? defaults.loadTimeout) * 1000;
    config = await readConfigFile(configFile, { timeoutMs });
  }
  envName = pickEnvironmentName(flags.env, env, envFile);
  if (envName) {
    const selected = selectEnvironment(config, envName.value, envName.origin, configFile);
    if (!selected.ok) throw combine(selected.errors);
    overrides = selected.value;
  }
  for (const name of settingNames) {
    values[name] = pick(name);
  }

  const sources = {} as Record<SettingName, SettingSource>;
  for (const name of settingNames) sources[name] = values[name]?.source ?? 'default';

  const url = values.url ?? { value: defaults.url, source: 'default', where: 'url', base: projectDir };
  const schema = values.schema;
  const migrations = values.migrations;

  return {
    projectDir,
    ...(configFile === undefined ? {} : { configFile }),
    ...(envName === undefined ? {} : { env: envName.value, envSource: envName.source }),
    schemaPath: schema ? resolve(schema.base, schema.value) : defaultSchemaPath(projectDir),
    migrationsDir: resolve(migrations?.base ?? projectDir, migrations?.value ?? defaults.migrations),
    url: parseUrl(url),
    rawUrl: url.value,
    namespace: values.namespace?.value ?? defaults.namespace,
    database: values.database?.value ?? defaults.database,
    ...(values.username === undefined ? {} : { username: values.username.value }),
    ...(values.password === undefined ? {} : { password: values.password.value }),
    authLevel: (values.authLevel?.value ?? defaults.authLevel) as AuthLevel,
    loadTimeoutMs: Number(values.loadTimeout?.value ?? defaults.loadTimeout) * 1000,
    sources,
  };
}

/**
 * The config file to use: `explicit` (relative to `cwd`) when given — it must exist — otherwise the first
 * of {@link configFileNames} in `cwd`, or `undefined` when there is none.
 */
export function findConfigFile(cwd: string, explicit?: string): string | undefined {
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit);
    if (!isFile(file)) {
      throw new ConfigError(`The config file '${explicit}' does not exist.`, {
        where: file,
        hint: 'Check the --config path, or leave --config out to use smig.config.ts from the working directory.',
      });
    }
    if (!loadableExtensions.has(extname(file))) {
      throw new ConfigError(`The config file '${basename(file)}' has an extension smig cannot load.`, {
        where: file,
        hint: 'Use a .ts, .mts, .js, .mjs or .json file.',
      });
    }
    return file;
  }
  return configFileNames.map((name) => join(cwd, name)).find(isFile);
}

/**
 * Loads a config file without a build step (TypeScript through jiti, JSON directly) and validates it.
 *
 * @throws ConfigError with the file and the loader's message (and line, when known) — never a stack
 */
export async function readConfigFile(
  file: string,
  options: { readonly timeoutMs?: number } = {},
): Promise<SmigConfig> {
  const timeoutMs = options.timeoutMs ?? Number(defaults.loadTimeout) * 1000;
  const exported =
    extname(file) === '.json'
      ? readJsonConfig(file)
      : await withTimeout(importConfigModule(file), timeoutMs, () => loadTimeoutError(file, timeoutMs));
  const validation = validateConfig(exported, file);
  if (!validation.ok) throw combine(validation.errors);
  return validation.value;
}

interface Picked {
  readonly value: string;
  readonly source: SettingSource;
  /** Where the value was given, for messages: a flag, a variable, `file: key`. */
  readonly where: string;
  /** The folder a relative path in this value is relative to. */
  readonly base: string;
}

function checked(name: SettingName, picked: Picked): Picked {
  // Config file values were checked by validateConfig already; flags and variables are checked here.
  const problem = checkSettingValue(name, picked.value, picked.where);
  if (problem) throw problem;
  return picked;
}

function pickEnvironmentName(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  envFile: Readonly<Record<string, string>>,
): { value: string; origin: string; source: SettingSource } | undefined {
  if (flag !== undefined) {
    if (flag.trim() === '') {
      throw new ConfigError('The --env option is empty.', { where: '--env', hint: 'Name an environment.' });
    }
    return { value: flag, origin: '--env', source: 'flag' };
  }
  if (env[envSelectorVar])
    return { value: env[envSelectorVar], origin: envSelectorVar, source: 'environment' };
  if (envFile[envSelectorVar]) {
    return { value: envFile[envSelectorVar], origin: `${envSelectorVar} in .env`, source: 'env-file' };
  }
  return undefined;
}

function defaultSchemaPath(projectDir: string): string {
  const found = schemaFileNames.map((name) => join(projectDir, name)).find(isFile);
  return found ?? join(projectDir, 'schema.ts');
}

function parseUrl(picked: Picked) {
  try {
    return parseDatabaseUrl(picked.value, picked.base);
  } catch (error) {
    // parseDatabaseUrl knows what is wrong but not where the URL came from; say both.
    if (error instanceof ConfigError) {
      throw new ConfigError(error.message, { where: picked.where, hint: error.hint, cause: error });
    }
    throw error;
  }
}

function readJsonConfig(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const at = position ? lineAndColumn(text, Number(position[1])) : undefined;
    throw new ConfigError(`The config file is not valid JSON: ${message.replace(/\s*\(line.*\)$/, '')}.`, {
      where: at ? `${file}:${at.line}:${at.column}` : file,
      hint: 'Fix the JSON (keys in double quotes, no trailing commas), or use smig.config.ts instead.',
      cause: error,
    });
  }
}

function loadTimeoutError(file: string, timeoutMs: number): ConfigError {
  return new ConfigError(
    `The config file did not finish loading within ${secondsText(timeoutMs)}: its top-level code (an \`await\` that never settles, a slow network call) is still running.`,
    {
      where: file,
      hint: 'Make the config file finish loading, or give it more time with --load-timeout <seconds> or SMIG_LOAD_TIMEOUT (0 means no limit).',
    },
  );
}

async function importConfigModule(file: string): Promise<unknown> {
  let module: unknown;
  try {
    module = await importUserModule(file);
  } catch (error) {
    throw loadError(file, error);
  }
  if (typeof module !== 'object' || module === null || !('default' in module)) {
    throw new ConfigError('The config file has no default export.', {
      where: file,
      hint: "Write `export default defineConfig({ url: '…' })` (defineConfig is exported by smig).",
    });
  }
  return await module.default;
}

/** The loader's message as one line, with the location it reports (`file:line:col`) moved to `where`. */
function loadError(file: string, error: unknown): ConfigError {
  const raw = error instanceof Error ? error.message : String(error);
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const location = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(raw);
  const message = raw
    .replace(new RegExp(`\\s*${escaped}(:\\d+:\\d+)?`), '')
    .replace(/^ParseError:\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const syntax = raw.startsWith('ParseError') || error instanceof SyntaxError;
  return new ConfigError(
    syntax
      ? `The config file has a syntax error: ${message}.`
      : `The config file failed to load: ${message}${/[.!?]$/.test(message) ? '' : '.'}`,
    {
      where: location ? `${file}:${location[1]}:${location[2]}` : file,
      hint: syntax
        ? 'Fix the syntax at that line; the file is loaded as TypeScript/JavaScript without a build step.'
        : 'Fix the error in the config file (it is run when loaded), or check that its imports are installed.',
      cause: error,
    },
  );
}

function combine(errors: readonly ConfigError[]): ConfigError {
  const [first] = errors;
  if (first && errors.length === 1) return first;
  const lines = errors.map((e, i) => `${i + 1}) ${e.message}${e.hint ? ` ${e.hint}` : ''}`);
  return new ConfigError(`The configuration has ${errors.length} problems: ${lines.join(' ')}`, {
    where: first?.where,
    hint: 'Fix each of them; they are listed in the order they appear.',
  });
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
