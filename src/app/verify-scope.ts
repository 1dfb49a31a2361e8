import type { Change } from '../diff/change.js';
import { diffSnapshots } from '../diff/diff-snapshots.js';
import type { Queryable, Shadow } from '../engine/connection.js';
import { executeStatements } from '../engine/execute.js';
import { introspect } from '../introspect/introspect.js';
import { type Snapshot, type SnapshotEntity, snapshotOf } from '../model/snapshot.js';
import type { HistoryState } from './shadow-state.js';
import { definitionsOf } from './shadow-state.js';

/** The table an entity belongs to (a table is its own); undefined for a database-level entity. */
function tableOf(entity: SnapshotEntity): string | undefined {
  return entity.ref.kind === 'table' ? entity.ref.name : entity.ref.table;
}

function entitiesOf(change: Change): SnapshotEntity[] {
  switch (change.kind) {
    case 'define':
      return [change.after];
    case 'remove':
      return [change.before];
    default:
      return [change.before, change.after];
  }
}

/**
 * The tables a migration's statements can reach as far as the engine is concerned: the tables its
 * changes belong to, every view over one of them, and every table such a view reads from (the engine
 * refuses a view over a table it does not have). Record links and relations name tables the engine
 * does not need (it defines `record<u>` and `IN p OUT q` without them), and the database-level
 * entities (functions, analyzers, params, accesses, …) are always taken whole.
 */
export function tablesInScope(changes: readonly Change[], states: readonly Snapshot[]): Set<string> {
  const scope = new Set<string>();
  for (const change of changes) {
    for (const entity of entitiesOf(change)) {
      const table = tableOf(entity);
      if (table !== undefined) scope.add(table);
    }
  }
  const views = states.flatMap((s) => [...s.entities.values()].filter((e) => e.readsFrom !== undefined));
  for (let grew = true; grew; ) {
    grew = false;
    for (const view of views) {
      const sources = view.readsFrom ?? [];
      const linked = [view.ref.name, ...sources];
      if (!linked.some((t) => scope.has(t))) continue;
      for (const table of linked) {
        if (scope.has(table)) continue;
        scope.add(table);
        grew = true;
      }
    }
  }
  return scope;
}

/** The part of a state in those tables, with every database-level entity. */
export function within(snapshot: Snapshot, tables: ReadonlySet<string>): Snapshot {
  const inside = (e: SnapshotEntity) => {
    const table = tableOf(e);
    return table === undefined || tables.has(table);
  };
  return { entities: new Map([...snapshot.entities].filter(([, e]) => inside(e))) };
}

/** `whole` with the part in those tables (and the database-level entities) replaced by `part`. */
export function withPart(whole: Snapshot, tables: ReadonlySet<string>, part: Snapshot): Snapshot {
  const outside = [...whole.entities].filter(([, e]) => {
    const table = tableOf(e);
    return table !== undefined && !tables.has(table);
  });
  return snapshotOf([...outside, ...part.entities]);
}

/** Where a migration is verified: a database in the state before it, and the part of the states compared. */
export interface VerificationGround {
  readonly db: Queryable;
  /** The state before the migration, and the one it must give, as far as `db` holds them. */
  readonly before: Snapshot;
  readonly after: Snapshot;
  /** The tables `db` holds (with every database-level entity); undefined when it holds the whole state. */
  readonly tables?: ReadonlySet<string>;
}

/**
 * A database to verify a migration on. When its changes reach only some tables, a scratch database
 * holds just those (and the database-level entities), built from their stored definitions: the engine
 * treats the other tables' definitions as if they were not there, so verifying the statements on the
 * part proves what verifying them on the whole would, at a fraction of the cost on a large schema. The
 * part is checked to be exactly the part of the state before; when it cannot be built so, the whole
 * history is used.
 */
export async function verificationGround(
  shadow: Shadow,
  changes: readonly Change[],
  history: HistoryState,
  desired: Snapshot,
): Promise<VerificationGround> {
  const tables = tablesInScope(changes, [history.snapshot, desired]);
  const before = within(history.snapshot, tables);
  const after = within(desired, tables);
  const smaller =
    before.entities.size < history.snapshot.entities.size || after.entities.size < desired.entities.size;
  const db = smaller ? await partDatabase(shadow, before, 'verify') : undefined;
  if (db !== undefined) return { db, before, after, tables };
  return { db: await history.database(), before: history.snapshot, after: desired };
}

/**
 * A scratch database holding exactly `part` of a state, built from its stored definitions; undefined
 * when the engine does not give that part back as it was.
 */
export async function partDatabase(
  shadow: Shadow,
  part: Snapshot,
  label: string,
): Promise<Queryable | undefined> {
  const db = await shadow.database(label);
  const failures = await executeStatements(db, definitionsOf(part));
  return failures.length === 0 && diffSnapshots(await introspect(db), part).length === 0 ? db : undefined;
}
