import { SchemaError } from '../errors.js';
import type { AnyField } from './field-builder.js';
import { checkTableName } from './identifiers.js';
import { checkOptionKeys, checkOptionKinds } from './option-keys.js';
import { buildTable, type TableOptions, type TableSchema, tableBrand } from './table-definition.js';
import { tableOptionKeys } from './table-options.js';

const relationOptionKeys = ['name', 'table', 'from', 'to', 'enforced', ...tableOptionKeys];

export interface RelationOptions<N extends string, F extends Record<string, AnyField>>
  extends TableOptions<F> {
  /** The relation table's name (`table` is accepted too). */
  readonly name?: N;
  readonly table?: N;
  /** The IN table(s); empty or absent means any record. */
  readonly from?: string | readonly string[];
  /** The OUT table(s). */
  readonly to?: string | readonly string[];
  /** Refuse edges whose endpoints do not exist. */
  readonly enforced?: boolean;
}

function endpoints(input: string | readonly string[] | undefined, where: string): string[] {
  const list = input === undefined ? [] : typeof input === 'string' ? [input] : [...input];
  return list.map((t) => checkTableName(t, where));
}

/**
 * A relation (edge) table: `RELATE user:1->wrote->post:1`.
 *
 * @example
 * defineRelation({ name: 'wrote', from: 'user', to: ['post', 'comment'], enforced: true })
 * // DEFINE TABLE wrote TYPE RELATION IN user OUT post | comment ENFORCED SCHEMAFULL
 */
export function defineRelation<
  const N extends string,
  const F extends Record<string, AnyField> = Record<never, AnyField>,
>(options: RelationOptions<N, F>): TableSchema<N, F> {
  const name = options?.name ?? options?.table;
  if (name === undefined || typeof options !== 'object') {
    throw new SchemaError('defineRelation() needs a name.', {
      hint: "Write defineRelation({ name: 'wrote', from: 'user', to: 'post' }).",
    });
  }
  const where = `relation ${name}`;
  checkOptionKeys(options, relationOptionKeys, where);
  checkOptionKinds(
    options as object as Readonly<Record<string, unknown>>,
    { name: 'string', table: 'string', from: 'strings', to: 'strings', enforced: 'boolean' },
    where,
  );
  const relation = {
    from: endpoints(options.from, `${where} (from)`),
    to: endpoints(options.to, `${where} (to)`),
    enforced: options.enforced ?? false,
  };
  if (relation.enforced && relation.from.length === 0 && relation.to.length === 0) {
    throw new SchemaError(`${where}: ENFORCED needs from/to tables to check.`, {
      where,
      hint: 'Add from and to.',
    });
  }
  const model = buildTable(name, options, { type: 'relation', relation }, { schemafull: true });
  return Object.freeze({ [tableBrand]: true as const, name, fields: (options.fields ?? {}) as F, model });
}
