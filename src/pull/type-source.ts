import { unionMembers } from '../compile/types.js';
import { tsString, unquoteName } from './ts-text.js';
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

/** Splits `string, 10` at its top-level comma. */
function splitGeneric(inner: string): [string, string | undefined] {
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '<' || c === '{' || c === '[') depth++;
    else if (c === '>' || c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) return [inner.slice(0, i).trim(), inner.slice(i + 1).trim()];
  }
  return [inner.trim(), undefined];
}

function generic(member: string): { name: string; inner: string } | undefined {
  const match = /^([A-Za-z_]+)<(.*)>$/s.exec(member);
  return match ? { name: (match[1] ?? '').toLowerCase(), inner: match[2] ?? '' } : undefined;
}

/** `'a'`, `1`, ` 1.5f`, `true`: one member of a literal type, as a JS value's source. */
function literalMember(member: string): string | undefined {
  const m = member.trim();
  const quoted = /^'((?:[^'\\]|\\.)*)'$/.exec(m) ?? /^"((?:[^"\\]|\\.)*)"$/.exec(m);
  if (quoted) return tsString((quoted[1] ?? '').replace(/\\(.)/g, '$1'));
  if (/^-?\d+$/.test(m)) return String(Number(m));
  const float = /^(-?\d+\.\d+)f$/.exec(m);
  if (float) return float[1];
  return undefined;
}

function nameList(inner: string): string[] {
  return unionMembers(inner).map(unquoteName);
}

function listArg(names: readonly string[]): string {
  return names.length === 1 ? tsString(names[0] ?? '') : `[${names.map(tsString).join(', ')}]`;
}

/**
 * The builder whose type is exactly `type` (a type without `none`), or undefined when the DSL has no
 * builder for it (object and tuple literal types, unions of different kinds).
 */
export function typeBuilder(type: string, imports: Imports): TypeCode | undefined {
  const members = unionMembers(type);
  if (members.length > 1) {
    const literals = members.map(literalMember);
    if (literals.every((l) => l !== undefined)) {
      return { code: `${imports.use('literal')}(${literals.join(', ')})`, builder: 'other' };
    }
    return undefined;
  }
  const member = members[0] ?? '';
  const lower = member.toLowerCase();
  if (simpleBuilders.has(lower)) {
    return { code: `${imports.use(lower)}()`, builder: lower === 'object' ? 'object' : 'other' };
  }
  if (lower === 'record') return { code: `${imports.use('record')}()`, builder: 'record' };
  if (lower === 'geometry') return { code: `${imports.use('geometry')}()`, builder: 'other' };
  if (lower === 'array' || lower === 'set') return { code: `${imports.use(lower)}('any')`, builder: 'other' };
  const literal = literalMember(member);
  if (literal !== undefined) return { code: `${imports.use('literal')}(${literal})`, builder: 'other' };
  const g = generic(member);
  if (!g) return undefined;
  if (g.name === 'record') {
    return { code: `${imports.use('record')}(${listArg(nameList(g.inner))})`, builder: 'record' };
  }
  if (g.name === 'geometry') {
    return { code: `${imports.use('geometry')}(${listArg(nameList(g.inner))})`, builder: 'other' };
  }
  if (g.name === 'array' || g.name === 'set') {
    const [element, max] = splitGeneric(g.inner);
    if (max !== undefined && !/^\d+$/.test(max)) return undefined;
    const inner = elementArgument(element, imports);
    const code = `${imports.use(g.name)}(${inner.code}${max === undefined ? '' : `, ${max}`})`;
    return { code, builder: inner.builder === 'record' ? 'record' : 'other' };
  }
  return undefined;
}

/** An array's element: a type name where it is a plain one, a builder otherwise. */
function elementArgument(element: string, imports: Imports): TypeCode {
  if (simpleBuilders.has(element.toLowerCase())) return { code: tsString(element), builder: 'other' };
  // A type name is taken verbatim as the element type.
  return exactType(element, imports) ?? { code: tsString(element), builder: 'other' };
}

/**
 * A builder whose declared type is `type` verbatim (`none` included), for fields the compiler does not
 * wrap in `option<…>`: elements (`tags.*`) and fields with a default or value.
 */
export function exactType(type: string, imports: Imports): TypeCode | undefined {
  const members = unionMembers(type);
  const noneAt = members.findIndex((m) => m.toLowerCase() === 'none');
  if (noneAt < 0) return typeBuilder(type, imports);
  const rest = members.filter((_, i) => i !== noneAt).join(' | ');
  // `option<T>` is printed `none | T`: only a leading `none` can be written with a builder.
  if (noneAt === 0 && rest !== '') {
    const inner = typeBuilder(rest, imports);
    if (inner) return { code: `${imports.use('option')}(${inner.code})`, builder: inner.builder };
  }
  return optionOf(type, imports);
}

/**
 * `option('…')` with a type string: a type that already admits NONE is kept verbatim, any other becomes
 * `option<…>` (which `.required()` removes again).
 */
export function optionOf(type: string, imports: Imports): TypeCode {
  const record = /^record\b/i.test(type) && unionMembers(type).length === 1;
  const object = type.toLowerCase() === 'object';
  return {
    code: `${imports.use('option')}(${tsString(type)})`,
    builder: record ? 'record' : object ? 'object' : 'other',
  };
}
