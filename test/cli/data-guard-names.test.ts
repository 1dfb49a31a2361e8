import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

/**
 * The data checks pass table and field names to the engine as bound parameters, so names that need
 * quoting (a dash, a keyword) are checked like any other.
 */
const schema = (fields: string, indexes = '') => `
import { composeSchema, defineSchema, index, int, string } from 'smig';
export default composeSchema({
  models: { m: defineSchema({ table: 'line-item', fields: { ${fields} }, indexes: { ${indexes} } }) },
});
`;

describe('data checks on names that need quoting', () => {
  const p = new TempProject('smig-guard-names-');
  afterAll(() => p.remove());

  it('sets up a table named line-item with fields named value and from', () => {
    p.write('schema.js', schema('value: int(), from: string()'));
    expect(p.smig(['diff', '-m', 'items']).code).toBe(0);
    expect(p.smig(['push']).code).toBe(0);
    p.query(
      "CREATE `line-item`:1 SET value = 1, from = 'a'; CREATE `line-item`:2 SET from = 'a'; CREATE `line-item`:3 SET from = 'b';",
    );
  });

  it('a UNIQUE index over duplicate values is refused, naming them', () => {
    p.write('schema.js', schema('value: int(), from: string()', "by_from: index(['from']).unique()"));
    expect(p.smig(['diff', '-m', 'unique from']).code).toBe(0);
    const push = p.smig(['push']);
    expect(push.code).toBe(1);
    expect(push.stderr).toMatch(/table line-item, field from: 2 record\(s\).*duplicate values: "a"/);
    p.query('DELETE `line-item`:2;');
    expect(p.smig(['push']).code).toBe(0);
  });

  it('removing a field that holds values is refused, counting them', () => {
    p.write('schema.js', schema('from: string()', "by_from: index(['from']).unique()"));
    const diff = p.smig(['diff', '-m', 'drop value']);
    expect(diff.stdout).toContain('REMOVE FIELD `value` ON TABLE `line-item`;');
    const push = p.smig(['push']);
    expect(push.code).toBe(1);
    expect(push.stderr).toMatch(/table line-item, field `?value`?: 1 record\(s\) \(e\.g\. ⟨line-item⟩:1\)/);
    expect(p.smig(['push', '--allow-data-loss']).code).toBe(0);
  });
});
