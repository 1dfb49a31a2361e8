import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunResult, TempProject } from '../helpers/project.js';

/** stdout must be exactly one JSON document; people's words go to stderr. */
function json(result: RunResult): Record<string, unknown> {
  expect(/^[{[]/.test(result.stdout.trim()), result.stdout).toBe(true);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

const keys = (value: unknown) => Object.keys(value as object).sort();

describe('--json on every command', () => {
  const project = new TempProject('smig-json-');
  afterAll(() => project.remove());

  it('init, config, ping, validate, mermaid', () => {
    const init = project.smig(['init', '--json']);
    expect(init.code).toBe(0);
    expect(keys(json(init))).toEqual(['created']);
    expect(init.stderr).toContain('Next:');

    const config = json(project.smig(['config', '--json']));
    expect(Array.isArray(config)).toBe(true);
    expect(keys((config as unknown as unknown[])[0])).toEqual(expect.arrayContaining(['name', 'value']));

    const ping = project.smig(['ping', '--json']);
    expect(ping.code).toBe(0);
    expect(keys(json(ping))).toEqual(['database', 'ms', 'namespace', 'ok', 'url', 'version']);

    const validate = project.smig(['validate', '--json']);
    expect(validate.code).toBe(0);
    expect(json(validate)).toMatchObject({ valid: true, statements: expect.any(Number) });
    expect(validate.stderr).toContain('is valid');

    const mermaid = project.smig(['mermaid', '--json']);
    expect(mermaid.code).toBe(0);
    expect(keys(json(mermaid))).toEqual(['diagram']);
  });

  it('diff, push, status, rollback', () => {
    const preview = project.smig(['diff', '--json', '--exit-code']);
    expect(preview.code).toBe(2);
    expect(keys(json(preview))).toEqual([
      'changes',
      'forks',
      'forward',
      'irreversible',
      'migration',
      'rollback',
      'warnings',
    ]);
    expect(json(preview)).toMatchObject({ changes: true, migration: null });

    const diff = json(project.smig(['diff', '-m', 'Initial', '--json']));
    expect(diff.migration).toMatchObject({
      id: expect.stringMatching(/_initial$/),
      path: expect.any(String),
    });

    const push = project.smig(['push', '--json']);
    expect(push.code).toBe(0);
    const pushed = json(push);
    expect(keys(pushed)).toEqual(['dataLoss', 'database', 'drift', 'dryRun', 'migrations', 'rebased']);
    expect(keys((pushed.migrations as unknown[])[0])).toEqual(['durationMs', 'id', 'message']);
    expect(push.stderr).toContain('Applied 1 migration(s)');

    const status = project.smig(['status', '--json', '--check']);
    expect(status.code).toBe(0);
    expect(keys(json(status))).toEqual(
      [
        'applied',
        'connected',
        'database',
        'drift',
        'forks',
        'inSync',
        'lock',
        'pending',
        'problems',
        'rebased',
        'synced',
        'tables',
        'unmanaged',
        'url',
      ].sort(),
    );
    expect(json(status)).toMatchObject({
      inSync: true,
      connected: true,
      unmanaged: { definitions: [], unchecked: [] },
      lock: null,
      synced: null,
    });

    const rollback = project.smig(['rollback', '--yes', '--json']);
    expect(rollback.code).toBe(0);
    expect(json(rollback)).toMatchObject({ dryRun: false, cancelled: false });
    expect(keys((json(rollback).migrations as unknown[])[0])).toEqual(['id', 'message']);
  });

  it('pull and baseline', () => {
    const adopt = new TempProject('smig-json-adopt-');
    try {
      expect(adopt.smig(['init']).code).toBe(0);
      rmSync(join(adopt.dir, 'schema.ts'));
      adopt.query('DEFINE TABLE note SCHEMAFULL; DEFINE FIELD body ON note TYPE option<string>;');
      const pull = adopt.smig(['pull', '--json']);
      expect(pull.code).toBe(0);
      expect(keys(json(pull))).toEqual([
        'counts',
        'database',
        'differences',
        'exact',
        'notes',
        'path',
        'unmanaged',
      ]);
      const baseline = adopt.smig(['baseline', '-m', 'Baseline', '--json']);
      expect(baseline.code).toBe(0);
      expect(keys(json(baseline))).toEqual(['database', 'migration', 'statements']);
      expect(json(baseline).migration).toMatchObject({ id: expect.stringMatching(/_baseline$/) });
    } finally {
      adopt.remove();
    }
  });

  it('sync', () => {
    const dev = new TempProject('smig-json-sync-');
    try {
      expect(dev.smig(['init']).code).toBe(0);
      const sync = dev.smig(['sync', '--json']);
      expect(sync.code, sync.stderr).toBe(0);
      expect(keys(json(sync))).toEqual(['applied', 'dataLoss', 'database', 'dryRun', 'statements']);
      expect(json(sync)).toMatchObject({ applied: true, dryRun: false, database: 'test/test', dataLoss: [] });
      expect(sync.stderr).toContain('Target:');
      expect(json(dev.smig(['status', '--json'])).synced).toMatchObject({ schema: 'schema.ts' });
    } finally {
      dev.remove();
    }
  });

  it('errors are { error: { code, message, where, hint } }', () => {
    const result = project.smig(['validate', '--json', '--schema', 'missing.ts']);
    expect(result.code).toBe(1);
    const { error } = json(result) as { error: Record<string, unknown> };
    expect(keys(error)).toEqual(['code', 'hint', 'message', 'where']);
    expect(error.code).toBe('SCHEMA');
    expect(result.stderr).toContain('missing.ts');
  });
});

describe('colours', () => {
  const project = new TempProject('smig-color-');
  afterAll(() => project.remove());
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape codes are exactly what is looked for.
  const ansi = /\u001b\[/;

  it('NO_COLOR and --no-color leave no ANSI codes, even when colour is forced', () => {
    expect(project.smig(['init']).code).toBe(0);
    const forced = project.smig(['validate'], { FORCE_COLOR: '1', NO_COLOR: '' });
    expect(forced.stdout).toMatch(ansi);
    const noColor = project.smig(['validate'], { FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(noColor.stdout).not.toMatch(ansi);
    const flag = project.smig(['validate', '--no-color'], { FORCE_COLOR: '1', NO_COLOR: '' });
    expect(flag.stdout).not.toMatch(ansi);
    const error = project.smig(['validate', '--no-color', '--schema', 'missing.ts'], {
      FORCE_COLOR: '1',
      NO_COLOR: '',
    });
    expect(error.code).toBe(1);
    expect(error.stderr).not.toMatch(ansi);
  });

  it('no progress lines without a terminal', () => {
    const diff = project.smig(['diff', '-m', 'One']);
    expect(diff.code).toBe(0);
    const push = project.smig(['push']);
    expect(push.code).toBe(0);
    expect(push.stderr).not.toMatch(/\[1\/1\]/);
  });
});
