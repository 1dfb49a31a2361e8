import { printType } from '../surql/print-type.js';
import type { SurrealType } from '../surql/type.js';
import { unionMembers, unionOf } from '../surql/type-ops.js';
import { tsString } from './ts-text.js';
import type { Imports } from './value-source.js';

/** A field builder expression, and what kind of builder it is (some modifiers exist on some kinds only). */
export interface TypeCode {
  readonly code: string;
  readonly builder: 'object' | 'record' | 'other';
}

const simpleBuilders = new Set([
  'string',
  'int',
  'float',
  'decimal',
  'number',
  'bool',
  'datetime',
  'duration',
  'uuid',
  'bytes',
  'object',
  'any',
  'range',
]);

const isNone = (type: SurrealType): boolean => type.kind === 'scalar' && type.name === 'none';

/** A literal member as a JS value's source (`'a'`, `1`, `1.5`, `true`), when it is a plain value. */
function literalMember(type: SurrealType): string | undefined {
  if (type.kind !== 'literal' || type.value === undefined) return undefined;
  return typeof type.value === 'string' ? tsString(type.value) : String(type.value);
}

function listArg(names: readonly string[]): string {
  return names.length === 1 ? tsString(names[0] ?? '') : `[${names.map(tsString).join(', ')}]`;
}

/**
 * The builder whose type is exactly `type` (a type without `none`), or undefined when the DSL has no
 * builder for it (object and tuple literal types, unions of different kinds).
 */
export function typeBuilder(type: SurrealType, imports: Imports): TypeCode | undefined {
  const members = unionMembers(type);
  if (members.length > 1) {
    const literals = members.map(literalMember);
    if (literals.every((l) => l !== undefined)) {
      return { code: `${imports.use('literal')}(${literals.join(', ')})`, builder: 'other' };
    }
    return undefined;
  }
  switch (type.kind) {
    case 'scalar':
      if (!simpleBuilders.has(type.name)) return undefined;
      return { code: `${imports.use(type.name)}()`, builder: type.name === 'object' ? 'object' : 'other' };
    case 'record':
      return {
        code: `${imports.use('record')}(${type.names.length === 0 ? '' : listArg(type.names)})`,
        builder: 'record',
      };
    case 'geometry':
      return {
        code: `${imports.use('geometry')}(${type.kinds.length === 0 ? '' : listArg(type.kinds)})`,
        builder: 'other',
      };
    case 'array':
    case 'set': {
      if (type.element === undefined) return { code: `${imports.use(type.kind)}('any')`, builder: 'other' };
      const inner = elementArgument(type.element, imports);
      const code = `${imports.use(type.kind)}(${inner.code}${type.size === undefined ? '' : `, ${type.size}`})`;
      return { code, builder: inner.builder === 'record' ? 'record' : 'other' };
    }
    case 'literal': {
      const literal = literalMember(type);
      return literal === undefined
        ? undefined
        : { code: `${imports.use('literal')}(${literal})`, builder: 'other' };
    }
    default:
      return undefined;
  }
}

/** An array's element: a type name where it is a plain one, a builder otherwise. */
function elementArgument(element: SurrealType, imports: Imports): TypeCode {
  if (element.kind === 'scalar' && simpleBuilders.has(element.name)) {
    return { code: tsString(element.name), builder: 'other' };
  }
  // A type name is taken verbatim as the element type.
  return exactType(element, imports) ?? { code: tsString(printType(element)), builder: 'other' };
}

/**
 * A builder whose declared type is `type` verbatim (`none` included), for fields the compiler does not
 * wrap in `option<…>`: elements (`tags.*`) and fields with a default or value.
 */
export function exactType(type: SurrealType, imports: Imports): TypeCode | undefined {
  const members = unionMembers(type);
  const noneAt = members.findIndex(isNone);
  if (noneAt < 0) return typeBuilder(type, imports);
  const rest = members.filter((_, i) => i !== noneAt);
  // `option<T>` is printed `none | T`: only a leading `none` can be written with a builder.
  if (noneAt === 0 && rest.length > 0) {
    const inner = typeBuilder(unionOf(rest), imports);
    if (inner) return { code: `${imports.use('option')}(${inner.code})`, builder: inner.builder };
  }
  return optionOf(type, imports);
}

/**
 * `option('…')` with a type string: a type that already admits NONE is kept verbatim, any other becomes
 * `option<…>` (which `.required()` removes again).
 */
export function optionOf(type: SurrealType, imports: Imports): TypeCode {
  const record = type.kind === 'record';
  const object = type.kind === 'scalar' && type.name === 'object';
  return {
    code: `${imports.use('option')}(${tsString(printType(type))})`,
    builder: record ? 'record' : object ? 'object' : 'other',
  };
}
