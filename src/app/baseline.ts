import { unlink } from 'node:fs/promises';
import { IntegrityError, SchemaError, UsageError } from '../errors.js';
import { readLedger, recordMigration } from '../history/ledger.js';
import { migrationId, writeMigration } from '../history/migration-file.js';
import { clearSyncMarker } from '../history/sync-marker.js';
import { smigVersion } from '../version.js';
import { computeDiff } from './diff.js';
import { describeDrift, liveSnapshot } from './live-state.js';
import { phaseEvent } from './phase.js';
import type { Project } from './project.js';
import type { PushEvent } from './push.js';
import { takeLock } from './take-lock.js';

export interface BaselineOptions {
  readonly message: string;
  /** The clock, passed in: the migration's id and `created` come from it. */
  readonly now: Date;
  readonly lockWaitMs?: number;
  readonly onEvent?: (event: PushEvent) => void;
}

export interface BaselineResult {
  readonly id: string;
  readonly path: string;
  readonly database: string;
  /** How many statements the migration's forward section has. */
  readonly statements: number;
}

/**
 * Adopts an existing database: records its current schema as the first migration without running it.
 * The schema file must describe the database exactly and the ledger must be empty; the migration file
 * holds the statements that create the schema (forward) and remove it (rollback), proven on the shadow
 * like any other, and its ledger record is written under the migration lock.
 */
export async function baseline(project: Project, options: BaselineOptions): Promise<BaselineResult> {
  const { config } = project;
  const database = `${config.namespace}/${config.database}`;
  const report = options.onEvent;
  report?.(phaseEvent({ phase: 'reading' }));
  const db = await project.connect();
  const ledger = await readLedger(db);
  if (ledger.length > 0) {
    throw new IntegrityError(
      `${database} already has ${ledger.length} applied migration(s); a baseline can only be the first.`,
      {
        where: database,
        hint: 'The database is managed by smig already: use `smig diff -m` and `smig push` for further changes.',
      },
    );
  }
  const files = await project.migrations();
  if (files.length > 0) {
    throw new IntegrityError(
      `The migrations folder ${config.migrationsDir} already has ${files.length} file(s); a baseline must be the first migration.`,
      {
        where: config.migrationsDir,
        hint: 'Move those files away (or delete them if they were never applied anywhere) and run baseline again.',
      },
    );
  }
  report?.(phaseEvent({ phase: 'loading-schema' }));
  const schema = await project.loadSchema();
  const shadow = await project.shadow();
  const result = await computeDiff({
    shadow,
    schema,
    schemaPath: config.schemaPath,
    migrations: [],
    ...(report ? { onEvent: report } : {}),
  });
  report?.(phaseEvent({ phase: 'reading-live' }));
  const differences = describeDrift(await liveSnapshot(shadow, db), result.desired);
  if (differences.length > 0) {
    throw new SchemaError(
      `The schema file does not match ${database}, so it cannot be recorded as its baseline:\n${differences.map((d) => `  - ${d}`).join('\n')}`,
      {
        where: config.schemaPath,
        hint: 'Write the schema file from the database with `smig pull --force`, or edit it until `smig status` says In sync.',
      },
    );
  }
  if (result.forward.length === 0) {
    throw new UsageError(`${database} has no schema to record.`, {
      where: database,
      hint: 'Start with `smig diff -m "…"` and `smig push` instead.',
    });
  }

  report?.(phaseEvent({ phase: 'locking' }));
  const lock = await takeLock(db, 'baseline', options);
  try {
    if ((await readLedger(db)).length > 0) {
      throw new IntegrityError(`Another process applied a migration to ${database} meanwhile.`, {
        where: database,
        hint: 'Run `smig status` to see what it was.',
      });
    }
    const id = migrationId(options.now, options.message);
    const { path } = await writeMigration(config.migrationsDir, {
      id,
      message: options.message,
      created: options.now,
      parent: null,
      forward: result.forward,
      rollback: result.rollback,
    });
    const written = (await project.migrations()).find((m) => m.id === id);
    try {
      if (!written)
        throw new IntegrityError(`The migration file ${path} could not be read back.`, { where: path });
      await recordMigration(db, {
        id,
        message: written.message,
        checksum: written.checksum,
        up: written.forward,
        down: written.rollback,
        smigVersion,
        parent: null,
        seq: 1,
      });
    } catch (error) {
      await unlink(path).catch(() => undefined);
      throw error;
    }
    // Its schema is now the one its migration gives: no longer a synced database.
    await clearSyncMarker(db);
    return { id, path, database, statements: result.forward.length };
  } finally {
    await lock.release();
  }
}
