import type { TableModel } from '../model/schema.js';
import type { CompiledStatement } from '../model/statement.js';
import { quoteIdent } from '../surql/ident.js';
import { renderTablePermissions } from './permissions.js';
import { clauses, commentClause, defineStatement } from './statement.js';

function renderKind(table: TableModel): string {
  if (table.type !== 'relation') return `TYPE ${table.type.toUpperCase()}`;
  const { from = [], to = [], enforced = false } = table.relation ?? {};
  const endpoint = (names: readonly string[]) => names.map(quoteIdent).join(' | ');
  // ENFORCED is only accepted directly after IN/OUT.
  return clauses(
    'TYPE RELATION',
    from.length > 0 && `IN ${endpoint(from)}`,
    to.length > 0 && `OUT ${endpoint(to)}`,
    enforced && 'ENFORCED',
  );
}

/**
 * `DEFINE TABLE user TYPE NORMAL SCHEMAFULL`,
 * `DEFINE TABLE wrote TYPE RELATION IN user OUT post | comment ENFORCED SCHEMAFULL`,
 * `DEFINE TABLE stats TYPE ANY SCHEMALESS AS SELECT count() AS n, author FROM post GROUP BY author`.
 */
export function renderTable(table: TableModel): CompiledStatement {
  const { changefeed } = table;
  const rest = clauses(
    quoteIdent(table.name),
    renderKind(table),
    table.drop && 'DROP',
    table.schemafull ? 'SCHEMAFULL' : 'SCHEMALESS',
    commentClause(table.comment),
    table.view !== undefined && `AS ${table.view}`,
    changefeed && `CHANGEFEED ${changefeed.expiry}${changefeed.includeOriginal ? ' INCLUDE ORIGINAL' : ''}`,
    table.permissions && renderTablePermissions(table.permissions),
  );
  return defineStatement({ kind: 'table', name: table.name }, 'TABLE', rest);
}
