import type { Snapshot, SnapshotEntity } from '../model/snapshot.js';
import type { Change } from './change.js';

function viewOf(entity: SnapshotEntity): unknown {
  return entity.structure.view;
}

/**
 * Whether a change rebuilds a view: its query changes, or it stops being a view. SurrealDB 3.0.2 cannot
 * overwrite the query of a view that holds records ("The key being inserted already exists"), and it
 * refuses to remove a table a view reads from while the old source may be removed in the same migration;
 * so such a view is removed and defined again.
 */
export function rebuildsView(change: Change): boolean {
  return (
    change.kind === 'overwrite' &&
    viewOf(change.before) !== undefined &&
    JSON.stringify(viewOf(change.before)) !== JSON.stringify(viewOf(change.after))
  );
}

/**
 * A view cannot be removed while another view reads from it, so the views reading (directly or through
 * other views) from a rebuilt view are rebuilt with it, though they do not change themselves: each is
 * added as an overwrite by itself, which the planner turns into a remove and a define.
 */
export function withDependentViews(changes: readonly Change[], from: Snapshot, to: Snapshot): Change[] {
  const tables = changes.map((c) => (c.kind === 'define' ? c.after : c.before).ref);
  const touched = new Set(tables.filter((ref) => ref.kind === 'table').map((ref) => ref.name));
  const rebuilt = new Set(
    changes.filter(rebuildsView).map((c) => (c.kind === 'define' ? c.after : c.before).ref.name),
  );
  const added: Change[] = [];
  let grew = rebuilt.size > 0;
  while (grew) {
    grew = false;
    for (const [id, before] of from.entities) {
      const after = to.entities.get(id);
      const { ref } = before;
      if (ref.kind !== 'table' || !after || touched.has(ref.name)) continue;
      if (!before.readsFrom?.some((source) => rebuilt.has(source))) continue;
      added.push({ kind: 'overwrite', before, after });
      touched.add(ref.name);
      rebuilt.add(ref.name);
      grew = true;
    }
  }
  return added.length === 0 ? [...changes] : [...changes, ...added];
}
