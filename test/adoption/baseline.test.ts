import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

const handBuilt = `
DEFINE TABLE user TYPE NORMAL SCHEMAFULL;
DEFINE FIELD email ON user TYPE string ASSERT $value != NONE AND string::is_email($value);
DEFINE FIELD bio ON user TYPE option<string>;
DEFINE FIELD created ON user TYPE datetime DEFAULT time::now();
DEFINE INDEX email ON user FIELDS email UNIQUE;
DEFINE TABLE post TYPE NORMAL SCHEMAFULL;
DEFINE FIELD author ON post TYPE record<user> ASSERT $value != NONE;
DEFINE FIELD title ON post TYPE string ASSERT $value != NONE;
DEFINE TABLE likes TYPE RELATION IN user OUT post SCHEMAFULL;
DEFINE FUNCTION fn::slug($s: string) -> string { RETURN string::lowercase($s) };
CREATE user:1 SET email = 'a@example.com';
CREATE post:1 SET author = user:1, title = 'Hello';
`;

describe('adopting an existing database: pull, baseline, then the usual workflow', () => {
  const project = new TempProject('smig-baseline-');
  afterAll(() => project.remove());
  const schemaPath = join(project.dir, 'schema.ts');

  it('records the database as the first migration without running it', () => {
    expect(project.smig(['init']).code).toBe(0);
    rmSync(schemaPath);
    project.query(handBuilt);

    // Before adopting it, push refuses a database whose schema smig did not create.
    const push = project.smig(['push']);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('smig baseline');

    expect(project.smig(['pull']).code).toBe(0);
    const baseline = project.smig(['baseline', '-m', 'Baseline']);
    expect(baseline.stderr).toBe('');
    expect(baseline.code).toBe(0);
    expect(baseline.stdout).toMatch(/Recorded \d{14}_baseline as applied to test\/test without running it/);
    const [file] = project.migrations();
    expect(file).toMatch(/^\d{14}_baseline\.surql$/);
    const text = readFileSync(join(project.dir, 'migrations', file!), 'utf8');
    expect(text).toContain('DEFINE TABLE user TYPE NORMAL SCHEMAFULL;');
    expect(text).toContain('-- Rollback migration\nREMOVE TABLE likes;');

    // The ledger has the record; the data is untouched.
    const [ledger, users] = project.query(
      'SELECT message, duration_ms FROM _smig_migrations; SELECT * FROM user;',
    ) as [{ message: string; duration_ms: number }[], unknown[]];
    expect(ledger).toEqual([{ message: 'Baseline', duration_ms: 0 }]);
    expect(users).toHaveLength(1);

    const status = project.smig(['status', '--check']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Applied Migrations: 1');
    expect(status.stdout).toContain('Schema: In sync ✓');
    expect(project.smig(['diff']).stdout).toContain('No changes');
  });

  it('refuses a second baseline', () => {
    const again = project.smig(['baseline', '-m', 'Again']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already has 1 applied migration(s)');
  });

  it('lets later changes flow as usual: diff -m, push, in sync', () => {
    const schema = readFileSync(schemaPath, 'utf8');
    writeFileSync(
      schemaPath,
      schema.replace('    bio: string(),\n', '    bio: string(),\n    nickname: string(),\n'),
    );
    const diff = project.smig(['diff', '-m', 'Add nickname']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('DEFINE FIELD nickname ON TABLE user TYPE option<string>;');
    const push = project.smig(['push']);
    expect(push.stderr).toBe('');
    expect(push.code).toBe(0);
    expect(push.stdout).toContain('Applied 1 migration(s) to test/test.');
    const status = project.smig(['status', '--check']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Applied Migrations: 2');
    expect(status.stdout).toContain('Schema: In sync ✓');
  });
});

describe('smig baseline refuses what it cannot record', () => {
  const project = new TempProject('smig-baseline-bad-');
  afterAll(() => project.remove());

  it('a schema file that differs from the database, listing the differences', () => {
    expect(project.smig(['init']).code).toBe(0);
    project.query('DEFINE TABLE note SCHEMAFULL; DEFINE FIELD body ON note TYPE option<string>;');
    const result = project.smig(['baseline', '-m', 'Baseline']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The schema file does not match test/test');
    expect(result.stderr).toContain('table note is not expected');
    expect(result.stderr).toContain('table user is missing');
    expect(result.stderr).toContain('smig pull --force');
    expect(project.migrations()).toEqual([]);
  });

  it('a missing message', () => {
    const result = project.smig(['baseline']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/required option '-m, --message <message>' not specified/i);
  });
});
