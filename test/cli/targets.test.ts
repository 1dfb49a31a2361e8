import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigOutput } from '../../src/index.js';
import { TempProject } from '../helpers/project.js';

/** A project made by `smig init`, with its first migration written. */
function initProject(): TempProject {
  const p = new TempProject('smig-targets-');
  expect(p.smig(['init']).code).toBe(0);
  expect(p.smig(['diff', '-m', 'Add user']).code).toBe(0);
  return p;
}

describe('the target is the one meant', () => {
  const project = initProject();
  afterAll(() => project.remove());

  it('init writes a config that uses defineConfig and reads process.env', () => {
    const text = project.read('smig.config.ts');
    expect(text).toContain("import { defineConfig } from 'smig';");
    expect(text).toContain('export default defineConfig(');
    expect(text).toContain('process.env.');
    const config = project.smig(['config'], { PROD_DB_PASSWORD: 'from-env' });
    expect(config.code).toBe(0);
  });

  it('SMIG_* variables outrank the config file, and push prints the target first', () => {
    const r = project.smig(['push'], {
      SMIG_URL: 'surrealkv://other.db',
      SMIG_NAMESPACE: 'app',
      SMIG_DATABASE: 'prod',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [first] = r.stdout.split('\n');
    expect(first).toBe(`Target: surrealkv://${join(project.dir, 'other.db')} (app/prod)`);
    expect(r.stdout).toContain('Applied 1 migration(s) to app/prod');
    // The config file's own database was not touched.
    expect(existsSync(join(project.dir, '.smig', 'dev.db'))).toBe(false);
    const [ledger] = project.query('SELECT VALUE id FROM _smig_migrations', 'other.db', 'app', 'prod') as [
      unknown[],
    ];
    expect(ledger).toHaveLength(1);
  });

  it('.env variables outrank the config file too, and the config file sees them in process.env', () => {
    const p = new TempProject('smig-targets-dotenv-');
    try {
      p.write('.env', 'SMIG_NAMESPACE=fromdotenv\nMY_DATABASE=fromconfig\n');
      p.write(
        'smig.config.ts',
        "import { defineConfig } from 'smig';\nexport default defineConfig({ url: 'mem://', namespace: 'fromfile', database: process.env.MY_DATABASE });\n",
      );
      const r = p.smig(['--json', 'config']);
      expect(r.code).toBe(0);
      const { settings } = JSON.parse(r.stdout) as ConfigOutput;
      expect(settings.namespace).toEqual({ value: 'fromdotenv', source: 'env-file' });
      expect(settings.database).toEqual({ value: 'fromconfig', source: 'config' });
    } finally {
      p.remove();
    }
  });

  it('flags outrank the environment', () => {
    const r = project.smig(['--namespace', 'flagged', 'push', '--dry-run'], { SMIG_NAMESPACE: 'app' });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toContain('(flagged/test)');
  });

  it('rollback prints the target first too; a password never shows', () => {
    const r = project.smig(['rollback', '--dry-run'], {
      SMIG_URL: 'surrealkv://other.db',
      SMIG_NAMESPACE: 'app',
      SMIG_DATABASE: 'prod',
    });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`Target: surrealkv://${join(project.dir, 'other.db')} (app/prod)`);
    const remote = project.smig(['--connect-timeout', '1', 'push', '--url', 'ws://root:s3cret@127.0.0.1:9']);
    expect(remote.code).toBe(1);
    expect(remote.stdout.split('\n')[0]).toBe('Target: ws://root:****@127.0.0.1:9 (test/test)');
    expect(remote.stdout + remote.stderr).not.toContain('s3cret');
  });
});

describe('an ephemeral target', () => {
  const project = initProject();
  afterAll(() => project.remove());

  it.each([['push'], ['rollback', '--yes']])(
    'smig %s to mem:// refuses without --allow-ephemeral',
    (...args) => {
      const r = project.smig([...args, '--url', 'mem://']);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain('Applied');
      expect(r.stderr).toContain('mem://');
      expect(r.stderr).toContain('discarded');
      expect(r.stderr).toContain('--allow-ephemeral');
    },
  );

  it('push --allow-ephemeral applies to mem://', () => {
    const r = project.smig(['push', '--url', 'mem://', '--allow-ephemeral']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Applied 1 migration(s)');
  });
});
