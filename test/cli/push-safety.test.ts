import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

const schema = (fields: string) => `
import { composeSchema, defineSchema, int, string } from 'smig';
export default composeSchema({
  models: { item: defineSchema({ table: 'item', fields: { ${fields} } }) },
});
`;

let project: TempProject;
afterEach(() => project?.remove());

function setUp(): TempProject {
  project = new TempProject('smig-safety-');
  project.write('schema.js', schema('name: string().required()'));
  expect(project.smig(['diff', '-m', 'items']).code).toBe(0);
  expect(project.smig(['push']).code).toBe(0);
  return project;
}

function ledger(p: TempProject): string[] {
  const [rows] = p.query('SELECT id FROM _smig_migrations ORDER BY id') as [
    { id: string }[] | { error: string },
  ];
  return Array.isArray(rows) ? rows.map((r) => r.id) : [];
}

describe('push safety', () => {
  it('refuses to remove a table or field holding data, naming counts and ids, unless --allow-data-loss', () => {
    const p = setUp();
    p.query("CREATE item:1 SET name = 'a'; CREATE item:2 SET name = 'b';");
    p.write(
      'schema.js',
      `import { composeSchema } from 'smig'; export default composeSchema({ models: {} });`,
    );
    const diff = p.smig(['diff', '-m', 'drop items']);
    expect(diff.stdout).toContain('-- DESTRUCTIVE: removes table item and all its records');
    const push = p.smig(['push']);
    expect(push.code).toBe(1);
    expect(push.stderr).toMatch(/table item: 2 record\(s\) \(e\.g\. item:1, item:2\)/);
    expect(ledger(p)).toHaveLength(1);
    expect(p.smig(['push', '--allow-data-loss']).code).toBe(0);
    expect(ledger(p)).toHaveLength(2);
  });

  it('backfills a new field with a DEFAULT, and refuses a new required field without one, showing the statement to add', () => {
    const p = setUp();
    p.query("CREATE item:1 SET name = 'a';");
    p.write('schema.js', schema("name: string().required(), kind: string().default('plain')"));
    const diff = p.smig(['diff', '-m', 'kind']);
    expect(diff.stdout).toContain('-- DATA-DEPENDENT: adds field kind on table item');
    expect(diff.stdout).toContain("UPDATE item SET kind = 'plain' WHERE kind = NONE;");
    expect(p.smig(['push']).code).toBe(0);
    expect(p.query('SELECT VALUE kind FROM item; UPDATE item;')[0]).toEqual(['plain']);

    p.write(
      'schema.js',
      schema("name: string().required(), kind: string().default('plain'), size: int().required()"),
    );
    expect(p.smig(['diff', '-m', 'size']).code).toBe(0);
    const push = p.smig(['push', '--allow-data-loss']);
    expect(push.code).toBe(1);
    expect(push.stderr).toMatch(/table item, field size: 1 record\(s\) \(e\.g\. item:1\)/);
    expect(push.stderr).toContain('UPDATE item SET size = <a value> WHERE size = NONE;');
    // The statement, completed by the reviewer, makes it safe.
    const [file] = p.migrations().slice(-1);
    const path = join(p.dir, 'migrations', file!);
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        '\n-- Rollback migration',
        'UPDATE item SET size = 0 WHERE size = NONE;\n\n-- Rollback migration',
      ),
    );
    expect(p.smig(['push']).code).toBe(0);
    expect(p.query('SELECT VALUE size FROM item; UPDATE item;')[0]).toEqual([0]);
  });

  it('refuses a rollback that would drop data, unless --allow-data-loss', () => {
    const p = setUp();
    p.query("CREATE item:1 SET name = 'keep me';");
    const rollback = p.smig(['rollback', '--yes']);
    expect(rollback.code).toBe(1);
    expect(rollback.stderr).toMatch(/table item: 1 record\(s\) \(e\.g\. item:1\)/);
    expect(ledger(p)).toHaveLength(1);
    expect(p.smig(['rollback', '--yes', '--allow-data-loss']).code).toBe(0);
    expect(ledger(p)).toHaveLength(0);
  });

  it('refuses a UNIQUE index over duplicate values', () => {
    const p = setUp();
    p.query("CREATE item:1 SET name = 'same'; CREATE item:2 SET name = 'same';");
    p.write('schema.js', schema('name: string().required().unique()'));
    expect(p.smig(['diff', '-m', 'unique']).code).toBe(0);
    const push = p.smig(['push']);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('duplicate values: "same"');
    expect(ledger(p)).toHaveLength(1);
  });

  it('a failing migration leaves neither schema changes nor a ledger record', () => {
    const p = setUp();
    p.query("CREATE item:1 SET name = 'x'");
    p.write(
      'migrations/29990101000000_bad.surql',
      [
        '-- smig migration 29990101000000_bad',
        '-- message: bad',
        '-- created: 2999-01-01T00:00:00.000Z',
        '',
        '-- Forward migration',
        'DEFINE FIELD qty ON TABLE item TYPE int;',
        "UPDATE item SET qty = 'many';",
        '',
        '-- Rollback migration',
        'REMOVE FIELD qty ON TABLE item;',
        '',
      ].join('\n'),
    );
    // The data guard sees it coming on a copy of the data ...
    const guarded = p.smig(['push']);
    expect(guarded.code).toBe(1);
    expect(guarded.stderr).toContain('29990101000000_bad');
    expect(guarded.stderr).toContain('--allow-data-loss');
    // ... and refuses it even when told data may be lost: it would fail on the data anyway.
    const push = p.smig(['push', '--allow-data-loss']);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('29990101000000_bad');
    expect(push.stderr).toContain('cannot be applied to the data');
    expect(push.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(ledger(p)).toHaveLength(1);
    const [info] = p.query('INFO FOR TABLE item') as [{ fields: Record<string, string> }];
    expect(Object.keys(info.fields)).toEqual(['name']);
  });

  it('an edited applied migration stops push and names the file', () => {
    const p = setUp();
    const [file] = p.migrations();
    appendFileSync(join(p.dir, 'migrations', file!), '\n-- an innocent comment\n');
    p.write('schema.js', schema('name: string().required(), qty: int()'));
    // diff still works on the history as the files say
    expect(p.smig(['diff', '-m', 'qty']).code).toBe(0);
    const push = p.smig(['push']);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain(file!);
    expect(push.stderr).toContain('edited');
    expect(ledger(p)).toHaveLength(1);
    const status = p.smig(['status']);
    expect(status.stdout).toContain(file!);
  });

  it('the lock stops a second push while one runs, naming the holder', () => {
    const p = setUp();
    p.write('schema.js', schema('name: string().required(), qty: int()'));
    expect(p.smig(['diff', '-m', 'qty']).code).toBe(0);
    p.query(
      "CREATE _smig_lock:push CONTENT { token: 'other', owner: 'alice', host: 'build-7', pid: 4242, command: 'push', acquired_at: time::now(), expires_at: time::now() + 10m }",
    );
    const push = p.smig(['push', '--lock-timeout', '1']);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('alice@build-7');
    expect(push.stderr).toContain('4242');
    expect(ledger(p)).toHaveLength(1);
  });

  it('an expired lock is taken over and reported', () => {
    const p = setUp();
    p.write('schema.js', schema('name: string().required(), qty: int()'));
    expect(p.smig(['diff', '-m', 'qty']).code).toBe(0);
    p.query(
      "CREATE _smig_lock:push CONTENT { token: 'dead', owner: 'bob', host: 'ci-1', pid: 99, command: 'push', acquired_at: time::now() - 1h, expires_at: time::now() - 45m }",
    );
    const push = p.smig(['push']);
    expect(push.code).toBe(0);
    expect(push.stderr).toMatch(/Took over an expired migration lock left by bob@ci-1/);
    expect(ledger(p)).toHaveLength(2);
  });

  it('drift made by hand stops push, listing it; --allow-drift goes on', () => {
    const p = setUp();
    p.query('DEFINE FIELD sneaky ON item TYPE string');
    p.write('schema.js', schema('name: string().required(), qty: int()'));
    expect(p.smig(['diff', '-m', 'qty']).code).toBe(0);
    const push = p.smig(['push']);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('field sneaky on table item');
    expect(ledger(p)).toHaveLength(1);
    const allowed = p.smig(['push', '--allow-drift']);
    expect(allowed.code).toBe(0);
    expect(ledger(p)).toHaveLength(2);
  });

  it('a pending file whose rollback does not restore the state is refused before anything runs', () => {
    const p = setUp();
    p.write('schema.js', schema('name: string().required(), qty: int()'));
    expect(p.smig(['diff', '-m', 'qty']).code).toBe(0);
    const pending = p.migrations()[1]!;
    const path = join(p.dir, 'migrations', pending);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/REMOVE FIELD qty ON TABLE item;/, '-- forgot'));
    const push = p.smig(['push']);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain(pending);
    expect(push.stderr).toContain('rollback');
    expect(ledger(p)).toHaveLength(1);
  });

  it('a pending migration older than the newest applied one is refused unless --allow-out-of-order', () => {
    const p = setUp();
    const [applied] = p.migrations();
    // A migration merged from another branch, made before the one applied here.
    const older = p.writeMigrationBefore(applied!);
    const push = p.smig(['push']);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain(`${older}.surql`);
    expect(push.stderr).toContain('--allow-out-of-order');
    expect(p.smig(['status']).stdout).toContain(`${older}.surql is pending but older`);
    expect(ledger(p)).toHaveLength(1);
    expect(p.smig(['push', '--allow-out-of-order']).code).toBe(0);
    expect(ledger(p).sort()).toEqual(
      [older, applied!.replace('.surql', '')].map((id) => `_smig_migrations:${id}`),
    );
  });

  it('a deleted applied migration is named by push and status; rollback still works from the ledger', () => {
    const p = setUp();
    const [file] = p.migrations();
    rmSync(join(p.dir, 'migrations', file!));
    const push = p.smig(['push']);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('missing');
    expect(p.smig(['status']).stdout).toContain(file!.replace('.surql', ''));
    expect(p.smig(['rollback', '--yes']).code).toBe(0);
    expect(ledger(p)).toHaveLength(0);
  });
});
