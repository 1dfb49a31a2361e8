import { SchemaError } from '../errors.js';
import type { AnyField } from './field-builder.js';
import { checkOptionKeys, checkOptionKinds } from './option-keys.js';
import { buildTable, type TableOptions, type TableSchema, tableBrand } from './table-definition.js';
import { tableOptionKeys } from './table-options.js';

const schemaOptionKeys = ['table', 'type', 'view', ...tableOptionKeys];

export interface SchemaOptions<N extends string, F extends Record<string, AnyField>> extends TableOptions<F> {
  /** The table's name. */
  readonly table: N;
  /** `'normal'` (default) or `'any'` (earlier smig's `'NORMAL'` / `'ANY'` too); relations use `defineRelation`. */
  readonly type?: 'normal' | 'any' | 'NORMAL' | 'ANY';
  /** A view: the `SELECT …` it is defined `AS`. Views default to `TYPE ANY SCHEMALESS`. */
  readonly view?: string;
}

/**
 * A table with its fields, indexes and events. Checks what it can see locally (names, types, index
 * columns) and throws a SchemaError naming the table and entity.
 *
 * @example
 * const user = defineSchema({
 *   table: 'user',
 *   fields: { email: string().required().email(), bio: string() },
 *   indexes: { email: index(['email']).unique() },
 * });
 * // DEFINE TABLE user TYPE NORMAL SCHEMAFULL
 * // DEFINE FIELD email ON TABLE user TYPE string\n  ASSERT ($value != NONE) AND (string::is_email($value))
 * // DEFINE FIELD bio ON TABLE user TYPE option<string>
 * // DEFINE INDEX email ON TABLE user FIELDS email UNIQUE
 */
export function defineSchema<
  const N extends string,
  const F extends Record<string, AnyField> = Record<never, AnyField>,
>(options: SchemaOptions<N, F>): TableSchema<N, F> {
  if (typeof options !== 'object' || options === null) {
    throw new SchemaError('defineSchema() needs an options object.', {
      hint: "Write defineSchema({ table: 'user', fields: { … } }).",
    });
  }
  const where = `table ${String(options.table)}`;
  checkOptionKeys(options, schemaOptionKeys, where);
  checkOptionKinds(
    options as object as Readonly<Record<string, unknown>>,
    { type: 'string', view: 'string' },
    where,
  );
  const type = typeof options.type === 'string' ? options.type.toLowerCase() : options.type;
  if (type !== undefined && type !== 'normal' && type !== 'any') {
    throw new SchemaError(`${where}: type must be 'normal' or 'any', not '${String(options.type)}'.`, {
      where,
      hint: type === 'relation' ? 'Define relations with defineRelation({ name, from, to }).' : undefined,
    });
  }
  const view = options.view?.trim().replace(/^AS\s+/i, '');
  if (view !== undefined && !/^SELECT\b/i.test(view)) {
    throw new SchemaError(`${where}: a view is a SELECT statement.`, {
      where,
      hint: "Write view: 'SELECT … FROM …'.",
    });
  }
  const isView = view !== undefined;
  const model = buildTable(
    options.table,
    options,
    { type: type ?? (isView ? 'any' : 'normal'), ...(isView ? { view } : {}) },
    { schemafull: !isView },
  );
  return Object.freeze({
    [tableBrand]: true as const,
    name: options.table,
    fields: (options.fields ?? {}) as F,
    model,
  });
}
