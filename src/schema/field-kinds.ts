import { SchemaError } from '../errors.js';
import { FieldBuilder } from './field-builder.js';
import { type Surql, toExpression } from './values.js';

function checkCount(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) {
    throw new SchemaError(`${what} must be a whole number ≥ 0, not ${n}.`, {
      hint: 'Pass e.g. .length(2, 100).',
    });
  }
  return n;
}

function checkNumber(n: number | bigint, what: string): string {
  if (typeof n === 'number' && !Number.isFinite(n)) {
    throw new SchemaError(`${what} must be a finite number, not ${n}.`);
  }
  return String(n);
}

/** A `string` field: adds length, email and pattern checks. */
export class StringField<T = string> extends FieldBuilder<T> {
  /**
   * @example string().length(2, 100)
   * // ASSERT (string::len($value) >= 2) AND (string::len($value) <= 100)
   */
  length(min: number, max?: number): this {
    const withMin = this.minLength(min);
    return max === undefined ? withMin : withMin.maxLength(max);
  }

  /** @example string().minLength(2)  // ASSERT string::len($value) >= 2 */
  minLength(n: number): this {
    return this.assert(`string::len($value) >= ${checkCount(n, 'minLength')}`);
  }

  /** @example string().maxLength(100)  // ASSERT string::len($value) <= 100 */
  maxLength(n: number): this {
    return this.assert(`string::len($value) <= ${checkCount(n, 'maxLength')}`);
  }

  /** @example string().email()  // ASSERT string::is_email($value) */
  email(): this {
    return this.assert('string::is_email($value)');
  }

  /**
   * @example string().matches(/^[a-z0-9_]+$/)  // ASSERT string::matches($value, "^[a-z0-9_]+$")
   */
  matches(pattern: RegExp | string): this {
    const source = typeof pattern === 'string' ? pattern : pattern.source;
    return this.assert(`string::matches($value, ${JSON.stringify(source)})`);
  }
}

/** A numeric field (`int`, `float`, `decimal`, `number`): adds bounds. */
export class NumberField<T = number> extends FieldBuilder<T> {
  /** @example int().min(0)  // ASSERT $value >= 0 */
  min(n: number | bigint): this {
    return this.assert(`$value >= ${checkNumber(n, 'min')}`);
  }

  /** @example int().max(10)  // ASSERT $value <= 10 */
  max(n: number | bigint): this {
    return this.assert(`$value <= ${checkNumber(n, 'max')}`);
  }

  /** @example int().range(1, 5)  // ASSERT ($value >= 1) AND ($value <= 5) */
  range(min: number | bigint, max: number | bigint): this {
    return this.min(min).max(max);
  }
}

/** An `object` field: may be FLEXIBLE (accepts undeclared keys in a SCHEMAFULL table). */
export class ObjectField<T = Record<string, unknown>> extends FieldBuilder<T> {
  /** @example object().flexible()  // DEFINE FIELD meta ON TABLE t TYPE option<object> FLEXIBLE */
  flexible(): this {
    return this.with({ flexible: true });
  }
}

export type OnDelete = 'cascade' | 'reject' | 'ignore' | 'unset' | Surql | (string & {});

/** A `record<…>` field (or an array of them): may carry a REFERENCE clause. */
export class RecordField<T> extends FieldBuilder<T> {
  /**
   * Tracks the link so that deleting the target is handled.
   * @example record('user').reference({ onDelete: 'cascade' })  // … REFERENCE ON DELETE CASCADE
   */
  reference(options: { readonly onDelete?: OnDelete } = {}): this {
    const onDelete = options.onDelete ?? 'ignore';
    if (
      typeof onDelete === 'string' &&
      ['cascade', 'reject', 'ignore', 'unset'].includes(onDelete.toLowerCase())
    ) {
      const kind = onDelete.toLowerCase() as 'cascade' | 'reject' | 'ignore' | 'unset';
      return this.with({ reference: { kind } });
    }
    const expr = toExpression(onDelete).trim();
    return this.with({ reference: { kind: 'then', expr: expr.startsWith('{') ? expr : `{ ${expr} }` } });
  }
}
