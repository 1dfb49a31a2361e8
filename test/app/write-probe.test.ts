import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySchema } from '../../src/app/shadow-state.js';
import { type ProofInputs, proofInputs, proveWrites } from '../../src/app/write-probe.js';
import { compileSchema } from '../../src/compile/index.js';
import { Shadow } from '../../src/engine/connection.js';
import type { Schema } from '../../src/model/schema.js';
import {
  type AnyField,
  analyzer,
  array,
  composeSchema,
  datetime,
  decimal,
  defineRelation,
  defineSchema,
  event,
  fn,
  geometry,
  index,
  int,
  literal,
  object,
  option,
  param,
  record,
  set,
  string,
  surql,
  toSchemaModel,
  validateSchema,
} from '../../src/schema/index.js';

let shadow: Shadow;
beforeAll(async () => {
  shadow = await Shadow.open();
});
afterAll(async () => {
  await shadow.close();
});

async function prove(schema: Schema): Promise<string[]> {
  const { db } = await applySchema(shadow, compileSchema(schema), 'schema.ts');
  return (await proveWrites(db, schema)).map((p) => p.message);
}

const model = (fields: Record<string, AnyField>, extra: Parameters<typeof composeSchema>[0] = {}) =>
  toSchemaModel(composeSchema({ ...extra, models: { t: defineSchema({ table: 't', fields }) } }));

describe('every table takes a record', () => {
  const valid: [string, Schema][] = [
    [
      'every scalar type',
      model({
        a: string().required(),
        b: int().required(),
        c: decimal().required(),
        d: datetime().required(),
        e: geometry('polygon').required(),
        f: literal('x', 'y').required(),
      }),
    ],
    [
      'assertions that reject the first samples',
      model({
        n: int().required().range(10, 20),
        s: string().required().email(),
        tags: array('string', 1, 10),
      }),
    ],
    ['assertions that reject every sample', model({ s: string().required().assert("$value = 'only-this'") })],
    [
      'a THROW in an event',
      toSchemaModel(
        composeSchema({
          models: {
            t: defineSchema({ table: 't', events: { no: event().onCreate().then("THROW 'closed'") } }),
          },
        }),
      ),
    ],
    ['nested fields without their parent', model({ 'meta.note': string().required() })],
    [
      'declared element fields',
      model({ items: array('object').required(), 'items.*.price': decimal().required() }),
    ],
    ['flexible elements', model({ items: array(object().flexible()).required() })],
    ['a value computed from $value', model({ slug: string().value('string::lowercase($value)') })],
    [
      'HNSW vectors of the index dimension',
      toSchemaModel(
        composeSchema({
          models: {
            t: defineSchema({
              table: 't',
              fields: { emb: array('float').required() },
              indexes: { v: index(['emb']).hnsw({ dimension: 4 }) },
            }),
          },
        }),
      ),
    ],
    ['sized sets are left out', model({ s: option(set('int', 3)) })],
    [
      'an enforced relation',
      toSchemaModel(
        composeSchema({
          models: { user: defineSchema({ table: 'user', fields: { name: string().required() } }) },
          relations: {
            knows: defineRelation({
              name: 'knows',
              from: 'user',
              to: 'user',
              enforced: true,
              fields: { since: datetime().default('time::now()') },
            }),
          },
        }),
      ),
    ],
    [
      'links to records that do not exist',
      model({ owner: record('user').required().reference({ onDelete: 'cascade' }) }),
    ],
    [
      'a function the schema defines',
      model(
        { n: int().default(surql`fn::one()`) },
        { functions: { one: fn('fn::one').returns('int').body('RETURN 1;') } },
      ),
    ],
  ];

  it.each(valid)('is proved for %s', async (_name, schema) => {
    expect(await prove(schema)).toEqual([]);
  });

  const broken: [string, Schema, string][] = [
    [
      'a default expression that does not coerce',
      model({ balance: decimal().default(surql`'0'`) }),
      'table t, field balance: every write fails: the DEFAULT does not give a decimal',
    ],
    [
      'array elements that hold no key',
      model({ items: array('object').required() }),
      'table t, field items: the objects in items cannot hold any key',
    ],
    [
      'a FULLTEXT index without an analyzer',
      toSchemaModel(
        composeSchema({
          models: {
            t: defineSchema({
              table: 't',
              fields: { body: string() },
              indexes: { ft: index(['body']).fulltext() },
            }),
          },
        }),
      ),
      'table t, index ft: every write to t fails: its FULLTEXT index uses analyzer like',
    ],
    [
      'an analyzer that is not defined',
      toSchemaModel(
        composeSchema({
          models: {
            t: defineSchema({
              table: 't',
              fields: { body: string() },
              indexes: { ft: index(['body']).fulltext('english') },
            }),
          },
        }),
      ),
      'analyzer english, which is not defined',
    ],
    [
      'a nested field that rejects its own parent',
      model({ tags: array(int().value(surql`'x'`)).required() }),
      'table t, field tags.*: every write fails: the VALUE does not give a int',
    ],
    [
      'a function that does not exist',
      model({ n: int().default(surql`fn::missing()`) }),
      "The function 'fn::missing' does not exist",
    ],
  ];

  it.each(broken)('refuses %s', async (_name, schema, message) => {
    const problems = await prove(schema);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('among many tables (proved many per request), names exactly the tables every write to fails', async () => {
    const models: Record<string, ReturnType<typeof defineSchema>> = {};
    for (let i = 0; i < 130; i++) {
      const name = `t${i}`;
      const fields: Record<string, AnyField> =
        i % 40 === 7
          ? { balance: decimal().default(surql`'0'`) }
          : i % 25 === 3
            ? // The first sample is refused by the user's own rule, a later one is taken.
              { s: string().assert('$value = NONE OR string::len($value) > 40') }
            : { n: int().required(), next: record(`t${(i + 1) % 130}`) };
      models[name] = defineSchema({ table: name, fields });
    }
    const problems = await prove(toSchemaModel(composeSchema({ models })));
    const named = problems.map((p) => /^table (t\d+)/.exec(p)?.[1]);
    expect(named).toEqual(['t7', 't47', 't87', 't127']);
  });
});

describe('references are checked without the engine', () => {
  const messages = (schema: Schema, severity: 'error' | 'warning') =>
    validateSchema(schema)
      .filter((p) => p.severity === severity)
      .map((p) => p.message);

  it('an undefined function is an error, wherever it is called', () => {
    const schema = toSchemaModel(
      composeSchema({
        models: {
          t: defineSchema({
            table: 't',
            fields: { n: int().value('fn::double($value)'), s: string().default("'fn::nope()'") },
            events: { e: event().onCreate().then('fn::log($after)') },
          }),
        },
      }),
    );
    expect(messages(schema, 'error')).toEqual([
      'table t, field n: VALUE calls fn::double, which the schema does not define.',
      'table t, event e: THEN calls fn::log, which the schema does not define.',
    ]);
  });

  it('an undefined $param is a warning; engine params, LET, closures and function arguments are not', () => {
    const schema = toSchemaModel(
      composeSchema({
        models: {
          t: defineSchema({
            table: 't',
            fields: {
              a: int().default('$limit'),
              b: string().value('$value'),
              c: int().default('$known'),
              d: array('int').value('$value.map(|$x| $x + 1)'),
            },
            permissions: { select: 'WHERE $auth.id = owner' },
          }),
        },
        params: { known: param('known').value(1) },
        functions: { f: fn('fn::f').param('n', 'int').body('LET $y = $n * 2; RETURN $y;') },
      }),
    );
    expect(messages(schema, 'warning')).toEqual([
      'table t, field a: DEFAULT reads $limit, which is neither a param of the schema nor one SurrealDB provides; it is NONE unless the client sets it.',
    ]);
  });

  it('analyzers named by FULLTEXT indexes must exist; without one, the engine’s default like does not', () => {
    const schema = toSchemaModel(
      composeSchema({
        models: {
          t: defineSchema({
            table: 't',
            fields: { a: string(), b: string(), c: string() },
            indexes: {
              a: index(['a']).fulltext('english'),
              b: index(['b']).fulltext(),
              c: index(['c']).fulltext('simple'),
            },
          }),
        },
        analyzers: { simple: analyzer('simple').tokenizers(['blank']) },
      }),
    );
    const errors = messages(schema, 'error');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('table t, index a: uses analyzer english');
    expect(errors[1]).toContain('table t, index b: a FULLTEXT index without an analyzer');
  });

  it('an object field that declares no fields in a SCHEMAFULL table is a warning', () => {
    const warnings = messages(
      model({ meta: object(), ok: object().flexible(), done: object(), 'done.x': int() }),
      'warning',
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      'table t, field meta: in a SCHEMAFULL table an object holds only the fields declared',
    );
  });
});

describe('what a table’s proof depends on', () => {
  const schemaWith = (edit: { b?: AnyField; c?: AnyField; fnBody?: string } = {}) =>
    toSchemaModel(
      composeSchema({
        functions: {
          one: fn('fn::one')
            .returns('int')
            .body(edit.fnBody ?? 'RETURN 1;'),
        },
        models: {
          a: defineSchema({ table: 'a', fields: { name: string(), owner: record('b') } }),
          b: defineSchema({ table: 'b', fields: { n: edit.b ?? int() } }),
          c: defineSchema({ table: 'c', fields: { x: edit.c ?? string() } }),
          d: defineSchema({ table: 'd', fields: { y: string() } }),
          counts: defineSchema({ table: 'counts', view: 'SELECT count() AS total FROM d GROUP ALL' }),
          overall: defineSchema({
            table: 'overall',
            view: 'SELECT math::sum(total) AS grand FROM counts GROUP ALL',
          }),
          logged: defineSchema({
            table: 'logged',
            fields: { z: string() },
            events: { e: event().onCreate().then('CREATE audit SET at = time::now()') },
          }),
        },
        relations: { knows: defineRelation({ name: 'knows', from: 'a', to: 'a' }) },
      }),
    );
  // Which tables a view reads is the engine's: the schema is applied on the shadow to know it.
  const inputsOf = async (schema: Schema, statements = compileSchema(schema)) =>
    proofInputs(schema, statements, (await applySchema(shadow, compileSchema(schema), 'schema.ts')).snapshot);
  const same = (x: Map<string, ProofInputs>, y: Map<string, ProofInputs>) =>
    [...x.keys()].filter((t) => JSON.stringify(x.get(t)?.texts) === JSON.stringify(y.get(t)?.texts));

  it('an edit to one table reaches that table, the tables that name it, and those that may write anywhere', async () => {
    const before = await inputsOf(schemaWith());
    const after = await inputsOf(schemaWith({ c: int() }));
    expect(same(before, after).sort()).toEqual(['a', 'b', 'counts', 'd', 'overall']);
    // `a` links to `b`: an edit to `b` proves `a` again.
    expect(same(before, await inputsOf(schemaWith({ b: string() }))).sort()).toEqual([
      'c',
      'counts',
      'd',
      'overall',
    ]);
  });

  it('a write to a table depends on the views over it, and everything on the functions', async () => {
    const before = await inputsOf(schemaWith());
    const view = await inputsOf(
      schemaWith(),
      compileSchema(schemaWith()).map((s) =>
        s.ref.kind === 'table' && s.ref.name === 'counts' ? { ...s, sql: s.sql.replace('total', 'n') } : s,
      ),
    );
    // `counts` edited: `d` (under it) and `overall` (over it) are proved again.
    expect(same(before, view).sort()).toEqual(['a', 'b', 'c']);
    // `overall` edited: `d`, two views down, too (and `counts` between them).
    const top = await inputsOf(
      schemaWith(),
      compileSchema(schemaWith()).map((s) =>
        s.ref.kind === 'table' && s.ref.name === 'overall'
          ? { ...s, sql: s.sql.replace('AS grand', 'AS everything') }
          : s,
      ),
    );
    expect(same(before, top).sort()).toEqual(['a', 'b', 'c']);
    expect(same(before, await inputsOf(schemaWith({ fnBody: 'RETURN 2;' })))).toEqual([]);
  });

  it('a table that names tables at run time depends on every statement', async () => {
    const schema = toSchemaModel(
      composeSchema({
        models: {
          a: defineSchema({
            table: 'a',
            fields: { n: int().default(surql`count(SELECT * FROM type::table('b'))`) },
          }),
          b: defineSchema({ table: 'b', fields: { m: int() } }),
          c: defineSchema({ table: 'c', fields: { x: string() } }),
        },
      }),
    );
    const edited = compileSchema(schema).map((s) =>
      s.ref.kind === 'field' && s.ref.table === 'c' ? { ...s, sql: `${s.sql} DEFAULT 'x'` } : s,
    );
    expect(same(await inputsOf(schema), await inputsOf(schema, edited)).sort()).toEqual(['b']);
  });
});
