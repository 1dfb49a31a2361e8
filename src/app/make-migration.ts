import { IntegrityError, UsageError } from '../errors.js';
import { historyChecksum } from '../history/lineage.js';
import { migrationId, writeMigration } from '../history/migration-file.js';
import { sealed } from '../history/seal.js';
import type { Snapshot } from '../model/snapshot.js';
import { computeDiff, type DiffResult } from './diff.js';
import { type ForkReport, findForks, refuseForks } from './forks.js';
import { type ProgressEvent, phaseEvent } from './phase.js';
import type { Project } from './project.js';

export interface DiffOptions {
  /** With a message, the migration is written to the migrations folder. */
  readonly message?: string;
  /** The clock, passed in: the migration's id and `created` come from it. */
  readonly now: Date;
  /** Told what is being done, for a progress line. */
  readonly onEvent?: (event: ProgressEvent) => void;
}

export interface DiffOutcome {
  readonly result: DiffResult;
  /** The migration written, when there was a message and something to write. */
  readonly written?: { readonly id: string; readonly path: string; readonly text: string };
  /** Migrations made from the same state on different branches (the diff is against them in id order). */
  readonly forks: readonly ForkReport[];
}

/**
 * A migration id strictly after every existing one, so that files sort in creation order even when two
 * are made within the same second.
 */
export function nextId(now: Date, message: string, existing: readonly string[]): string {
  const newest = [...existing].sort().at(-1) ?? '';
  let at = now;
  let id = migrationId(at, message);
  while (newest !== '' && id.slice(0, 14) <= newest.slice(0, 14)) {
    at = new Date(at.getTime() + 1000);
    id = migrationId(at, message);
  }
  return id;
}

/** Compares the schema file with the migration history; with a message, writes the migration. */
export async function makeMigration(project: Project, options: DiffOptions): Promise<DiffOutcome> {
  // Checked before anything is loaded: an empty message would give a file named by its timestamp only.
  if (options.message !== undefined && options.message.trim() === '') {
    throw new UsageError('The migration message given with -m is empty.', {
      where: '-m/--message',
      hint: 'Describe the change in a few words, for example: smig diff -m "Add user table".',
    });
  }
  const report = options.onEvent;
  report?.(phaseEvent({ phase: 'loading-schema' }));
  const schema = await project.loadSchema();
  report?.(phaseEvent({ phase: 'reading-migrations' }));
  const migrations = await project.migrations();
  const shadow = await project.shadow();
  const dir = project.config.migrationsDir;
  report?.(phaseEvent({ phase: 'forks' }));
  const forks = await findForks(shadow, migrations);
  // A new migration needs one parent: on a fork there are several candidates.
  if (options.message !== undefined) refuseForks(forks, dir, 'No migration was written.');
  const cache = await project.cache();
  let result: DiffResult;
  try {
    result = await computeDiff({
      shadow,
      schema,
      schemaPath: project.config.schemaPath,
      migrations,
      cache,
      ...(report ? { onEvent: report } : {}),
    });
  } catch (error) {
    // Two branches that do not replay one after the other: the fork is the cause, not the file.
    if (error instanceof IntegrityError) refuseForks(forks, dir, 'The history cannot be replayed.');
    throw error;
  }
  if (options.message === undefined || result.forward.length === 0) return { result, forks };
  const draft = {
    ...newHeader(migrations, options.message, options.now, result.history),
    forward: result.forward,
    rollback: result.rollback,
  };
  // The file carries the seal of that verification: a push or diff that finds the same states and
  // sections knows what its own rehearsal, replay or proofs would find.
  const verification = {
    engineVersion: await shadow.engineVersion(),
    before: result.history,
    after: result.afterForward,
    // Every table of the schema file's state was proven to take a record, and that state is `after`.
    writable: true,
  };
  const { path, text, migration } = await writeMigration(dir, sealed(draft, verification));
  // The verification just ran these sections on the state the history gives, as push would rehearse
  // them there: push (and status, diff) on this machine start from what it found.
  const history = migrations.map((m) => m.forward);
  cache?.markRehearsed(history, [migration]);
  cache?.put([...history, migration.forward], result.afterForward);
  return { result, forks, written: { id: draft.id, path, text } };
}

/**
 * The header of a migration made now on top of `migrations`: a fresh id, and as parent the newest one
 * with the checksum of the schema the history gives.
 */
export function newHeader(
  migrations: readonly { readonly id: string }[],
  message: string,
  now: Date,
  history: Snapshot,
) {
  const parent = [...migrations].sort((a, b) => (a.id < b.id ? -1 : 1)).at(-1);
  return {
    id: nextId(
      now,
      message,
      migrations.map((m) => m.id),
    ),
    message,
    created: now,
    parent: parent === undefined ? null : { id: parent.id, history: historyChecksum(history) },
  };
}
