import type { DateTime, RecordId } from 'surrealdb';
import { describe, expectTypeOf, it } from 'vitest';
import {
  any,
  array,
  bool,
  datetime,
  defineRelation,
  defineSchema,
  type InferField,
  type InferRecord,
  int,
  literal,
  object,
  option,
  record,
  set,
  string,
} from '../../src/schema/index.js';

const userSchema = defineSchema({
  table: 'user',
  fields: {
    email: string().required().email(),
    name: string().required().length(2, 100),
    bio: string(),
    isActive: bool().default(true),
    createdAt: datetime().default('time::now()'),
    updatedAt: datetime().value('time::now()'),
    age: int().min(0),
    status: literal('active', 'banned').default('active'),
    tags: array('string'),
    friends: array(record('user')).default([]),
    labels: set(string()),
    meta: option(object()),
    extra: any(),
    'meta.x': string(),
  },
});

describe('InferRecord', () => {
  it('gives the record type: present fields required, the others optional', () => {
    type User = InferRecord<typeof userSchema>;
    expectTypeOf<User>().toEqualTypeOf<{
      id: RecordId<'user'>;
      email: string;
      name: string;
      isActive: boolean;
      createdAt: DateTime;
      updatedAt: DateTime;
      status: 'active' | 'banned';
      friends: RecordId<'user'>[];
      bio?: string;
      age?: number;
      tags?: string[];
      labels?: Set<string>;
      meta?: Record<string, unknown>;
      extra?: unknown;
    }>();
  });

  it('works for relations', () => {
    const wrote = defineRelation({
      name: 'wrote',
      from: 'user',
      to: 'post',
      fields: { at: datetime().required() },
    });
    expectTypeOf<InferRecord<typeof wrote>>().toEqualTypeOf<{ id: RecordId<'wrote'>; at: DateTime }>();
  });
});

describe('builders', () => {
  it('carry their value type', () => {
    expectTypeOf<InferField<ReturnType<typeof string>>>().toEqualTypeOf<string>();
    expectTypeOf<InferField<ReturnType<typeof int>>>().toEqualTypeOf<number>();
    expectTypeOf(record(['a', 'b'])).toHaveProperty('reference');
    expectTypeOf<InferField<typeof userSchema.fields.friends>>().toEqualTypeOf<RecordId<'user'>[]>();
  });

  it('offer modifiers only on the kinds that support them', () => {
    expectTypeOf(string()).toHaveProperty('length');
    expectTypeOf(string().required()).toHaveProperty('email');
    expectTypeOf(int()).toHaveProperty('min');
    expectTypeOf(object()).toHaveProperty('flexible');
    expectTypeOf(option(object())).toHaveProperty('flexible');
    expectTypeOf(int()).not.toHaveProperty('length');
    expectTypeOf(string()).not.toHaveProperty('min');
    expectTypeOf(string()).not.toHaveProperty('flexible');
    expectTypeOf(bool()).not.toHaveProperty('reference');
    // @ts-expect-error `.length` exists only on strings
    int().length(1);
    // @ts-expect-error `.flexible` exists only on objects
    string().flexible();
    // @ts-expect-error `.reference` exists only on records
    string().reference({ onDelete: 'cascade' });
  });
});
