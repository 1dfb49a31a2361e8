import { spawn, spawnSync } from 'node:child_process';
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
    env: terminalEnv(),
    timeout: 60_000,
  });
  return { code: r.status ?? -1, output: r.stdout };
}

/** A terminal's environment: progress is shown only outside CI. */
function terminalEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.CI;
  return env;
}

/**
 * The CLI on a terminal, typing `keys` once the output shows `when` (Ctrl-C is '\x03': the terminal turns
 * it into SIGINT, or the prompt reads it as a key).
 */
function typeWhen(
  dir: string,
  args: string,
  when: RegExp,
  keys: string,
): Promise<{ code: number; output: string; typed: boolean }> {
  const command = `exec ${process.execPath} ${join(repoRoot, 'bin', 'smig.js')} ${args}`;
  return new Promise((resolve, reject) => {
    const child = spawn(script, ['-qec', command, '/dev/null'], { cwd: dir, env: terminalEnv() });
    let output = '';
    let typed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (!typed && when.test(output)) {
        typed = true;
        child.stdin.write(keys);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code: code ?? -1, output, typed });
    });
  });
}

describe.skipIf(!existsSync(script))('on a terminal', () => {
  const p = new TempProject('smig-prompt-');
  afterAll(() => p.remove());

  it('asks first, showing the statements; no or Ctrl-C keeps everything, yes rolls back', async () => {
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

    // The prompt shows the statements it is about to run, and Ctrl-C at it changes nothing.
    const stopped = await typeWhen(p.dir, 'rollback', /\(y\/N\)/, '\x03');
    expect(stopped.typed).toBe(true);
    expect(stopped.output).toContain('REMOVE TABLE');
    expect(stopped.output).toContain('Cancelled; nothing was changed.');
    expect(stopped.output).not.toContain('Unexpected error');
    expect(stopped.code).toBe(130);
    expect(p.smig(['status']).stdout).toContain('Applied Migrations: 1');
    expect(p.smig(['status']).stdout).not.toMatch(/lock/i);

    const yes = inTerminal(p.dir, 'rollback', 'y\n');
    expect(yes.output).toContain('Rolled back');
    expect(yes.code).toBe(0);
    expect(p.smig(['status']).stdout).toContain('Applied Migrations: 0');
  });

  it('shows named phases with elapsed time on a terminal only', async () => {
    p.write(
      'schema.js',
      `import { composeSchema, defineSchema, string } from 'smig';
       export default composeSchema({ models: { a: defineSchema({ table: 'a', fields: { s: string(), t: string() } }) } });`,
    );
    const shown = inTerminal(p.dir, 'diff', '');
    expect(shown.output).toMatch(/applying the schema .*… \d+\.\ds/);
    expect(shown.output).toMatch(/verifying .*… \d+\.\ds/);
    const piped = p.smig(['diff']);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).not.toContain('…');

    expect(p.smig(['diff', '-m', 'second']).code).toBe(0);
    const pushed = inTerminal(p.dir, 'push', '');
    expect(pushed.code).toBe(0);
    // The first test rolled `first` back: two are pending.
    expect(pushed.output).toMatch(/proving 2 pending migrations on a scratch copy… \d+\.\ds/);
    expect(pushed.output).toContain('checking records…');
    expect(pushed.output).toMatch(/applying 1\/2 \d{14}_first…/);
    expect(pushed.output).toMatch(/applying 2\/2 \d{14}_second…/);
    expect(pushed.output).toContain('Applied 2 migration(s)');

    const rolled = inTerminal(p.dir, 'rollback --yes --json', '');
    expect(rolled.code).toBe(0);
    expect(rolled.output).not.toContain('…');
    const again = p.smig(['push']);
    expect(again.stderr).toBe('');
    expect(again.stdout).toMatch(
      /^Target: .*\n✓ \d{14}_second - second \(\d+ ms\)\nApplied 1 migration\(s\) to test\/test\.\n$/,
    );
  });

  it('Ctrl-C during the checks of a push changes nothing', async () => {
    p.write(
      'schema.js',
      `import { composeSchema, defineSchema, string } from 'smig';
       export default composeSchema({ models: { a: defineSchema({ table: 'a', fields: { s: string(), t: string(), u: string() } }) } });`,
    );
    expect(p.smig(['diff', '-m', 'third']).code).toBe(0);
    const stopped = await typeWhen(p.dir, 'push', /reading the migrations/, '\x03');
    expect(stopped.typed).toBe(true);
    // Stopped during the checks, or as soon as the lock was taken: either way before the migration ran.
    expect(stopped.output).toMatch(
      /Cancelled; nothing was changed\.|Interrupted before any migration ran; nothing was changed\. The migration lock was released\./,
    );
    expect(stopped.code).toBe(130);
    const status = p.smig(['status']).stdout;
    expect(status).toContain('Pending Migrations: 1');
    expect(status).not.toMatch(/lock/i);
  });
});
