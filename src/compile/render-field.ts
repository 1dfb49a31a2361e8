import type { FieldModel, ReferenceOnDelete } from '../model/schema.js';
import type { CompiledStatement } from '../model/statement.js';
import { quoteIdent } from '../surql/ident.js';
import { fieldKey, isAllElements, renderIdiom } from './idiom.js';
import { renderValue } from './literal.js';
import { renderFieldPermissions } from './permissions.js';
import { clauses, commentClause, defineStatement } from './statement.js';
import { declaredType } from './types.js';

function renderReference(reference: ReferenceOnDelete): string {
  if (reference.kind === 'then') return `REFERENCE ON DELETE THEN ${reference.expr}`;
  return `REFERENCE ON DELETE ${reference.kind.toUpperCase()}`;
}

/**
 * `ASSERT a` for one condition, `ASSERT (a) AND (b)` for several, with `.required()`'s `$value != NONE`
 * first, as in the seed.
 */
export function renderAssert(field: FieldModel): string | undefined {
  const conditions = assertsPresence(field) ? ['$value != NONE', ...field.asserts] : [...field.asserts];
  if (conditions.length === 0) return undefined;
  if (conditions.length === 1) return `ASSERT ${conditions[0]}`;
  return `ASSERT ${conditions.map((c) => `(${c})`).join(' AND ')}`;
}

export interface FieldContext {
  readonly table: string;
  /** The engine defines this field by itself (array children, relation `in`/`out`). */
  readonly implicit: boolean;
}

/**
 * `DEFINE FIELD email ON TABLE user TYPE string\n  ASSERT ($value != NONE) AND (string::is_email($value))`.
 * Clauses follow the order the engine prints; FLEXIBLE must directly follow TYPE.
 */
export function renderField(field: FieldModel, context: FieldContext): CompiledStatement {
  const head = clauses(
    `${renderIdiom(field.name)} ON TABLE ${quoteIdent(context.table)}`,
    `TYPE ${declaredType(field)}`,
    field.flexible && 'FLEXIBLE',
    field.default && `DEFAULT ${field.defaultAlways ? 'ALWAYS ' : ''}${renderValue(field.default)}`,
    field.readonly && 'READONLY',
    field.value && `VALUE ${renderValue(field.value)}`,
  );
  const tail = clauses(
    renderAssert(field),
    field.reference && renderReference(field.reference),
    commentClause(field.comment),
    field.permissions && renderFieldPermissions(field.permissions),
  );
  const assertFirst = assertsPresence(field) || field.asserts.length > 0;
  const rest = tail === '' ? head : assertFirst ? `${head}\n  ${tail}` : `${head} ${tail}`;
  const ref = { kind: 'field', table: context.table, name: fieldKey(field.name) } as const;
  return defineStatement(ref, 'FIELD', rest, context.implicit);
}

/** `tags.*` (or deeper `a.*.*`): created by the engine with its parent array/set field. */
export function isElementField(name: string): boolean {
  return isAllElements(name);
}

/** Whether `.required()` is written as `ASSERT $value != NONE` (not with `{ assert: false }`). */
function assertsPresence(field: FieldModel): boolean {
  return field.required && field.requiredBy !== 'type';
}
