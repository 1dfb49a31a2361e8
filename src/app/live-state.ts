import { assertNever, changedEntity } from '../diff/change.js';
import { diffSnapshots } from '../diff/diff-snapshots.js';
import type { Queryable, Shadow } from '../engine/connection.js';
import { executeStatements } from '../engine/execute.js';
import type { ParsedUrl } from '../engine/url.js';
import { introspect } from '../introspect/introspect.js';
import { describeEntity } from '../model/entity.js';
import { type ReportItem, reportItem, subjectOf } from '../model/report-item.js';
import type { Snapshot } from '../model/snapshot.js';
import { definitionsOf } from './shadow-state.js';

/**
 * The live database's schema as the shadow engine prints it, so that it is compared with other shadow
 * states by one engine version. An embedded database runs in this process's engine, the shadow's own,
 * so its definitions are read as they are; a server's are replayed into a scratch database first.
 */
export async function liveSnapshot(
  shadow: Shadow,
  db: Queryable & { readonly url?: ParsedUrl },
  /** The live database's schema as it was just read from it, if it was. */
  read?: Snapshot,
): Promise<Snapshot> {
  const live = read ?? (await introspect(db));
  if (live.entities.size === 0 || db.url?.embedded) return live;
  const scratch = await shadow.database('live');
  const failures = await executeStatements(scratch, definitionsOf(live));
  // A definition this engine cannot replay is compared as the server printed it.
  return failures.length === 0 ? introspect(scratch) : live;
}

/**
 * What differs: `missing` (the expected state has it, this one does not), `extra` (this one has it, the
 * expected state does not), `changed` (both have it, defined differently), `renamed` (expected under a
 * new name).
 */
export type DriftKind = 'missing' | 'extra' | 'changed' | 'renamed';

export type DriftItem = ReportItem<DriftKind>;

/**
 * The differences that take `from` to `to` (what `to` has that `from` lacks, and so on), one item per
 * entity, with the sentence people read.
 */
export function driftItems(from: Snapshot, to: Snapshot): DriftItem[] {
  return diffSnapshots(from, to).map((change) => {
    const ref = changedEntity(change).ref;
    const what = describeEntity(ref);
    const subject = subjectOf(ref);
    switch (change.kind) {
      case 'define':
        return reportItem('missing', subject, `${what} is missing`);
      case 'remove':
        return reportItem('extra', subject, `${what} is not expected`);
      case 'overwrite':
        return reportItem(
          'changed',
          subject,
          `${what} differs:\n      has:      ${change.before.definition}\n      expected: ${change.after.definition}`,
        );
      case 'rename':
        return reportItem('renamed', subject, `${describeEntity(change.before.ref)} is now ${what}`);
      default:
        return assertNever(change);
    }
  });
}

/** The differences that take `from` to `to`, as the sentences people read. */
export function describeDrift(from: Snapshot, to: Snapshot): string[] {
  return driftItems(from, to).map((d) => d.message);
}
