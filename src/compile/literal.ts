import { SchemaError } from '../errors.js';
import type { LiteralValue, Value } from '../model/schema.js';

const plainKey = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `it's` → `'it\'s'`. Single quotes, as the seed writes strings; the engine accepts both quotes. */
export function quoteString(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `'${escaped}'`;
}

function renderNumber(n: number): string {
  // SurrealQL has no literal for these; a DEFAULT of NaN would silently become something else.
  if (!Number.isFinite(n)) {
    throw new SchemaError(`${n} cannot be written as a SurrealQL literal.`, {
      hint: 'Use a finite number, or write the expression with surql`…` (e.g. surql`math::inf`).',
    });
  }
  if (Object.is(n, -0)) return '0';
  const text = String(n);
  // `1e21` is not SurrealQL; fixed notation is.
  if (!/e/i.test(text)) return text;
  return Number.isInteger(n) ? BigInt(n).toString() : n.toFixed(20).replace(/0+$/, '');
}

/**
 * A JSON-like value as a SurrealQL literal: `'user'`, `true`, `NULL`, `[1, 2]`, `{ a: 1, 'b c': 2 }`.
 *
 * @example renderLiteral({ role: 'user', tags: [] }) // "{ role: 'user', tags: [] }"
 */
export function renderLiteral(value: LiteralValue): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'string':
      return quoteString(value);
    case 'number':
      return renderNumber(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map((v) => renderLiteral(v)).join(', ')}]`;
  const entries = Object.entries(value as { readonly [key: string]: LiteralValue });
  if (entries.length === 0) return '{}';
  const body = entries
    .map(([key, v]) => `${plainKey.test(key) ? key : quoteString(key)}: ${renderLiteral(v)}`)
    .join(', ');
  return `{ ${body} }`;
}

/** A DEFAULT / VALUE / PARAM value: literals rendered, expressions written as given. */
export function renderValue(value: Value): string {
  return value.kind === 'expr' ? value.text : renderLiteral(value.value);
}
