import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

/**
 * A script that calls the API ends by itself when its work is done, as Node programs do: the engine
 * keeps a thread alive for every index it holds, even after it is closed, so the shadow engine lets go
 * of everything it built before it closes.
 */
describe('a script that uses the API', () => {
  const p = new TempProject('smig-api-exit-');
  afterAll(() => p.remove());

  it('exits on its own after diff, status and a dry-run migrate over a schema with indexes', () => {
    p.write(
      'schema.js',
      `import { composeSchema, defineSchema, index, string } from 'smig';
export default composeSchema({ models: { user: defineSchema({ table: 'user', fields: { email: string() }, indexes: { email: index(['email']).unique() } }) } });`,
    );
    p.write(
      'run.mjs',
      `import { diff, getStatus, migrate } from 'smig';
const options = { cwd: process.cwd(), environment: {} };
const made = await diff({ ...options, message: 'users', cache: false });
const status = await getStatus({ ...options, url: 'mem://' });
const plan = await migrate({ ...options, url: 'mem://', dryRun: true });
console.log(JSON.stringify({ written: made.written !== undefined, pending: status.pending.length, planned: plan.migrations.length }));
`,
    );
    // Generous: the script needs a second or two; a process that never ends is killed after this.
    const run = spawnSync(process.execPath, ['run.mjs'], { cwd: p.dir, encoding: 'utf8', timeout: 90_000 });
    expect(run.signal, 'the script did not end by itself').toBeNull();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ written: true, pending: 1, planned: 1 });
  });
});
