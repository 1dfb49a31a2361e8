import { type Change, changedEntity } from '../diff/change.js';
import { describeEntity } from '../model/entity.js';
import type { SnapshotEntity } from '../model/snapshot.js';
import { parseType } from '../surql/parse-type.js';
import { admitsNone } from '../surql/type-ops.js';
import { isView } from './order.js';

/**
 * How a change can affect data already in the database:
 * - `destructive`: it removes data or a guarantee (a table or field that may hold values, a UNIQUE index);
 * - `data-dependent`: it succeeds or fails depending on the rows (a new or narrowed type, an ASSERT, a
 *   UNIQUE index, a required field, SCHEMAFULL, new relation endpoints).
 */
export type Risk =
  | { readonly level: 'destructive'; readonly reason: string; readonly check?: DataCheck }
  | { readonly level: 'data-dependent'; readonly reason: string; readonly check: DataCheck };

/** What to look at in the target before the change runs. */
export type DataCheck =
  | { readonly kind: 'table-rows'; readonly table: string }
  | { readonly kind: 'field-values'; readonly table: string; readonly field: string }
  | {
      readonly kind: 'unique';
      readonly table: string;
      readonly index: string;
      readonly columns: readonly string[];
    }
  | { readonly kind: 'revalidate'; readonly table: string };

function isUnique(entity: SnapshotEntity): boolean {
  return entity.structure.index === 'UNIQUE';
}

function isImplicitChild(entity: SnapshotEntity): boolean {
  return entity.ref.name.includes('*') || entity.ref.name.includes('[');
}

/** What a field's or table's rows are checked against; a change elsewhere (a comment) cannot break them. */
const fieldRules = ['kind', 'assert', 'value', 'flexible', 'reference', 'readonly'];
const tableRules = ['kind', 'schemafull'];

function differsIn(before: SnapshotEntity, after: SnapshotEntity, keys: readonly string[]): boolean {
  return keys.some((k) => JSON.stringify(before.structure[k]) !== JSON.stringify(after.structure[k]));
}

/** Whether the engine's type for a field accepts a missing value (`none | …`, `any`, or no type). */
function fieldAdmitsNone(field: SnapshotEntity): boolean {
  const kind = field.structure.kind;
  return typeof kind !== 'string' || admitsNone(parseType(kind));
}

/** The risk of one change, given which tables exist before it (a new table holds no rows). */
export function classifyChange(change: Change, tablesBefore: ReadonlySet<string>): Risk | undefined {
  // A rename moves the data along; what it moves is checked like any other write.
  if (change.kind === 'rename') return undefined;
  const entity = changedEntity(change);
  const { ref } = entity;
  const what = describeEntity(ref);
  const table = ref.table ?? ref.name;
  if (change.kind === 'remove') {
    if (ref.kind === 'table' && !isView(entity)) {
      return {
        level: 'destructive',
        reason: `removes ${what} and all its records`,
        check: { kind: 'table-rows', table },
      };
    }
    if (ref.kind === 'field' && !isImplicitChild(entity)) {
      return {
        level: 'destructive',
        reason: `removes ${what}; values stored in it are dropped from the schema`,
        check: { kind: 'field-values', table, field: ref.name },
      };
    }
    if (ref.kind === 'index' && isUnique(entity)) {
      return { level: 'destructive', reason: `removes ${what}: uniqueness is no longer enforced` };
    }
    return undefined;
  }
  if (!tablesBefore.has(table)) return undefined;
  if (ref.kind === 'index' && isUnique(entity) && (change.kind === 'define' || !isUnique(change.before))) {
    const columns = (entity.structure.cols as string[] | undefined) ?? [];
    return {
      level: 'data-dependent',
      reason: `adds ${what}: existing duplicate values would make it fail`,
      check: { kind: 'unique', table, index: ref.name, columns },
    };
  }
  if (ref.kind === 'field' && !isImplicitChild(entity)) {
    if (change.kind === 'define' && fieldAdmitsNone(entity) && entity.structure.assert === undefined)
      return undefined;
    if (change.kind === 'overwrite' && !differsIn(change.before, entity, fieldRules)) return undefined;
    return {
      level: 'data-dependent',
      reason:
        change.kind === 'define'
          ? typeof entity.structure.default === 'string' && !ref.name.includes('.')
            ? `adds ${what}: existing records get its DEFAULT from the UPDATE that follows`
            : `adds ${what}: existing records without a value fail their next write`
          : `changes ${what}: existing records must satisfy its new type and assertions`,
      check: { kind: 'revalidate', table },
    };
  }
  if (ref.kind === 'table' && change.kind === 'overwrite' && differsIn(change.before, entity, tableRules)) {
    return {
      level: 'data-dependent',
      reason: `changes ${what}: existing records must satisfy its new definition`,
      check: { kind: 'revalidate', table },
    };
  }
  return undefined;
}

/** The tables a snapshot holds. */
export function tableNames(entities: Iterable<SnapshotEntity>): Set<string> {
  const names = new Set<string>();
  for (const e of entities) if (e.ref.kind === 'table') names.add(e.ref.name);
  return names;
}
