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
}

/**
 * The digest `smig diff` writes in a migration it made and verified (its `-- verified:` line): on the
 * state `before`, this engine ran the forward section without a failure and got `after`, and the
 * rollback section gave `before` back. The verification's outcome depends on nothing else, so a push
 * that finds the same digest for what it has in hand (the state its target is in, the file's sections,
 * the state the target's forward section gave, its shadow engine's version) knows the outcome of its
 * own rehearsal. An edited section, another state or another version of smig (which the state digests
 * carry) or of the engine give another digest.
 */
export function migrationSeal(inputs: SealInputs): string {
  const { engineVersion, forward, rollback } = inputs;
  return sealOf(engineVersion, stateDigest(inputs.before), forward, rollback, stateDigest(inputs.after));
}

/**
 * The draft of a migration whose sections were verified on `before`, giving `after` (forward) and
 * `before` again (rollback), with the seal of that verification and the digest of `after`.
 */
export function sealed(
  draft: MigrationDraft,
  engineVersion: string,
  before: Snapshot,
  after: Snapshot,
): MigrationDraft {
  // The sections as the file will give them (comments and notes included).
  const { forward, rollback } = parseMigration(formatMigration(draft), `${draft.id}.surql`);
  const seal = migrationSeal({ engineVersion, before, after, forward, rollback });
  return { ...draft, verified: { seal, state: stateDigest(after) } };
}

function sealOf(engineVersion: string, before: string, forward: string, rollback: string, after: string) {
  return digestOf(['verified', engineVersion, before, forward, rollback, after]);
}

/** A migration file as far as its seal goes: its sections, its seal and the state digest it notes. */
export interface SealedSource {
  readonly forward: string;
  readonly rollback?: string;
  readonly verified?: string;
  /** `stateDigest` of the state the history gives up to and with this migration (`-- state:` line). */
  readonly state?: string;
}

/**
 * The digest of the state a migration history gives, when every migration in it is sealed and each seal
 * is that of the state the one before it notes (`from` for the first: nothing, or the state the ones
 * before them give), its sections and the state it notes itself: one verification after the other from nothing, on this engine, is what replaying the
 * history would do. Undefined when a file has no seal (written by hand, or by an earlier version), was
 * edited, or was made on another state (a migration from another branch): the history is replayed then.
 */
export function sealedHistoryDigest(
  migrations: readonly SealedSource[],
  engineVersion: string,
  from: string = stateDigest(snapshotOf([])),
): string | undefined {
  let state = from;
  for (const m of migrations) {
    if (!sealHolds(m, engineVersion, state)) return undefined;
    state = m.state!;
  }
  return state;
}

/**
 * Whether a migration's seal is that of its sections run by this engine on the state with digest
 * `before`, giving the state its `-- state:` line notes.
 */
export function sealHolds(m: SealedSource, engineVersion: string, before: string): boolean {
  if (m.verified === undefined || m.state === undefined || m.rollback === undefined) return false;
  return sealOf(engineVersion, before, m.forward, m.rollback, m.state) === m.verified;
}
