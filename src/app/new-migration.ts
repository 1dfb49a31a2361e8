import { UsageError } from '../errors.js';
import { writeMigration } from '../history/migration-file.js';
import { findForks, refuseForks } from './forks.js';
import { newHeader } from './make-migration.js';
import type { Project } from './project.js';

export interface NewMigrationOptions {
  readonly message: string;
  /** The clock, passed in: the migration's id and `created` come from it. */
  readonly now: Date;
}

export interface NewMigrationOutcome {
  readonly id: string;
  readonly path: string;
  readonly text: string;
  /** The migration it was made on top of; `null` when it is the first of the folder. */
  readonly parent: string | null;
}

/** What the empty sections say, so that the file explains itself. */
export const newMigrationNotes = {
  forward:
    'Write the statements this migration runs below (data changes such as UPDATE, or schema statements), each ending with ;.\nsmig push proves them on a scratch copy first and runs them in one transaction.',
  rollback:
    'Write the statements that undo the forward section below (they run on `smig rollback`); leave it empty when there is nothing to undo.',
} as const;

/**
 * Writes an empty migration, with its sections explained, on top of the migration history: for data
 * changes and statements the schema file cannot express. Like every migration, it is proven on the
 * shadow database when it is pushed.
 */
export async function newMigration(
  project: Project,
  options: NewMigrationOptions,
): Promise<NewMigrationOutcome> {
  if (options.message.trim() === '') {
    throw new UsageError('The migration message given with -m is empty.', {
      where: '-m/--message',
      hint: 'Describe the change in a few words, for example: smig new -m "Backfill user names".',
    });
  }
  const migrations = await project.migrations();
  const dir = project.config.migrationsDir;
  const shadow = await project.shadow();
  refuseForks(await findForks(shadow, migrations), dir, 'No migration was written.');
  // The `-- history:` line records the schema the history gives, as `diff -m` writes it.
  const { snapshot } = await project.history(migrations);
  const draft = {
    ...newHeader(migrations, options.message, options.now, snapshot),
    forward: [],
    rollback: [],
    notes: newMigrationNotes,
  };
  const { path, text } = await writeMigration(dir, draft);
  return { id: draft.id, path, text, parent: draft.parent?.id ?? null };
}
