import type { FieldModel } from '../model/schema.js';
import { isElementIdiom } from './idiom.js';

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

/** `option<string>` → `string`, `none | string | int` → `string | int`; `any` stays `any`. */
export function withoutNone(type: string): string {
  const members = unionMembers(type).flatMap((member) => {
    const inner = /^option\s*<(.*)>$/is.exec(member);
    return inner ? unionMembers(withoutNone(inner[1] ?? '')) : [member];
  });
  const kept = members.filter((m) => m.toLowerCase() !== 'none');
  return kept.length === 0 ? type : kept.join(' | ');
}

/**
 * The type a field is declared with. In SurrealDB 3 a record lacking a `TYPE T` field is rejected, so a
 * field the schema does not make present (no `.required()`, default or value) becomes `option<T>`.
 * `option<any>` is a parse error, hence the `admitsNone` check. An array element (`tags.*`) is never
 * absent, so its type is kept as written. A required field loses any `none` in its type: the engine
 * skips ASSERT for NONE when the type admits it, so `$value != NONE` alone would not hold.
 */
export function declaredType(field: FieldModel): string {
  if (field.required) return withoutNone(field.type);
  const present = isElementIdiom(field.name) || field.default !== undefined || field.value !== undefined;
  if (present || admitsNone(field.type)) return field.type;
  return `option<${field.type}>`;
}
