import { describeConfig, loadConfig } from '../../config/index.js';
import { type GlobalOptions, outputFor } from '../context.js';

export async function configCommand(options: GlobalOptions & { showSecrets?: boolean }): Promise<number> {
  const out = outputFor(options);
  const flags = Object.fromEntries(
    (
      [
        'config',
        'env',
        'url',
        'namespace',
        'database',
        'username',
        'password',
        'authLevel',
        'schema',
        'migrations',
      ] as const
    )
      .filter((k) => options[k] !== undefined)
      .map((k) => [k, options[k]]),
  );
  const config = await loadConfig({ cwd: process.cwd(), flags, env: process.env });
  const settings = describeConfig(config, { showSecrets: options.showSecrets ?? false });
  out.result(settings);
  out.line(out.paint.bold('Configuration'));
  for (const s of settings) {
    const source = s.source === undefined ? '' : `  ${out.paint.dim(`(${s.source})`)}`;
    out.line(`  ${s.name.padEnd(12)} ${s.value ?? out.paint.dim('(not set)')}${source}`);
  }
  return 0;
}
