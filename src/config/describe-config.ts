import { type ResolvedConfig, type SettingName, type SettingSource, settingNames } from './config-types.js';

/** One line of `smig config`. */
export interface ConfigSetting {
  readonly name: string;
  /** `undefined` when the setting is not set (no username, no config file). */
  readonly value: string | undefined;
  /** `undefined` for facts that are not settings (the config file itself). */
  readonly source: SettingSource | undefined;
}

export interface DescribeConfigOptions {
  /** Print passwords instead of `********`. */
  readonly showSecrets?: boolean;
}

const mask = '********';

/**
 * Each setting's value as `smig config` shows it: passwords — the `password` setting and one embedded in
 * the URL — masked unless `showSecrets`; `undefined` when the setting is not set.
 */
export function shownValues(
  config: ResolvedConfig,
  options: DescribeConfigOptions = {},
): Readonly<Record<SettingName, string | undefined> & { url: string }> {
  const secret = (value: string | undefined) => (value === undefined || options.showSecrets ? value : mask);
  return {
    url: options.showSecrets ? config.rawUrl : maskUrlPassword(config.rawUrl),
    namespace: config.namespace,
    database: config.database,
    username: config.username,
    password: secret(config.password),
    authLevel: config.authLevel,
    schema: config.schemaPath,
    migrations: config.migrationsDir,
    loadTimeout: `${config.loadTimeoutMs / 1000}s`,
  };
}

/**
 * The resolved settings with their values and where each came from, for `smig config`. Passwords —
 * the `password` setting and one embedded in the URL — are masked unless `showSecrets`.
 *
 * @example
 * describeConfig(config, { showSecrets: false });
 * // [{ name: 'config file', value: '/app/smig.config.ts', source: undefined },
 * //  { name: 'url', value: 'ws://root:********@localhost:8000', source: 'config' }, …]
 */
export function describeConfig(config: ResolvedConfig, options: DescribeConfigOptions = {}): ConfigSetting[] {
  const shown = shownValues(config, options);
  return [
    { name: 'config file', value: config.configFile, source: undefined },
    { name: 'environment', value: config.env, source: undefined },
    ...settingNames.map((name) => ({ name, value: shown[name], source: config.sources[name] })),
  ];
}

/** `ws://root:secret@host` → `ws://root:********@host`; URLs without a password are returned unchanged. */
export function maskUrlPassword(url: string): string {
  return url.replace(/^([a-z0-9+]+:\/\/[^/@:]*):[^/@]*@/i, `$1:${mask}@`);
}
