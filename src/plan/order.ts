import { type EntityKind, entityId } from '../model/entity.js';
import type { SnapshotEntity } from '../model/snapshot.js';

/**
 * Where a statement goes in a migration. Removals run first, children before what holds them (views
 * before their sources, tables last); then definitions, dependencies first (functions and analyzers
 * before the indexes and events that use them, each table followed by its fields, indexes and events,
 * views after their sources, a view over a view after the view it reads).
 */
export type SortKey = readonly (number | string)[];

const removalRank: Record<EntityKind, number> = {
  event: 0,
  index: 1,
  field: 2,
  table: 4,
  access: 5,
  user: 5,
  config: 5,
  param: 6,
  sequence: 6,
  function: 7,
  analyzer: 8,
};

const definePhase: Record<EntityKind, number> = {
  function: 0,
  analyzer: 1,
  param: 2,
  sequence: 3,
  table: 4,
  field: 4,
  index: 4,
  event: 4,
  access: 6,
  user: 7,
  config: 8,
};

const withinTable: Partial<Record<EntityKind, number>> = { table: 0, field: 1, index: 2, event: 3 };

export function isView(entity: SnapshotEntity | undefined): boolean {
  return entity?.structure.view !== undefined;
}

export function isRelation(entity: SnapshotEntity): boolean {
  return (entity.structure.kind as { kind?: string } | undefined)?.kind === 'RELATION';
}

/**
 * How many views stand between a table and the plain tables under it: 0 for a table, 1 for a view over
 * tables, 2 for a view over such a view. Only the tables the migration touches are looked at (`tableOf`):
 * an untouched source needs no place in the order.
 */
export function viewDepth(
  name: string,
  tableOf: (name: string) => SnapshotEntity | undefined,
  seen: ReadonlySet<string> = new Set(),
): number {
  const table = tableOf(name);
  if (!isView(table) || seen.has(name)) return 0;
  const inner = new Set([...seen, name]);
  const sources = (table?.readsFrom ?? []).map((s) => viewDepth(s, tableOf, inner));
  return 1 + Math.max(0, ...sources);
}

/** Model order (position in the compiled schema) when known; used so the output follows the schema file. */
export type OrderOf = (id: string) => number | undefined;

export function removalKey(
  entity: SnapshotEntity,
  tableOf: (name: string) => SnapshotEntity | undefined,
): SortKey {
  const { ref } = entity;
  const rank = ref.kind === 'table' && isView(entity) ? 3 : removalRank[ref.kind];
  const table = ref.table ?? (ref.kind === 'table' ? ref.name : '');
  // The deepest views go first: nothing may still read from a table when it is removed.
  return [rank, -viewDepth(table, tableOf), table, ref.name];
}

/**
 * `slot` places a statement within its table's group: 0 table, 1 fields, 2 indexes, 3 events. Data
 * moves of renames use 2.5, after the new shape exists and before events that would fire on them.
 */
export function defineKey(
  entity: SnapshotEntity,
  tableOf: (name: string) => SnapshotEntity | undefined,
  orderOf: OrderOf,
  slot?: number,
): SortKey {
  const { ref } = entity;
  const tableName = ref.table ?? (ref.kind === 'table' ? ref.name : undefined);
  const depth = tableName === undefined ? 0 : viewDepth(tableName, tableOf);
  const tableRank =
    tableName === undefined ? -1 : (orderOf(entityId({ kind: 'table', name: tableName })) ?? Infinity);
  const own = orderOf(entityId(ref)) ?? Infinity;
  return [
    definePhase[ref.kind],
    depth,
    tableRank,
    tableName ?? '',
    slot ?? withinTable[ref.kind] ?? 0,
    own,
    ref.name,
  ];
}

export function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}
