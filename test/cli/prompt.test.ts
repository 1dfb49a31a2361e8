import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
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
  const p = new TempProject('smig-prompt-', { processes: true });
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
    expect(shown.output).toMatch(/proving the schema on the engine .*… \d+\.\ds/);
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

describe.skipIf(!existsSync(script))('phases on a terminal', () => {
  const p = new TempProject('smig-phases-', { processes: true });
  afterAll(() => p.remove());
  const two = (a: string, b: string) =>
    `import { composeSchema, defineSchema, string } from 'smig';
     export default composeSchema({ models: {
       a: defineSchema({ table: 'a', fields: { ${a} } }),
       b: defineSchema({ table: 'b', fields: { ${b} } }),
     } });`;
  /** Runs on a terminal, expecting success; returns what the terminal showed. */
  const shown = (args: string): string => {
    const r = inTerminal(p.dir, args, '');
    expect(r.code, r.output).toBe(0);
    return r.output;
  };
  const timed = (text: string) => new RegExp(`${text.replace(/[()]/g, '\\$&')}.*… \\d+\\.\\ds`);

  it('validate, diff, baseline, resolve and status name each phase on a terminal, and nothing in CI or with --json', () => {
    p.write('schema.js', two('s: string()', 't: string()'));

    const validate = shown('validate');
    expect(validate).toMatch(timed('loading the schema file'));
    expect(validate).toMatch(/proving the schema on the engine \(\d+ statements\)… \d+\.\ds/);
    expect(validate).toMatch(timed('checking that every table accepts a record'));
    expect(validate).toMatch(timed('reading the migrations'));
    expect(validate).toMatch(timed('checking the migration history for forks'));
    expect(validate).toContain('is valid');

    expect(p.smig(['diff', '-m', 'first']).code).toBe(0);
    p.write('schema.js', two('s: string(), u: string()', 't: string()'));
    const diff = shown('diff');
    expect(diff).toMatch(timed('loading the schema file'));
    expect(diff).toMatch(timed('reading the migrations'));
    expect(diff).toMatch(timed('checking the migration history for forks'));
    expect(diff).toMatch(
      /proving the schema on the engine \(\d+ statements\) and replaying 1 migration on the shadow… \d+\.\ds/,
    );
    expect(diff).toMatch(timed('verifying 1 forward statement and 1 rollback statement on the shadow'));

    // A database with a schema and no ledger, adopted by baseline.
    p.write('schema.js', two('s: string()', 't: string()'));
    expect(p.smig(['push']).code).toBe(0);
    p.query('DELETE _smig_migrations;');
    rmSync(join(p.dir, 'migrations'), { recursive: true });
    const baseline = shown('baseline -m base');
    expect(baseline).toMatch(timed('reading the migrations and the ledger'));
    expect(baseline).toMatch(timed('loading the schema file'));
    expect(baseline).toMatch(timed('proving the schema on the engine'));
    expect(baseline).toMatch(timed('reading the database schema'));
    expect(baseline).toMatch(timed('taking the migration lock'));
    expect(baseline).toContain('Recorded');

    // A migration applied whose record was lost, recorded again by resolve.
    p.write('schema.js', two('s: string(), u: string()', 't: string()'));
    const second = JSON.parse(p.smig(['diff', '-m', 'second', '--json']).stdout).migration.id as string;
    expect(p.smig(['push']).code).toBe(0);
    p.query(`DELETE _smig_migrations:\`${second}\`;`);
    const resolve = shown(`resolve --applied ${second}`);
    expect(resolve).toMatch(timed('reading the migrations and the ledger'));
    expect(resolve).toMatch(timed('replaying 2 migrations on the shadow'));
    expect(resolve).toMatch(timed('reading the database schema'));
    expect(resolve).toMatch(timed('taking the migration lock'));

    const status = shown('status');
    expect(status).toMatch(timed('reading the migrations and the ledger'));
    expect(status).toMatch(/reading the database schema[^\n]*… \d+\.\ds/);
    expect(status).toMatch(/proving the schema on the engine[^\n]*… \d+\.\ds/);
    expect(status).toMatch(/checking the migration history for forks[^\n]*… \d+\.\ds/);
    expect(status).toContain('In sync');

    // With --json on a terminal, and in CI, no phase is shown.
    const forget = () => p.query(`DELETE _smig_migrations:\`${second}\`;`);
    forget();
    for (const command of ['status', 'validate', 'diff', `resolve --applied ${second}`]) {
      const json = inTerminal(p.dir, `${command} --json`, '');
      expect(json.code, json.output).toBe(0);
      expect(json.output, command).not.toMatch(/… \d+\.\ds/);
    }
    forget();
    for (const command of [['status'], ['validate'], ['diff'], ['resolve', '--applied', second]]) {
      const ci = p.smig(command);
      expect(ci.code, ci.stderr).toBe(0);
      expect(ci.stderr, command.join(' ')).toBe('');
      expect(ci.stdout, command.join(' ')).not.toContain('…');
    }
  });

  it('the data check says how many records in how many tables it checks', () => {
    p.query("CREATE a:1 SET s = 'x'; CREATE a:2 SET s = 'y'; CREATE b:1 SET t = 'z';");
    p.write('schema.js', two('u: string()', ''));
    expect(p.smig(['diff', '-m', 'drop s and t']).code).toBe(0);
    const push = shown('push --allow-data-loss');
    expect(push).toMatch(timed('checking 3 records in 2 tables'));
    expect(push).toContain('Applied 1 migration(s)');
  });
});
