import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/compile/index.js';
import { Shadow } from '../../src/engine/connection.js';
import {
  bool,
  composeSchema,
  datetime,
  defineSchema,
  index,
  string,
  toSchemaModel,
} from '../../src/schema/index.js';
import { applyStatements } from './support.js';

const userSchema = defineSchema({
  table: 'user',
  fields: {
    email: string().required().assert('string::is_email($value)'),
    name: string().required().length(2, 100),
    bio: string(),
    isActive: bool().default(true),
    createdAt: datetime().default('time::now()'),
    updatedAt: datetime().value('time::now()'),
    avatar: string(),
    role: string().default('user'),
  },
  indexes: {
    email: index(['email']).unique(),
    active: index(['isActive', 'createdAt']),
  },
});

const schema = composeSchema({ models: { user: userSchema } });

let shadow: Shadow;
beforeAll(async () => {
  shadow = await Shadow.open();
});
afterAll(async () => {
  await shadow.close();
});

describe('the seed schema (steps 1 and 6)', () => {
  const statements = compileSchema(toSchemaModel(schema));

  it('compiles to the seed statements, with optional fields as option<T>', () => {
    expect(statements.map((s) => s.sql)).toEqual([
      'DEFINE TABLE user TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD email ON TABLE user TYPE string\n  ASSERT ($value != NONE) AND (string::is_email($value))',
      'DEFINE FIELD name ON TABLE user TYPE string\n  ASSERT ($value != NONE) AND (string::len($value) >= 2) AND (string::len($value) <= 100)',
      'DEFINE FIELD bio ON TABLE user TYPE option<string>',
      'DEFINE FIELD isActive ON TABLE user TYPE bool DEFAULT true',
      'DEFINE FIELD createdAt ON TABLE user TYPE datetime DEFAULT time::now()',
      'DEFINE FIELD updatedAt ON TABLE user TYPE datetime VALUE time::now()',
      'DEFINE FIELD avatar ON TABLE user TYPE option<string>',
      "DEFINE FIELD role ON TABLE user TYPE string DEFAULT 'user'",
      'DEFINE INDEX email ON TABLE user FIELDS email UNIQUE',
      'DEFINE INDEX active ON TABLE user FIELDS isActive, createdAt',
    ]);
  });

  it('gives a user table that behaves as the schema says', async () => {
    const db = await shadow.database('seed');
    expect(await applyStatements(db, statements)).toEqual([]);

    const [created] = (await db.query(
      "CREATE ONLY user CONTENT { email: 'ada@example.com', name: 'Ada' }",
    )) as [Record<string, unknown>];
    expect(created.isActive).toBe(true);
    expect(created.role).toBe('user');
    expect(created.createdAt).toBeDefined();
    expect(created.updatedAt).toBeDefined();
    expect(created.bio).toBeUndefined();

    const rejects = async (content: string) => {
      const [result] = await db.results(`CREATE user CONTENT ${content}`);
      return result?.ok === false;
    };
    expect(await rejects("{ email: 'not-an-email', name: 'Bob' }")).toBe(true);
    expect(await rejects("{ email: 'bob@example.com', name: 'B' }")).toBe(true);
    expect(await rejects("{ name: 'Bob' }")).toBe(true);
    expect(await rejects("{ email: 'ada@example.com', name: 'Ada Again' }")).toBe(true);
    expect(await rejects("{ email: 'bob@example.com', name: 'Bob' }")).toBe(false);
  });

  it('lets an option<string> field with an ASSERT be left out (NONE skips the assertion)', async () => {
    const db = await shadow.database('option');
    const model = toSchemaModel(
      composeSchema({
        models: { t: defineSchema({ table: 't', fields: { nick: string().length(3, 10) } }) },
      }),
    );
    const compiled = compileSchema(model);
    expect(compiled[1]?.sql).toBe(
      'DEFINE FIELD nick ON TABLE t TYPE option<string>\n  ASSERT (string::len($value) >= 3) AND (string::len($value) <= 10)',
    );
    expect(await applyStatements(db, compiled)).toEqual([]);
    const results = await db.results(
      "CREATE t:1 CONTENT {}; CREATE t:2 SET nick = 'ab'; CREATE t:3 SET nick = 'abcd'",
    );
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
  });
});
