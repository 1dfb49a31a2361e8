import { SchemaError } from '../errors.js';
import type { LiteralValue, Value } from '../model/schema.js';

const expressionBrand = Symbol.for('smig.surql');
const literalBrand = Symbol.for('smig.lit');

/** SurrealQL text that is written as an expression, never quoted. Built with `surql\`…\``. */
export interface Surql {
  readonly [expressionBrand]: true;
  readonly text: string;
}

/** A string that is written as a string literal even if it looks like an expression. Built with `lit()`. */
export interface Lit {
  readonly [literalBrand]: true;
  readonly value: string;
}

function isSurql(x: unknown): x is Surql {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[expressionBrand] === true;
}

function isLit(x: unknown): x is Lit {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[literalBrand] === true;
}

function interpolate(value: unknown): string {
  if (isSurql(value)) return value.text;
  if (isLit(value)) return JSON.stringify(value.value);
  if (value === null) return 'NULL';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (typeof value === 'string' || Array.isArray(value) || typeof value === 'object')
    return JSON.stringify(value);
  throw new SchemaError(`surql\`…\` cannot embed a value of type ${typeof value}.`, {
    hint: 'Embed strings, numbers, booleans, null, arrays, plain objects or other surql fragments.',
  });
}

/**
 * Forces SurrealQL expression text. Embedded JS values are written as literals, embedded `surql`
 * fragments as they are.
 *
 * @example
 * datetime().default(surql`time::now()`)      // DEFAULT time::now()
 * string().default(surql`string::concat(${'a'}, 'b')`)  // DEFAULT string::concat("a", 'b')
 */
export function surql(strings: TemplateStringsArray, ...values: unknown[]): Surql {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += interpolate(value) + (strings[i + 1] ?? '');
  });
  return Object.freeze({ [expressionBrand]: true as const, text });
}

/**
 * Forces a string literal, for a string that would otherwise be read as an expression.
 *
 * @example string().default(lit('time::now()'))  // DEFAULT 'time::now()'
 */
export function lit(value: string): Lit {
  return Object.freeze({ [literalBrand]: true as const, value });
}

/** What DSL methods accept where a value goes: JS values, `surql`, `lit`, or a string to be classified. */
export type ValueInput =
  | string
  | number
  | bigint
  | boolean
  | null
  | Date
  | Surql
  | Lit
  | readonly ValueInput[]
  | { readonly [key: string]: ValueInput };

const functionCall = /^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*\s*\(.*\)$/s;
const quoted = /^(['"]).*\1$/s;

/**
 * The DSL's string heuristic: does this string read as SurrealQL rather than as text?
 * `time::now()`, `rand::uuid::v7()`, `fn::x(1)`, `$value`, `$before.x`, `'quoted'`, `time::now() + 1d`.
 */
export function looksLikeExpression(text: string): boolean {
  const t = text.trim();
  if (t.length === 0 || t !== text) return false;
  if (t.startsWith('$')) return true;
  if (functionCall.test(t)) return true;
  if (t.includes('::') && t.includes('(')) return true;
  return quoted.test(t);
}

/** `7d`, `1h30m`, `500ms`: a string a `duration` field cannot take as text. */
const durationText = /^(\d+(y|w|d|h|m|s|ms|us|µs|ns))+$/;

export type ValueHint = 'duration' | undefined;

function toLiteral(input: unknown, where: string): LiteralValue {
  if (
    input === null ||
    typeof input === 'string' ||
    typeof input === 'number' ||
    typeof input === 'boolean'
  ) {
    return input;
  }
  if (typeof input === 'bigint') return input;
  if (isLit(input)) return input.value;
  if (Array.isArray(input)) return input.map((v) => toLiteral(v, where));
  if (typeof input === 'object' && Object.getPrototypeOf(input) === Object.prototype) {
    return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, toLiteral(v, where)]));
  }
  throw new SchemaError(`${where}: ${String(input)} cannot be written as a SurrealQL literal.`, {
    where,
    hint: 'Use a string, number, boolean, null, array or plain object, or write the value with surql`…`.',
  });
}

/**
 * Classifies a DSL value once, at the edge: `surql` and expression-like strings become expressions,
 * `lit()` and other JS values literals. A `Date` becomes a datetime literal (`d'2024-01-01T00:00:00.000Z'`).
 */
export function toValue(input: ValueInput, where = 'value', hint?: ValueHint): Value {
  if (isSurql(input)) return { kind: 'expr', text: input.text };
  if (isLit(input)) return { kind: 'literal', value: input.value };
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) throw new SchemaError(`${where}: the Date is invalid.`, { where });
    return { kind: 'expr', text: `d'${input.toISOString()}'` };
  }
  if (typeof input === 'string') {
    if (looksLikeExpression(input) || (hint === 'duration' && durationText.test(input))) {
      return { kind: 'expr', text: input };
    }
    return { kind: 'literal', value: input };
  }
  return { kind: 'literal', value: toLiteral(input, where) };
}

/** Expression text where only an expression makes sense (ASSERT, WHEN, VALUE of a param…). */
export function toExpression(input: string | Surql): string {
  return isSurql(input) ? input.text : input;
}
