import type { Queryable } from '../engine/connection.js';
import { ConnectionError, MigrationError } from '../errors.js';

export const ledgerTable = '_smig_migrations';

/** One applied migration, as recorded in the database. */
export interface LedgerEntry {
  readonly id: string;
  readonly message: string;
  readonly checksum: string;
  readonly up: string;
  readonly down: string;
  readonly appliedAt: Date;
  readonly durationMs: number;
  readonly smigVersion: string;
  /** The migration it was made on top of (`null`: the first); absent in records of earlier versions. */
  readonly parent?: string | null;
  /** The checksum of the schema its parent's history produces (`-- history:` in the file). */
  readonly history?: string;
  /** Its place in the order migrations were applied; absent in records of earlier versions. */
  readonly seq?: number;
  /** The `stateDigest` of the schema the push that applied it left (when it was the last of that push). */
  readonly stateDigest?: string;
}

function isMissingTable(error: unknown): boolean {
  return /table '_smig_migrations' does not exist/i.test((error as Error)?.message ?? '');
}

function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  const parsed = new Date(text);
  if (!Number.isNaN(parsed.getTime())) return parsed;
  // The SDK's DateTime keeps nanoseconds; its string form is ISO 8601 with more fraction digits.
  return new Date(text.replace(/(\.\d{3})\d+/, '$1'));
}

/**
 * The applied migrations in the order they were applied (their sequence number, then the time: records
 * of earlier versions have no sequence number and come first), whatever their ids. A database smig never
 * touched has none.
 */
export async function readLedger(db: Queryable): Promise<LedgerEntry[]> {
  let rows: Record<string, unknown>[];
  try {
    const [result] = await db.query(
      'SELECT record::id(id) AS id, message, checksum, up, down, applied_at, duration_ms, smig_version, parent, history, seq, state_digest FROM type::table($smig_ledger) ORDER BY applied_at, id',
      { smig_ledger: ledgerTable },
    );
    rows = result as Record<string, unknown>[];
  } catch (error) {
    if (isMissingTable(error)) return [];
    throw error;
  }
  const entries = rows.map(
    (r): LedgerEntry => ({
      id: String(r.id),
      message: String(r.message ?? ''),
      checksum: String(r.checksum ?? ''),
      up: String(r.up ?? ''),
      down: String(r.down ?? ''),
      appliedAt: toDate(r.applied_at),
      durationMs: Number(r.duration_ms ?? 0),
      smigVersion: String(r.smig_version ?? ''),
      ...(typeof r.parent === 'string' || r.parent === null ? { parent: r.parent } : {}),
      ...(typeof r.history === 'string' ? { history: r.history } : {}),
      ...(r.seq === undefined || r.seq === null ? {} : { seq: Number(r.seq) }),
      ...(typeof r.state_digest === 'string' ? { stateDigest: r.state_digest } : {}),
    }),
  );
  // A stable sort: records without a sequence number keep the engine's applied_at order, before the others.
  return entries.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/** The sequence number of the next migration applied after these. */
export function nextSeq(ledger: readonly LedgerEntry[]): number {
  return ledger.reduce((max, e, i) => Math.max(max, e.seq ?? i + 1), 0) + 1;
}

export interface LedgerRecord {
  readonly id: string;
  readonly message: string;
  readonly checksum: string;
  readonly up: string;
  readonly down: string;
  readonly smigVersion: string;
  readonly parent?: string | null;
  readonly history?: string;
  /** Its place in the applied order (`nextSeq`). */
  readonly seq?: number;
  /**
   * The `stateDigest` of the schema its migrations give, for the last migration of a push: the next
   * push compares the live schema with it instead of replaying the history.
   */
  readonly stateDigest?: string;
}

/**
 * The text that applies one migration: its statements and its ledger record in one transaction, so a
 * crash leaves the migration either fully applied and recorded or not there at all.
 */
export function applyTransaction(up: string, repair = ''): string {
  return ['BEGIN;', migrationStatements(up, repair), 'COMMIT;'].join('\n');
}

/** A migration's statements, a repair after them, and its ledger record (with the time they took). */
export function migrationStatements(up: string, repair = ''): string {
  return [
    'LET $smig_started = time::now();',
    up.trim(),
    ';',
    ...(repair.trim() === '' ? [] : [repair.trim()]),
    'LET $smig_duration = duration::millis(time::now() - $smig_started);',
    createRecord,
  ].join('\n');
}

/** The ledger record, from the bindings of `ledgerBindings` and a `$smig_duration` in milliseconds. */
const createRecord =
  'CREATE type::record($smig_ledger, $smig_id) CONTENT { message: $smig_message, checksum: $smig_checksum, up: $smig_up, down: $smig_down, smig_version: $smig_version, parent: $smig_parent, history: $smig_history, seq: $smig_seq, state_digest: $smig_state_digest, applied_at: time::now(), duration_ms: $smig_duration };';

/**
 * Records a migration as applied without running it (`smig baseline`: the database already has its
 * schema). Throws MigrationError when the record cannot be written (e.g. it exists already).
 */
export async function recordMigration(db: Queryable, record: LedgerRecord): Promise<void> {
  let failure: string | undefined;
  try {
    failure = transactionError(
      await db.results(['BEGIN;', createRecord, 'COMMIT;'].join('\n'), {
        ...ledgerBindings(record),
        smig_duration: 0,
      }),
    );
  } catch (error) {
    failure = (error as Error).message;
  }
  if (failure !== undefined) {
    throw new MigrationError(`Migration ${record.id} could not be recorded: ${failure.split('\n')[0]}`, {
      where: record.id,
      hint: 'Nothing was recorded. Check that the database accepts writes and run the command again.',
    });
  }
}

/** The text that undoes one migration: its rollback statements and the removal of its record. */
export function rollbackTransaction(down: string, repair = ''): string {
  return [
    'BEGIN;',
    down.trim(),
    ';',
    ...(repair.trim() === '' ? [] : [repair.trim()]),
    'DELETE type::record($smig_ledger, $smig_id);',
    'COMMIT;',
  ].join('\n');
}

export function ledgerBindings(record: LedgerRecord): Record<string, unknown> {
  return {
    smig_ledger: ledgerTable,
    smig_id: record.id,
    smig_message: record.message,
    smig_checksum: record.checksum,
    smig_up: record.up,
    smig_down: record.down,
    smig_version: record.smigVersion,
    // NONE, not NULL, where a record of an earlier version would have nothing.
    smig_parent: record.parent,
    smig_history: record.history,
    smig_seq: record.seq,
    smig_state_digest: record.stateDigest,
  };
}

/** The first real error of a failed transaction (the others only say the transaction failed). */
export function transactionError(results: Awaited<ReturnType<Queryable['results']>>): string | undefined {
  const errors = results.flatMap((r) => (r.ok ? [] : [r.error.message]));
  if (errors.length === 0) return undefined;
  return errors.find((m) => !/not executed due to a (failed|cancelled) transaction/.test(m)) ?? errors[0];
}

async function hasRecord(db: Queryable, id: string): Promise<boolean> {
  try {
    const [rows] = await db.query('SELECT VALUE id FROM type::record($smig_ledger, $smig_id)', {
      smig_ledger: ledgerTable,
      smig_id: id,
    });
    return Array.isArray(rows) && rows.length > 0;
  } catch (error) {
    if (isMissingTable(error)) return false;
    throw error;
  }
}

/**
 * Runs a migration with its ledger record; throws MigrationError (nothing kept) when any statement fails.
 * A `repair` (statements with their bindings, from the data guard) runs after the migration, in its
 * transaction; the ledger records the migration's own text.
 */
export async function applyMigration(
  db: Queryable,
  record: LedgerRecord,
  repair?: { readonly sql: string; readonly bindings: Record<string, unknown> },
): Promise<void> {
  let failure: string | undefined;
  try {
    failure = transactionError(
      await db.results(applyTransaction(record.up, repair?.sql), {
        ...repair?.bindings,
        ...ledgerBindings(record),
      }),
    );
  } catch (error) {
    // A lost connection says nothing about the transaction's outcome: never report it as "not applied".
    if (error instanceof ConnectionError) throw error;
    failure = (error as Error).message;
  }
  if (failure !== undefined) {
    throw new MigrationError(`Migration ${record.id} failed and was not applied: ${failure.split('\n')[0]}`, {
      where: record.id,
      hint: 'Nothing of this migration was kept. Fix the migration file (or the data it trips over) and run push again.',
    });
  }
  await confirmRecorded(db, record);
}

/**
 * After a migration's transaction committed: its ledger record is there. A statement that ends the
 * transaction early (migration files are checked for them when read) skips the rest: the record proves
 * it all ran.
 */
export async function confirmRecorded(db: Queryable, record: LedgerRecord): Promise<void> {
  if (!(await hasRecord(db, record.id))) {
    throw new MigrationError(
      `Migration ${record.id} stopped before its end: a statement in it ended the transaction early, so part of it may have been kept.`,
      {
        where: record.id,
        hint: 'Remove any top-level BEGIN, COMMIT, CANCEL, USE or RETURN from the migration, then compare the database with `smig status`.',
      },
    );
  }
}

/**
 * Replaces the ledger record of a migration by the record of the migration `smig rebase` made of it,
 * without running anything: the database already has its change.
 */
export async function replaceRecord(db: Queryable, replaced: string, record: LedgerRecord): Promise<void> {
  let failure: string | undefined;
  try {
    failure = transactionError(
      await db.results(
        ['BEGIN;', 'DELETE type::record($smig_ledger, $smig_replaced);', createRecord, 'COMMIT;'].join('\n'),
        { ...ledgerBindings(record), smig_replaced: replaced, smig_duration: 0 },
      ),
    );
  } catch (error) {
    failure = (error as Error).message;
  }
  if (failure !== undefined) {
    throw new MigrationError(
      `The ledger record of ${replaced} could not be replaced by ${record.id}: ${failure.split('\n')[0]}`,
      {
        where: record.id,
        hint: 'Nothing was changed. Check that the database accepts writes and run push again.',
      },
    );
  }
}

/**
 * Replaces the ledger records of several migrations by one record, in one transaction, without running
 * anything (`smig squash`: the database already has the change of the migration that replaces them).
 */
export async function replaceRecords(
  db: Queryable,
  replaced: readonly string[],
  record: LedgerRecord,
): Promise<void> {
  let failure: string | undefined;
  const deletes = replaced.map((_, i) => `DELETE type::record($smig_ledger, $smig_replaced_${i});`);
  const bindings = Object.fromEntries(replaced.map((id, i) => [`smig_replaced_${i}`, id]));
  try {
    failure = transactionError(
      await db.results(['BEGIN;', ...deletes, createRecord, 'COMMIT;'].join('\n'), {
        ...ledgerBindings(record),
        ...bindings,
        smig_duration: 0,
      }),
    );
  } catch (error) {
    failure = (error as Error).message;
  }
  if (failure !== undefined) {
    throw new MigrationError(
      `The ledger records of ${replaced.join(', ')} could not be replaced by ${record.id}: ${failure.split('\n')[0]}`,
      {
        where: record.id,
        hint: 'Nothing was changed. Check that the database accepts writes and run the command again.',
      },
    );
  }
}

/** Runs a migration's rollback with the removal of its ledger record. */
export async function revertMigration(
  db: Queryable,
  entry: LedgerEntry,
  repair?: { readonly sql: string; readonly bindings: Record<string, unknown> },
): Promise<void> {
  let failure: string | undefined;
  try {
    failure = transactionError(
      await db.results(rollbackTransaction(entry.down, repair?.sql), {
        ...repair?.bindings,
        smig_ledger: ledgerTable,
        smig_id: entry.id,
      }),
    );
  } catch (error) {
    if (error instanceof ConnectionError) throw error;
    failure = (error as Error).message;
  }
  if (failure !== undefined) {
    throw new MigrationError(
      `Rolling back migration ${entry.id} failed; nothing of it was undone: ${failure.split('\n')[0]}`,
      {
        where: entry.id,
        hint: 'The database is as it was before this rollback. Check the data the rollback trips over.',
      },
    );
  }
}

/** Removes a migration's ledger record without running anything (`smig resolve --rolled-back`). */
export async function forgetMigration(db: Queryable, id: string): Promise<void> {
  await db.query(`DELETE type::record('${ledgerTable}', $smig_id);`, { smig_id: id });
}
