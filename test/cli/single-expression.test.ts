import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

const schema = (name: string) => `
import { composeSchema, defineSchema, string } from 'smig';
export default composeSchema({
  models: { user: defineSchema({ table: 'user', fields: { name: ${name} } }) },
});
`;

describe('an expression that holds a second statement', () => {
  const p = new TempProject('smig-expression-');
  afterAll(() => p.remove());

  it('is refused by validate and diff, and nothing reaches a file or the database', () => {
    p.write('schema.js', schema('string()'));
    expect(p.smig(['diff', '-m', 'users']).code).toBe(0);
    expect(p.smig(['push']).code).toBe(0);
    p.query("CREATE user:1 SET name = 'ada'; CREATE user:2 SET name = 'bob';");
    const files = p.migrations();

    p.write('schema.js', schema(`string().assert("$value != 'root'; DELETE user")`));
    for (const args of [['validate'], ['diff'], ['diff', '-m', 'guard root']]) {
      const run = p.smig(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toContain('table user, field name: ASSERT');
      expect(run.stderr).toContain('is not one expression');
      expect(run.stderr).toContain('Write one expression');
      expect(run.stdout).not.toContain('DELETE user');
    }
    expect(p.migrations()).toEqual(files);

    // push applies migration files only; with none written, it has nothing to run and the users stay.
    const push = p.smig(['push']);
    expect(push.stdout).toContain('Nothing to push');
    expect(p.query('SELECT VALUE name FROM user ORDER BY name')).toEqual([['ada', 'bob']]);
    expect(p.query('SELECT VALUE id FROM _smig_migrations')[0]).toHaveLength(1);
  });
});
