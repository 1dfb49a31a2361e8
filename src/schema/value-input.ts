import type { DateTime, Decimal, Duration } from 'surrealdb';
import type { Lit, Surql, ValueInput } from './values.js';

type DurationUnit = 'y' | 'w' | 'd' | 'h' | 'm' | 's' | 'ms' | 'us' | 'µs' | 'ns';

/** `'7d'`, `'1h30m'`: how a duration is written in a schema. */
export type DurationText = `${number}${DurationUnit}${string}`;

/**
 * The strings the DSL reads as SurrealQL rather than as text (`looksLikeExpression` in values.ts):
 * `'$value'`, `'time::now()'`, `'fn::x(1) + 1'`, a quoted `"'text'"`. A close approximation: the
 * check at build time has the last word.
 */
export type ExpressionText = `$${string}` | `${string}(${string}` | `'${string}'` | `"${string}"`;

/**
 * The JS value a user writes for a field whose records hold `T`: `number` for a decimal, a `Date` for a
 * datetime, `'7d'` for a duration, arrays and plain objects of those. Types with no JS literal (record
 * links, uuids, bytes, sets…) have none: they take an expression.
 */
export type LiteralInput<T> = unknown extends T
  ? ValueInput
  : T extends string
    ? T
    : T extends number
      ? number extends T
        ? number | bigint
        : T
      : T extends boolean | null
        ? T
        : T extends Decimal
          ? number | bigint
          : T extends DateTime
            ? Date
            : T extends Duration
              ? DurationText
              : T extends ReadonlySet<unknown>
                ? never
                : T extends readonly (infer E)[]
                  ? readonly LiteralInput<E>[]
                  : T extends Record<string, unknown>
                    ? { readonly [K in keyof T]: LiteralInput<T[K]> }
                    : never;

/**
 * What `.default()`, `.defaultAlways()` and `.value()` take on a field holding `T`: a value of the
 * field's type, or an expression (`surql\`…\``, or a string the DSL reads as one). `lit()` where the
 * field holds strings.
 */
export type FieldValueInput<T> =
  | LiteralInput<T>
  | Surql
  | ExpressionText
  | (string extends LiteralInput<T> ? Lit : never);
