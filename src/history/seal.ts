import { digestOf } from '../digest.js';
import { type Snapshot, stateDigest } from '../model/snapshot.js';

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
  return digestOf([
    'verified',
    inputs.engineVersion,
    stateDigest(inputs.before),
    inputs.forward,
    inputs.rollback,
    stateDigest(inputs.after),
  ]);
}
