import { BoundExcluded, type RecordId, RecordIdRange } from 'surrealdb';
import type { Queryable } from '../engine/connection.js';

/** How many records are read, copied or re-written at once: memory stays bounded whatever the table's size. */
const page = 1000;

/**
 * The records of a table, `page` at a time in key order (`*` or `VALUE id`). Each page is the record
 * range after the last key of the one before (`SELECT … FROM item:(last>..)`), which the engine reads
 * straight from its key order, where `WHERE id > $last ORDER BY id` would scan the table for every page.
 */
export async function* pages<T>(
  db: Queryable,
  table: string,
  projection: '*' | 'VALUE id',
): AsyncGenerator<T[]> {
  let last: RecordId | undefined;
  for (;;) {
    const range = new RecordIdRange(
      table,
      last === undefined ? undefined : new BoundExcluded(last.id),
      undefined,
    );
    const [rows] = (await db.query(`SELECT ${projection} FROM $range LIMIT $page`, { range, page })) as [T[]];
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < page) return;
    const tail = rows.at(-1) as unknown;
    last = (projection === '*' ? (tail as { id: RecordId }).id : tail) as RecordId;
  }
}
