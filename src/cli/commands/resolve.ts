import { resolve } from '../../app/resolve.js';
import { announceTarget, type GlobalOptions, outputFor, seconds, withProject } from '../context.js';
import { jsonSchemaVersion, type ResolveOutput } from '../json-output.js';
import { stopProgress } from '../output.js';
import { reportEvent } from './push.js';

export interface ResolveFlags {
  readonly applied?: string;
  readonly rolledBack?: string;
  readonly lockTimeout?: string;
}

/** `smig resolve --applied <id> | --rolled-back <id>`: repairs the ledger after checking the live schema. */
export async function resolveCommand(options: GlobalOptions & ResolveFlags): Promise<number> {
  const out = outputFor(options);
  return withProject(options, async (project) => {
    announceTarget(out, project);
    const result = await resolve(project, {
      ...(options.applied === undefined ? {} : { applied: options.applied }),
      ...(options.rolledBack === undefined ? {} : { rolledBack: options.rolledBack }),
      lockWaitMs: seconds(options.lockTimeout, 'lock-timeout') * 1000,
      onEvent: (e) => reportEvent(out, e),
    });
    stopProgress();
    const output: ResolveOutput = {
      schemaVersion: jsonSchemaVersion,
      action: result.action,
      ids: result.ids,
      database: result.database,
    };
    out.result(output);
    for (const id of result.ids) {
      out.line(
        result.action === 'applied'
          ? `${out.paint.green('✓')} Recorded ${id} as applied to ${result.database} (nothing was run).`
          : `${out.paint.green('✓')} Removed ${id} from the ledger of ${result.database} (nothing was run).`,
      );
    }
    return 0;
  });
}
