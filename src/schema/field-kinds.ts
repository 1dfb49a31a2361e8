import { SchemaError } from '../errors.js';
import { parseType } from '../surql/parse-type.js';
import { recordTables } from '../surql/type-ops.js';
import { FieldBuilder } from './field-builder.js';
import { checkOptionKeys } from './option-keys.js';
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

  /** Earlier smig's name for `.matches()`; the description is for the reader only. @example string().regex(/^[a-z]+$/) */
  regex(pattern: RegExp | string, _description?: string): this {
    return this.matches(pattern);
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

type LegacyOnDelete = 'CASCADE' | 'RESTRICT' | 'SET NULL' | 'REJECT' | 'IGNORE' | 'UNSET';

const legacyOnDelete: Partial<Record<LegacyOnDelete, 'cascade' | 'reject' | 'ignore' | 'unset'>> = {
  CASCADE: 'cascade',
  RESTRICT: 'reject',
  'SET NULL': 'unset',
  REJECT: 'reject',
  IGNORE: 'ignore',
  UNSET: 'unset',
};

export type OnDelete = 'cascade' | 'reject' | 'ignore' | 'unset' | Surql | (string & {});

/** A `record<…>` field (or an array of them): may carry a REFERENCE clause. */
export class RecordField<T> extends FieldBuilder<T> {
  /**
   * Tracks the link so that deleting the target is handled.
   * @example record('user').reference({ onDelete: 'cascade' })  // … REFERENCE ON DELETE CASCADE
   */
  reference(options: { readonly onDelete?: OnDelete } = {}): this {
    checkOptionKeys(options, ['onDelete'], '.reference()');
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

  /**
   * Earlier smig's form of `.reference()`: the table must be the one the field links to.
   * @example record('user').references('user').onDelete('CASCADE')  // … REFERENCE ON DELETE CASCADE
   */
  references(table: string): this {
    if (!recordTables(parseType(this.def.type)).includes(table)) {
      throw new SchemaError(
        `references('${table}') on a field of type ${this.def.type}: the field must link to ${table}.`,
        { hint: `Write record('${table}').reference({ onDelete: 'cascade' }).` },
      );
    }
    return this.def.reference ? this : this.reference();
  }

  /**
   * Earlier smig's ON DELETE names, kept with their meaning: CASCADE, RESTRICT (→ REJECT), SET NULL
   * (→ UNSET, which removes the link); the SurrealDB 3 names REJECT, IGNORE and UNSET work too.
   * @example record('user').references('user').onDelete('RESTRICT')  // … REFERENCE ON DELETE REJECT
   */
  onDelete(action: LegacyOnDelete): this {
    const kind = legacyOnDelete[String(action).toUpperCase() as LegacyOnDelete];
    if (kind === undefined) {
      throw new SchemaError(`onDelete('${String(action)}'): SurrealDB 3 has no such ON DELETE action.`, {
        hint: "Write .reference({ onDelete: 'cascade' | 'reject' | 'ignore' | 'unset' }) or a THEN expression with .reference({ onDelete: surql`…` }).",
      });
    }
    return this.reference({ onDelete: kind });
  }
}
