import { describe, expect, it } from 'vitest';
import { SchemaError } from '../../src/errors.js';
import {
  access,
  array,
  composeSchema,
  defineRelation,
  defineSchema,
  event,
  fn,
  index,
  int,
  object,
  option,
  param,
  record,
  schemaModelOf,
  sequence,
  string,
  toSchemaModel,
  user,
} from '../../src/schema/index.js';

function schemaError(run: () => unknown): SchemaError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaError);
    return error as SchemaError;
  }
  throw new Error('expected a SchemaError');
}

describe('builders', () => {
  it('are immutable: a shared base is never changed by its modifiers', () => {
    const base = string();
    const required = base.required();
    const long = base.length(2, 10);
    expect(base.def.required).toBe(false);
    expect(base.def.asserts).toEqual([]);
    expect(required.def.required).toBe(true);
    expect(long.def.asserts).toEqual(['string::len($value) >= 2', 'string::len($value) <= 10']);
    expect(Object.isFrozen(base)).toBe(true);
    expect(Object.isFrozen(base.def)).toBe(true);
    expect(Object.isFrozen(base.def.asserts)).toBe(true);
    const i = index(['a']);
    expect(i.unique().def.kind).toEqual({ type: 'unique' });
    expect(i.def.kind).toEqual({ type: 'plain' });
  });

  it('keeps its kind through modifiers and option()', () => {
    expect(typeof string().required().length).toBe('function');
    expect(typeof option(object()).flexible).toBe('function');
    expect(typeof option('int').min).toBe('function');
    expect(typeof array(record('user')).reference).toBe('function');
    expect('length' in int()).toBe(false);
    expect('flexible' in string()).toBe(false);
    expect('reference' in string()).toBe(false);
  });

  it('does not put .required() among the asserts', () => {
    expect(string().required().email().def.asserts).toEqual(['string::is_email($value)']);
  });

  it('produces the Schema model, recognised by brand rather than instanceof', () => {
    const schema = composeSchema({
      models: { user: defineSchema({ table: 'user', fields: { email: string() } }) },
    });
    const model = toSchemaModel(schema);
    expect(model.tables[0]?.fields[0]).toMatchObject({
      name: 'email',
      type: 'string',
      required: false,
      asserts: [],
    });
    const copy = { ...schema, [Symbol.for('smig.schema')]: true };
    expect(schemaModelOf(copy)).toBe(model);
    expect(schemaModelOf({ tables: [] })).toBeUndefined();
    expect(schemaModelOf(null)).toBeUndefined();
    expect(() => toSchemaModel({})).toThrow(SchemaError);
  });

  it('names indexes and events by their key unless named', () => {
    const t = defineSchema({
      table: 't',
      fields: { a: string() },
      indexes: { byA: index(['a']), other: index(['a'], 'named') },
      events: { e1: event().then('CREATE x'), e2: event('custom').then('CREATE x') },
    });
    expect(t.model.indexes.map((i) => i.name)).toEqual(['byA', 'named']);
    expect(t.model.events.map((e) => e.name)).toEqual(['e1', 'custom']);
  });

  it('makes an event builder refuse to be awaited', async () => {
    await expect(async () => await (event() as unknown as Promise<unknown>)).rejects.toThrow(/not a promise/);
  });

  it('accepts collections as arrays and builders from other copies (duck typing)', () => {
    const schema = composeSchema({
      functions: [fn('fn::a').body('RETURN 1')],
      params: [param('p').value(1)],
      sequences: [sequence('s')],
      accesses: [access('a').bearer()],
      users: [user('u').password('x')],
    });
    expect(toSchemaModel(schema).functions[0]?.name).toBe('a');
    expect(toSchemaModel(schema).params[0]?.value).toEqual({ kind: 'literal', value: 1 });
  });
});

describe('local validation (SchemaError with where and hint)', () => {
  it.each([
    ['an unknown type name', () => array('strng'), /unknown type 'strng'/, /Did you mean 'string'/],
    ['an unknown nested type', () => option('array<integr>'), /unknown type 'integr'/, /int/],
    ['a bad geometry kind', () => array('geometry<pointy>'), /unknown geometry kind/, /./],
    [
      'a broken keyword field name',
      () => defineSchema({ table: 't', fields: { select: string() } }),
      /cannot be named 'select'/,
      /Rename/,
    ],
    [
      'an empty field name',
      () => defineSchema({ table: 't', fields: { '': string() } }),
      /non-empty name/,
      /./,
    ],
    [
      'an empty idiom part',
      () => defineSchema({ table: 't', fields: { 'a..b': string() } }),
      /empty part/,
      /./,
    ],
    ['a reserved table name', () => defineSchema({ table: '_smig_x' }), /reserved/, /./],
    ['an empty table name', () => defineSchema({ table: '' }), /non-empty name/, /./],
    [
      'an index on a missing field',
      () => defineSchema({ table: 't', fields: { a: string() }, indexes: { b: index(['b']) } }),
      /'b' is not a field of table t/,
      /Declare b/,
    ],
    ['a count index with columns', () => index(['a']).count(), /COUNT index takes no columns/, /./],
    ['a fulltext index over two columns', () => index(['a', 'b']).fulltext(), /exactly one column/, /./],
    [
      'an hnsw index without dimension',
      () => defineSchema({ table: 't', fields: { v: array('float') }, indexes: { v: index(['v']).hnsw() } }),
      /needs a dimension/,
      /dimension/,
    ],
    [
      'an event without THEN',
      () => defineSchema({ table: 't', events: { e: event().onCreate() } }),
      /does nothing/,
      /then/,
    ],
    [
      'a function without body',
      () => composeSchema({ functions: { f: fn('fn::f') } }),
      /has no body/,
      /body/,
    ],
    ['a param without value', () => composeSchema({ params: { p: param('p') } }), /has no value/, /value/],
    [
      'an access without type',
      () => composeSchema({ accesses: { a: access('a') } }),
      /has no type/,
      /record/,
    ],
    [
      'a user without password',
      () => composeSchema({ users: { u: user('u') } }),
      /neither a password/,
      /password/,
    ],
    [
      'two models for one table',
      () => composeSchema({ models: { a: defineSchema({ table: 't' }), b: defineSchema({ table: 't' }) } }),
      /two models/,
      /Merge/,
    ],
    [
      'a relation type via defineSchema',
      () => defineSchema({ table: 't', type: 'relation' as never }),
      /'normal' or 'any'/,
      /defineRelation/,
    ],
    [
      'a non-builder field',
      () => defineSchema({ table: 't', fields: { a: 'string' as never } }),
      /expected a field builder/,
      /string\(\)/,
    ],
    ['a bad changefeed', () => defineSchema({ table: 't', changefeed: 'soon' }), /not a duration/, /3d/],
    [
      'unique twice',
      () =>
        defineSchema({ table: 't', fields: { a: string().unique() }, indexes: { a_unique: index(['a']) } }),
      /two indexes/,
      /_unique/,
    ],
    ['a bad min length', () => string().length(-1), /whole number/, /length/],
    [
      'an enforced relation without ends',
      () => defineRelation({ name: 'r', enforced: true }),
      /ENFORCED/,
      /from and to/,
    ],
  ] as const)('rejects %s', (_, run, message, hint) => {
    const error = schemaError(run);
    expect(error.message).toMatch(message);
    expect(error.hint ?? '').toMatch(hint);
  });

  it('says where the problem is', () => {
    const error = schemaError(() => defineSchema({ table: 'user', fields: { select: string() } }));
    expect(error.where).toBe('table user, field select');
  });
});
