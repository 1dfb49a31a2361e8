import type { FieldModel } from '../model/schema.js';
import { parseType } from '../surql/parse-type.js';
import { printType } from '../surql/print-type.js';
import { admitsNone, optional, withoutNone } from '../surql/type-ops.js';
import { isElementIdiom } from './idiom.js';

/**
 * The type a field is declared with. In SurrealDB 3 a record lacking a `TYPE T` field is rejected, so a
 * field the schema does not make present (no `.required()`, default or value) becomes `option<T>`.
 * `option<any>` is a parse error, hence `optional` leaves types that admit NONE alone. An array element
 * (`tags.*`) is never absent, so its type is kept as written. A required field loses any `none` in its
 * type: the engine skips ASSERT for NONE when the type admits it, so `$value != NONE` alone would not hold.
 */
export function declaredType(field: FieldModel): string {
  const type = parseType(field.type);
  if (field.required) return printType(withoutNone(type));
  const present = isElementIdiom(field.name) || field.default !== undefined || field.value !== undefined;
  if (present || admitsNone(type)) return field.type;
  return printType(optional(type));
}
