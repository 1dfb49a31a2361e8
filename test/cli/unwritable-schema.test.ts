import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

/**
 * Schemas that SurrealDB accepts as definitions but in which every write fails. `validate` and `diff`
 * refuse each with one paragraph naming the table and field, the cause and the fix, and write nothing.
 */
const header =
  "import { analyzer, array, composeSchema, decimal, defineSchema, index, int, object, string, surql } from 'smig';\n";

const cases: { name: string; schema: string; says: string[] }[] = [
  {
    name: 'a FULLTEXT index naming an analyzer that is never defined',
    schema: `const post = defineSchema({
  table: 'post',
  fields: { body: string() },
  indexes: { body: index(['body']).fulltext('english').bm25() },
});
export default composeSchema({ models: { post } });`,
    says: ['table post, index body', 'analyzer english', "Add analyzer('english')"],
  },
  {
    name: 'a decimal field whose default is a string',
    // A .js schema file, as TypeScript refuses decimal().default('0').
    schema: `const account = defineSchema({ table: 'account', fields: { balance: decimal().default('0') } });
export default composeSchema({ models: { account } });`,
    says: ["table account, field balance: default '0' is a string, the field is decimal; did you mean 0?"],
  },
  {
    name: 'a decimal field whose default expression gives a string',
    schema: `const account = defineSchema({ table: 'account', fields: { balance: decimal().default(surql\`'0'\`) } });
export default composeSchema({ models: { account } });`,
    says: ['table account, field balance', 'DEFAULT does not give a decimal', "found `'0'`"],
  },
  {
    name: "array('object') in a SCHEMAFULL table, whose elements reject every key",
    schema: `const order = defineSchema({
  table: 'order',
  fields: { items: array('object').required(), total: decimal().required().min(0) },
});
export default composeSchema({ models: { order } });`,
    says: [
      'table order, field items: the objects in items cannot hold any key',
      "'items.*.price'",
      'array(object().flexible())',
    ],
  },
];

describe('a schema in which every write fails is refused', () => {
  const projects: TempProject[] = [];
  afterAll(() => {
    for (const p of projects) p.remove();
  });

  it.each(cases)('$name', async ({ schema, says }) => {
    const p = new TempProject('smig-unwritable-');
    projects.push(p);
    expect(p.smig(['init']).code).toBe(0);
    p.write('schema.js', `${header}${schema}\n`);
    for (const command of [['validate'], ['diff', '-m', 'first']]) {
      const run = p.smig(['--schema', 'schema.js', ...command]);
      expect(run.code, run.stdout).toBe(1);
      const paragraph = run.stderr.trim();
      for (const text of says) expect(paragraph).toContain(text);
      expect(paragraph).not.toMatch(/\n\s+at /);
    }
    expect(p.migrations()).toEqual([]);
  });

  it('proofs are kept per table: a table broken by a later edit is proved again and refused, next to proven ones', async () => {
    const p = new TempProject('smig-unwritable-');
    projects.push(p);
    expect(p.smig(['init']).code).toBe(0);
    const schema = (
      balance: string,
    ) => `${header}const note = defineSchema({ table: 'note', fields: { body: string() } });
const account = defineSchema({ table: 'account', fields: { balance: ${balance} } });
export default composeSchema({ models: { note, account } });
`;
    p.write('schema.js', schema('decimal().default(0)'));
    expect(p.smig(['--schema', 'schema.js', 'diff', '-m', 'first']).code).toBe(0);
    p.write('schema.js', schema("decimal().default('0')"));
    const run = p.smig(['--schema', 'schema.js', 'diff', '-m', 'second']);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toContain("table account, field balance: default '0' is a string");
    expect(p.migrations()).toHaveLength(1);
  });

  it('the same schemas, fixed as the errors say, validate and push', async () => {
    const p = new TempProject('smig-unwritable-');
    projects.push(p);
    expect(p.smig(['init']).code).toBe(0);
    p.write(
      'schema.ts',
      `${header}const post = defineSchema({
  table: 'post',
  fields: { body: string() },
  indexes: { body: index(['body']).fulltext('english').bm25() },
});
const account = defineSchema({ table: 'account', fields: { balance: decimal().default(0) } });
const purchase = defineSchema({
  table: 'purchase',
  fields: {
    items: array('object').required(),
    'items.*.price': decimal().required(),
    notes: array(object().flexible()),
    total: decimal().required().min(0),
  },
});
export default composeSchema({
  models: { post, account, purchase },
  analyzers: { english: analyzer('english').tokenizers(['blank']).filters(['lowercase']) },
});
`,
    );
    const validate = p.smig(['validate']);
    expect(validate.code, validate.stderr).toBe(0);
    expect(p.smig(['diff', '-m', 'first']).code).toBe(0);
    expect(p.smig(['push']).code).toBe(0);
    const results = p.query(
      [
        "CREATE post:1 SET body = 'hello';",
        'CREATE account:1;',
        'CREATE purchase:1 SET items = [{ price: 2.5dec }], total = 2.5dec, notes = [{ any: 1 }];',
        'SELECT VALUE balance FROM account:1;',
      ].join('\n'),
    ) as unknown[];
    expect(
      results.slice(0, 3).every((r) => Array.isArray(r)),
      JSON.stringify(results),
    ).toBe(true);
  });
});
