import { describeFork } from '../../app/forks.js';
import { validate } from '../../app/validate.js';
import { type GlobalOptions, outputFor, withProject } from '../context.js';
import { jsonSchemaVersion, type ValidateOutput } from '../json-output.js';
import { forkOutput } from '../json-parts.js';
import { stopProgress } from '../output.js';
import { phaseText } from '../phase-text.js';

export async function validateCommand(options: GlobalOptions): Promise<number> {
  const out = outputFor(options);
  return withProject(options, async (project) => {
    const result = await validate(project, { onEvent: (e) => out.progress(phaseText(e)) });
    stopProgress();
    const dir = project.config.migrationsDir;
    const output: ValidateOutput = {
      schemaVersion: jsonSchemaVersion,
      valid: true,
      schemaPath: result.schemaPath,
      counts: result.counts,
      statements: result.statements,
      warnings: result.warnings,
      forks: result.forks.map((f) => forkOutput(f, dir)),
    };
    out.result(output);
    out.line(
      `${out.paint.green('✓')} ${result.schemaPath} is valid (SurrealDB accepts all ${result.statements} statements).`,
    );
    const parts = Object.entries(result.counts)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${n} ${kind}`);
    out.line(`  ${parts.length > 0 ? parts.join(', ') : 'an empty schema'}`);
    for (const w of result.warnings) out.note(out.paint.yellow(`Warning: ${w.message}`));
    for (const fork of result.forks) out.note(out.paint.yellow(`Warning: ${describeFork(fork, dir)}`));
    return 0;
  });
}
