import {
  describeConfig,
  loadConfig,
  type ResolvedConfig,
  type SettingName,
  shownValues,
} from '../../config/index.js';
import { configFlags, type GlobalOptions, outputFor } from '../context.js';
import { type ConfigOutput, jsonSchemaVersion } from '../json-output.js';

export async function configCommand(options: GlobalOptions & { showSecrets?: boolean }): Promise<number> {
  const out = outputFor(options);
  const flags = configFlags(options);
  const config = await loadConfig({ cwd: process.cwd(), flags, env: process.env });
  const showSecrets = options.showSecrets ?? false;
  out.result(configOutput(config, showSecrets));
  out.line(out.paint.bold('Configuration'));
  for (const s of describeConfig(config, { showSecrets })) {
    const source = s.source === undefined ? '' : `  ${out.paint.dim(`(${s.source})`)}`;
    out.line(`  ${s.name.padEnd(12)} ${s.value ?? out.paint.dim('(not set)')}${source}`);
  }
  return 0;
}

/** Every setting with its value (masked as `smig config` shows it) and its source. */
function configOutput(config: ResolvedConfig, showSecrets: boolean): ConfigOutput {
  const shown = shownValues(config, { showSecrets });
  const { sources } = config;
  const setting = <V>(value: V, name: SettingName) => ({ value, source: sources[name] });
  return {
    schemaVersion: jsonSchemaVersion,
    configFile: config.configFile ?? null,
    // No environment chosen counts as the default, like a setting that is not set.
    environment: { value: config.env ?? null, source: config.envSource ?? 'default' },
    settings: {
      url: setting(shown.url, 'url'),
      namespace: setting(config.namespace, 'namespace'),
      database: setting(config.database, 'database'),
      username: setting(shown.username ?? null, 'username'),
      password: setting(shown.password ?? null, 'password'),
      authLevel: setting(config.authLevel, 'authLevel'),
      schema: setting(config.schemaPath, 'schema'),
      migrations: setting(config.migrationsDir, 'migrations'),
      loadTimeout: setting(config.loadTimeoutMs / 1000, 'loadTimeout'),
    },
  };
}
