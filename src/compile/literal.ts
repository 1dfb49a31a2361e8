import { SchemaError } from '../errors.js';
import type { LiteralValue, Value } from '../model/schema.js';
import { quoteString } from '../surql/string.js';

const plainKey = /^[A-Za-z_][A-Za-z0-9_]*$/;

function renderNumber(n: number): string {
  // SurrealQL has no literal for these; a DEFAULT of NaN would silently become something else.
  if (!Number.isFinite(n)) {
    throw new SchemaError(`${n} cannot be written as a SurrealQL literal.`, {
      hint: 'Use a finite number, or write the expression with surql`…` (e.g. surql`math::inf`).',
    });
  }
  if (Object.is(n, -0)) return '0';
  // Beyond 2^53 a JS number is a float in all but name, and beyond 2^63 an integer literal does not
  // parse at all; the `f` suffix keeps it a float.
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return `${BigInt(n)}f`;
  const text = String(n);
  const exponent = /^-?(\d+)(?:\.(\d+))?e-(\d+)$/i.exec(text);
  if (!exponent) return text;
  // `1e-7` is not SurrealQL; fixed notation with every significant digit is.
  const decimals = Math.min(100, Number(exponent[3]) + (exponent[2]?.length ?? 0));
  return n.toFixed(decimals);
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
