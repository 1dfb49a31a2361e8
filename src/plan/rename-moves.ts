import type { Change } from '../diff/change.js';
import type { SnapshotEntity } from '../model/snapshot.js';
import { quoteIdent } from '../surql/ident.js';
import { idiomRoot, printIdiom, readIdiom } from '../surql/idiom.js';
import { quoteString } from '../surql/string.js';
import type { Risk } from './classify.js';
import { type TableEntities, writesRecords } from './data-steps.js';
import { isRelation, isView } from './order.js';
import { renderRemove } from './render.js';

type Rename = Extract<Change, { kind: 'rename' }>;

/** A statement that moves data, with what it cannot move. */
export interface Move {
  readonly sql: string;
  readonly risk?: Risk;
  readonly comment?: string;
}

/**
 * The top-level fields (unquoted) a table has on one side of the changes. A renamed table is new on
 * its side, so every field it has there is among the changes: defined on the new side, removed on the
 * old one.
 */
function fieldsOf(changes: readonly Change[], table: string, side: 'before' | 'after'): string[] {
  const names = new Set<string>();
  for (const change of changes) {
    const entity: SnapshotEntity | undefined =
      side === 'after'
        ? change.kind === 'remove'
          ? undefined
          : change.after
        : change.kind === 'define'
          ? undefined
          : change.before;
    if (entity?.ref.kind === 'field' && entity.ref.table === table) names.add(idiomRoot(entity.ref.name));
  }
  return [...names].sort();
}

function isSchemafull(table: SnapshotEntity): boolean {
  return table.structure.schemafull === true;
}

function listed(names: readonly string[]): string {
  return names.length === 1 ? `field ${names[0]}` : `fields ${names.join(', ')}`;
}

/**
 * What a table copy leaves behind: the old table's fields that the new (SCHEMAFULL) one does not have,
 * and, when the old table is schemaless, whatever its records hold beyond their defined fields.
 */
function copyRisk(rename: Rename, dropped: readonly string[]): Risk | undefined {
  const [from, to] = [rename.before.ref.name, rename.after.ref.name];
  const reasons: string[] = [];
  if (dropped.length > 0) {
    reasons.push(
      `copies table ${from} to ${to} without its ${listed(dropped)} (${to} has no such ${dropped.length === 1 ? 'field' : 'fields'}); ${dropped.length === 1 ? 'its' : 'their'} values are dropped`,
    );
  }
  if (!isSchemafull(rename.before)) {
    reasons.push(
      `copies only the fields ${to} defines from the schemaless table ${from}; other values its records hold are dropped`,
    );
  }
  return reasons.length === 0 ? undefined : { level: 'destructive', reason: reasons.join('; ') };
}

/**
 * `INSERT INTO to (SELECT id, a, b FROM from)`: the records keep their ids' keys, and a SCHEMAFULL
 * target gets only the fields it has, since the engine refuses a record with any other field. A
 * relation's edges are inserted as relations, their ids mapped to the new table explicitly.
 */
function tableCopy(rename: Rename, changes: readonly Change[], entities: TableEntities): Move {
  const { before, after } = rename;
  const relation = isRelation(after);
  const kept = fieldsOf(changes, after.ref.name, 'after');
  const everything = !isSchemafull(after);
  const idColumn = relation ? `type::record(${quoteString(after.ref.name)}, record::id(id)) AS id` : 'id';
  const own = relation ? ['in', 'out', ...kept.filter((f) => f !== 'in' && f !== 'out')] : kept;
  const columns = [
    ...(relation ? [] : [idColumn]),
    ...own.filter((f) => f !== 'id').map(quoteIdent),
    ...(relation ? [idColumn] : []),
  ];
  const projection = everything ? (relation ? `*, ${idColumn}` : '*') : columns.join(', ');
  const insert = relation ? 'INSERT RELATION INTO' : 'INSERT INTO';
  const sql = `${insert} ${quoteIdent(after.ref.name)} (SELECT ${projection} FROM ${quoteIdent(before.ref.name)})`;
  // SurrealDB does not rewrite links to the old records (SURREALDB3 §8).
  const comment = writesRecords(
    `the records of ${before.ref.name} move to ${after.ref.name} with their keys; record links to them elsewhere still point to ${before.ref.name}`,
    after.ref.name,
    // The new table's events are defined after the copy, so only its VALUE clauses run on the copies.
    (table) => entities(table).filter((e) => e.ref.kind === 'field'),
    'CREATE',
  );
  if (everything) return { sql, comment };
  const keptSet = new Set([...own, 'id']);
  const dropped = fieldsOf(changes, before.ref.name, 'before').filter((f) => !keptSet.has(f));
  const risk = copyRisk(rename, dropped);
  return risk === undefined ? { sql, comment } : { sql, comment, risk };
}

/**
 * The statements that move data to a renamed table or field. SurrealDB has no RENAME: records are
 * copied (keeping their ids' keys) and the old table removed; a field's values are moved after the old
 * definition is removed, so that setting it to NONE does not fail its type.
 */
export function renameMoves(
  rename: Rename,
  changes: readonly Change[],
  entities: TableEntities = () => [],
): Move[] {
  const { before, after } = rename;
  if (after.ref.kind === 'table') {
    if (isView(after)) return [{ sql: renderRemove(before.ref) }];
    return [tableCopy(rename, changes, entities), { sql: renderRemove(before.ref) }];
  }
  const tableName = after.ref.table ?? '';
  const [from, to] = [printIdiom(readIdiom(before.ref.name)), printIdiom(readIdiom(after.ref.name))];
  // SurrealDB has no way to write a record without running its events and VALUE clauses: say so.
  const comment = writesRecords(
    `moves the values of ${before.ref.name} to ${after.ref.name} in every record of ${tableName}`,
    tableName,
    entities,
  );
  return [
    { sql: renderRemove(before.ref) },
    { sql: `UPDATE ${quoteIdent(tableName)} SET ${to} = ${from}, ${from} = NONE`, comment },
  ];
}
