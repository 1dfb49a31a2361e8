import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

/** A schema or config file whose top-level `await` never settles must not pass for a result. */
const neverSettles = `
import { composeSchema, defineSchema, string } from 'smig';
await new Promise(() => {});
export default composeSchema({ models: { item: defineSchema({ table: 'item', fields: { name: string() } }) } });
`;

describe('loading is bounded', () => {
  const project = new TempProject('smig-loading-');
  project.write('schema.ts', neverSettles);
  afterAll(() => project.remove());

  it.each([['validate'], ['diff', '--exit-code'], ['diff', '-m', 'never']])(
    'smig %s with a schema that never finishes loading fails after --load-timeout',
    async (...args) => {
      const started = Date.now();
      const r = await project.smigAsync(['--load-timeout', '1', ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('did not finish loading within 1s');
      expect(r.stderr).toContain('schema.ts');
      expect(r.stderr).toContain('--load-timeout');
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(project.migrations()).toEqual([]);
    },
  );

  it('status --check says the schema could not be compared, and exits 2', async () => {
    const started = Date.now();
    const r = await project.smigAsync(['--load-timeout', '1', '--url', 'mem://', 'status', '--check']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('cannot compare');
    expect(r.stdout).toContain('did not finish loading within 1s');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('SMIG_LOAD_TIMEOUT sets it too, and the config file is bounded by it', async () => {
    const p = new TempProject('smig-loading-config-');
    try {
      p.write('smig.config.ts', "await new Promise(() => {});\nexport default { url: 'mem://' };\n");
      const r = await p.smigAsync(['validate'], { SMIG_LOAD_TIMEOUT: '1' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('smig.config.ts');
      expect(r.stderr).toContain('did not finish loading within 1s');
    } finally {
      p.remove();
    }
  });

  it('with no timeout, a load that can never finish is an error, never a silent exit 0', async () => {
    const r = await project.smigAsync(['--load-timeout', '0', 'diff', '--exit-code']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stopped before the command finished');
  });
});
