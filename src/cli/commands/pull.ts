import { resolve } from 'node:path';
import { pull } from '../../app/pull.js';
import { type GlobalOptions, outputFor, withProject } from '../context.js';
import { unmanagedLines } from '../unmanaged-lines.js';

export interface PullFlags {
  readonly output?: string;
  readonly force?: boolean;
}

/** `smig pull [-o file] [--force]`: writes a schema file that reproduces the database. */
export async function pullCommand(options: GlobalOptions & PullFlags): Promise<number> {
  const out = outputFor(options);
  return withProject(options, async (project) => {
    const result = await pull(project, {
      ...(options.output === undefined ? {} : { output: resolve(process.cwd(), options.output) }),
      force: options.force ?? false,
    });
    out.result({
      path: result.path,
      database: result.database,
      counts: result.counts,
      exact: result.differences.length === 0,
      notes: result.notes,
      differences: result.differences,
      unmanaged: result.unmanaged,
    });
    const parts = Object.entries(result.counts).map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`);
    out.line(
      `${out.paint.green('✓')} Wrote ${result.path} from ${result.database} (${parts.length > 0 ? parts.join(', ') : 'an empty schema'}).`,
    );
    for (const note of result.notes) out.note(out.paint.yellow(`Note: ${note}`));
    for (const line of unmanagedLines(result.unmanaged)) out.note(out.paint.yellow(line));
    if (result.differences.length > 0) {
      out.note(out.paint.yellow('The file does not reproduce the database exactly:'));
      for (const d of result.differences) out.note(out.paint.yellow(`  - ${d}`));
    } else {
      out.line('Applied to an empty database, the file gives exactly the same schema.');
    }
    return 0;
  });
}
