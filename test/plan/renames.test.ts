import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDiff } from '../../src/app/diff.js';
import { Shadow } from '../../src/engine/connection.js';
import { composeSchema, defineSchema, string, toSchemaModel } from '../../src/schema/index.js';

let shadow: Shadow;
beforeAll(async () => {
  shadow = await Shadow.open();
});
afterAll(async () => {
  await shadow.close();
});

const memo = (table: string, comment: string, was?: string) =>
  toSchemaModel(
    composeSchema({
      models: {
        m: defineSchema({ table, ...(was ? { was } : {}), fields: { text: string().comment(comment) } }),
      },
    }),
  );

async function migrate(from: ReturnType<typeof memo>, to: ReturnType<typeof memo>) {
  const first = await computeDiff({ shadow, schema: from, schemaPath: 'schema.ts', migrations: [] });
  const history = [{ id: '1', forward: first.forward.map((s) => `${s.sql};`).join('\n') }];
  return computeDiff({ shadow, schema: to, schemaPath: 'schema.ts', migrations: history });
}

describe('renames in the plan', () => {
  it('a renamed table whose field also changes moves its records and removes nothing field by field', async () => {
    const result = await migrate(memo('memo', 'a'), memo('note', 'b', 'memo'));
    const forward = result.forward.map((s) => s.sql);
    expect(forward).toEqual([
      'DEFINE TABLE note TYPE NORMAL SCHEMAFULL',
      "DEFINE FIELD text ON TABLE note TYPE option<string> COMMENT 'b'",
      'INSERT INTO note (SELECT id, text FROM memo)',
      'REMOVE TABLE memo',
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.rollback.map((s) => s.sql)).toContain('INSERT INTO memo (SELECT id, text FROM note)');
  });

  it('a rename whose old name is not in the history is a plain definition', async () => {
    const result = await migrate(memo('other', 'a'), memo('note', 'a', 'memo'));
    expect(result.forward.map((s) => s.sql)).not.toContain('INSERT INTO note (SELECT id, text FROM memo)');
    expect(result.forward.map((s) => s.sql)).toContainEqual(expect.stringContaining('REMOVE TABLE other'));
  });
});

describe('a table and its field renamed at once', () => {
  it('is refused with a way forward, since the copied values would keep the old field name', async () => {
    const v1 = toSchemaModel(
      composeSchema({ models: { m: defineSchema({ table: 'memo', fields: { text: string() } }) } }),
    );
    const v2 = toSchemaModel(
      composeSchema({
        models: { m: defineSchema({ table: 'note', was: 'memo', fields: { body: string().was('text') } }) },
      }),
    );
    await expect(migrate(v1, v2)).rejects.toThrow(/Rename in two steps|same migration/);
    await expect(migrate(v1, v2)).rejects.toMatchObject({
      hint: expect.stringContaining('Rename in two steps'),
    });
  });
});
