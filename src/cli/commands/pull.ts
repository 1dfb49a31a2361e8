import { resolve } from 'node:path';
import type { Counts } from '../../app/counts.js';
import { pull } from '../../app/pull.js';
import { type GlobalOptions, outputFor, withProject } from '../context.js';
import { jsonSchemaVersion, type PullOutput } from '../json-output.js';
import { unmanagedOutput } from '../json-parts.js';
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
    const output: PullOutput = {
      schemaVersion: jsonSchemaVersion,
      path: result.path,
      database: result.database,
      counts: result.counts,
      exact: result.differences.length === 0,
      notes: result.notes,
      differences: result.differences,
      unmanaged: unmanagedOutput(result.unmanaged),
    };
    out.result(output);
    const parts = countedKinds(result.counts).map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`);
    out.line(
      `${out.paint.green('✓')} Wrote ${result.path} from ${result.database} (${parts.length > 0 ? parts.join(', ') : 'an empty schema'}).`,
    );
    for (const note of result.notes) out.note(out.paint.yellow(`Note: ${note.message}`));
    for (const line of unmanagedLines(result.unmanaged)) out.note(out.paint.yellow(line));
    if (result.differences.length > 0) {
      out.note(out.paint.yellow('The file does not reproduce the database exactly:'));
      for (const d of result.differences) out.note(out.paint.yellow(`  - ${d.message}`));
    } else {
      out.line('Applied to an empty database, the file gives exactly the same schema.');
    }
    return 0;
  });
}

/**
 * The kinds the database has, by their entity kind's name in alphabetical order (the order the engine's
 * entities are read in), relations counted with the tables they are.
 */
function countedKinds(counts: Counts): [string, number][] {
  const kinds: [string, number][] = [
    ['access', counts.accesses],
    ['analyzer', counts.analyzers],
    ['config', counts.configs],
    ['event', counts.events],
    ['field', counts.fields],
    ['function', counts.functions],
    ['index', counts.indexes],
    ['param', counts.params],
    ['sequence', counts.sequences],
    ['table', counts.tables + counts.relations],
    ['user', counts.users],
  ];
  return kinds.filter(([, n]) => n > 0);
}
