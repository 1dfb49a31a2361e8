import { afterEach, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

/**
 * A renamed table's records are copied with only the fields the new table has, so a field added or
 * dropped in the rename's migration does not make the copy fail; the values the copy leaves behind
 * are data loss, refused unless --allow-data-loss.
 */
const schema = (table: string, fields: string, was?: string) => `
import { composeSchema, defineSchema, int, string } from 'smig';
export default composeSchema({
  models: {
    m: defineSchema({ table: '${table}', ${was ? `was: '${was}',` : ''} fields: { ${fields} } }),
  },
});
`;

let project: TempProject | undefined;
afterEach(() => project?.remove());

function open(prefix: string): TempProject {
  project = new TempProject(prefix);
  return project;
}

function rows(p: TempProject, sql: string): unknown {
  const [result] = p.query(sql) as [Record<string, unknown>[]];
  return [...result].sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

describe('a table renamed in the migration that changes its fields', () => {
  it('rename and a new field: the rollback copies back without it, refusing only while it holds values', () => {
    const p = open('smig-rename-add-');
    p.write('schema.js', schema('organisation', 'name: string().required()'));
    expect(p.smig(['diff', '-m', 'organisations']).code).toBe(0);
    expect(p.smig(['push']).code).toBe(0);
    p.query("CREATE organisation:1 SET name = 'Acme'; CREATE organisation:⟨two⟩ SET name = 'Bolt';");

    p.write('schema.js', schema('org', 'name: string().required(), size: int()', 'organisation'));
    const diff = p.smig(['diff', '-m', 'rename to org']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('INSERT INTO org (SELECT id, name, size FROM organisation);');
    expect(diff.stdout).toContain(
      '-- DESTRUCTIVE: copies table org to organisation without its field size (organisation has no such field); its values are dropped\nINSERT INTO organisation (SELECT id, name FROM org);',
    );
    expect(p.smig(['push']).code).toBe(0);

    // No values in the new field yet: nothing is lost, so the rollback needs no flag.
    expect(p.smig(['rollback', '--yes']).code).toBe(0);
    expect(rows(p, 'SELECT * FROM organisation')).toEqual([
      { id: 'organisation:1', name: 'Acme' },
      { id: 'organisation:two', name: 'Bolt' },
    ]);

    expect(p.smig(['push']).code).toBe(0);
    p.query('UPDATE org:1 SET size = 40;');
    const refused = p.smig(['rollback', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Rolling back would lose data');
    expect(refused.stderr).toMatch(/table org, field size: 1 record\(s\) \(e\.g\. org:1\)/);
    expect(rows(p, 'SELECT * FROM org')).toEqual([
      { id: 'org:1', name: 'Acme', size: 40 },
      { id: 'org:two', name: 'Bolt' },
    ]);

    const rollback = p.smig(['rollback', '--yes', '--allow-data-loss']);
    expect(rollback.stderr).not.toContain('Error');
    expect(rollback.code).toBe(0);
    expect(rows(p, 'SELECT * FROM organisation')).toEqual([
      { id: 'organisation:1', name: 'Acme' },
      { id: 'organisation:two', name: 'Bolt' },
    ]);
  });

  it('rename and a dropped field: the copy leaves the field out, and push refuses while it holds values', () => {
    const p = open('smig-rename-drop-');
    p.write('schema.js', schema('team', 'name: string().required(), size: int()'));
    expect(p.smig(['diff', '-m', 'teams']).code).toBe(0);
    expect(p.smig(['push']).code).toBe(0);
    p.query("CREATE team:1 SET name = 'Red', size = 3; CREATE team:2 SET name = 'Blue';");

    p.write('schema.js', schema('crew', 'name: string().required()', 'team'));
    const diff = p.smig(['diff', '-m', 'rename to crew']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('INSERT INTO crew (SELECT id, name FROM team);');
    expect(diff.stdout).toContain('-- DESTRUCTIVE: copies table team to crew without its field size');

    const refused = p.smig(['push']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/table team, field size: 1 record\(s\) \(e\.g\. team:1\)/);
    expect(rows(p, 'SELECT * FROM team')).toHaveLength(2);

    const push = p.smig(['push', '--allow-data-loss']);
    expect(push.stderr).not.toContain('Error');
    expect(push.code).toBe(0);
    expect(rows(p, 'SELECT * FROM crew')).toEqual([
      { id: 'crew:1', name: 'Red' },
      { id: 'crew:2', name: 'Blue' },
    ]);
    // The rollback brings the records back (the dropped values stay lost) and needs no flag.
    expect(p.smig(['rollback', '--yes']).code).toBe(0);
    expect(rows(p, 'SELECT * FROM team')).toEqual([
      { id: 'team:1', name: 'Red' },
      { id: 'team:2', name: 'Blue' },
    ]);
  });

  it('a schemaless table keeps every field of its records', () => {
    const p = open('smig-rename-loose-');
    const loose = (table: string, was?: string) => `
import { composeSchema, defineSchema, string } from 'smig';
export default composeSchema({
  models: {
    m: defineSchema({ table: '${table}', schemaless: true, ${was ? `was: '${was}',` : ''} fields: { name: string() } }),
  },
});
`;
    p.write('schema.js', loose('note'));
    expect(p.smig(['diff', '-m', 'notes']).code).toBe(0);
    expect(p.smig(['push']).code).toBe(0);
    p.query("CREATE note:1 SET name = 'a', extra = { deep: 1 };");
    p.write('schema.js', loose('memo', 'note'));
    const diff = p.smig(['diff', '-m', 'rename to memo']);
    expect(diff.stdout).toContain('INSERT INTO memo (SELECT * FROM note);');
    expect(p.smig(['push']).code).toBe(0);
    expect(rows(p, 'SELECT * FROM memo')).toEqual([{ id: 'memo:1', name: 'a', extra: { deep: 1 } }]);
  });
});
