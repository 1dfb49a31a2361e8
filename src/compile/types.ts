import type { FieldModel } from '../model/schema.js';
import { idiomParts } from './idiom.js';

/** Splits a type at its top-level `|` (not inside `<…>`, `{…}`, `[…]` or quotes). */
export function unionMembers(type: string): string[] {
  const members: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '<' || c === '{' || c === '[') depth++;
    else if (c === '>' || c === '}' || c === ']') depth--;
    else if (c === '|' && depth === 0) {
      members.push(type.slice(start, i).trim());
      start = i + 1;
    }
  }
  members.push(type.slice(start).trim());
  return members;
}

/** True when the type already lets the field be absent: `any`, `option<…>`, or a union with `none`. */
export function admitsNone(type: string): boolean {
  return unionMembers(type).some((member) => {
    const m = member.toLowerCase();
    return m === 'any' || m === 'none' || m.startsWith('option<');
  });
}

/**
 * The type a field is declared with. In SurrealDB 3 a record lacking a `TYPE T` field is rejected, so a
 * field the schema does not make present (no `.required()`, default or value) becomes `option<T>`.
 * `option<any>` is a parse error, hence the `admitsNone` check. An array element (`tags.*`) is never
 * absent, so its type is kept as written.
 */
export function declaredType(field: FieldModel): string {
  const element = idiomParts(field.name).at(-1) === '*';
  const present = element || field.required || field.default !== undefined || field.value !== undefined;
  if (present || admitsNone(field.type)) return field.type;
  return `option<${field.type}>`;
}
