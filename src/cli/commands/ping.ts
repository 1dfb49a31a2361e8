import { redactUrl } from '../../engine/url.js';
import { type GlobalOptions, outputFor, withProject } from '../context.js';
import { jsonSchemaVersion, type PingOutput } from '../json-output.js';

export async function pingCommand(options: GlobalOptions): Promise<number> {
  const out = outputFor(options);
  return withProject(options, async (project) => {
    const started = performance.now();
    const db = await project.connect();
    const version = await db.version().catch(() => 'unknown');
    const ms = Math.round(performance.now() - started);
    const { config } = project;
    const output: PingOutput = {
      schemaVersion: jsonSchemaVersion,
      ok: true,
      url: redactUrl(config.rawUrl),
      namespace: config.namespace,
      database: config.database,
      version,
      ms,
    };
    out.result(output);
    out.line(
      `${out.paint.green('✓')} Connected to ${redactUrl(config.rawUrl)} (${config.namespace}/${config.database}), ${version}, in ${ms} ms.`,
    );
    return 0;
  });
}
