import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

/**
 * SurrealDB 3.0.2 has no REMOVE CONFIG, so a migration that adds a config could never be rolled back:
 * `smig diff` refuses it with the reason instead of writing a migration that `push` then refuses.
 */
describe('configs', () => {
  const p = new TempProject('smig-configs-');
  afterAll(() => p.remove());

  it('adding a config is refused by diff, with the reason and what to do, and nothing is written', () => {
    p.write(
      'schema.js',
      `import { composeSchema, config, defineSchema, string } from 'smig';
const user = defineSchema({ table: 'user', fields: { name: string() } });
export default composeSchema({ models: { user }, configs: { graphql: config('GRAPHQL AUTO') } });
`,
    );
    const diff = p.smig(['diff', '-m', 'graphql']);
    expect(diff.code, diff.stdout + diff.stderr).toBe(1);
    expect(diff.stderr).toMatch(/config GraphQL/);
    expect(diff.stderr).toMatch(/REMOVE CONFIG/);
    expect(diff.stderr).toMatch(/schema\.js/);
    expect(p.migrations()).toEqual([]);
  });

  it('without the config, the schema is pushed and in sync', () => {
    p.write(
      'schema.js',
      `import { composeSchema, defineSchema, string } from 'smig';
const user = defineSchema({ table: 'user', fields: { name: string() } });
export default composeSchema({ models: { user } });
`,
    );
    expect(p.smig(['diff', '-m', 'users']).code).toBe(0);
    const push = p.smig(['push']);
    expect(push.code, push.stderr).toBe(0);
    expect(p.smig(['status', '--check']).code).toBe(0);
  });
});
