import type { EventModel } from '../model/schema.js';
import type { CompiledStatement } from '../model/statement.js';
import { quoteIdent } from '../surql/ident.js';
import { clauses, commentClause, defineStatement } from './statement.js';

/** A block or parenthesised statement is kept; anything else is parenthesised, as the engine prints it. */
function renderThen(statement: string): string {
  const text = statement.trim().replace(/;$/, '');
  return text.startsWith('{') || (text.startsWith('(') && text.endsWith(')')) ? text : `(${text})`;
}

/**
 * `DEFINE EVENT touch ON TABLE user WHEN $event = 'UPDATE' THEN (UPDATE $after.id SET seen = time::now())`.
 * Several THEN statements are written `THEN (a), (b)`, which the engine keeps as a list.
 */
export function renderEvent(event: EventModel, table: string): CompiledStatement {
  const { async } = event;
  const rest = clauses(
    `${quoteIdent(event.name)} ON TABLE ${quoteIdent(table)}`,
    async &&
      clauses(
        'ASYNC',
        async.retry !== undefined && `RETRY ${async.retry}`,
        async.maxDepth !== undefined && `MAXDEPTH ${async.maxDepth}`,
      ),
    `WHEN ${event.when ?? 'true'}`,
    `THEN ${event.then.map(renderThen).join(', ')}`,
    commentClause(event.comment),
  );
  return defineStatement({ kind: 'event', table, name: event.name }, 'EVENT', rest);
}
