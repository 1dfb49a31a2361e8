import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

/** `smig generate -m`, earlier smig's name for writing a migration, is `smig diff -m`. */
describe('smig generate', () => {
  const p = new TempProject('smig-generate-');
  afterAll(() => p.remove());
  p.write(
    'schema.js',
    `import { composeSchema, defineSchema, string } from 'smig';
     export default composeSchema({ models: { note: defineSchema({ table: 'note', fields: { text: string() } }) } });`,
  );

  it('needs a message, and says so', () => {
    const r = p.smig(['generate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/-m, --message/);
    expect(p.migrations()).toEqual([]);
  });

  it('writes the migration diff -m would write', () => {
    const r = p.smig(['generate', '-m', 'add notes']);
    expect(r.code, r.stderr).toBe(0);
    expect(p.migrations()).toEqual([expect.stringMatching(/^\d{14}_add_notes\.surql$/)]);
    expect(p.smig(['diff', '--exit-code']).code).toBe(0);
  });
});
