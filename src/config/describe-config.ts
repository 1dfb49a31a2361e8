import type { ResolvedConfig, SettingSource } from './config-types.js';

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
 * The resolved settings with their values and where each came from, for `smig config`. Passwords —
 * the `password` setting and one embedded in the URL — are masked unless `showSecrets`.
 *
 * @example
 * describeConfig(config, { showSecrets: false });
 * // [{ name: 'config file', value: '/app/smig.config.ts', source: undefined },
 * //  { name: 'url', value: 'ws://root:********@localhost:8000', source: 'config' }, …]
 */
export function describeConfig(config: ResolvedConfig, options: DescribeConfigOptions = {}): ConfigSetting[] {
  const secret = (value: string | undefined) => (value === undefined || options.showSecrets ? value : mask);
  const { sources } = config;
  return [
    { name: 'config file', value: config.configFile, source: undefined },
    { name: 'environment', value: config.env, source: undefined },
    {
      name: 'url',
      value: options.showSecrets ? config.rawUrl : maskUrlPassword(config.rawUrl),
      source: sources.url,
    },
    { name: 'namespace', value: config.namespace, source: sources.namespace },
    { name: 'database', value: config.database, source: sources.database },
    { name: 'username', value: config.username, source: sources.username },
    { name: 'password', value: secret(config.password), source: sources.password },
    { name: 'authLevel', value: config.authLevel, source: sources.authLevel },
    { name: 'schema', value: config.schemaPath, source: sources.schema },
    { name: 'migrations', value: config.migrationsDir, source: sources.migrations },
    { name: 'loadTimeout', value: `${config.loadTimeoutMs / 1000}s`, source: sources.loadTimeout },
  ];
}

/** `ws://root:secret@host` → `ws://root:********@host`; URLs without a password are returned unchanged. */
export function maskUrlPassword(url: string): string {
  return url.replace(/^([a-z0-9+]+:\/\/[^/@:]*):[^/@]*@/i, `$1:${mask}@`);
}
