import type { DateTime, Decimal, RecordId } from 'surrealdb';
import { describe, expectTypeOf, it } from 'vitest';
import {
  any,
  array,
  bool,
  datetime,
  decimal,
  defineRelation,
  defineSchema,
  duration,
  type InferCreate,
  type InferRecord,
  int,
  lit,
  literal,
  object,
  option,
  record,
  set,
  string,
  surql,
  uuid,
} from '../../src/schema/index.js';

describe('.default() / .value() take the field’s value type or an expression', () => {
  it('accepts values of the type', () => {
    decimal().default(0);
    decimal().default(10n);
    int().default(0);
    bool().default(true);
    string().default('draft');
    string().default(lit('time::now()'));
    literal('a', 'b').default('a');
    datetime().default(new Date(0));
    duration().default('7d');
    array('string').default([]);
    array(int()).default([1, 2]);
    object().default({ a: 1 });
    object<{ n: number }>().default({ n: 1 });
    any().default({ anything: [1, 'x'] });
    option('int').default(1);
  });

  it('accepts expressions', () => {
    decimal().default(surql`0dec`);
    datetime().default('time::now()');
    datetime().value('time::now()');
    uuid().default('rand::uuid::v7()');
    record('user').default(surql`user:admin`);
    set('string').default(surql`<set>[]`);
    int().value('$value');
    string().value('string::lowercase($value)');
    int().defaultAlways("'x'");
  });

  it('refuses values of another type', () => {
    // @ts-expect-error a string is not a decimal
    decimal().default('0');
    // @ts-expect-error a number is not a string
    string().default(0);
    // @ts-expect-error not one of the literal's values
    literal('a', 'b').default('c');
    // @ts-expect-error a boolean is not an int
    int().value(true);
    // @ts-expect-error a string is not a bool
    bool().defaultAlways('true');
    // @ts-expect-error a record link has no JS literal: write surql`user:1`
    record('user').default('user:1');
    // @ts-expect-error lit() is a string
    int().default(lit('1'));
    // @ts-expect-error an array of strings on an array of ints
    array(int()).default(['1']);
  });
});

describe('inferred types follow the schema', () => {
  const t = defineSchema({
    table: 't',
    fields: {
      name: string().required(),
      nick: option(string().required()),
      nickname: option('string').required(),
      balance: decimal().default(0),
      at: datetime().value('time::now()'),
      maybe: option(int().default(1)),
      owner: option(record('user').required()),
      note: string(),
    },
  });

  it('option(x) makes the key optional even when x was required', () => {
    expectTypeOf<InferRecord<typeof t>>().toEqualTypeOf<{
      id: RecordId<'t'>;
      name: string;
      nickname: string;
      balance: Decimal;
      at: DateTime;
      maybe: number;
      nick?: string;
      owner?: RecordId<'user'>;
      note?: string;
    }>();
  });

  it('option() keeps the builder’s kind', () => {
    expectTypeOf(option(string().required())).toHaveProperty('email');
    expectTypeOf(option(record('user').required())).toHaveProperty('reference');
    expectTypeOf(option(object())).toHaveProperty('flexible');
  });

  it('InferCreate leaves out what the engine fills: defaults, values, the id', () => {
    expectTypeOf<InferCreate<typeof t>>().toEqualTypeOf<{
      id?: RecordId<'t'>;
      name: string;
      nickname: string;
      balance?: Decimal;
      at?: DateTime;
      maybe?: number;
      nick?: string;
      owner?: RecordId<'user'>;
      note?: string;
    }>();
  });

  it('InferCreate works for relations', () => {
    const wrote = defineRelation({
      name: 'wrote',
      from: 'user',
      to: 'post',
      fields: { at: datetime().default('time::now()'), why: string().required() },
    });
    expectTypeOf<InferCreate<typeof wrote>>().toEqualTypeOf<{
      id?: RecordId<'wrote'>;
      at?: DateTime;
      why: string;
    }>();
  });
});
