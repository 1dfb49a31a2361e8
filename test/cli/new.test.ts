import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMigration } from '../../src/history/migration-file.js';
import { TempProject } from '../helpers/project.js';

/** `smig new -m`: an empty migration for hand-written data changes, proven at push like any other. */
describe('smig new', () => {
  const p = new TempProject('smig-new-');
  afterAll(() => p.remove());
  p.write(
    'schema.js',
    `import { composeSchema, defineSchema, string, int } from 'smig';
     export default composeSchema({ models: { user: defineSchema({ table: 'user', fields: { name: string(), score: int() } }) } });`,
  );
  const path = (name: string) => join(p.dir, 'migrations', name);

  it('needs a message', () => {
    const r = p.smig(['new']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/-m, --message/);
    expect(p.smig(['new', '-m', '  ']).code).toBe(1);
    expect(p.migrations()).toEqual([]);
  });

  it('writes an empty migration that parses and explains its sections, and pushes as it is', () => {
    const r = p.smig(['new', '-m', 'Nothing yet']);
    expect(r.code, r.stderr).toBe(0);
    const [file] = p.migrations();
    expect(file).toMatch(/^\d{14}_nothing_yet\.surql$/);
    expect(r.stdout).toContain(`Created ${path(file!)}`);
    const text = readFileSync(path(file!), 'utf8');
    const parsed = parseMigration(text, path(file!));
    expect(parsed).toMatchObject({ message: 'Nothing yet', parent: null });
    expect(text).toMatch(/-- Forward migration\n-- Write the statements this migration runs below/);
    expect(text).toMatch(/-- Rollback migration\n-- Write the statements that undo the forward section/);
    const push = p.smig(['push']);
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toContain('Applied 1 migration(s)');
  });

  it('records its parent and the history it was made on, like diff -m', () => {
    expect(p.smig(['diff', '-m', 'Users']).code).toBe(0);
    expect(p.smig(['push']).code).toBe(0);
    p.query("CREATE user:a SET name = 'a'; CREATE user:b SET name = 'b';");
    const r = p.smig(['new', '-m', 'Backfill scores', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    const users = p.migrations().find((f) => f.endsWith('_users.surql'))!;
    expect(json.parent).toBe(users.replace('.surql', ''));
    const text = readFileSync(json.migration.path, 'utf8');
    expect(text).toContain(`-- parent: ${json.parent}`);
    expect(text).toMatch(/-- history: [0-9a-f]+/);
    // The diff from the history is unchanged by an empty migration.
    expect(p.smig(['diff', '--exit-code']).code).toBe(0);
  });

  it('a hand-filled data migration with an empty rollback is proven and pushed; status is in sync', () => {
    const file = p.migrations().find((f) => f.endsWith('_backfill_scores.surql'))!;
    const text = readFileSync(path(file), 'utf8').replace(
      '-- Rollback migration',
      'UPDATE user SET score = 1 WHERE score = NONE;\n\n-- Rollback migration',
    );
    writeFileSync(path(file), text);
    const push = p.smig(['push']);
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toContain('Backfill scores');
    expect(p.query('SELECT VALUE score FROM user')).toEqual([[1, 1]]);
    const status = p.smig(['status', '--check']);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toContain('In sync');
  });

  it('a hand-filled migration that fails on the data is not applied, and nothing of it is kept', () => {
    const r = p.smig(['new', '-m', 'Broken']);
    expect(r.code).toBe(0);
    const file = p.migrations().find((f) => f.endsWith('_broken.surql'))!;
    const text = readFileSync(path(file), 'utf8').replace(
      '-- Rollback migration',
      "UPDATE user SET score = 'not a number';\n\n-- Rollback migration",
    );
    writeFileSync(path(file), text);
    const push = p.smig(['push']);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('failed and was not applied');
    expect(p.query('SELECT VALUE score FROM user')).toEqual([[1, 1]]);
  });
});
