import { squash } from '../../app/squash.js';
import { announceTarget, type GlobalOptions, outputFor, seconds, withProject } from '../context.js';
import { jsonSchemaVersion, type SquashOutput } from '../json-output.js';
import { reportEvent } from './push.js';

export interface SquashFlags {
  readonly message: string;
  readonly to?: string;
  readonly lockTimeout?: string;
}

/** `smig squash [--to <id>] -m <message>`: folds the applied history into one migration. */
export async function squashCommand(options: GlobalOptions & SquashFlags): Promise<number> {
  const out = outputFor(options);
  return withProject(options, async (project) => {
    announceTarget(out, project);
    const result = await squash(project, {
      message: options.message,
      ...(options.to === undefined ? {} : { to: options.to }),
      lockWaitMs: seconds(options.lockTimeout, 'lock-timeout') * 1000,
      onEvent: (e) => reportEvent(out, e),
    });
    const output: SquashOutput = {
      schemaVersion: jsonSchemaVersion,
      database: result.database,
      migration: { id: result.id, path: result.path },
      folded: result.folded,
      kept: result.kept,
      statements: result.statements,
    };
    out.result(output);
    out.line(
      `${out.paint.green('✓')} Squashed ${result.folded.length} migrations into ${result.path} (${result.statements} statements)`,
    );
    out.line(`Removed ${result.folded.map((id) => `${id}.surql`).join(', ')}.`);
    out.line(`Recorded ${result.id} in place of them in ${result.database}, without running anything.`);
    out.line(
      'Commit the new file and the removals. For another database that applied the same migrations, run this command with the same --to and -m against it from the old folder (it writes the same file); a new database runs the squashed migration.',
    );
    return 0;
  });
}
