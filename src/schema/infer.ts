import type { RecordId } from 'surrealdb';
import type { AnyField, FieldBuilder, Present } from './field-builder.js';
import type { TableSchema } from './table-definition.js';

/** The TypeScript type of one field's value. */
export type InferField<B> = B extends FieldBuilder<infer T> ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Nested idioms (`address.city`, `tags.*`) describe parts of other fields, not keys of the record. */
type TopLevel<K> = K extends `${string}.${string}` | `${string}[${string}` ? never : K;

type PresentKeys<F> = { [K in keyof F]: F[K] extends Present ? TopLevel<K> : never }[keyof F];
type OptionalKeys<F> = { [K in keyof F]: F[K] extends Present ? never : TopLevel<K> }[keyof F];

/**
 * A record of a table as read back: fields that are required, defaulted or computed are always
 * present; the others may be missing.
 */
export type InferFields<F extends Record<string, AnyField>> = Simplify<
  { [K in PresentKeys<F>]: InferField<F[K]> } & { [K in OptionalKeys<F>]?: InferField<F[K]> }
>;

/**
 * @example
 * const user = defineSchema({ table: 'user', fields: { email: string().required(), bio: string() } });
 * type User = InferRecord<typeof user>;  // { id: RecordId<'user'>; email: string; bio?: string }
 */
export type InferRecord<S> =
  S extends TableSchema<infer N, infer F> ? Simplify<{ id: RecordId<N> } & InferFields<F>> : never;
