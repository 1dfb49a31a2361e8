import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';
import { type TypedValue, typeCheckValues } from '../helpers/type-check.js';

type Doc = Record<string, unknown> & { error?: { code: string } };

/** The arrays of reported items: objects with these keys, in this order, never sentences. */
const itemArrays = new Set([
  'drift',
  'problems',
  'warnings',
  'notes',
  'dataLoss',
  'differences',
  'irreversible',
]);
const itemKeys = ['kind', 'table', 'field', 'entity', 'message'];

function checkItems(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      checkItems(v, `${path}[${i}]`);
    });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (itemArrays.has(key) && Array.isArray(child)) {
      for (const [i, item] of child.entries()) {
        expect(typeof item, `${path}.${key}[${i}] is an item, not a sentence`).toBe('object');
        expect(Object.keys(item as object), `${path}.${key}[${i}]`).toEqual(itemKeys);
      }
    }
    checkItems(child, `${path}.${key}`);
  }
}

/** Every document seen, with the exported type it must have. */
const documents: TypedValue[] = [];

/**
 * Runs a command with --json: stdout must be exactly one document, starting with `schemaVersion: 1`,
 * its items objects; it is kept to be type-checked against `type` at the end.
 */
function run(project: TempProject, type: string, args: readonly string[], code = 0): Doc {
  const result = project.smig([...args, '--json']);
  const label = `smig ${args.join(' ')} --json`;
  expect(result.code, `${label}: ${result.stderr}`).toBe(code);
  const doc = JSON.parse(result.stdout) as Doc;
  expect(Object.keys(doc)[0], label).toBe('schemaVersion');
  expect(doc.schemaVersion, label).toBe(1);
  checkItems(doc, type);
  documents.push({ type, value: doc });
  return doc;
}

/** A command that fails: the error document, with this code. */
function fails(project: TempProject, args: readonly string[], code: string): Doc['error'] {
  const doc = run(project, 'ErrorOutput', args, 1);
  expect(Object.keys(doc)).toEqual(['schemaVersion', 'error']);
  expect(Object.keys(doc.error ?? {})).toEqual(['code', 'message', 'where', 'hint']);
  expect(doc.error?.code, JSON.stringify(doc)).toBe(code);
  return doc.error;
}

const unreachable = ['--url', 'ws://127.0.0.1:9', '--connect-timeout', '1'];

describe('--json on every command: the version 1 contract', () => {
  const p = new TempProject('smig-json-');
  const adopt = new TempProject('smig-json-adopt-');
  afterAll(() => {
    p.remove();
    adopt.remove();
  });
  const ids: Record<string, string> = {};
  const migrationId = (doc: Doc) => (doc.migration as { id: string }).id;

  it('init, config, ping, validate, mermaid, completion and usage errors', () => {
    run(p, 'InitOutput', ['init']);
    fails(p, ['init'], 'CONFIG');

    const config = run(p, 'ConfigOutput', ['config']);
    expect(Object.keys(config.settings as object)).toEqual([
      'url',
      'namespace',
      'database',
      'username',
      'password',
      'authLevel',
      'schema',
      'migrations',
      'loadTimeout',
    ]);
    expect(config).toMatchObject({
      environment: { value: null, source: 'default' },
      settings: { password: { value: null, source: 'default' }, loadTimeout: { value: 30 } },
    });
    fails(p, ['config', '--env', 'nowhere'], 'CONFIG');

    run(p, 'PingOutput', ['ping']);
    fails(p, ['ping', ...unreachable], 'CONNECTION');

    expect(run(p, 'ValidateOutput', ['validate']).counts).toEqual({
      tables: 1,
      relations: 0,
      fields: 4,
      indexes: 1,
      events: 0,
      functions: 0,
      analyzers: 0,
      params: 0,
      accesses: 0,
      sequences: 0,
      users: 0,
      configs: 0,
    });
    p.write(
      'warn.ts',
      "import { composeSchema, defineSchema, record } from 'smig';\nexport default composeSchema({ models: { post: defineSchema({ table: 'post', fields: { owner: record('ghost') } }) } });\n",
    );
    const warned = run(p, 'ValidateOutput', ['validate', '--schema', 'warn.ts']);
    expect(warned.warnings).toEqual([
      expect.objectContaining({
        kind: 'unknown-table',
        table: 'post',
        field: 'owner',
        entity: 'field owner',
      }),
    ]);
    fails(p, ['validate', '--schema', 'missing.ts'], 'SCHEMA');

    expect(run(p, 'MermaidOutput', ['mermaid']).path).toBeNull();
    expect(run(p, 'MermaidOutput', ['mermaid', '-o', 'er.mmd']).path).toBe(join(p.dir, 'er.mmd'));
    fails(p, ['mermaid', '--html'], 'USAGE');

    expect(run(p, 'CompletionOutput', ['completion', 'bash']).script).toContain('complete -o default');
    fails(p, ['completion', 'tcsh'], 'USAGE');
    fails(p, ['status', '--bogus'], 'USAGE');
    fails(p, [], 'USAGE');
  });

  it('diff, generate, new, push, migrate, status', () => {
    const preview = run(p, 'DiffOutput', ['diff', '--exit-code'], 2);
    expect(preview).toMatchObject({ changes: true, migration: null });
    ids.init = migrationId(run(p, 'DiffOutput', ['diff', '-m', 'Initial']));
    fails(p, ['generate'], 'USAGE');

    const dry = run(p, 'PushOutput', ['push', '--dry-run']);
    expect(dry.migrations).toEqual([{ id: ids.init, message: 'Initial', durationMs: null }]);
    run(p, 'PushOutput', ['migrate']);
    fails(p, ['push', '--lock-timeout', 'soon'], 'USAGE');

    const status = run(p, 'StatusOutput', ['status', '--check']);
    expect(status).toMatchObject({
      connected: true,
      connectionError: null,
      inSync: true,
      schemaError: null,
      lock: null,
      counts: { tables: 1, fields: 4, indexes: 1 },
      synced: null,
    });
    // A database that cannot be reached is an error document, as for every other command.
    fails(p, ['status', ...unreachable], 'CONNECTION');

    const created = run(p, 'NewOutput', ['new', '-m', 'Backfill']);
    expect(created.parent).toBe(ids.init);
    ids.backfill = migrationId(created);
    fails(p, ['new'], 'USAGE');
    run(p, 'PushOutput', ['push']);
  });

  it('resolve, drift, problems, the lock and unlock', () => {
    expect(run(p, 'ResolveOutput', ['resolve', '--rolled-back', ids.backfill!])).toMatchObject({
      action: 'rolled-back',
      ids: [ids.backfill],
    });
    run(p, 'ResolveOutput', ['resolve', '--applied', ids.backfill!]);
    fails(p, ['resolve', '--applied', '20990101000000_nope'], 'USAGE');

    p.query('DEFINE FIELD extra ON user TYPE option<string>;');
    const drifted = run(p, 'StatusOutput', ['status']);
    expect(drifted.inSync).toBe(false);
    expect(drifted.drift).toEqual([
      {
        kind: 'extra',
        table: 'user',
        field: 'extra',
        entity: 'field extra',
        message: 'field extra on table user is not expected',
      },
    ]);
    fails(p, ['push'], 'INTEGRITY');
    const allowed = run(p, 'PushOutput', ['push', '--allow-drift']);
    expect(allowed.drift).toEqual([expect.objectContaining({ kind: 'extra', entity: 'field extra' })]);
    p.query('REMOVE FIELD extra ON user;');

    const file = join(p.dir, 'migrations', `${ids.init}.surql`);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, `${text}\n-- edited\n`);
    const edited = run(p, 'StatusOutput', ['status']);
    expect(edited.problems).toEqual([
      expect.objectContaining({ kind: 'edited', table: null, field: null, entity: `migration ${ids.init}` }),
    ]);
    writeFileSync(file, text);

    p.query(
      "CREATE _smig_lock:push CONTENT { token: 'left', owner: 'ci', host: 'elsewhere', pid: 1, command: 'push', acquired_at: time::now(), expires_at: time::now() + 15m }",
    );
    const locked = run(p, 'StatusOutput', ['status']);
    expect(locked.lock).toMatchObject({ token: 'left', holder: { host: 'elsewhere', gone: null } });
    fails(p, ['unlock'], 'USAGE');
    expect(run(p, 'UnlockOutput', ['unlock', '--yes'])).toMatchObject({ released: true, cancelled: false });
    expect(run(p, 'UnlockOutput', ['unlock'])).toMatchObject({ lock: null, released: false });
  });

  it('risks and data loss: diff, push and rollback', () => {
    p.query("CREATE user:a SET email = 'a@example.com', name = 'Ann';");
    p.write('schema.ts', p.read('schema.ts').replace(/ {4}name: .*\n/, ''));
    const dropped = run(p, 'DiffOutput', ['diff', '-m', 'Drop name']);
    ids.drop = migrationId(dropped);
    expect(dropped.warnings).toEqual([
      expect.objectContaining({ kind: 'destructive', table: 'user', field: 'name', entity: 'field name' }),
    ]);
    fails(p, ['push'], 'DATA_LOSS');
    const lost = run(p, 'PushOutput', ['push', '--allow-data-loss']);
    expect(lost.dataLoss).toEqual([
      expect.objectContaining({ kind: 'removed-field', table: 'user', field: 'name', entity: 'field name' }),
    ]);

    // Rolling back asks for a value no record has: refused whatever the flags.
    fails(p, ['rollback', '--yes', '--allow-data-loss'], 'DATA_LOSS');
    fails(p, ['rollback', '--steps', '0'], 'USAGE');
    p.query('DELETE user;');
    const dry = run(p, 'RollbackOutput', ['rollback', '--dry-run']);
    expect(dry).toMatchObject({ dryRun: true, migrations: [{ id: ids.drop, message: 'Drop name' }] });
    run(p, 'RollbackOutput', ['rollback', '--yes']);
    run(p, 'PushOutput', ['push']);
  });

  it('squash and rebase', () => {
    const squashed = run(p, 'SquashOutput', ['squash', '--to', ids.backfill!, '-m', 'Base']);
    expect(squashed).toMatchObject({ folded: [ids.init, ids.backfill], kept: [ids.drop] });
    fails(p, ['squash', '--to', migrationId(squashed), '-m', 'Again'], 'USAGE');

    expect(run(p, 'RebaseOutput', ['rebase'])).toEqual({ schemaVersion: 1, rebased: [] });
    fails(p, ['rebase', '--config', 'nowhere.json'], 'CONFIG');
  });

  it('pull and baseline', () => {
    run(adopt, 'InitOutput', ['init']);
    rmSync(join(adopt.dir, 'schema.ts'));
    adopt.query(
      "DEFINE TABLE note SCHEMAFULL; DEFINE FIELD body ON note TYPE option<string>; DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY 'secret'; DEFINE TABLE t SCHEMAFULL; DEFINE FIELD n ON t TYPE string | int DEFAULT 1;",
    );
    const pulled = run(adopt, 'PullOutput', ['pull']);
    expect(pulled).toMatchObject({
      exact: false,
      counts: { tables: 2, fields: 2, accesses: 1, relations: 0 },
    });
    expect(pulled.notes).toEqual([
      expect.objectContaining({ kind: 'inexact-type', table: 't', field: 'n', entity: 'field n' }),
      expect.objectContaining({ kind: 'hidden-key', table: null, field: null, entity: 'access api' }),
    ]);
    expect(pulled.differences).toEqual([
      expect.objectContaining({ kind: 'changed', table: 't', field: 'n', entity: 'field n' }),
    ]);
    fails(adopt, ['pull'], 'USAGE');
    // The schema file does not match the database exactly: baseline refuses.
    fails(adopt, ['baseline', '-m', 'Baseline'], 'SCHEMA');

    adopt.query('REMOVE TABLE t;');
    expect(run(adopt, 'PullOutput', ['pull', '--force'])).toMatchObject({ exact: true, differences: [] });
    const baseline = run(adopt, 'BaselineOutput', ['baseline', '-m', 'Baseline']);
    expect(migrationId(baseline)).toMatch(/_baseline$/);
  });

  it('sync, and status of a synced database', () => {
    const dev = new TempProject('smig-json-sync-');
    try {
      dev.write(
        'schema.ts',
        "import { composeSchema, defineSchema, int, string } from 'smig';\nexport default composeSchema({ models: { user: defineSchema({ table: 'user', fields: { name: string(), age: int() } }) } });\n",
      );
      expect(run(dev, 'SyncOutput', ['sync', '--dry-run'])).toMatchObject({ dryRun: true, applied: false });
      const synced = run(dev, 'SyncOutput', ['sync']);
      expect(synced).toMatchObject({ applied: true, dataLoss: [] });
      expect((synced.statements as string[]).length).toBeGreaterThan(0);
      const status = run(dev, 'StatusOutput', ['status']);
      expect(status.synced).toMatchObject({ schema: 'schema.ts', statements: expect.any(Number) });
      dev.query("CREATE user:1 SET name = 'a', age = 3;");
      dev.write(
        'schema.ts',
        "import { composeSchema, defineSchema, string } from 'smig';\nexport default composeSchema({ models: { user: defineSchema({ table: 'user', fields: { name: string() } }) } });\n",
      );
      fails(dev, ['sync'], 'DATA_LOSS');
      const lossy = run(dev, 'SyncOutput', ['sync', '--allow-data-loss']);
      expect(lossy.dataLoss).toEqual([expect.objectContaining({ table: 'user', field: 'age' })]);
      fails(dev, ['sync', '--url', 'ws://db.example.com:8000'], 'USAGE');
    } finally {
      dev.remove();
    }
  });

  it('every document has its command’s exported type, and a wrong one does not', () => {
    const types = new Set(documents.map((d) => d.type));
    expect([...types].sort()).toEqual(
      [
        'BaselineOutput',
        'CompletionOutput',
        'ConfigOutput',
        'DiffOutput',
        'ErrorOutput',
        'InitOutput',
        'MermaidOutput',
        'NewOutput',
        'PingOutput',
        'PullOutput',
        'PushOutput',
        'RebaseOutput',
        'ResolveOutput',
        'RollbackOutput',
        'SquashOutput',
        'StatusOutput',
        'SyncOutput',
        'UnlockOutput',
        'ValidateOutput',
      ].sort(),
    );
    // Wrong on purpose, each under @ts-expect-error: the check fails when any of them type-checks.
    const status = documents.find((d) => d.type === 'StatusOutput')!.value as Doc;
    const { drift: _drift, ...withoutDrift } = status;
    const wrong: TypedValue[] = [
      { type: 'StatusOutput', value: withoutDrift, wrong: true },
      { type: 'StatusOutput', value: { ...status, extra: true }, wrong: true },
      { type: 'StatusOutput', value: { ...status, drift: ['user is not expected'] }, wrong: true },
      { type: 'StatusOutput', value: { ...status, schemaVersion: 2 }, wrong: true },
      {
        type: 'SmigJsonOutput',
        value: { error: { code: 'SCHEMA', message: 'm', where: null, hint: null } },
        wrong: true,
      },
    ];
    expect(typeCheckValues([...documents, ...wrong])).toBe('');
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
