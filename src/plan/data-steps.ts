import type { Change } from '../diff/change.js';
import type { SnapshotEntity } from '../model/snapshot.js';
import { quoteIdent } from '../surql/ident.js';
import { printIdiom, readIdiom } from '../surql/idiom.js';
import { parseType } from '../surql/parse-type.js';
import { admitsNone, withoutNone } from '../surql/type-ops.js';
import type { Move } from './rename-moves.js';

/** The entities of a table in the state a statement runs in, to name what a write of its records runs. */
export type TableEntities = (table: string) => readonly SnapshotEntity[];

/**
 * What writing the existing records of a table runs besides the write itself: its events that may fire
 * on an update and the VALUE clauses it recomputes, in words; undefined when there are none.
 *
 * @example triggeredBy('item', entities) // 'fires event audit and recomputes the VALUE of updatedAt'
 */
export function triggeredBy(table: string, entities: TableEntities, event = 'UPDATE'): string | undefined {
  const own = entities(table);
  // An event whose WHEN names $event only for other kinds of write does not fire; any other may.
  const events = own
    .filter((e) => e.ref.kind === 'event')
    .filter((e) => {
      const when = String(e.structure.when ?? '');
      return !when.includes('$event') || when.includes(`'${event}'`) || when.includes(`"${event}"`);
    })
    .map((e) => e.ref.name);
  const values = own
    .filter((e) => e.ref.kind === 'field' && e.structure.value !== undefined)
    .map((e) => e.ref.name);
  const parts = [
    ...(events.length === 0
      ? []
      : [`fires ${events.length === 1 ? 'event' : 'events'} ${events.join(', ')}`]),
    ...(values.length === 0 ? [] : [`recomputes the VALUE of ${values.join(', ')}`]),
  ];
  return parts.length === 0 ? undefined : parts.join(' and ');
}

/** A note saying that a statement writes existing records, and what that runs. */
export function writesRecords(what: string, table: string, entities: TableEntities, event?: string): string {
  const runs = triggeredBy(table, entities, event);
  return runs === undefined ? what : `${what}; writing them ${runs}`;
}

const numeric = '^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$';

/**
 * The scalar types a value stored as another type can be cast to by the engine, with the condition a
 * value must meet for the cast to succeed (a failing cast would fail the whole migration); `$v` stands
 * for the field. Values that meet no condition are left for the data guard to report.
 */
const casts: Readonly<Record<string, string>> = {
  int: "type::is_string($v) AND string::matches($v, '^[-+]?[0-9]+$')",
  float: `type::is_string($v) AND string::matches($v, '${numeric}')`,
  decimal: `type::is_string($v) AND string::matches($v, '${numeric}')`,
  number: `type::is_string($v) AND string::matches($v, '${numeric}')`,
  bool: "$v INSIDE ['true', 'false']",
  datetime: 'type::is_string($v) AND string::is_datetime($v)',
  string: '$v != NONE AND $v != NULL AND !type::is_string($v)',
};

function typeOf(field: SnapshotEntity): ReturnType<typeof parseType> | undefined {
  const kind = field.structure.kind;
  if (typeof kind !== 'string') return undefined;
  try {
    return parseType(kind);
  } catch {
    return undefined;
  }
}

/** `UPDATE t SET f = <int> f WHERE …` for a field whose new type is a scalar the engine can cast to. */
function castStep(change: Extract<Change, { kind: 'overwrite' }>, entities: TableEntities): Move | undefined {
  const [before, after] = [typeOf(change.before), typeOf(change.after)];
  if (before === undefined || after === undefined) return undefined;
  if (change.before.structure.kind === change.after.structure.kind) return undefined;
  const target = withoutNone(after);
  if (target.kind !== 'scalar') return undefined;
  const condition = casts[target.name];
  if (condition === undefined) return undefined;
  const table = change.after.ref.table ?? '';
  const field = printIdiom(readIdiom(change.after.ref.name));
  const when = condition.replaceAll('$v', field);
  // SurrealDB 3.0.2 evaluates SET before WHERE (a plain `<int> f` fails on a record WHERE excludes), so
  // the cast is guarded inside SET too; WHERE keeps the other records from being written at all.
  const sql = `UPDATE ${quoteIdent(table)} SET ${field} = IF ${when} THEN <${target.name}> ${field} ELSE ${field} END WHERE ${when}`;
  const comment = writesRecords(
    `converts the existing values of ${table}.${change.after.ref.name} that the engine can cast to ${target.name}; values it cannot cast are left for push to check`,
    table,
    entities,
  );
  return { sql, comment };
}

/**
 * `UPDATE t SET f = <default> WHERE f = NONE`: SurrealDB 3 does not give existing records a new
 * field's DEFAULT (nor one that a field gets when it becomes required), so a record without it would
 * fail its next write. Only top-level fields: a nested one would create its parent object.
 */
function backfill(change: Change, entities: TableEntities): Move | undefined {
  if (change.kind !== 'define' && change.kind !== 'overwrite') return undefined;
  const field = change.after;
  const value = field.structure.default;
  const path = readIdiom(field.ref.name);
  if (typeof value !== 'string' || path.length !== 1) return undefined;
  if (change.kind === 'overwrite') {
    const [before, after] = [typeOf(change.before), typeOf(change.after)];
    // An optional field keeps its records' NONE; one that becomes required needs a value in each.
    const wasOptional = before === undefined || admitsNone(before);
    const isRequired = after !== undefined && !admitsNone(after);
    if (!(wasOptional && isRequired)) return undefined;
  }
  const table = field.ref.table ?? '';
  const name = printIdiom(path);
  return {
    sql: `UPDATE ${quoteIdent(table)} SET ${name} = ${value} WHERE ${name} = NONE`,
    comment: writesRecords(
      `gives the existing records of ${table} that have no ${field.ref.name} its DEFAULT (SurrealDB does not backfill it)`,
      table,
      entities,
    ),
  };
}

/**
 * The statements that bring existing records in line with a changed field of a table that exists
 * before and after the change: a backfill of its DEFAULT, or a cast to its new type.
 */
export function dataSteps(change: Change, entities: TableEntities): Move[] {
  if (change.kind === 'remove' || change.kind === 'rename' || change.after.ref.kind !== 'field') return [];
  const steps = [
    backfill(change, entities),
    change.kind === 'overwrite' ? castStep(change, entities) : undefined,
  ];
  return steps.filter((s): s is Move => s !== undefined);
}
