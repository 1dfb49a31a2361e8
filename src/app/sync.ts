import { relative } from 'node:path';
import { diffSnapshots } from '../diff/diff-snapshots.js';
import { joinStatements } from '../engine/execute.js';
import { DataLossError, IntegrityError, InterruptedError } from '../errors.js';
import { applySync } from '../history/sync-marker.js';
import { introspect } from '../introspect/introspect.js';
import type { Snapshot } from '../model/snapshot.js';
import type { PlannedStatement } from '../plan/plan.js';
import { smigVersion } from '../version.js';
import { type DataLossItem, dataLossItem, inspectData } from './data-guard.js';
import { repairStatements } from './data-repair.js';
import { computeDiff, type DiffResult } from './diff.js';
import { phaseEvent } from './phase.js';
import type { Project } from './project.js';
import type { PushEvent } from './push.js';
import { definitionsOf } from './shadow-state.js';
import { takeLock } from './take-lock.js';

export interface SyncOptions {
  /** Plan and check, change nothing. */
  readonly dryRun?: boolean;
  /** Apply changes that remove or invalidate data (the values that cannot be kept are removed). */
  readonly allowDataLoss?: boolean;
  readonly lockWaitMs?: number;
  readonly onEvent?: (event: PushEvent) => void;
  /** Aborted before the transaction starts, nothing runs; once it runs, it commits or fails as a whole. */
  readonly signal?: AbortSignal;
}

export interface SyncResult {
  /** `namespace/database`. */
  readonly database: string;
  /** The schema file, relative to the project folder (as the sync record names it). */
  readonly schema: string;
  readonly dryRun: boolean;
  /** The statements that take the database to the schema file (run, or in a dry run to be run). */
  readonly statements: readonly PlannedStatement[];
  /** Data they remove or invalidate, let through by `allowDataLoss`. */
  readonly dataLoss: readonly DataLossItem[];
  /** Whether the database was changed. */
  readonly applied: boolean;
}

/** How the live schema is named where it is replayed like a migration (in errors of the shadow). */
const liveSchema = 'the database schema';

/** The statements that create a schema from nothing, as the engine stored them: one text to replay. */
function schemaText(snapshot: Snapshot): string {
  return joinStatements(definitionsOf(snapshot)).sql;
}

/**
 * Takes a development database straight to the schema file, without a migration file: the plan is made
 * from the live schema (read from the database and replayed on the shadow engine) to the schema file,
 * proven there (the live schema plus the plan must give exactly the schema file's state), checked
 * against the database's records by the data-loss guard, and run in one transaction under the
 * migration lock, together with the record that says the database was synced (`_smig_sync`).
 */
export async function sync(project: Project, options: SyncOptions = {}): Promise<SyncResult> {
  const { config } = project;
  const database = `${config.namespace}/${config.database}`;
  const schemaName = relative(config.projectDir, config.schemaPath) || config.schemaPath;
  const report = options.onEvent;
  const dryRun = options.dryRun ?? false;

  report?.(phaseEvent({ phase: 'loading-schema' }));
  const schema = await project.loadSchema();
  report?.(phaseEvent({ phase: 'reading-live' }));
  const db = await project.connect();
  const live = await introspect(db);
  const liveText = schemaText(live);
  const shadow = await project.shadow();
  let plan: DiffResult;
  try {
    plan = await computeDiff({
      shadow,
      schema,
      schemaPath: config.schemaPath,
      migrations: [{ id: liveSchema, forward: liveText }],
      from: 'live',
      ...(report ? { onEvent: report } : {}),
    });
  } catch (error) {
    if (error instanceof IntegrityError && error.where === liveSchema) {
      throw new IntegrityError(
        `The schema of ${database} cannot be replayed on smig's engine, so no sync can be planned from it: ${error.message.replace(/^.*?: /, '')}`,
        {
          where: database,
          hint: 'The database has a definition this version of SurrealDB does not accept. Recreate the development database, or remove that definition by hand.',
          cause: error,
        },
      );
    }
    throw error;
  }
  const result = { database, schema: schemaName, dryRun };
  if (plan.forward.length === 0) return { ...result, statements: [], dataLoss: [], applied: false };

  const forward = joinStatements(plan.forward).sql;
  report?.(phaseEvent({ phase: 'checking-data' }));
  const problems = await inspectData({
    target: db,
    shadow,
    applied: [{ id: liveSchema, forward: liveText }],
    pending: [{ id: 'the sync', forward }],
    before: plan.history,
    after: plan.desired,
    onRecords: (records, tables) => report?.(phaseEvent({ phase: 'checking-data', records, tables })),
  });
  const dataLoss = problems.map(dataLossItem);
  const blocking = problems.filter((p) => p.blocking !== undefined);
  if (blocking.length > 0) {
    throw new DataLossError(
      `The schema file cannot be synced to the data in ${database}, even with --allow-data-loss:\n${blocking.map((p) => `  - ${dataLossItem(p).message}`).join('\n')}`,
      {
        where: database,
        hint: 'Nothing was changed. Give the field a DEFAULT in the schema file, or update the records first (for example in Surrealist or with `surreal sql`), then sync again.',
      },
    );
  }
  if (dataLoss.length > 0 && !options.allowDataLoss) {
    throw new DataLossError(
      `Syncing the schema file would lose or invalidate data in ${database}:\n${dataLoss.map((d) => `  - ${d.message}`).join('\n')}`,
      {
        where: database,
        hint: 'Nothing was changed. Run sync with --allow-data-loss if losing it is intended (with --dry-run to see the statements first).',
      },
    );
  }
  if (dryRun) return { ...result, statements: plan.forward, dataLoss, applied: false };

  report?.(phaseEvent({ phase: 'locking' }));
  const lock = await takeLock(db, 'sync', options);
  try {
    // Another process may have changed the schema while this one waited for the lock.
    if (diffSnapshots(live, await introspect(db)).length > 0) {
      throw new IntegrityError(`The schema of ${database} changed while smig sync was planning.`, {
        where: database,
        hint: 'Nothing was changed. Run smig sync again.',
      });
    }
    if (options.signal?.aborted) {
      throw new InterruptedError(
        'Interrupted before the sync ran; nothing was changed. The migration lock was released.',
      );
    }
    report?.(phaseEvent({ phase: 'syncing', count: plan.forward.length }));
    await applySync(
      db,
      forward,
      { schema: schemaName, statements: plan.forward.length, smigVersion },
      repairStatements(problems),
    );
  } finally {
    await lock.release().catch(() => undefined);
  }
  return { ...result, statements: plan.forward, dataLoss, applied: true };
}
