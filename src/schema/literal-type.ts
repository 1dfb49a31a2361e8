import { SchemaError } from '../errors.js';
import { quoteString } from '../surql/string.js';

/** One member of a literal type: `'draft'`, `3`, `true`. */
export function renderLiteralType(value: string | number | boolean): string {
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new SchemaError(`literal(): ${value} is not a valid literal type.`);
  }
  return String(value);
}
