import { describeConfig, loadConfig } from '../../config/index.js';
import { configFlags, type GlobalOptions, outputFor } from '../context.js';

export async function configCommand(options: GlobalOptions & { showSecrets?: boolean }): Promise<number> {
  const out = outputFor(options);
  const flags = configFlags(options);
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
