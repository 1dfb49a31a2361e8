import { SchemaError } from '../errors.js';
import type { EventModel, FieldModel, IndexModel, TableModel } from '../model/schema.js';
import { parseType } from '../surql/parse-type.js';
import { holdsObject } from '../surql/type-ops.js';
import { type EventBuilder, eventCondition } from './event-builder.js';
import { clauseProblem } from './expression-checks.js';
import type { AnyField, FieldDef } from './field-builder.js';
import { checkFieldName, checkName, checkTableName } from './identifiers.js';
import type { IndexBuilder } from './index-builder.js';
import { type TablePermissionsInput, toTablePermissions } from './permissions.js';
import { changefeedOf, checkTableOptionKinds, commentOf } from './table-options.js';
import { valueMisfit } from './value-fit.js';

export const tableBrand = Symbol.for('smig.table');

/** What `defineSchema` and `defineRelation` have in common. */
export interface TableOptions<F extends Record<string, AnyField>> {
  readonly fields?: F;
  readonly indexes?: Readonly<Record<string, IndexBuilder>>;
  readonly events?: Readonly<Record<string, EventBuilder>>;
  readonly permissions?: TablePermissionsInput;
  readonly changefeed?: string | { readonly expiry: string; readonly includeOriginal?: boolean };
  readonly schemafull?: boolean;
  readonly schemaless?: boolean;
  readonly drop?: boolean;
  readonly comment?: string;
  readonly was?: string | readonly string[];
  /** Earlier smig's form of `comment`: the lines are joined into one COMMENT. */
  readonly comments?: readonly string[];
  /** Earlier smig's form of `changefeed: { expiry, includeOriginal: true }`. */
  readonly changefeedIncludeOriginal?: boolean;
}

/** A table built by `defineSchema` / `defineRelation`: its model, plus its field builders for inference. */
export interface TableSchema<
  N extends string = string,
  F extends Record<string, AnyField> = Record<string, AnyField>,
> {
  readonly [tableBrand]: true;
  readonly name: N;
  readonly fields: F;
  readonly model: TableModel;
}

export function isTableSchema(x: unknown): x is TableSchema {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[tableBrand] === true;
}

/** A DEFAULT or VALUE literal that the field's type cannot hold fails every write: refused here. */
function checkValuesFit(def: FieldDef, where: string): void {
  for (const [clause, value] of [
    ['default', def.default],
    ['value', def.value],
  ] as const) {
    const misfit = value === undefined ? undefined : valueMisfit(clause, value, def.type);
    if (misfit !== undefined) {
      throw new SchemaError(`${where}: ${misfit}`, {
        where,
        hint: `SurrealDB would refuse every record that takes this ${clause}. Give a value of type ${def.type}, or an expression with surql\`…\`.`,
      });
    }
  }
}

function fieldModel(name: string, def: FieldDef): FieldModel {
  const { unique: _u, valueHint: _v, element: _e, ...model } = def;
  return Object.freeze({ ...model, name });
}

/** `address.city` → `address_city_unique`, `tags.*` → `tags_unique`. */
function uniqueIndexName(field: string): string {
  return `${field.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+$/, '')}_unique`;
}

function isBuilder(x: unknown): x is AnyField {
  return typeof x === 'object' && x !== null && 'def' in x && typeof (x as AnyField).def?.type === 'string';
}

function buildFields(
  table: string,
  input: Readonly<Record<string, unknown>>,
): { fields: FieldModel[]; unique: IndexModel[] } {
  const fields: FieldModel[] = [];
  const unique: IndexModel[] = [];
  const declared = new Set(Object.keys(input));
  for (const [key, builder] of Object.entries(input)) {
    const where = `table ${table}, field ${key}`;
    checkFieldName(key, where);
    if (!isBuilder(builder)) {
      throw new SchemaError(`${where}: expected a field builder such as string() or int().`, {
        where,
        hint: `Write e.g. ${key}: string().`,
      });
    }
    const { def } = builder;
    if (def.flexible && !holdsObject(parseType(def.type))) {
      throw new SchemaError(`${where}: FLEXIBLE needs a type containing object, not ${def.type}.`, { where });
    }
    checkValuesFit(def, where);
    if (def.element) checkValuesFit(def.element, `table ${table}, field ${key}.*`);
    fields.push(fieldModel(key, def));
    // `array(string().email())`: the element's own rules go on `key.*`, unless that field is declared too.
    if (def.element && !declared.has(`${key}.*`) && !declared.has(`${key}[*]`)) {
      fields.push(fieldModel(`${key}.*`, def.element));
    }
    if (def.unique) {
      unique.push(
        Object.freeze({
          name: uniqueIndexName(key),
          columns: [key],
          kind: { type: 'unique' } as const,
          concurrently: false,
          was: [],
        }),
      );
    }
  }
  return { fields, unique };
}

function coveredBy(column: string, fields: ReadonlySet<string>, relation: boolean): boolean {
  const root = column.replace(/\[\*\]/g, '.*');
  if (root === 'id' || (relation && (root === 'in' || root === 'out' || /^(in|out)\./.test(root))))
    return true;
  const parts = root.split('.');
  // `address.city` is covered by `address`; `tags.*` by `tags`.
  return parts.some((_, i) => fields.has(parts.slice(0, i + 1).join('.')));
}

function buildIndexes(
  table: string,
  input: Readonly<Record<string, IndexBuilder>>,
  fields: ReadonlySet<string> | undefined,
  relation: boolean,
): IndexModel[] {
  return Object.entries(input).map(([key, builder]) => {
    const name = checkName(builder?.def?.name ?? key, `table ${table}, index ${key}`, 'index');
    const where = `table ${table}, index ${name}`;
    if (!builder?.def?.kind) throw new SchemaError(`${where}: expected index([...]).`, { where });
    const { def } = builder;
    if (def.kind.type !== 'count' && def.columns.length === 0) {
      throw new SchemaError(`${where}: the index has no columns.`, {
        where,
        hint: "Write e.g. index(['email']).",
      });
    }
    if (def.kind.type === 'hnsw' && def.kind.dimension <= 0) {
      throw new SchemaError(`${where}: an HNSW index needs a dimension.`, {
        where,
        hint: 'Add .dimension(384) or hnsw({ dimension: 384 }).',
      });
    }
    for (const column of def.columns) {
      if (fields && !coveredBy(column, fields, relation)) {
        throw new SchemaError(`${where}: the column '${column}' is not a field of table ${table}.`, {
          where,
          hint: `Declare ${column} in fields, or index a declared field.`,
        });
      }
    }
    const { name: _n, ...rest } = def;
    return Object.freeze({ ...rest, name });
  });
}

function buildEvents(table: string, input: Readonly<Record<string, EventBuilder>>): EventModel[] {
  return Object.entries(input).map(([key, builder]) => {
    const name = checkName(builder?.def?.name ?? key, `table ${table}, event ${key}`, 'event');
    const where = `table ${table}, event ${name}`;
    if (!builder?.def?.then) throw new SchemaError(`${where}: expected event()….then(…).`, { where });
    const { def } = builder;
    if (def.then.length === 0) {
      throw new SchemaError(`${where}: the event does nothing.`, { where, hint: "Add .then('UPDATE …')." });
    }
    // Checked as written: once joined with the on…() events, `a) OR (b` would look balanced.
    const bad = def.when === undefined ? undefined : clauseProblem(where, 'WHEN', def.when, 'expression');
    if (bad) throw bad;
    const when = eventCondition(def);
    return Object.freeze({
      name,
      // biome-ignore lint/suspicious/noThenProperty: the model's THEN statements.
      then: def.then,
      was: def.was,
      ...(when === undefined ? {} : { when }),
      ...(def.async === undefined ? {} : { async: def.async }),
      ...(def.comment === undefined ? {} : { comment: def.comment }),
    });
  });
}

const durationText = /^(\d+(y|w|d|h|m|s|ms|us|µs|ns))+$/;

/** Builds and checks the parts of a TableModel that do not depend on its kind. */
export function buildTable(
  name: string,
  options: TableOptions<Record<string, AnyField>>,
  kind: Pick<TableModel, 'type' | 'relation' | 'view'>,
  defaults: { readonly schemafull: boolean },
): TableModel {
  const table = checkTableName(name, `table ${String(name)}`);
  const where = `table ${table}`;
  checkTableOptionKinds(options, where);
  if (options.schemafull === true && options.schemaless === true) {
    throw new SchemaError(`${where}: schemafull and schemaless are both set.`, {
      where,
      hint: 'Keep one of them.',
    });
  }
  const schemafull = options.schemaless === true ? false : (options.schemafull ?? defaults.schemafull);
  const { fields, unique } = buildFields(table, options.fields ?? {});
  const names = new Set(fields.map((f) => f.name.replace(/\[\*\]/g, '.*')));
  const indexes = [
    ...buildIndexes(table, options.indexes ?? {}, schemafull ? names : undefined, kind.type === 'relation'),
    ...unique,
  ];
  const seen = new Set<string>();
  for (const i of indexes) {
    if (seen.has(i.name)) {
      throw new SchemaError(`${where}: two indexes are named ${i.name}.`, {
        where,
        hint: 'A field with .unique() gets an index named <field>_unique; rename the other index.',
      });
    }
    seen.add(i.name);
  }
  const feed = changefeedOf(options, where);
  if (feed && !durationText.test(feed.expiry)) {
    throw new SchemaError(`${where}: the changefeed expiry '${feed.expiry}' is not a duration.`, {
      where,
      hint: "Write e.g. '3d'.",
    });
  }
  const was =
    options.was === undefined ? [] : typeof options.was === 'string' ? [options.was] : [...options.was];
  return Object.freeze({
    name: table,
    ...kind,
    schemafull,
    drop: options.drop ?? false,
    ...(feed ? { changefeed: feed } : {}),
    ...(options.permissions === undefined
      ? {}
      : { permissions: toTablePermissions(options.permissions, `${where} permissions`) }),
    ...commentOf(options, where),
    was,
    fields,
    indexes,
    events: buildEvents(table, options.events ?? {}),
  });
}
