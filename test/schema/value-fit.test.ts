import { describe, expect, it } from 'vitest';
import { SchemaError } from '../../src/errors.js';
import {
  type AnyField,
  any,
  array,
  bool,
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
  record,
  set,
  string,
  surql,
  uuid,
  validateSchema,
} from '../../src/schema/index.js';

/** Builds a table with one field; returns the error message, or undefined when it builds. */
function build(field: AnyField): string | undefined {
  try {
    defineSchema({ table: 't', fields: { balance: field } });
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaError);
    return (error as SchemaError).message;
  }
}

// Runtime checks on shapes TypeScript also refuses: the casts stand for a `.js` schema file.
// biome-ignore lint/suspicious/noExplicitAny: a value TypeScript would refuse, as a .js schema gives it.
const js = (v: unknown): any => v;

const fits: [string, AnyField][] = [
  ['decimal 0', decimal().default(0)],
  ['decimal 1.5', decimal().default(1.5)],
  ['decimal bigint', decimal().default(10n)],
  ['float from an integer', float().default(1)],
  ['number', number().default(2.5)],
  ['int', int().default(3)],
  ['bool', bool().default(false)],
  ['string', string().default('draft')],
  ['lit string', string().default(lit('time::now()'))],
  ['literal member', literal('a', 'b', 1).default(1)],
  ['array of ints', array(int()).default([1, 2])],
  ['empty array', array('string').default([])],
  ['sized array', array('float', 2).default([0, 0])],
  ['object', object().default({ a: 1 })],
  ['option<int>', option('int').default(1)],
  ['union', int().default(0)],
  ['any', any().default('x')],
  ['geometry point', geometry('point').default(js({ type: 'Point', coordinates: [0, 0] }))],
  ['datetime Date', datetime().default(new Date(0))],
  ['duration text', duration().default('7d')],
  ['expression on decimal', decimal().default(surql`0dec`)],
  ['expression string on datetime', datetime().default('time::now()')],
  ['expression on a record', record('user').default(surql`user:admin`)],
  ['value expression', string().value('string::lowercase($value)')],
  ['a set by expression', set('string').default(surql`<set>[]`)],
];

const misfits: [string, AnyField, string][] = [
  [
    'decimal from a string',
    decimal().default(js('0')),
    "table t, field balance: default '0' is a string, the field is decimal; did you mean 0?",
  ],
  ['int from a fraction', int().default(1.5), 'default 1.5 is a number, the field is int; did you mean 2?'],
  [
    'int from a numeric string',
    int().default(js('12')),
    "default '12' is a string, the field is int; did you mean 12?",
  ],
  [
    'string from a number',
    string().default(js(5)),
    "default 5 is an integer, the field is string; did you mean '5'?",
  ],
  [
    'bool from a string',
    bool().default(js('true')),
    "default 'true' is a string, the field is bool; did you mean true?",
  ],
  [
    'datetime from a string',
    datetime().default(js('2024-01-01')),
    "default '2024-01-01' is a string, the field is datetime; did you mean new Date('2024-01-01')?",
  ],
  [
    'uuid from a string',
    uuid().default(js('0190a2b8-0000-7000-8000-000000000000')),
    "did you mean surql`u'0190a2b8-0000-7000-8000-000000000000'`?",
  ],
  [
    'record from a string',
    record('user').default(js('user:1')),
    'the field is record<user>; did you mean surql`user:1`?',
  ],
  [
    'set from an array',
    set('string').default(js(['a'])),
    "the field is set<string>; did you mean surql`<set>['a']`?",
  ],
  [
    'literal non-member',
    literal('a', 'b').default(js('c')),
    "default 'c' is a string, the field is 'a' | 'b'.",
  ],
  ['option from NULL', option('string').default(js(null)), 'did you mean leaving it out (NULL is not NONE)?'],
  ['array element', array(int()).default(js(['1'])), "default ['1'] is an array, the field is array<int>."],
  [
    'sized array length',
    array('float', 3).default([0]),
    'default [0] is an array, the field is array<float, 3>.',
  ],
  ['object from an array', object().default(js([])), 'default [] is an array, the field is object.'],
  ['value on a number field', int().value(js('x')), "value 'x' is a string, the field is int."],
  ['defaultAlways', decimal().defaultAlways(js('1.5')), 'did you mean 1.5?'],
  [
    'geometry of another kind',
    geometry('point').default(js({ type: 'Polygon', coordinates: [] })),
    'the field is geometry<point>.',
  ],
];

describe('a default or value that cannot fit its field', () => {
  it.each(fits)('fits: %s', (_name, field) => {
    expect(build(field)).toBeUndefined();
  });

  it.each(misfits)('is refused when the table is built: %s', (_name, field, message) => {
    expect(build(field)).toContain(message);
  });

  it('is checked on array elements (`x.*`) too', () => {
    expect(build(array(int().default(js('0'))))).toContain("field balance.*: default '0' is a string");
  });

  it('is found by validateSchema in models not built with the DSL', () => {
    const problems = validateSchema({
      tables: [
        {
          name: 'account',
          type: 'normal',
          schemafull: true,
          drop: false,
          was: [],
          indexes: [],
          events: [],
          fields: [
            {
              name: 'balance',
              type: 'decimal',
              required: false,
              defaultAlways: false,
              default: { kind: 'literal', value: '0' },
              asserts: [],
              readonly: false,
              flexible: false,
              was: [],
            },
          ],
        },
      ],
      functions: [],
      analyzers: [],
      params: [],
      accesses: [],
      sequences: [],
      users: [],
      configs: [],
    });
    expect(problems.map((p) => p.message)).toEqual([
      "table account, field balance: default '0' is a string, the field is decimal; did you mean 0?",
    ]);
  });
});
