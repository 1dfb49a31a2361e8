import { SchemaError } from '../errors.js';
import type {
  AccessModel,
  AnalyzerModel,
  ConfigModel,
  FunctionModel,
  ParamModel,
  Schema,
  SequenceModel,
  TableModel,
  UserModel,
} from '../model/schema.js';
import { expressionProblems } from './expression-checks.js';
import { checkOptionKeys } from './option-keys.js';
import { isTableSchema, type TableSchema } from './table-definition.js';
import { duplicateProblems } from './validate.js';

/** Recognises a composed schema even when it was built by another copy of smig (no `instanceof`). */
export const schemaBrand = Symbol.for('smig.schema');

type Buildable<M> = M | { toModel(): M };
type Collection<T> = Readonly<Record<string, T>> | readonly T[];

export interface ComposeOptions<
  M extends Readonly<Record<string, TableSchema>> = Readonly<Record<string, TableSchema>>,
> {
  /** Tables; the key is only a label (the table name comes from `table`). */
  readonly models?: M;
  readonly relations?: Collection<TableSchema>;
  readonly functions?: Collection<Buildable<FunctionModel>>;
  readonly analyzers?: Collection<Buildable<AnalyzerModel>>;
  readonly params?: Collection<Buildable<ParamModel>>;
  readonly accesses?: Collection<Buildable<AccessModel>>;
  /** Earlier smig's name for `accesses` (SurrealDB 3 replaced DEFINE SCOPE with DEFINE ACCESS … TYPE RECORD). */
  readonly scopes?: Collection<Buildable<AccessModel>>;
  readonly sequences?: Collection<Buildable<SequenceModel>>;
  readonly users?: Collection<Buildable<UserModel>>;
  readonly configs?: Collection<ConfigModel>;
}

/** The default export of a schema file: the Schema model, branded. */
export interface ComposedSchema<
  M extends Readonly<Record<string, TableSchema>> = Readonly<Record<string, TableSchema>>,
> {
  readonly [schemaBrand]: true;
  /** The Schema model that the compiler and the rest of smig work on. */
  readonly model: Schema;
  /** The table schemas as given, for `InferRecord<typeof schema.models.user>`. */
  readonly models: M;
}

const composeOptionKeys = [
  'models',
  'relations',
  'functions',
  'analyzers',
  'params',
  'accesses',
  'scopes',
  'sequences',
  'users',
  'configs',
];

function entries<T>(collection: Collection<T> | undefined): [string, T][] {
  if (collection === undefined) return [];
  if (Array.isArray(collection)) return collection.map((item, i) => [String(i), item]);
  return Object.entries(collection as Readonly<Record<string, T>>);
}

function tables(group: string, collection: Collection<TableSchema> | undefined): TableModel[] {
  return entries(collection).map(([key, table]) => {
    if (!isTableSchema(table)) {
      const where = `${group}.${key}`;
      throw new SchemaError(`${where} is not a table schema.`, {
        where,
        hint:
          group === 'relations'
            ? 'Build it with defineRelation({ … }).'
            : 'Build it with defineSchema({ table, fields }).',
      });
    }
    return table.model;
  });
}

function models<M>(group: string, collection: Collection<Buildable<M>> | undefined): M[] {
  return entries(collection).map(([key, item]) => {
    if (typeof item !== 'object' || item === null) {
      throw new SchemaError(
        `${group}.${key} is not a ${group === 'scopes' ? 'scope' : group.replace(/e?s$/, '')} definition.`,
        {
          where: `${group}.${key}`,
        },
      );
    }
    const maybe = item as { toModel?: () => M };
    return typeof maybe.toModel === 'function' ? maybe.toModel() : (item as M);
  });
}

/**
 * Puts the whole database schema together; the default export of a schema file.
 *
 * @example
 * export default composeSchema({
 *   models: { user, post },
 *   relations: { wrote },
 *   functions: { greet: fn('fn::greet').param('name', 'string').body('RETURN "Hi " + $name;') },
 * });
 */
export function composeSchema<
  const M extends Readonly<Record<string, TableSchema>> = Record<never, TableSchema>,
>(options: ComposeOptions<M> = {}): ComposedSchema<M> {
  if (typeof options !== 'object' || options === null) {
    throw new SchemaError('composeSchema() needs an options object.', {
      hint: 'Write composeSchema({ models: { … } }).',
    });
  }
  checkOptionKeys(options, composeOptionKeys, 'composeSchema()');
  const model: Schema = Object.freeze({
    tables: [...tables('models', options.models), ...tables('relations', options.relations)],
    functions: models('functions', options.functions),
    analyzers: models('analyzers', options.analyzers),
    params: models('params', options.params),
    accesses: [...models('accesses', options.accesses), ...models('scopes', options.scopes)],
    sequences: models('sequences', options.sequences),
    users: models('users', options.users),
    configs: models('configs', options.configs),
  });
  const [duplicate] = duplicateProblems(model);
  if (duplicate) throw duplicate;
  // Before anything is compiled: a clause that holds a second statement must never reach a file.
  const [expression] = expressionProblems(model);
  if (expression) throw expression;
  return Object.freeze({ [schemaBrand]: true as const, model, models: (options.models ?? {}) as M });
}

/** The Schema model of a `composeSchema` result (from any copy of smig), or undefined. */
export function schemaModelOf(x: unknown): Schema | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  if ((x as Record<symbol, unknown>)[schemaBrand] !== true) return undefined;
  return (x as ComposedSchema).model;
}

/** Like `schemaModelOf`, but throws a SchemaError when `x` is not a composed schema. */
export function toSchemaModel(x: unknown): Schema {
  const model = schemaModelOf(x);
  if (!model) {
    throw new SchemaError('This is not a schema built by composeSchema().', {
      hint: 'Export composeSchema({ models: { … } }) as the schema file’s default export.',
    });
  }
  return model;
}
