import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/compile/index.js';
import { Shadow } from '../../src/engine/connection.js';
import {
  type AnyField,
  any,
  array,
  bool,
  bytes,
  composeSchema,
  datetime,
  decimal,
  defineSchema,
  duration,
  float,
  geometry,
  int,
  lit,
  literal,
  number,
  object,
  option,
  range,
  record,
  set,
  string,
  surql,
  toSchemaModel,
  uuid,
} from '../../src/schema/index.js';
import { applyStatements, infoForTable, missingFromInfo } from './support.js';

interface FieldCase {
  readonly name: string;
  readonly fields: Record<string, AnyField>;
  /** Every statement after `DEFINE TABLE t TYPE NORMAL SCHEMAFULL`. */
  readonly sql: readonly string[];
  /** Part of what `INFO FOR TABLE t` should print for field `f` (engine normalisation). */
  readonly stored?: string;
}

const t = (rest: string) => `DEFINE FIELD f ON TABLE t ${rest}`;

const cases: FieldCase[] = [
  {
    name: 'optional string',
    fields: { f: string() },
    sql: [t('TYPE option<string>')],
    stored: 'TYPE none | string',
  },
  {
    name: 'required string',
    fields: { f: string().required() },
    sql: [t('TYPE string\n  ASSERT $value != NONE')],
  },
  {
    name: 'int bounds',
    fields: { f: int().min(0).max(10) },
    sql: [t('TYPE option<int>\n  ASSERT ($value >= 0) AND ($value <= 10)')],
  },
  {
    name: 'required int range',
    fields: { f: int().required().range(1, 5) },
    sql: [t('TYPE int\n  ASSERT ($value != NONE) AND ($value >= 1) AND ($value <= 5)')],
  },
  { name: 'float default', fields: { f: float().default(1.5) }, sql: [t('TYPE float DEFAULT 1.5')] },
  {
    name: 'decimal surql default',
    fields: { f: decimal().default(surql`1.5dec`) },
    sql: [t('TYPE decimal DEFAULT 1.5dec')],
  },
  { name: 'number', fields: { f: number() }, sql: [t('TYPE option<number>')] },
  { name: 'bool default', fields: { f: bool().default(false) }, sql: [t('TYPE bool DEFAULT false')] },
  {
    name: 'datetime default readonly',
    fields: { f: datetime().default('time::now()').readonly() },
    sql: [t('TYPE datetime DEFAULT time::now() READONLY')],
  },
  {
    name: 'datetime value',
    fields: { f: datetime().value('time::now()') },
    sql: [t('TYPE datetime VALUE time::now()')],
  },
  {
    name: 'datetime from a Date',
    fields: { f: datetime().default(new Date('2024-01-01T00:00:00Z')) },
    sql: [t("TYPE datetime DEFAULT d'2024-01-01T00:00:00.000Z'")],
  },
  { name: 'duration default', fields: { f: duration().default('7d') }, sql: [t('TYPE duration DEFAULT 7d')] },
  {
    name: 'uuid default',
    fields: { f: uuid().default('rand::uuid::v7()') },
    sql: [t('TYPE uuid DEFAULT rand::uuid::v7()')],
  },
  { name: 'bytes', fields: { f: bytes() }, sql: [t('TYPE option<bytes>')] },
  { name: 'object', fields: { f: object() }, sql: [t('TYPE option<object>')] },
  {
    name: 'flexible object',
    fields: { f: object().flexible() },
    sql: [t('TYPE option<object> FLEXIBLE')],
    stored: 'FLEXIBLE',
  },
  { name: 'object default {}', fields: { f: object().default({}) }, sql: [t('TYPE object DEFAULT {}')] },
  {
    name: 'object literal default',
    fields: { f: object().default({ a: 1, 'b c': [true, null, 'x'] }) },
    sql: [t("TYPE object DEFAULT { a: 1, 'b c': [true, NULL, 'x'] }")],
  },
  { name: 'any (admits NONE already)', fields: { f: any() }, sql: [t('TYPE any')] },
  { name: 'geometry', fields: { f: geometry() }, sql: [t('TYPE option<geometry>')] },
  { name: 'geometry point', fields: { f: geometry('point') }, sql: [t('TYPE option<geometry<point>>')] },
  {
    name: 'geometry kinds',
    fields: { f: geometry(['point', 'polygon']).required() },
    sql: [t('TYPE geometry<point | polygon>\n  ASSERT $value != NONE')],
  },
  {
    name: 'literal',
    fields: { f: literal('draft', 'published').default('draft') },
    sql: [t("TYPE 'draft' | 'published' DEFAULT 'draft'")],
  },
  { name: 'literal numbers', fields: { f: literal(1, 2, true) }, sql: [t('TYPE option<1 | 2 | true>')] },
  { name: 'range', fields: { f: range() }, sql: [t('TYPE option<range>')] },
  { name: 'array of strings', fields: { f: array('string') }, sql: [t('TYPE option<array<string>>')] },
  {
    name: 'array default []',
    fields: { f: array('string').default([]) },
    sql: [t('TYPE array<string> DEFAULT []')],
  },
  {
    name: 'array of records, max',
    fields: { f: array(record('t'), 10) },
    sql: [t('TYPE option<array<record<t>, 10>>')],
  },
  { name: 'set', fields: { f: set('int') }, sql: [t('TYPE option<set<int>>')] },
  {
    name: 'array with element rules',
    fields: { f: array(string().email()).default([]) },
    sql: [
      t('TYPE array<string> DEFAULT []'),
      'DEFINE FIELD OVERWRITE f.* ON TABLE t TYPE string\n  ASSERT string::is_email($value)',
    ],
    stored: 'TYPE array<string>',
  },
  { name: 'record', fields: { f: record('t') }, sql: [t('TYPE option<record<t>>')] },
  {
    name: 'record of several tables',
    fields: { f: record(['t', 'u']).required() },
    sql: [t('TYPE record<t | u>\n  ASSERT $value != NONE')],
  },
  {
    name: 'reference cascade',
    fields: { f: record('t').reference({ onDelete: 'cascade' }) },
    sql: [t('TYPE option<record<t>> REFERENCE ON DELETE CASCADE')],
    stored: 'REFERENCE ON DELETE CASCADE',
  },
  {
    name: 'reference then',
    fields: { f: record('t').reference({ onDelete: 'UPDATE $this SET gone = true' }) },
    sql: [t('TYPE option<record<t>> REFERENCE ON DELETE THEN { UPDATE $this SET gone = true }')],
  },
  { name: 'option by name', fields: { f: option('string') }, sql: [t('TYPE option<string>')] },
  {
    name: 'required drops option (NONE would skip the ASSERT)',
    fields: { f: option('string').required() },
    sql: [t('TYPE string\n  ASSERT $value != NONE')],
  },
  {
    name: 'required by its type alone, without the ASSERT',
    fields: { f: string().required({ assert: false }), g: int().required({ assert: false }).min(1) },
    sql: [t('TYPE string'), t('TYPE int\n  ASSERT $value >= 1').replace(' f ', ' g ')],
  },
  {
    name: 'required drops none from a union',
    fields: { f: option('none | string | int').required() },
    sql: [t('TYPE string | int\n  ASSERT $value != NONE')],
  },
  { name: 'option of any', fields: { f: option(any()) }, sql: [t('TYPE any')] },
  {
    name: 'option of flexible object',
    fields: { f: option(object()).flexible() },
    sql: [t('TYPE option<object> FLEXIBLE')],
  },
  { name: 'default always', fields: { f: int().defaultAlways(0) }, sql: [t('TYPE int DEFAULT ALWAYS 0')] },
  {
    name: 'permissions none',
    fields: { f: string().permissions('NONE') },
    sql: [t('TYPE option<string> PERMISSIONS NONE')],
    stored: 'PERMISSIONS FOR select, create, update NONE',
  },
  {
    name: 'permissions per action',
    fields: {
      f: string().permissions({ select: 'WHERE $auth.admin = true', create: 'NONE', update: 'NONE' }),
    },
    sql: [t('TYPE option<string> PERMISSIONS FOR select WHERE $auth.admin = true, FOR create, update NONE')],
  },
  {
    name: 'comment',
    fields: { f: string().comment("it's") },
    sql: [t("TYPE option<string> COMMENT 'it\\'s'")],
  },
  {
    name: 'required with comment',
    fields: { f: string().required().comment('c') },
    sql: [t("TYPE string\n  ASSERT $value != NONE COMMENT 'c'")],
  },
  {
    name: 'matches',
    fields: { f: string().matches(/^[a-z]+\d?$/) },
    sql: [t('TYPE option<string>\n  ASSERT string::matches($value, "^[a-z]+\\\\d?$")')],
  },
  {
    name: 'email',
    fields: { f: string().email() },
    sql: [t('TYPE option<string>\n  ASSERT string::is_email($value)')],
  },
  {
    name: 'unique',
    fields: { f: string().unique() },
    sql: [t('TYPE option<string>'), 'DEFINE INDEX f_unique ON TABLE t FIELDS f UNIQUE'],
  },
  {
    name: 'lit forces a string',
    fields: { f: string().default(lit('time::now()')) },
    sql: [t("TYPE string DEFAULT 'time::now()'")],
  },
  {
    name: 'quoted text default',
    fields: { f: string().default("it's") },
    sql: [t("TYPE string DEFAULT 'it\\'s'")],
  },
  {
    name: 'param default',
    fields: { f: string().default('$auth.name') },
    sql: [t('TYPE string DEFAULT $auth.name')],
  },
  {
    name: 'nested fields, parents first',
    fields: { 'f.city': string().required(), f: object() },
    sql: [t('TYPE option<object>'), 'DEFINE FIELD f.city ON TABLE t TYPE string\n  ASSERT $value != NONE'],
  },
  {
    name: 'indexed element field',
    fields: { f: array('int'), 'f[0]': int().min(1) },
    sql: [t('TYPE option<array<int>>'), 'DEFINE FIELD f[0] ON TABLE t TYPE int\n  ASSERT $value >= 1'],
  },
  {
    name: 'explicit element field',
    fields: { f: array('string'), 'f.*': string().maxLength(10) },
    sql: [
      t('TYPE option<array<string>>'),
      'DEFINE FIELD OVERWRITE f.* ON TABLE t TYPE string\n  ASSERT string::len($value) <= 10',
    ],
  },
];

let shadow: Shadow;
beforeAll(async () => {
  shadow = await Shadow.open();
});
afterAll(async () => {
  await shadow.close();
});

describe('field statements', () => {
  it.each(cases)('$name', async ({ fields, sql, stored }) => {
    const model = toSchemaModel(composeSchema({ models: { t: defineSchema({ table: 't', fields }) } }));
    const compiled = compileSchema(model);
    expect(compiled.map((s) => s.sql)).toEqual(['DEFINE TABLE t TYPE NORMAL SCHEMAFULL', ...sql]);

    const db = await shadow.database('field');
    expect(await applyStatements(db, compiled)).toEqual([]);
    expect(await missingFromInfo(db, compiled)).toEqual([]);
    if (stored) expect((await infoForTable(db, 't')).fields?.f).toContain(stored);
  });

  it('quotes identifiers the engine cannot read bare, and keys field refs by the one quoter', async () => {
    const model = toSchemaModel(
      composeSchema({
        models: {
          w: defineSchema({
            table: 'weird-name',
            fields: { 'weird-f': string(), value: int().default(0), '1abc': object(), '1abc.x y': string() },
          }),
        },
      }),
    );
    const compiled = compileSchema(model);
    expect(compiled.map((s) => s.sql)).toEqual([
      'DEFINE TABLE `weird-name` TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD `weird-f` ON TABLE `weird-name` TYPE option<string>',
      'DEFINE FIELD `value` ON TABLE `weird-name` TYPE int DEFAULT 0',
      'DEFINE FIELD `1abc` ON TABLE `weird-name` TYPE option<object>',
      'DEFINE FIELD `1abc`.`x y` ON TABLE `weird-name` TYPE option<string>',
    ]);
    expect(compiled.map((s) => s.ref.name)).toEqual([
      'weird-name',
      '`weird-f`',
      '`value`',
      '`1abc`',
      '`1abc`.`x y`',
    ]);
    const db = await shadow.database('weird');
    expect(await applyStatements(db, compiled)).toEqual([]);
    expect(await missingFromInfo(db, compiled)).toEqual([]);
  });

  it('makes a required field reject a record without it, even when declared with option()', async () => {
    const model = toSchemaModel(
      composeSchema({
        models: { t: defineSchema({ table: 't', fields: { f: option('string').required() } }) },
      }),
    );
    const db = await shadow.database('required');
    expect(await applyStatements(db, compileSchema(model))).toEqual([]);
    const results = await db.results("CREATE t:1 CONTENT {}; CREATE t:2 SET f = 'x'");
    expect(results.map((r) => r.ok)).toEqual([false, true]);
  });

  it('writes every statement with OVERWRITE right after the kind keyword', () => {
    const model = toSchemaModel(
      composeSchema({ models: { t: defineSchema({ table: 't', fields: { f: string() } }) } }),
    );
    expect(compileSchema(model).map((s) => s.overwrite)).toEqual([
      'DEFINE TABLE OVERWRITE t TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD OVERWRITE f ON TABLE t TYPE option<string>',
    ]);
  });
});
