import type { Idiom } from '../surql/idiom.js';
import { parseType } from '../surql/parse-type.js';
import { printType } from '../surql/print-type.js';
import type { SurrealType } from '../surql/type.js';
import { elementTypes } from '../surql/type-ops.js';

/** An INFO … STRUCTURE object. */
type Structure = Readonly<Record<string, unknown>>;

/** Only a type: no default, value, assertion, reference, comment or flexibility, and full permissions. */
function saysOnlyItsType(field: Structure): boolean {
  const permissions = (field.permissions ?? {}) as Readonly<Record<string, unknown>>;
  const extra = ['flexible', 'default', 'value', 'assert', 'reference', 'comment'];
  return (
    field.readonly !== true &&
    extra.every((k) => field[k] === undefined || field[k] === false) &&
    ['select', 'create', 'update'].every((a) => permissions[a] === undefined || permissions[a] === true)
  );
}

/** The tables of a relation table's IN (`in`) or OUT (`out`), or undefined for a normal table. */
function relationEnd(table: Structure, end: 'in' | 'out'): readonly string[] | undefined {
  const kind = table.kind as { kind?: string; in?: string[]; out?: string[] } | undefined;
  return kind?.kind === 'RELATION' ? (kind[end] ?? []) : undefined;
}

/**
 * The types the engine gives a field it defines by itself: `in` and `out` of a relation table
 * (`record<from>`, `record<to>`), and `x.*` of a field whose type holds `array<T>` or `set<T>` (T).
 * A normal table's `in` and `out` are ordinary fields.
 */
export function automaticTypes(
  field: Idiom,
  owner: { readonly table?: Structure; readonly parent?: Structure },
): SurrealType[] {
  const end = relationEndName(field);
  if (end !== undefined && owner.table !== undefined) {
    const tables = relationEnd(owner.table, end);
    return tables === undefined ? [] : [{ kind: 'record', names: tables }];
  }
  const kind = owner.parent?.kind;
  if (isElementPath(field) && typeof kind === 'string') return elementTypes(parseType(kind));
  return [];
}

/** `in` or `out` when the path is exactly that name. */
export function relationEndName(field: Idiom): 'in' | 'out' | undefined {
  const only = field.length === 1 ? field[0] : undefined;
  return only?.kind === 'name' && (only.name === 'in' || only.name === 'out') ? only.name : undefined;
}

/** `tags.*`: every element of an array field, whose owner is the path without the `*`. */
export function isElementPath(field: Idiom): boolean {
  return field.length > 1 && field.at(-1)?.kind === 'all';
}

/**
 * True for a field exactly as the engine would define it by itself (see `automaticTypes`): one that is
 * customised — an ASSERT on `tags.*`, a COMMENT on a relation's `in` — is the user's own definition.
 * Types are compared parsed, since the engine and smig quote some names differently.
 */
export function isAutomaticField(
  field: Structure,
  name: Idiom,
  owner: { readonly table?: Structure; readonly parent?: Structure },
): boolean {
  if (!saysOnlyItsType(field) || typeof field.kind !== 'string') return false;
  const own = printType(parseType(field.kind));
  return automaticTypes(name, owner).some((t) => printType(t) === own);
}
