import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, TempProject } from '../helpers/project.js';

/**
 * The first-migration walkthrough (docs/getting-started.md), step by step, as a user runs it: their own schema.js importing
 * smig, the CLI in a process of its own, an embedded on-disk database. The database is checked directly.
 */
const seed = (name: string) => join(repoRoot, 'scripts', 'seed', name);
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
/** The SurrealQL without smig's review comments (the section headers stay). */
const statementsOf = (text: string) =>
  text
    .split('\n')
    .filter((l) => !l.startsWith('-- ') || /^-- (Forward|Rollback) migration$/.test(l))
    .join('\n');

const step2 = `-- Forward migration
DEFINE TABLE user TYPE NORMAL SCHEMAFULL;
DEFINE FIELD email ON TABLE user TYPE string
  ASSERT ($value != NONE) AND (string::is_email($value));
DEFINE FIELD name ON TABLE user TYPE string
  ASSERT ($value != NONE) AND (string::len($value) >= 2) AND (string::len($value) <= 100);
DEFINE FIELD bio ON TABLE user TYPE option<string>;
DEFINE FIELD isActive ON TABLE user TYPE bool DEFAULT true;
DEFINE FIELD createdAt ON TABLE user TYPE datetime DEFAULT time::now();
DEFINE FIELD updatedAt ON TABLE user TYPE datetime VALUE time::now();
DEFINE INDEX email ON TABLE user FIELDS email UNIQUE;
DEFINE INDEX active ON TABLE user FIELDS isActive, createdAt;`;

// The seed's two fields, then the backfill of role's DEFAULT (SurrealDB 3 does not give it to existing users).
const step7 = `-- Forward migration
DEFINE FIELD avatar ON TABLE user TYPE option<string>;
DEFINE FIELD role ON TABLE user TYPE string DEFAULT 'user';
UPDATE user SET role = 'user' WHERE role = NONE;

-- Rollback migration
REMOVE FIELD avatar ON TABLE user;
REMOVE FIELD role ON TABLE user;`;

describe('the seed walkthrough, end to end', () => {
  const project = new TempProject('smig-seed-');
  afterAll(() => project.remove());

  const userFields = () => {
    const [info] = project.query('INFO FOR TABLE user') as [{ fields: Record<string, string> }];
    return Object.keys(info.fields).sort();
  };

  it('step 1-2: validates, then prints and writes the user table migration', () => {
    project.copy(seed('1-user.js'), 'schema.js');
    const validate = project.smig(['validate']);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('1 tables');

    const diff = project.smig(['diff', '--message', 'Add user table']);
    expect(diff.stderr).toBe('');
    expect(diff.code).toBe(0);
    expect(squash(diff.stdout)).toContain(squash(step2));
    expect(diff.stdout).toContain('-- Rollback migration\nREMOVE TABLE user;');
    const files = project.migrations();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{14}_add_user_table\.surql$/);
    const text = readFileSync(join(project.dir, 'migrations', files[0]!), 'utf8');
    expect(text).toMatch(
      /^-- smig migration \d{14}_add_user_table\n-- message: Add user table\n-- created: /,
    );
  });

  it('step 3: push applies it to the embedded database', () => {
    const push = project.smig(['push']);
    expect(push.stderr).toBe('');
    expect(push.code).toBe(0);
    expect(push.stdout).toContain('Applied 1 migration(s)');
    expect(userFields()).toEqual(['bio', 'createdAt', 'email', 'isActive', 'name', 'updatedAt']);
    expect(project.smig(['diff']).stdout).toContain('No changes');
  });

  it('the pushed table accepts and rejects what the schema says', () => {
    const results = project.query(
      [
        "CREATE user:a SET email = 'ada@example.com', name = 'Ada';",
        'SELECT isActive, bio, createdAt != NONE AS created FROM user:a;',
        "CREATE user:b SET email = 'not-an-email', name = 'Bob';",
        "CREATE user:c SET email = 'c@example.com', name = 'C';",
        "CREATE user:d SET name = 'Dee';",
        "CREATE user:e SET email = 'ada@example.com', name = 'Eve';",
        // Leave the table empty for the rest of the walkthrough, as a user following it would have it.
        'DELETE user;',
      ].join('\n'),
    ) as unknown[];
    expect(results[1]).toEqual([{ isActive: true, created: true }]);
    expect(results[2]).toMatchObject({ error: expect.stringContaining('string::is_email') });
    expect(results[3]).toMatchObject({ error: expect.stringContaining('string::len') });
    expect(results[4]).toMatchObject({ error: expect.stringContaining('email') });
    expect(results[5]).toMatchObject({ error: expect.stringContaining('already contains') });
  });

  it('step 4-5: generates only the post and comment tables', () => {
    project.copy(seed('2-posts.js'), 'schema.js');
    const diff = project.smig(['diff', '--message', 'Add post and comment tables']);
    expect(diff.code).toBe(0);
    const forward = diff.stdout.split('-- Rollback migration')[0]!;
    expect(forward).toContain('DEFINE TABLE post TYPE NORMAL SCHEMAFULL;');
    expect(forward).toContain('DEFINE TABLE comment TYPE NORMAL SCHEMAFULL;');
    expect(forward).toContain('DEFINE FIELD author ON TABLE post TYPE record<user>');
    expect(forward).toContain('DEFINE FIELD publishedAt ON TABLE post TYPE option<datetime>;');
    expect(forward).not.toMatch(/ON TABLE user|TABLE user /);
    expect(diff.stdout).toMatch(
      /-- Rollback migration\nREMOVE TABLE (comment|post);\nREMOVE TABLE (comment|post);/,
    );
    expect(project.smig(['push']).code).toBe(0);
  });

  it('step 6-7: generates only the two fields and their rollback', () => {
    project.copy(seed('3-avatar.js'), 'schema.js');
    const diff = project.smig(['diff', '--message', 'Add avatar and role to user']);
    expect(diff.code).toBe(0);
    expect(statementsOf(diff.stdout)).toContain(step7);
    expect(diff.stdout).toContain('-- DATA-DEPENDENT: adds field role on table user');
    expect(diff.stdout).toContain('recomputes the VALUE of updatedAt');
    expect(project.smig(['push']).code).toBe(0);
    expect(userFields()).toContain('avatar');
    expect(userFields()).toContain('role');
  });

  it('the final schema validates, and diff --exit-code reports no changes', () => {
    const validate = project.smig(['validate']);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('3 tables, 18 fields, 5 indexes');
    expect(project.smig(['diff', '--exit-code']).code).toBe(0);
  });

  it('status shows the three migrations, the tables and "In sync"', () => {
    const status = project.smig(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(
      'Migration Status\n================\n\nDatabase: test/test\nConnected: ✓',
    );
    expect(status.stdout).toMatch(
      /Applied Migrations: 3\n {2}1\. \d{4}-\d\d-\d\dT[\d:.]+Z - Add user table\n {2}2\. .* - Add post and comment tables\n {2}3\. .* - Add avatar and role to user\n/,
    );
    expect(status.stdout).toContain('Tables: user, post, comment\nSchema: In sync ✓');
    expect(project.smig(['status', '--check']).code).toBe(0);
  });

  it('push and rollback dry runs change nothing', () => {
    const push = project.smig(['push', '--dry-run']);
    expect(push.code).toBe(0);
    expect(push.stdout).toContain('Nothing to push');
    const rollback = project.smig(['rollback', '--dry-run', '--steps', '2']);
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain('Would roll back 2 migration(s)');
    expect(rollback.stdout).toContain('REMOVE FIELD avatar ON TABLE user;');
    expect(rollback.stdout).toContain('REMOVE TABLE post;');
    expect(userFields()).toContain('avatar');
  });

  it('rollback undoes the last migration; status shows two and the fields are gone', () => {
    const refused = project.smig(['rollback']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--yes');
    expect(userFields()).toContain('avatar');

    const rollback = project.smig(['rollback', '--yes']);
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain('Add avatar and role to user');
    expect(userFields()).not.toContain('avatar');
    expect(userFields()).not.toContain('role');
    const status = project.smig(['status']);
    expect(status.stdout).toContain('Applied Migrations: 2\n');
    expect(status.stdout).toContain('Pending Migrations: 1');
    expect(status.stdout).toContain('Schema: Out of sync');
    expect(project.smig(['status', '--check']).code).toBe(2);
  });

  it('the next push re-applies it; --to and --steps pick what to undo', () => {
    const push = project.smig(['push']);
    expect(push.code).toBe(0);
    expect(push.stdout).toContain('Add avatar and role to user');
    expect(userFields()).toContain('avatar');
    expect(project.smig(['status']).stdout).toContain('Applied Migrations: 3\n');
    expect(project.smig(['diff']).stdout).toContain('No changes');
    expect(project.smig(['diff', '--exit-code']).code).toBe(0);

    const [first] = project.migrations();
    const to = project.smig(['rollback', '--yes', '--to', first!.replace('.surql', '')]);
    expect(to.code).toBe(0);
    expect(project.smig(['status']).stdout).toContain('Applied Migrations: 1\n');
    expect(project.query('INFO FOR DB')[0]).not.toHaveProperty('tables.post');
    expect(project.smig(['push']).code).toBe(0);
    expect(project.smig(['status']).stdout).toContain('Applied Migrations: 3\n');
    // Changes made since the last migration make --exit-code say so.
    project.copy(seed('2-posts.js'), 'schema.js');
    expect(project.smig(['diff', '--exit-code']).code).toBe(2);
    expect(project.migrations()).toHaveLength(3);
  });
});
