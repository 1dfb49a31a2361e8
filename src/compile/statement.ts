import type { EntityRef } from '../model/entity.js';
import type { CompiledStatement } from '../model/statement.js';
import { quoteString } from '../surql/string.js';

/** Joins clauses with single spaces, skipping the ones that are absent. */
export function clauses(...parts: readonly (string | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(' ');
}

export function commentClause(comment: string | undefined): string | undefined {
  return comment === undefined ? undefined : `COMMENT ${quoteString(comment)}`;
}

/**
 * A statement in both forms: `DEFINE FIELD email …` and `DEFINE FIELD OVERWRITE email …` (OVERWRITE has to
 * follow the kind keyword directly). `alwaysOverwrite` is for entities the engine may already have
 * created by itself (`tags.*` of an array field, `in`/`out` of a relation), where a plain DEFINE fails.
 */
export function defineStatement(
  ref: EntityRef,
  keyword: string,
  rest: string,
  alwaysOverwrite = false,
): CompiledStatement {
  const overwrite = `DEFINE ${keyword} OVERWRITE ${rest}`;
  return { ref, sql: alwaysOverwrite ? overwrite : `DEFINE ${keyword} ${rest}`, overwrite };
}
