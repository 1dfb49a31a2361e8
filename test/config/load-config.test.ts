import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { ConfigError } from '../../src/errors.js';
import { project } from './helpers.js';

const tsConfig = `import type { SmigConfig } from 'smig';
const config: SmigConfig = {
  url: 'ws://localhost:8000',
  namespace: 'app',
  database: 'main',
  environments: {
    production: { url: 'wss://db.example.com', database: 'prod', authLevel: 'database' },
    staging: { database: 'staging' },
  },
};
export default config;
`;

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig defaults', () => {
  it('uses the embedded on-disk database, test/test and ./migrations with no config at all', async () => {
    const dir = project();
    const config = await loadConfig({ cwd: dir, env: {} });
    expect(config).toMatchObject({
      projectDir: dir,
      rawUrl: 'surrealkv://.smig/dev.db',
      url: { scheme: 'surrealkv', embedded: true, path: join(dir, '.smig/dev.db') },
      namespace: 'test',
      database: 'test',
      authLevel: 'root',
      schemaPath: join(dir, 'schema.ts'),
      migrationsDir: join(dir, 'migrations'),
    });
    expect(config.configFile).toBeUndefined();
    expect(config.username).toBeUndefined();
    expect(Object.values(config.sources).every((s) => s === 'default')).toBe(true);
  });

  it('picks the first existing schema file', async () => {
    const dir = project({ 'schema.mjs': '', 'schema.js': '' });
    expect((await loadConfig({ cwd: dir, env: {} })).schemaPath).toBe(join(dir, 'schema.js'));
  });
});

describe('loadConfig precedence', () => {
  const files = {
    'smig.config.ts': tsConfig,
    '.env': 'SMIG_NAMESPACE=from-dotenv\nSMIG_DATABASE=from-dotenv\nSMIG_USERNAME=dotenv-user\n',
  };

  it('reads a TypeScript config file', async () => {
    const dir = project({ 'smig.config.ts': tsConfig });
    const config = await loadConfig({ cwd: dir, env: {} });
    expect(config.configFile).toBe(join(dir, 'smig.config.ts'));
    expect(config).toMatchObject({ rawUrl: 'ws://localhost:8000', namespace: 'app', database: 'main' });
    expect(config.sources).toMatchObject({ url: 'config', namespace: 'config', username: 'default' });
  });

  it('ranks flags > environment > .env > config > default', async () => {
    const dir = project(files);
    const env = { SMIG_DATABASE: 'from-env', SMIG_USERNAME: 'env-user', SMIG_PASSWORD: 'env-secret' };
    const config = await loadConfig({ cwd: dir, env, flags: { namespace: 'from-flag' } });
    expect(config.namespace).toBe('from-flag');
    expect(config.database).toBe('from-env');
    expect(config.username).toBe('env-user');
    expect(config.password).toBe('env-secret');
    expect(config.rawUrl).toBe('ws://localhost:8000');
    expect(config.sources).toMatchObject({
      namespace: 'flag',
      database: 'environment',
      username: 'environment',
      password: 'environment',
      url: 'config',
      migrations: 'default',
    });
    const withoutEnv = await loadConfig({ cwd: dir, env: {} });
    expect(withoutEnv).toMatchObject({ namespace: 'from-dotenv', database: 'from-dotenv' });
    expect(withoutEnv.sources).toMatchObject({ namespace: 'env-file', username: 'env-file' });
  });

  it('the environment outranks environments[--env] of the config file too', async () => {
    const dir = project({ 'smig.config.ts': tsConfig });
    const config = await loadConfig({
      cwd: dir,
      env: { SMIG_URL: 'ws://ci:8000' },
      flags: { env: 'production' },
    });
    expect(config).toMatchObject({ rawUrl: 'ws://ci:8000', database: 'prod' });
  });

  it('loads .env into process.env before the config file runs, without overriding what is set', async () => {
    const dir = project({
      '.env': 'SMIG_TEST_DOTENV_DB=from-dotenv\nSMIG_TEST_DOTENV_KEPT=from-dotenv\n',
      'smig.config.ts':
        'export default { database: process.env.SMIG_TEST_DOTENV_DB, namespace: process.env.SMIG_TEST_DOTENV_KEPT };\n',
    });
    process.env.SMIG_TEST_DOTENV_KEPT = 'from-process';
    try {
      const config = await loadConfig({ cwd: dir, env: process.env });
      expect(config).toMatchObject({ database: 'from-dotenv', namespace: 'from-process' });
    } finally {
      delete process.env.SMIG_TEST_DOTENV_DB;
      delete process.env.SMIG_TEST_DOTENV_KEPT;
    }
  });

  it('reads SMIG_* variables when there is no config file, the real environment winning over .env', async () => {
    const dir = project({ '.env': 'SMIG_URL=mem://\nSMIG_NAMESPACE=dotenv\n' });
    const config = await loadConfig({
      cwd: dir,
      env: { SMIG_NAMESPACE: 'real', SMIG_AUTH_LEVEL: 'namespace' },
    });
    expect(config).toMatchObject({ rawUrl: 'mem://', namespace: 'real', authLevel: 'namespace' });
    expect(config.sources).toMatchObject({
      url: 'env-file',
      namespace: 'environment',
      authLevel: 'environment',
    });
  });

  it('treats an empty variable as unset', async () => {
    const dir = project({ '.env': 'SMIG_NAMESPACE=dotenv\n' });
    expect((await loadConfig({ cwd: dir, env: { SMIG_NAMESPACE: '' } })).namespace).toBe('dotenv');
  });

  it('rejects a bad auth level from the environment, naming the variable', async () => {
    const error = await configError(loadConfig({ cwd: project(), env: { SMIG_AUTH_LEVEL: 'admin' } }));
    expect(error.message).toContain("'admin'");
    expect(error.where).toBe('SMIG_AUTH_LEVEL');
  });

  it('rejects a bad URL scheme, naming where it came from', async () => {
    const error = await configError(loadConfig({ cwd: project(), env: {}, flags: { url: 'postgres://x' } }));
    expect(error.where).toBe('--url');
    expect(error.hint).toContain('ws://');
  });
});

describe('loadConfig environments', () => {
  it('applies environments[--env] over the top level', async () => {
    const dir = project({ 'smig.config.ts': tsConfig });
    const config = await loadConfig({ cwd: dir, env: {}, flags: { env: 'production' } });
    expect(config).toMatchObject({
      env: 'production',
      rawUrl: 'wss://db.example.com',
      namespace: 'app',
      database: 'prod',
      authLevel: 'database',
    });
    expect(config.sources.database).toBe('config');
  });

  it('selects the environment with SMIG_ENV, and --env wins over it', async () => {
    const dir = project({ 'smig.config.ts': tsConfig });
    expect((await loadConfig({ cwd: dir, env: { SMIG_ENV: 'staging' } })).database).toBe('staging');
    const flagged = await loadConfig({
      cwd: dir,
      env: { SMIG_ENV: 'staging' },
      flags: { env: 'production' },
    });
    expect(flagged.database).toBe('prod');
  });

  it('lists the known environments for an unknown one', async () => {
    const dir = project({ 'smig.config.ts': tsConfig });
    const error = await configError(loadConfig({ cwd: dir, env: {}, flags: { env: 'prod' } }));
    expect(error.message).toContain("'prod'");
    expect(error.hint).toContain('production, staging');
  });

  it('explains that environments need a config file', async () => {
    const error = await configError(loadConfig({ cwd: project(), env: { SMIG_ENV: 'production' } }));
    expect(error.message).toContain('SMIG_ENV');
    expect(error.hint).toContain('smig.config.ts');
  });
});

describe('loadConfig files', () => {
  it.each([
    ['smig.config.js', "export default { namespace: 'js' };"],
    ['smig.config.mjs', "export default { namespace: 'mjs' };"],
    ['smig.config.mts', "const ns: string = 'mts';\nexport default { namespace: ns };"],
    ['smig.config.json', '{ "namespace": "json" }'],
  ])('loads %s', async (name, content) => {
    const dir = project({ [name]: content });
    const config = await loadConfig({ cwd: dir, env: {} });
    expect(config.configFile).toBe(join(dir, name));
    expect(config.namespace).toBe(name.split('.').at(-1));
  });

  it('prefers smig.config.ts over the other names', async () => {
    const dir = project({
      'smig.config.json': '{"namespace":"json"}',
      'smig.config.ts': "export default {namespace:'ts'}",
    });
    expect((await loadConfig({ cwd: dir, env: {} })).namespace).toBe('ts');
  });

  it('loads an explicit --config and resolves relative paths against its folder', async () => {
    const dir = project({
      'db/custom.json':
        '{ "schema": "src/schema.ts", "migrations": "db-migrations", "url": "rocksdb://data" }',
      'db/.env': 'SMIG_NAMESPACE=beside-config\n',
    });
    const config = await loadConfig({ cwd: dir, env: {}, flags: { config: 'db/custom.json' } });
    expect(config.projectDir).toBe(join(dir, 'db'));
    expect(config.schemaPath).toBe(join(dir, 'db/src/schema.ts'));
    expect(config.migrationsDir).toBe(join(dir, 'db/db-migrations'));
    expect(config.url.path).toBe(join(dir, 'db/data'));
    expect(config.namespace).toBe('beside-config');
  });

  it('resolves relative paths given as flags against the working directory', async () => {
    const dir = project({ 'db/smig.config.json': '{}' });
    const config = await loadConfig({
      cwd: dir,
      env: {},
      flags: { config: 'db/smig.config.json', schema: 'schema.ts', migrations: 'm' },
    });
    expect(config.schemaPath).toBe(join(dir, 'schema.ts'));
    expect(config.migrationsDir).toBe(join(dir, 'm'));
  });

  it('names a missing --config file', async () => {
    const dir = project();
    const error = await configError(loadConfig({ cwd: dir, env: {}, flags: { config: 'nope.ts' } }));
    expect(error.message).toContain('nope.ts');
    expect(error.where).toBe(join(dir, 'nope.ts'));
  });

  it('names an unknown key and suggests the close one', async () => {
    const dir = project({ 'smig.config.ts': "export default { namspace: 'x' };" });
    const error = await configError(loadConfig({ cwd: dir, env: {} }));
    expect(error.message).toContain("'namspace'");
    expect(error.where).toBe(join(dir, 'smig.config.ts'));
    expect(error.hint).toContain("'namespace'");
  });

  it('names an unknown key inside an environment', async () => {
    const dir = project({ 'smig.config.json': '{ "environments": { "prod": { "host": "x" } } }' });
    const error = await configError(loadConfig({ cwd: dir, env: {} }));
    expect(error.message).toContain('environments.prod.host');
  });

  it('reports a TypeScript syntax error with file and line, without a stack', async () => {
    const dir = project({ 'smig.config.ts': "export default {\n  url: 'mem://',\n  namespace: ,\n};\n" });
    const error = await configError(loadConfig({ cwd: dir, env: {} }));
    expect(error.message).toMatch(/syntax error/);
    expect(error.message).not.toMatch(/\n\s+at /);
    expect(error.where).toBe(`${join(dir, 'smig.config.ts')}:3:13`);
  });

  it('reports a JSON syntax error with file and line', async () => {
    const dir = project({ 'smig.config.json': '{\n  "url": "mem://",\n}\n' });
    const error = await configError(loadConfig({ cwd: dir, env: {} }));
    expect(error.message).toMatch(/not valid JSON/);
    expect(error.where).toMatch(/smig\.config\.json:3:\d+$/);
  });

  it('reports an error thrown while running the config file', async () => {
    const dir = project({ 'smig.config.mjs': "throw new Error('no DB_URL set');\n" });
    const error = await configError(loadConfig({ cwd: dir, env: {} }));
    expect(error.message).toBe('The config file failed to load: no DB_URL set.');
    expect(error.where).toBe(join(dir, 'smig.config.mjs'));
  });

  it('requires a default export', async () => {
    const dir = project({ 'smig.config.ts': "export const url = 'mem://';" });
    const error = await configError(loadConfig({ cwd: dir, env: {} }));
    expect(error.message).toContain('no default export');
  });

  it('rejects a value of the wrong type, naming the key', async () => {
    const dir = project({ 'smig.config.json': '{ "namespace": 3 }' });
    const error = await configError(loadConfig({ cwd: dir, env: {} }));
    expect(error.message).toContain("'namespace' must be a string");
    expect(error.where).toBe(`${join(dir, 'smig.config.json')}: namespace`);
  });
});
