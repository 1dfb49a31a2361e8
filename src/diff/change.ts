import type { SnapshotEntity } from '../model/snapshot.js';

/**
 * A typed difference between two snapshots, holding the complete entities on each side. Named after the
 * SurrealQL verb that carries the database from the old state to the new one.
 */
export type Change =
  | { readonly kind: 'define'; readonly after: SnapshotEntity }
  | { readonly kind: 'remove'; readonly before: SnapshotEntity }
  | { readonly kind: 'overwrite'; readonly before: SnapshotEntity; readonly after: SnapshotEntity }
  /** A table or field that keeps its data under a new name (declared with `.was()`). */
  | { readonly kind: 'rename'; readonly before: SnapshotEntity; readonly after: SnapshotEntity };

export function changedEntity(change: Change): SnapshotEntity {
  return change.kind === 'remove' ? change.before : change.after;
}

/** The same change seen from the other side: what undoes it. */
export function invertChange(change: Change): Change {
  switch (change.kind) {
    case 'define':
      return { kind: 'remove', before: change.after };
    case 'remove':
      return { kind: 'define', after: change.before };
    case 'overwrite':
    case 'rename':
      return { kind: change.kind, before: change.after, after: change.before };
    default:
      return assertNever(change);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
