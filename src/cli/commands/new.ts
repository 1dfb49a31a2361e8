import { newMigration } from '../../app/new-migration.js';
import { type GlobalOptions, outputFor, withProject } from '../context.js';
import { jsonSchemaVersion, type NewOutput } from '../json-output.js';

export interface NewFlags {
  readonly message: string;
}

export async function newCommand(options: GlobalOptions & NewFlags): Promise<number> {
  const out = outputFor(options);
  return withProject(options, async (project) => {
    const written = await newMigration(project, { message: options.message, now: new Date() });
    const output: NewOutput = {
      schemaVersion: jsonSchemaVersion,
      migration: { id: written.id, path: written.path },
      parent: written.parent,
    };
    out.result(output);
    out.line(out.paint.green(`Created ${written.path}`));
    out.line(
      'Write the forward statements below its "-- Forward migration" line and what undoes them below "-- Rollback migration"; `smig push` proves and applies it.',
    );
    return 0;
  });
}
