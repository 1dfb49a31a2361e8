import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

describe('init, config, ping and friends', () => {
  const p = new TempProject('smig-commands-');
  afterAll(() => p.remove());

  it('init writes a starter project that works as written, and refuses to overwrite it', () => {
    const init = p.smig(['init']);
    expect(init.code).toBe(0);
    for (const f of ['schema.ts', 'smig.config.ts', 'migrations'])
      expect(existsSync(join(p.dir, f))).toBe(true);
    expect(readFileSync(join(p.dir, 'smig.config.ts'), 'utf8')).toContain("url: 'surrealkv://.smig/dev.db'");
    const again = p.smig(['init']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--force');
    expect(p.smig(['validate']).code).toBe(0);
    expect(p.smig(['diff', '-m', 'Initial schema']).code).toBe(0);
    expect(p.smig(['migrate']).code).toBe(0); // the alias of push
    expect(existsSync(join(p.dir, '.smig', 'dev.db'))).toBe(true);
    expect(p.smig(['status', '--check']).code).toBe(0);
  });

  it('init keeps the local store, the cache and .env out of version control, without duplicating lines', () => {
    const fresh = new TempProject('smig-init-gitignore-');
    try {
      expect(fresh.smig(['init']).code).toBe(0);
      expect(fresh.read('.gitignore').split('\n')).toEqual(expect.arrayContaining(['.smig/', '.env']));
      const mine = new TempProject('smig-init-gitignore-own-');
      try {
        mine.write('.gitignore', 'node_modules/\n.env');
        const r = mine.smig(['init', '--json']);
        expect(r.code, r.stderr).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ updated: [join(mine.dir, '.gitignore')] });
        expect(mine.smig(['init', '--force']).code).toBe(0);
        expect(mine.read('.gitignore')).toBe('node_modules/\n.env\n.smig/\n');
      } finally {
        mine.remove();
      }
    } finally {
      fresh.remove();
    }
  });

  it('status --json is one JSON document', () => {
    const status = p.smig(['status', '--json']);
    expect(status.code).toBe(0);
    const json = JSON.parse(status.stdout);
    expect(json).toMatchObject({ database: 'test/test', connected: true, inSync: true, tables: ['user'] });
    expect(json.applied).toHaveLength(1);
    expect(json.applied[0].message).toBe('Initial schema');
  });

  it('config shows where each setting comes from and masks the password', () => {
    const config = p.smig(['config', '-u', 'root'], { SMIG_PASSWORD: 'hunter2', SMIG_NAMESPACE: 'fromenv' });
    expect(config.code).toBe(0);
    expect(config.stdout).not.toContain('hunter2');
    expect(config.stdout).toContain('********');
    // The environment variable wins over the config file's namespace.
    expect(config.stdout).toMatch(/namespace\s+fromenv\s+\(environment\)/);
    const shown = p.smig(['config', '--show-secrets'], { SMIG_PASSWORD: 'hunter2' });
    expect(shown.stdout).toContain('hunter2');
  });

  it('ping connects to the embedded database', () => {
    const ping = p.smig(['ping']);
    expect(ping.code).toBe(0);
    expect(ping.stdout).toMatch(/Connected to surrealkv:\/\/.smig\/dev.db \(test\/test\), surrealdb-3\.0\.2/);
  });

  it('an --env from the config file switches the database', () => {
    p.write(
      'smig.config.json',
      JSON.stringify({ schema: './schema.ts', environments: { other: { database: 'other' } } }),
    );
    // smig.config.ts is found first; point at the JSON explicitly.
    const status = p.smig(['status', '--json', '--config', 'smig.config.json', '--env', 'other']);
    expect(JSON.parse(status.stdout)).toMatchObject({ database: 'test/other', applied: [] });
  });

  it('--version and --help answer and exit 0', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(p.smig(['--version']).stdout).toBe(`${version}\n`);
    // The process answers without loading the command line parser, with the same text.
    expect(p.smigProcess(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    const help = p.smig(['--help']);
    expect(help.code).toBe(0);
    for (const command of [
      'init',
      'diff',
      'push',
      'migrate',
      'rollback',
      'status',
      'validate',
      'config',
      'ping',
    ]) {
      expect(help.stdout).toContain(command);
    }
  });
});
