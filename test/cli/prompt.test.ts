import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, TempProject } from '../helpers/project.js';

/** `script` gives the CLI a real terminal, so that it may ask. */
const script = '/usr/bin/script';

function inTerminal(dir: string, args: string, answer: string): { code: number; output: string } {
  const command = `${process.execPath} ${join(repoRoot, 'bin', 'smig.js')} ${args}`;
  const r = spawnSync(script, ['-qec', command, '/dev/null'], {
    cwd: dir,
    input: answer,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, output: r.stdout };
}

describe.skipIf(!existsSync(script))('on a terminal', () => {
  const p = new TempProject('smig-prompt-');
  afterAll(() => p.remove());

  it('asks first; no keeps everything, yes rolls back', () => {
    p.write(
      'schema.js',
      `import { composeSchema, defineSchema, string } from 'smig';
       export default composeSchema({ models: { a: defineSchema({ table: 'a', fields: { s: string() } }) } });`,
    );
    expect(p.smig(['diff', '-m', 'first']).code).toBe(0);
    expect(p.smig(['push']).code).toBe(0);

    const no = inTerminal(p.dir, 'rollback', 'n\n');
    expect(no.output).toMatch(/Roll back \d{14}_first \(first\) on test\/test\? \(y\/N\)/);
    expect(no.output).toContain('Rollback cancelled');
    expect(no.code).toBe(1);
    expect(p.smig(['status']).stdout).toContain('Applied Migrations: 1');

    const yes = inTerminal(p.dir, 'rollback', 'y\n');
    expect(yes.output).toContain('Rolled back');
    expect(yes.code).toBe(0);
    expect(p.smig(['status']).stdout).toContain('Applied Migrations: 0');
  });

  it('shows progress on a terminal only', () => {
    p.write(
      'schema.js',
      `import { composeSchema, defineSchema, string } from 'smig';
       export default composeSchema({ models: { a: defineSchema({ table: 'a', fields: { s: string(), t: string() } }) } });`,
    );
    const shown = inTerminal(p.dir, 'diff', '');
    expect(shown.output).toContain('… applying the schema');
    expect(shown.output).toContain('… verifying');
    const piped = p.smig(['diff']);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).not.toContain('…');
  });
});
