import { digestOf } from '../digest.js';
import { type Snapshot, snapshotOf, stateDigest } from '../model/snapshot.js';
import { formatMigration, type MigrationDraft, parseMigration } from './migration-file.js';

/** What a migration's verification ran on and found. */
export interface SealInputs {
  /** The version of the engine the sections ran on (the shadow's). */
  readonly engineVersion: string;
  /** The state the sections ran on, and the state the forward section gave there. */
  readonly before: Snapshot;
  readonly after: Snapshot;
  /** The sections as a migration file gives them (`Migration.forward`, `Migration.rollback`). */
  readonly forward: string;
  readonly rollback: string;
  /**
   * Whether every table of `after` was also proven to take a record: `diff` proves it of the schema it
   * writes a migration for; `squash` and `rebase`, which rewrite migrations, do not.
   */
  readonly writable: boolean;
}

/**
 * The digest `smig diff` (and `squash`, `rebase`) writes in a migration it made and verified (its
 * `-- verified:` line): on the state `before`, this engine ran the forward section without a failure
 * and got `after`, and the rollback section gave `before` back. The verification's outcome depends on
 * nothing else, so a push that finds the same digest for what it has in hand (the state its target is
 * in, the file's sections, the state the target's forward section gave, its shadow engine's version)
 * knows the outcome of its own rehearsal. An edited section, another state or another version of smig
 * (which the state digests carry) or of the engine give another digest.
 */
export function migrationSeal(inputs: SealInputs): string {
  const { engineVersion, forward, rollback, writable } = inputs;
  const [before, after] = [stateDigest(inputs.before), stateDigest(inputs.after)];
  return sealOf({ engineVersion, before, forward, rollback, after, writable });
}

/**
 * The draft of a migration whose sections were verified on `before`, giving `after` (forward) and
 * `before` again (rollback), with the seal of that verification and the digest of `after`.
 */
export function sealed(
  draft: MigrationDraft,
  verification: Omit<SealInputs, 'forward' | 'rollback'>,
): MigrationDraft {
  // The sections as the file will give them (comments and notes included).
  const { forward, rollback } = parseMigration(formatMigration(draft), `${draft.id}.surql`);
  const seal = migrationSeal({ ...verification, forward, rollback });
  return { ...draft, verified: { seal, state: stateDigest(verification.after) } };
}

/** The seal of digests (see `migrationSeal`). */
function sealOf(inputs: Omit<SealInputs, 'before' | 'after'> & { before: string; after: string }): string {
  const { engineVersion, before, forward, rollback, after, writable } = inputs;
  return digestOf([
    'verified',
    writable ? 'writable' : 'as is',
    engineVersion,
    before,
    forward,
    rollback,
    after,
  ]);
}

/** A migration file as far as its seal goes: its sections, its seal and the state digest it notes. */
export interface SealedSource {
  readonly forward: string;
  readonly rollback?: string;
  readonly verified?: string;
  /** `stateDigest` of the state the history gives up to and with this migration (`-- state:` line). */
  readonly state?: string;
}

/** The state a sealed history gives (see `sealedHistory`). */
export interface SealedHistory {
  /** Its `stateDigest`. */
  readonly state: string;
  /** Whether the seal of its last migration says every table of that state was proven to take a record. */
  readonly writable: boolean;
}

/**
 * The state a migration history gives, when every migration in it is sealed and each seal is that of
 * the state the one before it notes (`from` for the first: nothing, or the state the ones before them
 * give), its sections and the state it notes itself: one verification after the other from there, on
 * this engine, is what replaying the history would do. Undefined when a file has no seal (written by
 * hand, or by an earlier version), was edited, or was made on another state (a migration from another
 * branch): the history is replayed then.
 */
export function sealedHistory(
  migrations: readonly SealedSource[],
  engineVersion: string,
  from: string = stateDigest(snapshotOf([])),
): SealedHistory | undefined {
  let history: SealedHistory = { state: from, writable: false };
  for (const m of migrations) {
    const writable = sealFor(m, engineVersion, history.state);
    if (writable === undefined) return undefined;
    history = { state: m.state!, writable };
  }
  return history;
}

/**
 * Whether a migration's seal is that of its sections run by this engine on the state with digest
 * `before`, giving the state its `-- state:` line notes.
 */
export function sealHolds(m: SealedSource, engineVersion: string, before: string): boolean {
  return sealFor(m, engineVersion, before) !== undefined;
}

/** What a migration's seal says, when it holds (see `sealHolds`): whether its state is proven writable. */
function sealFor(m: SealedSource, engineVersion: string, before: string): boolean | undefined {
  const { forward, rollback, verified, state: after } = m;
  if (verified === undefined || after === undefined || rollback === undefined) return undefined;
  for (const writable of [true, false]) {
    if (sealOf({ engineVersion, before, forward, rollback, after, writable }) === verified) return writable;
  }
  return undefined;
}
