import type { EntityRef } from '../model/entity.js';
import type { Queryable } from './connection.js';

export interface ExecutableStatement {
  readonly sql: string;
  readonly ref?: EntityRef;
}

export interface StatementFailure {
  readonly statement: ExecutableStatement;
  readonly message: string;
}

const locationPattern = /-->\s*\[(\d+):(\d+)\]/;

/** Joins statements into one query text and remembers the line each one starts on. */
export function joinStatements(statements: readonly ExecutableStatement[]): {
  sql: string;
  startLines: number[];
} {
  const startLines: number[] = [];
  let line = 1;
  const parts: string[] = [];
  for (const s of statements) {
    startLines.push(line);
    const text = `${s.sql.trimEnd()};`;
    parts.push(text);
    line += text.split('\n').length;
  }
  return { sql: parts.join('\n'), startLines };
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

/**
 * Runs statements one after the other in a single query (no transaction: on a scratch database every
 * statement's own outcome is wanted) and reports each failure with the statement it belongs to. A
 * parse error rejects the whole text before anything runs; its line number names the statement.
 */
export async function executeStatements(
  db: Queryable,
  statements: readonly ExecutableStatement[],
): Promise<StatementFailure[]> {
  if (statements.length === 0) return [];
  const { sql, startLines } = joinStatements(statements);
  let results: Awaited<ReturnType<Queryable['results']>>;
  try {
    results = await db.results(sql);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    const line = Number(locationPattern.exec(message)?.[1] ?? 0);
    let index = startLines.findIndex((start, i) => line >= start && line < (startLines[i + 1] ?? Infinity));
    if (index < 0) index = 0;
    const statement = statements[index];
    if (!statement) throw error;
    return [{ statement, message: parseMessage(message, line - (startLines[index] ?? 1) + 1) }];
  }
  const failures: StatementFailure[] = [];
  results.forEach((r, i) => {
    const statement = statements[i];
    if (!r.ok && statement) failures.push({ statement, message: firstLine(r.error.message) });
  });
  return failures;
}

function parseMessage(message: string, lineInStatement: number): string {
  const head = firstLine(message);
  const caret = message
    .split('\n')
    .slice(1)
    .filter((l) => /\|/.test(l))
    .map((l) => l.replace(/^\s*\d*\s*\|/, ''))
    .join('\n');
  return lineInStatement > 0 && caret ? `${head}\n${caret}` : head;
}
