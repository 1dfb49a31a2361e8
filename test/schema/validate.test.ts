import { describe, expect, it } from 'vitest';
import type { FieldModel, Schema, TableModel } from '../../src/model/schema.js';
import { emptySchema } from '../../src/model/schema.js';
import {
  analyzer,
  composeSchema,
  defineRelation,
  defineSchema,
  index,
  record,
  SchemaProblem,
  string,
  toSchemaModel,
  validateSchema,
} from '../../src/schema/index.js';

const field = (name: string, patch: Partial<FieldModel> = {}): FieldModel => ({
  name,
  type: 'string',
  required: false,
  defaultAlways: false,
  asserts: [],
  readonly: false,
  flexible: false,
  was: [],
  ...patch,
});

const table = (name: string, patch: Partial<TableModel> = {}): TableModel => ({
  name,
  type: 'normal',
  schemafull: true,
  drop: false,
  was: [],
  fields: [],
  indexes: [],
  events: [],
  ...patch,
});

const schemaOf = (patch: Partial<Schema>): Schema => ({ ...emptySchema, ...patch });

function summary(schema: Schema): string[] {
  return validateSchema(schema).map((p) => `${p.severity}: ${p.message}`);
}

describe('validateSchema', () => {
  it('finds nothing wrong with a consistent schema', () => {
    const user = defineSchema({
      table: 'user',
      fields: { email: string() },
      indexes: { email: index(['email']).unique() },
    });
    const post = defineSchema({ table: 'post', fields: { author: record('user') } });
    const wrote = defineRelation({ name: 'wrote', from: 'user', to: 'post' });
    expect(
      validateSchema(toSchemaModel(composeSchema({ models: { user, post }, relations: { wrote } }))),
    ).toEqual([]);
  });

  it('reports duplicates of every kind', () => {
    const schema = schemaOf({
      tables: [
        table('t', {
          fields: [field('a'), field('a')],
          indexes: [
            { name: 'i', columns: ['a'], kind: { type: 'plain' }, concurrently: false, was: [] },
            { name: 'i', columns: ['a'], kind: { type: 'plain' }, concurrently: false, was: [] },
          ],
        }),
        table('t'),
      ],
      functions: [
        { name: 'f', params: [], body: 'RETURN 1', was: [] },
        { name: 'f', params: [], body: 'RETURN 2', was: [] },
      ],
    });
    expect(summary(schema)).toEqual([
      'error: table t: two models define this table.',
      'error: table t, field a: two fields have this name.',
      'error: table t, index i: two indexes have this name.',
      'error: function f: two functions have this name.',
    ]);
  });

  it('reports indexes on missing fields and missing analyzers, and checks field names', () => {
    const schema = schemaOf({
      tables: [
        table('t', {
          fields: [field('select'), field('body')],
          indexes: [
            { name: 'x', columns: ['nope'], kind: { type: 'plain' }, concurrently: false, was: [] },
            { name: 'ok', columns: ['id'], kind: { type: 'plain' }, concurrently: false, was: [] },
            {
              name: 'ft',
              columns: ['body'],
              kind: { type: 'fulltext', analyzer: 'english', highlights: false },
              concurrently: false,
              was: [],
            },
          ],
        }),
      ],
    });
    const problems = summary(schema);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/cannot be named 'select'/);
    expect(problems[1]).toBe("error: table t, index x: the column 'nope' is not a field of table t.");
    expect(problems[2]).toBe(
      'error: table t, index ft: uses analyzer english, which the schema does not define: every write to the table would fail.',
    );
  });

  it('accepts a full-text index whose analyzer is defined', () => {
    const doc = defineSchema({
      table: 'doc',
      fields: { body: string() },
      indexes: { body: index(['body']).fulltext('en') },
    });
    const schema = toSchemaModel(
      composeSchema({ models: { doc }, analyzers: { en: analyzer('en').tokenizers(['blank']) } }),
    );
    expect(validateSchema(schema)).toEqual([]);
  });

  it('warns about relations and links to tables the schema does not define', () => {
    const post = defineSchema({ table: 'post', fields: { author: record('person') } });
    const wrote = defineRelation({ name: 'wrote', from: 'user', to: 'post' });
    const problems = validateSchema(toSchemaModel(composeSchema({ models: { post }, relations: { wrote } })));
    expect(problems.map((p) => [p.severity, p.where, p.message])).toEqual([
      [
        'warning',
        'table post, field author',
        'table post, field author: links to table person, which the schema does not define.',
      ],
      ['warning', 'relation wrote', 'relation wrote: connects table user, which the schema does not define.'],
    ]);
    expect(problems[0]).toBeInstanceOf(SchemaProblem);
  });

  it('warns that .required() cannot hold on a type that stays NONE-able', () => {
    const schema = schemaOf({
      tables: [table('t', { fields: [field('a', { type: 'any', required: true })] })],
    });
    expect(summary(schema)).toEqual([
      'warning: table t, field a: .required() cannot be enforced on type any: SurrealDB skips ASSERT when the value is NONE.',
    ]);
  });

  it('reports FLEXIBLE and REFERENCE on types that cannot have them', () => {
    const schema = schemaOf({
      tables: [
        table('t', {
          fields: [field('a', { flexible: true }), field('b', { reference: { kind: 'cascade' } })],
        }),
      ],
    });
    expect(summary(schema)).toEqual([
      'error: table t, field a: FLEXIBLE needs a type containing object, not string.',
      'error: table t, field b: REFERENCE needs a record type, not string.',
    ]);
  });
});

describe('validateSchema: clauses that must be one expression', () => {
  it('reports them on a model not built with the DSL, naming entity and clause', () => {
    const schema: Schema = {
      ...emptySchema,
      tables: [
        table('user', {
          fields: [field('name', { asserts: ["$value != 'root'; DELETE user"] })],
          permissions: { update: { kind: 'where', expr: 'true) OR (false' } },
          events: [
            {
              name: 'e',
              when: 'true',
              // biome-ignore lint/suspicious/noThenProperty: the model's THEN statements.
              then: ['UPDATE a SET b = 1;', 'DELETE user; DELETE post'],
              was: [],
            },
          ],
        }),
      ],
      functions: [{ name: 'f', params: [], body: 'RETURN 1; } DELETE user; {', was: [] }],
    };
    expect(validateSchema(schema).map((p) => `${p.severity}: ${p.where}: ${p.hint}`)).toEqual([
      'error: table user: Write one expression; to run several statements, use an event (event().then([…])) or a function (fn(…).body(…)) and call it.',
      'error: table user, field name: Write one expression; to run several statements, use an event (event().then([…])) or a function (fn(…).body(…)) and call it.',
      "error: table user, event e: Give each statement as an item of its own: .then(['UPDATE …', 'CREATE …']).",
      'error: function fn::f: Keep the brackets balanced, and write the body either without braces or as one { … } block with nothing after it.',
    ]);
    expect(validateSchema(schema)[0]?.message).toBe(
      'table user: PERMISSIONS FOR update WHERE `true) OR (false` is not one expression: the `)` at character 5 closes a bracket it did not open, which would close a part of the statement around it.',
    );
  });
});
