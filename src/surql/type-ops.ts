import type { SurrealType } from './type.js';

/** The members of a union, or the type itself: `string | int` → [string, int]. */
export function unionMembers(type: SurrealType): readonly SurrealType[] {
  return type.kind === 'union' ? type.members : [type];
}

/** One type from members: a single member stands for itself. */
export function unionOf(members: readonly SurrealType[]): SurrealType {
  const flat = members.flatMap(unionMembers);
  return flat.length === 1 ? (flat[0] as SurrealType) : { kind: 'union', members: flat };
}

const isScalar = (type: SurrealType, name: string): boolean => type.kind === 'scalar' && type.name === name;

/** True when the type lets a value be absent: `any`, `none`, `option<…>`, or a union holding one. */
export function admitsNone(type: SurrealType): boolean {
  return unionMembers(type).some((m) => m.kind === 'option' || isScalar(m, 'any') || isScalar(m, 'none'));
}

/**
 * The type without its NONE: `option<string>` → `string`, `none | string | int` → `string | int`.
 * A type that is only NONE is returned as it is.
 */
export function withoutNone(type: SurrealType): SurrealType {
  const members = unionMembers(type).flatMap((m) =>
    m.kind === 'option' ? unionMembers(withoutNone(m.inner)) : [m],
  );
  const kept = members.filter((m) => !isScalar(m, 'none'));
  return kept.length === 0 ? type : unionOf(kept);
}

/** `option<T>`, unless T already admits NONE (`option<any>` does not parse). */
export function optional(type: SurrealType): SurrealType {
  return admitsNone(type) ? type : { kind: 'option', inner: type };
}

/**
 * The element types of the arrays and sets in a type (through `option<…>` and unions): the type the
 * engine gives the implicit `x.*` field it defines for an `array<T>` field. `array` and `array<any>`
 * have no implicit element field.
 */
export function elementTypes(type: SurrealType): SurrealType[] {
  return unionMembers(withoutNone(type)).flatMap((m) =>
    (m.kind === 'array' || m.kind === 'set') && m.element !== undefined && !isScalar(m.element, 'any')
      ? [m.element]
      : [],
  );
}

/** Every type inside `type`, itself first (depth first). */
export function* walkType(type: SurrealType): Generator<SurrealType> {
  yield type;
  switch (type.kind) {
    case 'option':
      yield* walkType(type.inner);
      break;
    case 'array':
    case 'set':
      if (type.element) yield* walkType(type.element);
      break;
    case 'union':
      for (const m of type.members) yield* walkType(m);
      break;
    default:
      break;
  }
}

/** The table names of every `record<…>` inside a type. */
export function recordTables(type: SurrealType): string[] {
  return [...walkType(type)].flatMap((t) => (t.kind === 'record' ? t.names : []));
}

/** Whether any part of the type is a record link (`record`, `option<array<record<tag>>>`). */
export function holdsRecord(type: SurrealType): boolean {
  return [...walkType(type)].some((t) => t.kind === 'record');
}

/** Whether the type allows an object (FLEXIBLE needs one): `object`, `option<object>`, `object | string`. */
export function holdsObject(type: SurrealType): boolean {
  return [...walkType(type)].some((t) => isScalar(t, 'object'));
}
