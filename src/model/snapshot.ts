import { digestOf } from '../digest.js';
import { smigVersion } from '../version.js';
import type { EntityRef } from './entity.js';

/** One entity as the engine stores it. */
export interface SnapshotEntity {
  readonly ref: EntityRef;
  /** The engine's own DEFINE statement (INFO text form); executable as it is. */
  readonly definition: string;
  /**
   * What is compared to decide whether two entities differ: the definition with the parts the engine
   * cannot show faithfully masked (redacted keys, randomly salted password hashes).
   */
  readonly fingerprint: string;
  /** The INFO … STRUCTURE object (without the engine's internal `id`). */
  readonly structure: Readonly<Record<string, unknown>>;
  /** For a view (`AS SELECT`): the tables it selects from, as the engine links them (sorted). */
  readonly readsFrom?: readonly string[];
}

/** A database schema as the engine reports it, keyed by `entityId`, in sorted key order. */
export interface Snapshot {
  readonly entities: ReadonlyMap<string, SnapshotEntity>;
}

/** A snapshot of these entities, in sorted key order (the order every snapshot keeps). */
export function snapshotOf(entries: Iterable<readonly [string, SnapshotEntity]>): Snapshot {
  return { entities: new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

/**
 * One digest of a schema state: every entity's id and fingerprint in key order, with the version of
 * smig that made the fingerprints. Two states with the same digest are states `diffSnapshots` finds
 * no difference between.
 */
export function stateDigest(snapshot: Snapshot): string {
  const texts = [...snapshot.entities].flatMap(([id, entity]) => [id, entity.fingerprint]);
  return digestOf([`smig ${smigVersion}`, ...texts]);
}
