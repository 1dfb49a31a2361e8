import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { diffSnapshots } from '../diff/diff-snapshots.js';
import { IntegrityError, UsageError } from '../errors.js';
import { readLedger, replaceRecords } from '../history/ledger.js';
import {
  formatMigration,
  type Migration,
  migrationExtension,
  parseMigration,
  slugify,
  writeMigration,
} from '../history/migration-file.js';
import { sealed } from '../history/seal.js';
import { introspect } from '../introspect/introspect.js';
import { planMigration, storedOnly } from '../plan/plan.js';
import { smigVersion } from '../version.js';
import { applyAndVerify } from './converge.js';
import { findForks, refuseForks } from './forks.js';
import { reconcile, refuseProblems } from './history-state.js';
import { describeDrift, liveSnapshot } from './live-state.js';
import type { Project } from './project.js';
import type { PushEvent } from './push.js';
import { replayInto } from './shadow-state.js';
import { takeLock } from './take-lock.js';

export interface SquashOptions {
  readonly message: string;
  /** The newest migration to fold (default: every applied one). */
  readonly to?: string;
  readonly lockWaitMs?: number;
  readonly onEvent?: (event: PushEvent) => void;
}

export interface SquashResult {
  readonly id: string;
  readonly path: string;
  readonly database: string;
  /** The migrations folded into it, in id order; their files were removed. */
  readonly folded: readonly string[];
  /** The migrations after it, kept as they were. */
  readonly kept: readonly string[];
  /** How many statements its forward section has. */
  readonly statements: number;
}

/**
 * Folds the applied history (up to `to`) into one migration whose forward section creates the schema
 * those migrations give, planned from an empty database, and whose rollback removes it. Before anything
 * is written it is proven: the folder with the squashed migration, replayed on a fresh shadow database,
 * must give exactly the schema the old folder gives (and the live database has). Then, under the
 * migration lock, the squashed migration replaces the folded ones in the ledger in one transaction, and
 * their files are removed.
 */
export async function squash(project: Project, options: SquashOptions): Promise<SquashResult> {
  const { config } = project;
  const dir = config.migrationsDir;
  const database = `${config.namespace}/${config.database}`;
  if (options.message.trim() === '') {
    throw new UsageError('The migration message given with -m is empty.', {
      where: '-m/--message',
      hint: 'Describe the squashed history in a few words, for example: smig squash -m "Schema as of v2".',
    });
  }
  const files = await project.migrations();
  const shadow = await project.shadow();
  refuseForks(await findForks(shadow, files), dir, 'Nothing was squashed.');
  const db = await project.connect();
  const ledger = await readLedger(db);
  const state = reconcile(files, ledger);
  refuseProblems(state.problems, dir);
  if (state.pending.length > 0 || state.rebased.length > 0) {
    const pending = [...state.pending, ...state.rebased.map((r) => r.file)].map((m) => m.id);
    throw new IntegrityError(
      `${database} has not applied every migration of ${dir}: ${pending.join(', ')} ${pending.length === 1 ? 'is' : 'are'} pending. Only a history the database has completely can be squashed.`,
      {
        where: database,
        hint: 'Run `smig push` first (or point --url at a database that has them all), then squash. Nothing was changed.',
      },
    );
  }
  const ordered = [...files].sort((a, b) => (a.id < b.id ? -1 : 1));
  const end = options.to === undefined ? ordered.length - 1 : ordered.findIndex((m) => m.id === options.to);
  if (end < 0) {
    throw new UsageError(`There is no applied migration ${options.to} to squash up to.`, {
      where: '--to',
      hint: `Applied migrations: ${ordered.map((m) => m.id).join(', ') || '(none)'}.`,
    });
  }
  const folded = ordered.slice(0, end + 1);
  const kept = ordered.slice(end + 1);
  if (folded.length < 2) {
    throw new UsageError(
      folded.length === 0
        ? `${database} has no applied migrations: there is nothing to squash.`
        : `Only one migration (${folded[0]!.id}) would be folded: there is nothing to squash.`,
      {
        where: options.to === undefined ? dir : '--to',
        hint: 'Squash folds two or more applied migrations into one.',
      },
    );
  }
  const last = folded.at(-1)!;
  const id = `${last.id.slice(0, 14)}_${slugify(options.message)}`;
  if (files.some((m) => m.id === id)) {
    throw new UsageError(`The squashed migration would be named ${id}, like an existing migration.`, {
      where: '-m/--message',
      hint: 'Give the squashed migration a message of its own.',
    });
  }

  // The schema the folded migrations give, and a plan that creates it from nothing and removes it again.
  const foldedDb = await shadow.database('squash-folded');
  await replayInto(foldedDb, folded);
  const target = await introspect(foldedDb);
  const emptyDb = await shadow.database('squash-empty');
  const empty = await introspect(emptyDb);
  const plan = planMigration(diffSnapshots(empty, target), storedOnly, new Set());
  const { statements: forward } = await applyAndVerify(emptyDb, plan.forward, target, storedOnly, 'forward');
  const { statements: rollback } = await applyAndVerify(
    emptyDb,
    plan.rollback,
    empty,
    storedOnly,
    'rollback',
  );
  const draft = sealed(
    {
      id,
      message: options.message,
      // The newest folded migration's time, not the clock: squashing the same history against another
      // database that applied it writes the same file, with the same checksum (with the same versions of
      // smig and the engine, which its seal names).
      created: last.created,
      parent: null,
      // The migrations kept after it name the last folded one as their parent.
      ...(kept.length > 0 ? { rebasedFrom: last.id } : {}),
      forward,
      rollback,
    },
    // Nothing here proves that the folded schema's tables take records: the seal does not say so.
    { engineVersion: await shadow.engineVersion(), before: empty, after: target, writable: false },
  );
  const squashed = parseMigration(formatMigration(draft), join(dir, `${id}${migrationExtension}`));
  await proveSquash(project, db, [...folded, ...kept], [squashed, ...kept], database);

  const lock = await takeLock(db, 'squash', options);
  try {
    const now = await readLedger(db);
    if (now.length !== ledger.length || now.some((e, i) => e.id !== ledger[i]?.id)) {
      throw new IntegrityError(`Another process changed the ledger of ${database} meanwhile.`, {
        where: database,
        hint: 'Run `smig status` to see what happened, then squash again. Nothing was changed.',
      });
    }
    const { path } = await writeMigration(dir, draft);
    try {
      const foldedIds = new Set(folded.map((m) => m.id));
      const seqs = ledger.filter((e) => foldedIds.has(e.id)).map((e) => e.seq ?? 1);
      await replaceRecords(
        db,
        folded.map((m) => m.id),
        {
          id,
          message: squashed.message,
          checksum: squashed.checksum,
          up: squashed.forward,
          down: squashed.rollback,
          smigVersion,
          parent: null,
          seq: Math.min(...seqs),
        },
      );
    } catch (error) {
      await unlink(path).catch(() => undefined);
      throw error;
    }
    // The ledger no longer names them: their files go, as if they had never been there.
    await Promise.all(folded.map((m) => unlink(join(dir, `${m.id}${migrationExtension}`))));
    return {
      id,
      path,
      database,
      folded: folded.map((m) => m.id),
      kept: kept.map((m) => m.id),
      statements: forward.length,
    };
  } finally {
    await lock.release().catch(() => undefined);
  }
}

/**
 * The squashed folder must give, on a fresh database, the schema the old folder gives, and that must be
 * the live database's: otherwise recording it would make the ledger describe a schema nobody has.
 */
async function proveSquash(
  project: Project,
  db: Awaited<ReturnType<Project['connect']>>,
  before: readonly Migration[],
  after: readonly Migration[],
  database: string,
): Promise<void> {
  const shadow = await project.shadow();
  const [oldDb, newDb] = [await shadow.database('squash-old'), await shadow.database('squash-new')];
  await replayInto(oldDb, before);
  await replayInto(newDb, after);
  const [old, next, live] = await Promise.all([
    introspect(oldDb),
    introspect(newDb),
    liveSnapshot(shadow, db),
  ]);
  const differences = describeDrift(old, next);
  if (differences.length > 0) {
    throw new IntegrityError(
      `The squashed history does not give the schema the migrations give:\n${differences.map((d) => `  - ${d}`).join('\n')}`,
      {
        where: project.config.migrationsDir,
        hint: 'This is a bug in smig; please report it. Nothing was changed.',
      },
    );
  }
  const drift = describeDrift(live, old);
  if (drift.length > 0) {
    throw new IntegrityError(
      `${database} differs from what its migrations give, so its history cannot be squashed:\n${drift.map((d) => `  - ${d}`).join('\n')}`,
      {
        where: database,
        hint: 'Bring the database back in line (`smig status` shows the drift), then squash. Nothing was changed.',
      },
    );
  }
}
