import type { Snapshot } from '../model/snapshot.js';
import type { Change } from './change.js';

/**
 * The changes that take a database from `from` to `to`. Both snapshots were printed by the engine, so
 * two entities are the same exactly when their fingerprints are equal: no normalisation happens here.
 */
export function diffSnapshots(from: Snapshot, to: Snapshot): Change[] {
  const changes: Change[] = [];
  for (const [id, before] of from.entities) {
    const after = to.entities.get(id);
    if (!after) changes.push({ kind: 'remove', before });
    else if (after.fingerprint !== before.fingerprint) changes.push({ kind: 'overwrite', before, after });
  }
  for (const [id, after] of to.entities) {
    if (!from.entities.has(id)) changes.push({ kind: 'define', after });
  }
  return changes;
}
