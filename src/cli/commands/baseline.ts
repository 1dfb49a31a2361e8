import { baseline } from '../../app/baseline.js';
import { announceTarget, type GlobalOptions, outputFor, seconds, withProject } from '../context.js';
import { type BaselineOutput, jsonSchemaVersion } from '../json-output.js';
import { stopProgress } from '../output.js';
import { reportEvent } from './push.js';

export interface BaselineFlags {
  readonly message: string;
  readonly lockTimeout?: string;
}

/** `smig baseline -m <message>`: records the existing database as the first migration, without running it. */
export async function baselineCommand(options: GlobalOptions & BaselineFlags): Promise<number> {
  const out = outputFor(options);
  return withProject(options, async (project) => {
    announceTarget(out, project);
    const result = await baseline(project, {
      message: options.message,
      now: new Date(),
      lockWaitMs: seconds(options.lockTimeout, 'lock-timeout') * 1000,
      onEvent: (e) => reportEvent(out, e),
    });
    stopProgress();
    const output: BaselineOutput = {
      schemaVersion: jsonSchemaVersion,
      database: result.database,
      migration: { id: result.id, path: result.path },
      statements: result.statements,
    };
    out.result(output);
    out.line(`${out.paint.green('✓')} Created ${result.path}`);
    out.line(
      `Recorded ${result.id} as applied to ${result.database} without running it (${result.statements} statements).`,
    );
    return 0;
  });
}
