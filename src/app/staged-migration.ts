import type { Connection, OpenTransaction } from '../engine/connection.js';
import { ConnectionError } from '../errors.js';
import {
  type LedgerRecord,
  ledgerBindings,
  migrationStatements,
  transactionError,
} from '../history/ledger.js';
import { introspect, introspectReached } from '../introspect/introspect.js';
import type { Snapshot } from '../model/snapshot.js';
import { statementStarts } from '../surql/expression.js';
import { schemaKeywords } from '../surql/statements.js';

/**
 * Whether a forward section is staged: only one made of schema statements (DEFINE, ALTER, REMOVE). One
 * that writes records (a backfill) runs only once the checks have passed, so that a push that is refused
 * never made the target do that work, and the records stay locked no longer than they must.
 */
export function stageable(forward: string): boolean {
  return schemaStatements(forward) !== undefined;
}

/** How many statements a forward section has, when it is `stageable`. */
function schemaStatements(forward: string): number | undefined {
  const starts = statementStarts(forward);
  const schemaOnly = starts.length > 0 && starts.every((s) => schemaKeywords.has(s.keyword));
  return schemaOnly ? starts.length : undefined;
}

/** Notes the state digest in the ledger record the staged statements wrote. */
const noteDigest =
  'UPDATE type::record($smig_ledger, $smig_id) SET state_digest = $smig_state_digest RETURN NONE;';

/** What running the staged statements gave: the first failure, or the time they took. */
type Outcome = { readonly failed: true } | { readonly failed: false; readonly ms: number };

/**
 * A migration applied to the target in a transaction that stays open, so that the target does its part
 * of the work while push checks the migration on its scratch copy and looks at the data. Nothing of it
 * is visible to anyone until `commit()`, which push calls only once every check has passed and the lock
 * is held; any other way out cancels it. A staged migration that cannot be committed as it is (a
 * statement failed in it, the transaction was refused) is cancelled, and push applies the migration
 * the usual way, which reports why it fails.
 */
export class StagedMigration {
  private done = false;
  private read: Promise<Snapshot | undefined> | undefined;

  private constructor(
    readonly record: LedgerRecord,
    /** How many statements its forward section has. */
    readonly statements: number,
    private readonly tx: OpenTransaction,
    private readonly staged: Promise<Outcome>,
  ) {}

  /**
   * Starts applying `record`'s migration; undefined when it is not `stageable`, or where the target
   * keeps no open transaction (HTTP).
   */
  static async stage(db: Connection, record: LedgerRecord): Promise<StagedMigration | undefined> {
    const statements = schemaStatements(record.up);
    if (statements === undefined) return undefined;
    const tx = await db.transaction().catch(() => undefined);
    if (tx === undefined) return undefined;
    const started = performance.now();
    const staged = tx.results(migrationStatements(record.up), { ...ledgerBindings(record) }).then(
      (results): Outcome =>
        transactionError(results) === undefined
          ? { failed: false, ms: performance.now() - started }
          : { failed: true },
      (): Outcome => ({ failed: true }),
    );
    return new StagedMigration(record, statements, tx, staged);
  }

  /**
   * The schema its statements gave, read inside its transaction (which sees them); undefined when a
   * statement failed or the state could not be read. Read once.
   */
  async state(): Promise<Snapshot | undefined> {
    if (this.done || (await this.staged).failed) return undefined;
    this.read ??= introspect(this.tx).catch(() => undefined);
    return this.read;
  }

  /**
   * The schema its statements gave, read inside its transaction for `tables` only, the rest taken from
   * `previous` (see `introspectReached`); undefined when a statement failed or it cannot be read so.
   */
  async stateOf(previous: Snapshot, tables: ReadonlySet<string>): Promise<Snapshot | undefined> {
    if (this.done || (await this.staged).failed) return undefined;
    return introspectReached(this.tx, previous, tables, 'all').catch(() => undefined);
  }

  /** Whether it is the migration with this ledger record (same id, same place in the applied order). */
  is(record: LedgerRecord): boolean {
    return record.id === this.record.id && record.seq === this.record.seq && record.up === this.record.up;
  }

  /**
   * Commits it, after running `repair` (the data guard's statements) in it and noting `stateDigest` in
   * its ledger record. Returns the milliseconds its statements took, or undefined when it could not be
   * committed as staged (and was cancelled). A lost connection while committing says nothing about the
   * outcome and is thrown.
   */
  async commit(
    finish: {
      readonly repair?: { readonly sql: string; readonly bindings: Record<string, unknown> } | undefined;
      readonly stateDigest?: string | undefined;
    } = {},
  ): Promise<number | undefined> {
    if (this.done) return undefined;
    const outcome = await this.staged;
    if (outcome.failed) return this.cancelled();
    const started = performance.now();
    const { repair, stateDigest } = finish;
    const statements = [
      ...(repair === undefined || repair.sql.trim() === '' ? [] : [repair.sql.trim()]),
      ...(stateDigest === undefined ? [] : [noteDigest]),
    ];
    if (statements.length > 0) {
      const bindings = { ...repair?.bindings, ...ledgerBindings({ ...this.record, stateDigest }) };
      const failure = await this.tx.results(statements.join('\n'), bindings).then(
        (results) => transactionError(results),
        (error: Error) => error.message,
      );
      if (failure !== undefined) return this.cancelled();
    }
    this.done = true;
    try {
      await this.tx.commit();
    } catch (error) {
      if (error instanceof ConnectionError) throw error;
      return undefined;
    }
    return outcome.ms + (performance.now() - started);
  }

  /** Cancels it unless it was committed; waits for its statements to finish first. */
  async cancel(): Promise<void> {
    await this.cancelled();
  }

  private async cancelled(): Promise<undefined> {
    if (this.done) return undefined;
    this.done = true;
    await this.staged;
    await this.tx.cancel().catch(() => undefined);
    return undefined;
  }
}
