import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

/**
 * A rollback whose earlier schema some records no longer fit: refused; with --allow-data-loss the values
 * that cannot be kept are removed, so every record left can be written again; where nothing can be
 * removed to make a record fit, refused even with the flag.
 */
describe('rollback keeps every record writable', () => {
  const projects: TempProject[] = [];
  afterAll(() => {
    for (const p of projects) p.remove();
  });
  const setUp = (before: string, after: string, data: string): TempProject => {
    const p = new TempProject('smig-rollback-repair-');
    projects.push(p);
    const schema = (field: string) => `import { composeSchema, defineSchema, literal, string } from 'smig';
export default composeSchema({ models: { t: defineSchema({ table: 't', fields: { n: ${field} } }) } });`;
    p.write('schema.js', schema(before));
    expect(p.smig(['diff', '-m', 'before']).code).toBe(0);
    expect(p.smig(['push']).code).toBe(0);
    p.write('schema.js', schema(after));
    expect(p.smig(['diff', '-m', 'after']).code).toBe(0);
    expect(p.smig(['push']).code).toBe(0);
    p.query(data);
    return p;
  };

  it('a narrowed literal: refused, then with --allow-data-loss the values that cannot be kept are removed', () => {
    const p = setUp(
      "literal('a', 'b')",
      "literal('a', 'b', 'c')",
      "CREATE t:1 SET n = 'a'; CREATE t:2 SET n = 'c';",
    );
    const refused = p.smig(['rollback', '--yes']);
    expect(refused.code, refused.stdout).toBe(1);
    expect(refused.stderr).toMatch(/table t/);
    expect(p.query('(SELECT n, id FROM t ORDER BY id).n')[0]).toEqual(['a', 'c']);

    const allowed = p.smig(['rollback', '--yes', '--allow-data-loss']);
    expect(allowed.code, allowed.stderr).toBe(0);
    // Every record can be written again.
    const [written, kept, ids] = p.query(
      'UPDATE t SET n = n RETURN NONE; (SELECT n, id FROM t WHERE n != NONE).n; array::sort((SELECT VALUE record::id(id) FROM t));',
    );
    expect(written).toEqual([]);
    expect(kept).toEqual(['a']);
    expect(ids).toEqual([1, 2]);
  });

  it('a field made required again over records without it: refused even with --allow-data-loss', () => {
    const p = setUp('string().required()', 'string()', "CREATE t:1 SET n = 'kept'; CREATE t:2 CONTENT {};");
    const refused = p.smig(['rollback', '--yes', '--allow-data-loss']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/even with --allow-data-loss/);
    expect(p.query('array::sort((SELECT VALUE record::id(id) FROM t))')[0]).toEqual([1, 2]);
  });
});
