import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';
import { schemaOf } from './support.js';

/** A password must never leave smig except through `config --show-secrets`. */
const secret = 'Sup3r-S3cret-pw';

let p: TempProject;
beforeAll(() => {
  p = new TempProject('smig-secrets-');
  p.write('schema.js', schemaOf('name: string().required()'));
});
afterAll(() => p.remove());

const everything = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

describe('secrets', () => {
  const sources: readonly [string, readonly string[], Record<string, string>, Record<string, string>][] = [
    ['SMIG_PASSWORD', [], { SMIG_PASSWORD: secret }, {}],
    ['-p', ['-p', secret], {}, {}],
    [
      'the config file',
      ['--config', 'secret.config.json'],
      {},
      { 'secret.config.json': JSON.stringify({ password: secret }) },
    ],
    ['.env', [], {}, { '.env': `SMIG_PASSWORD=${secret}\n` }],
  ];

  it.each(sources)(
    'a password from %s is masked by config and config --json, shown by --show-secrets',
    (_, flags, env, files) => {
      for (const [name, text] of Object.entries(files)) p.write(name, text);
      const shown = p.smig([...flags, 'config'], env);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(/password\s+\*{8}/);
      expect(everything(shown)).not.toContain(secret);
      const json = p.smig([...flags, '--json', 'config'], env);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout).settings.password).toMatchObject({ value: '********' });
      expect(everything(json)).not.toContain(secret);
      const revealed = p.smig([...flags, 'config', '--show-secrets'], env);
      expect(revealed.stdout).toContain(secret);
      for (const name of Object.keys(files)) p.write(name, '');
    },
  );

  it('a password in the URL is masked by config, by connection errors and by --debug', () => {
    const url = `ws://admin:${secret}@127.0.0.1:9`;
    const config = p.smig(['--url', url, 'config']);
    expect(config.stdout).toMatch(/ws:\/\/admin:\*+@127\.0\.0\.1:9/);
    expect(everything(config)).not.toContain(secret);
    for (const command of ['ping', 'push', 'status']) {
      const r = p.smig([
        '--url',
        url,
        '--connect-timeout',
        '2',
        '-u',
        'admin',
        '-p',
        secret,
        '--debug',
        command,
      ]);
      expect(r.code).toBe(1);
      expect(everything(r)).toContain('127.0.0.1:9');
      expect(everything(r)).not.toContain(secret);
    }
    const json = p.smig(['--url', url, '--connect-timeout', '2', '--json', 'ping']);
    expect(json.code).toBe(1);
    expect(everything(json)).not.toContain(secret);
    const scheme = p.smig(['--url', `postgres://admin:${secret}@db:5432/app`, 'ping']);
    expect(scheme.code).toBe(1);
    expect(scheme.stderr).toContain('postgres://admin:****@db:5432/app');
    expect(everything(scheme)).not.toContain(secret);
  });

  it('a wrong password is not echoed, with or without --debug', () => {
    p.query("DEFINE USER root ON ROOT PASSWORD 'the-real-one' ROLES OWNER;");
    for (const extra of [[], ['--debug'], ['--json']]) {
      const r = p.smig(['-u', 'root', ...extra, 'ping'], { SMIG_PASSWORD: secret });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('authentication');
      expect(everything(r)).not.toContain(secret);
      expect(everything(r)).not.toContain('the-real-one');
    }
    p.query('REMOVE USER root ON ROOT;');
  });

  it('never writes a password into migration files or the ledger', () => {
    const env = { SMIG_PASSWORD: secret };
    const diff = p.smig(['--debug', 'diff', '-m', 'items'], env);
    expect(diff.code, diff.stderr).toBe(0);
    const push = p.smig(['--debug', 'push'], env);
    expect(push.code, push.stderr).toBe(0);
    const status = p.smig(['--debug', '--json', 'status'], env);
    expect(status.code).toBe(0);
    for (const r of [diff, push, status]) expect(everything(r)).not.toContain(secret);
    for (const file of readdirSync(join(p.dir, 'migrations'))) {
      expect(readFileSync(join(p.dir, 'migrations', file), 'utf8')).not.toContain(secret);
    }
    const [ledger, lock] = p.query('SELECT * FROM _smig_migrations; SELECT * FROM _smig_lock;');
    expect(JSON.stringify(ledger)).not.toContain(secret);
    expect(ledger).toHaveLength(1);
    expect(JSON.stringify(lock)).not.toContain(secret);
  });
});
