import type { RecordId } from 'surrealdb';
import type { AnyField, Defaulted, FieldBuilder, Present } from './field-builder.js';
import type { TableSchema } from './table-definition.js';

/** The TypeScript type of one field's value. */
export type InferField<B> = B extends FieldBuilder<infer T> ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Nested idioms (`address.city`, `tags.*`) describe parts of other fields, not keys of the record. */
type TopLevel<K> = K extends `${string}.${string}` | `${string}[${string}` ? never : K;

/** The keys whose builders are marked `M`, and the others. */
type KeysWith<F, M> = { [K in keyof F]: F[K] extends M ? TopLevel<K> : never }[keyof F];
type KeysWithout<F, M> = { [K in keyof F]: F[K] extends M ? never : TopLevel<K> }[keyof F];

/**
 * A record of a table as read back: fields that are required, defaulted or computed are always
 * present; the others may be missing.
 */
export type InferFields<F extends Record<string, AnyField>> = Simplify<
  { [K in KeysWith<F, Present>]: InferField<F[K]> } & { [K in KeysWithout<F, Present>]?: InferField<F[K]> }
>;

/**
 * What a write must give: required fields, except those the engine fills (a default or a value).
 * Like drizzle's `$inferInsert`.
 */
export type InferCreateFields<F extends Record<string, AnyField>> = Simplify<
  { [K in Extract<KeysWithout<F, Defaulted>, KeysWith<F, Present>>]: InferField<F[K]> } & {
    [K in KeysWith<F, Defaulted> | KeysWithout<F, Present>]?: InferField<F[K]>;
  }
>;

/**
 * @example
 * const user = defineSchema({ table: 'user', fields: { email: string().required(), bio: string() } });
 * type User = InferRecord<typeof user>;  // { id: RecordId<'user'>; email: string; bio?: string }
 */
export type InferRecord<S> =
  S extends TableSchema<infer N, infer F> ? Simplify<{ id: RecordId<N> } & InferFields<F>> : never;

/**
 * The content of a CREATE: fields with a default or a value may be left out, and so may the id.
 * @example
 * const user = defineSchema({ table: 'user', fields: { email: string().required(), at: datetime().default('time::now()') } });
 * type NewUser = InferCreate<typeof user>;  // { id?: RecordId<'user'>; email: string; at?: DateTime }
 */
export type InferCreate<S> =
  S extends TableSchema<infer N, infer F> ? Simplify<{ id?: RecordId<N> } & InferCreateFields<F>> : never;
