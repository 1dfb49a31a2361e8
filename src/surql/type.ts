/**
 * SurrealQL types as values. Every type string smig meets — written in a schema, stored by the engine,
 * shown in a diagram — is read by `parseType` and written by `printType`; nothing else takes a type
 * apart. The model follows the engine's grammar (SURREALDB3.md §2.2); object and tuple literal types are
 * kept as opaque text, which the engine judges.
 */

export type ScalarName =
  | 'any'
  | 'none'
  | 'null'
  | 'bool'
  | 'bytes'
  | 'datetime'
  | 'decimal'
  | 'duration'
  | 'float'
  | 'int'
  | 'number'
  | 'object'
  | 'string'
  | 'uuid'
  | 'regex'
  | 'range'
  | 'function';

export type GeometryKind =
  | 'point'
  | 'line'
  | 'polygon'
  | 'multipoint'
  | 'multiline'
  | 'multipolygon'
  | 'collection'
  | 'feature';

/** A JS value a literal type member stands for, when it has one (`'a'` → `'a'`, `1.5f` → 1.5). */
export type LiteralMemberValue = string | number | boolean;

export type SurrealType =
  | { readonly kind: 'scalar'; readonly name: ScalarName }
  | { readonly kind: 'option'; readonly inner: SurrealType }
  | { readonly kind: 'array' | 'set'; readonly element?: SurrealType; readonly size?: number }
  /** `record<a | b>`, `table<a>`, `file<bucket>`: the names raw (unquoted); empty means any. */
  | { readonly kind: 'record' | 'table' | 'file'; readonly names: readonly string[] }
  | { readonly kind: 'geometry'; readonly kinds: readonly GeometryKind[] }
  /** A literal member: `text` as the engine reads it, `value` when it is a plain JS value. */
  | { readonly kind: 'literal'; readonly text: string; readonly value?: LiteralMemberValue }
  /** Object and tuple literal types (`{ a: string }`, `[int, int]`), kept as written. */
  | { readonly kind: 'opaque'; readonly text: string }
  | { readonly kind: 'union'; readonly members: readonly SurrealType[] };

export const scalarNames: readonly ScalarName[] = [
  'any',
  'none',
  'null',
  'bool',
  'bytes',
  'datetime',
  'decimal',
  'duration',
  'float',
  'int',
  'number',
  'object',
  'string',
  'uuid',
  'regex',
  'range',
  'function',
];

export const geometryKinds: readonly GeometryKind[] = [
  'point',
  'line',
  'polygon',
  'multipoint',
  'multiline',
  'multipolygon',
  'collection',
  'feature',
];

/** Every name that can start a type, for suggestions. */
export const typeKeywords: readonly string[] = [
  ...scalarNames,
  'option',
  'array',
  'set',
  'record',
  'table',
  'file',
  'geometry',
  ...geometryKinds.filter((k) => k !== 'feature'),
];

export const scalar = (name: ScalarName): SurrealType => ({ kind: 'scalar', name });
