import { randomUUID } from 'node:crypto';
import type { Queryable } from '../engine/connection.js';
import { MigrationError } from '../errors.js';
import { transactionError } from './ledger.js';

/**
 * `smig sync` changes a database's schema without migrations. It says so in a table of its own, apart
 * from the ledger (`_smig_migrations`), which keeps telling only which migrations ran: one record,
 * `_smig_sync:last`, the latest sync. `status` shows it, `push` explains a drift with it, and it is
 * removed once the database is again exactly what its migrations give (push, resolve, baseline).
 */
export const syncTable = '_smig_sync';

export interface SyncMarker {
  /** The schema file, relative to the project folder. */
  readonly schema: string;
  /** When the latest sync committed (ISO 8601). */
  readonly at: string;
  /** How many statements it ran. */
  readonly statements: number;
  readonly smigVersion: string;
}

function isMissingTable(error: unknown): boolean {
  return new RegExp(`table '${syncTable}' does not exist`, 'i').test((error as Error)?.message ?? '');
}

function isoTime(value: unknown): string {
  const text = String(value ?? '');
  const parsed = new Date(text.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(parsed.getTime()) ? text : parsed.toISOString();
}

/** The latest sync of the database, or undefined when it was never synced (or is migrated again). */
export async function readSyncMarker(db: Queryable): Promise<SyncMarker | undefined> {
  let rows: unknown;
  try {
    [rows] = await db.query('SELECT * FROM type::record($smig_sync_table, "last")', {
      smig_sync_table: syncTable,
    });
  } catch (error) {
    if (isMissingTable(error)) return undefined;
    throw error;
  }
  const row = (rows as Record<string, unknown>[] | undefined)?.[0];
  if (!row) return undefined;
  return {
    schema: String(row.schema ?? ''),
    at: isoTime(row.synced_at),
    statements: Number(row.statements ?? 0),
    smigVersion: String(row.smig_version ?? ''),
  };
}

/**
 * Runs a sync's statements, the data repair allowed with them, and the sync record, in one
 * transaction: the database is either changed and marked as synced, or not changed at all.
 */
export async function applySync(
  db: Queryable,
  sql: string,
  marker: Omit<SyncMarker, 'at'>,
  repair?: { readonly sql: string; readonly bindings: Record<string, unknown> },
): Promise<void> {
  const token = randomUUID();
  const text = [
    'BEGIN;',
    sql.trim(),
    ';',
    ...(repair === undefined || repair.sql.trim() === '' ? [] : [repair.sql.trim()]),
    'UPSERT type::record($smig_sync_table, "last") CONTENT { schema: $smig_sync_schema, statements: $smig_sync_statements, smig_version: $smig_sync_version, token: $smig_sync_token, synced_at: time::now() } RETURN NONE;',
    'COMMIT;',
  ].join('\n');
  let failure: string | undefined;
  try {
    failure = transactionError(
      await db.results(text, {
        ...repair?.bindings,
        smig_sync_table: syncTable,
        smig_sync_schema: marker.schema,
        smig_sync_statements: marker.statements,
        smig_sync_version: marker.smigVersion,
        smig_sync_token: token,
      }),
    );
  } catch (error) {
    failure = (error as Error).message;
  }
  if (failure !== undefined) {
    throw new MigrationError(`The sync failed and nothing of it was kept: ${failure.split('\n')[0]}`, {
      where: marker.schema,
      hint: 'The database is as it was. Fix the schema file (or the data the statement trips over) and sync again.',
    });
  }
  // The record is written last: finding this sync's token proves every statement before it ran.
  const [found] = await db.query('SELECT VALUE token FROM type::record($smig_sync_table, "last")', {
    smig_sync_table: syncTable,
  });
  if (!Array.isArray(found) || found[0] !== token) {
    throw new MigrationError('The sync stopped before its end: its record was not written.', {
      where: marker.schema,
      hint: 'Compare the database with the schema file (`smig status`) and sync again.',
    });
  }
}

/** Forgets that the database was synced: it is again exactly what its migrations give. */
export async function clearSyncMarker(db: Queryable): Promise<void> {
  try {
    await db.query('DELETE type::record($smig_sync_table, "last")', { smig_sync_table: syncTable });
  } catch (error) {
    if (!isMissingTable(error)) throw error;
  }
}
