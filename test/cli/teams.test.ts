import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Shadow } from '../../src/engine/connection.js';
import { parseMigration } from '../../src/history/migration-file.js';
import { sealedHistory } from '../../src/history/seal.js';
import { TempProject } from '../helpers/project.js';

const schema = (fields: string) => `
import { composeSchema, defineSchema, float, int, string } from 'smig';
export default composeSchema({
  models: { item: defineSchema({ table: 'item', fields: { ${fields} } }) },
});
`;

let project: TempProject | undefined;
afterEach(() => project?.remove());

function setUp(): TempProject {
  project = new TempProject('smig-teams-');
  project.write('schema.js', schema('name: string().required()'));
  expect(project.smig(['diff', '-m', 'items']).code).toBe(0);
  expect(project.smig(['push']).code).toBe(0);
  return project;
}

const path = (p: TempProject, file: string) => join(p.dir, 'migrations', file);

/** What a developer on a branch does: change the schema and make a migration; returns its file and text. */
function makeOnBranch(p: TempProject, fields: string, message: string) {
  p.write('schema.js', schema(fields));
  const before = new Set(p.migrations());
  expect(p.smig(['diff', '-m', message]).code).toBe(0);
  const file = p.migrations().find((f) => !before.has(f))!;
  const text = readFileSync(path(p, file), 'utf8');
  rmSync(path(p, file));
  return { file, text, id: file.replace('.surql', '') };
}

function ledger(p: TempProject, database = 'test'): string[] {
  const [rows] = p.query(
    'SELECT VALUE record::id(id) FROM _smig_migrations',
    '.smig/dev.db',
    'test',
    database,
  ) as [string[] | { error: string }];
  return Array.isArray(rows) ? [...rows].sort() : [];
}

/** Two branches made from the same state: each branch's migration (removed again), earlier and later by id. */
function fork(p: TempProject, a: [string, string], b: [string, string]) {
  const one = makeOnBranch(p, ...a);
  const two = makeOnBranch(p, ...b);
  const [earlier, later] = one.id < two.id ? [one, two] : [two, one];
  return { earlier, later };
}

// Each test runs smig a score of times; on a loaded machine that takes minutes.
describe('migrations made on two branches', { timeout: 300_000 }, () => {
  it('independent forks are explained, rebased, and then pushed to every database, which all end equal', async () => {
    const p = setUp();
    const [init] = p.migrations();
    const { earlier, later } = fork(
      p,
      ['name: string().required(), qty: int()', 'qty'],
      ['name: string().required(), note: string()', 'note'],
    );
    // The text of both names its parent.
    expect(earlier.text).toContain(`-- parent: ${init!.replace('.surql', '')}`);
    expect(later.text).toMatch(/-- history: [0-9a-f]{16}/);
    // A hand-written statement in the later migration, which rebase must keep.
    const handWritten = later.id.endsWith('note')
      ? "UPDATE item SET note = 'n/a' WHERE note = NONE"
      : 'UPDATE item SET qty = 0 WHERE qty = NONE';
    const laterText = later.text.replace(
      '\n\n-- Rollback migration',
      `\n${handWritten};\n\n-- Rollback migration`,
    );
    // This database applied the later branch's migration; `mine` applied the earlier one.
    writeFileSync(path(p, later.file), laterText);
    expect(p.smig(['push']).code).toBe(0);
    rmSync(path(p, later.file));
    writeFileSync(path(p, earlier.file), earlier.text);
    expect(p.smig(['push', '--database', 'mine']).code).toBe(0);
    // Merged.
    writeFileSync(path(p, later.file), laterText);
    p.write('schema.js', schema('name: string().required(), qty: int(), note: string()'));

    const status = p.smig(['status', '--check']);
    expect(status.code).toBe(2);
    expect(status.stdout).toContain(earlier.file);
    expect(status.stdout).toContain(later.file);
    expect(status.stdout).toContain('were both made from');
    expect(status.stdout).toContain('They do not conflict');
    expect(status.stdout).toContain('smig rebase');
    const statusJson = JSON.parse(p.smig(['status', '--json']).stdout);
    expect(statusJson.forks).toEqual([
      expect.objectContaining({
        parent: init!.replace('.surql', ''),
        migrations: [earlier.id, later.id],
        conflicts: [],
      }),
    ]);
    const diff = p.smig(['diff', '--exit-code']);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toContain('were both made from');
    expect(p.smig(['diff', '-m', 'more']).code).toBe(1);
    const push = p.smig(['push']);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('were both made from');
    expect(push.stderr).not.toContain('does not restore');
    expect(p.smig(['validate']).stderr).toContain('were both made from');

    const rebase = p.smig(['rebase', '--json']);
    expect(rebase.code).toBe(0);
    const result = JSON.parse(rebase.stdout);
    expect(result.rebased).toHaveLength(1);
    const [{ from, to, parent }] = result.rebased;
    expect(from).toBe(later.id);
    expect(parent).toBe(earlier.id);
    expect(to > earlier.id).toBe(true);
    expect(p.migrations()).toEqual([init, earlier.file, `${to}.surql`]);
    const rebased = p.read(`migrations/${to}.surql`);
    expect(rebased).toContain(`-- parent: ${earlier.id}`);
    expect(rebased).toContain(`-- rebased-from: ${later.id}`);
    expect(rebased).toContain(handWritten);
    expect(rebase.stderr).toContain('smig push');
    expect(p.smig(['status', '--check', '--database', 'fresh']).stdout).not.toContain('made from');
    // Sealed on the state it was rebased onto (with its hand-written statement): the history is sealed
    // throughout, so a fresh checkout neither replays it for a diff nor rehearses it for a push.
    const shadow = await Shadow.open();
    const engineVersion = await shadow.engineVersion();
    await shadow.close();
    const files = p.migrations().map((f) => parseMigration(p.read(`migrations/${f}`), f));
    expect(sealedHistory(files, engineVersion)?.state).toBe(files.at(-1)!.state);

    // The database that had the later branch's migration: push recognises the rebased file as it.
    const reconcile = p.smig(['push']);
    expect(reconcile.stderr).toBe('');
    expect(reconcile.code).toBe(0);
    expect(ledger(p)).toEqual([init!.replace('.surql', ''), earlier.id, to].sort());
    // The database that had the earlier one, and a fresh one.
    expect(p.smig(['push', '--database', 'mine']).code).toBe(0);
    expect(p.smig(['push', '--database', 'fresh']).code).toBe(0);
    for (const database of ['test', 'mine', 'fresh']) {
      const check = p.smig(['status', '--check', '--database', database]);
      expect(check.stdout).toContain('In sync');
      expect(check.code).toBe(0);
    }
  });

  it('conflicting forks say which entity both change, exit 2 from the checks, and rebase from the schema file', () => {
    const p = setUp();
    const { earlier, later } = fork(
      p,
      ['name: string().required(), qty: int()', 'qty as int'],
      ['name: string().required(), qty: float()', 'qty as float'],
    );
    const laterType = later.id.endsWith('float') ? 'float' : 'int';
    writeFileSync(path(p, later.file), later.text);
    expect(p.smig(['push']).code).toBe(0);
    writeFileSync(path(p, earlier.file), earlier.text);
    // The developer resolved the schema file's merge conflict by keeping the later branch's type.
    p.write('schema.js', schema(`name: string().required(), qty: ${laterType}()`));

    const status = p.smig(['status', '--check']);
    expect(status.code).toBe(2);
    expect(status.stdout).toContain('They conflict: both change field qty on table item');
    const diff = p.smig(['diff', '--exit-code']);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toContain('They conflict');
    const push = p.smig(['push', '--database', 'fresh']);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('were both made from');
    expect(push.stderr).not.toContain('does not restore');

    const rebase = p.smig(['rebase']);
    expect(rebase.code).toBe(0);
    expect(rebase.stdout).toContain('field qty on table item');
    const rebasedFile = p.migrations().at(-1)!;
    expect(rebasedFile).not.toBe(later.file);
    expect(p.read(`migrations/${rebasedFile}`)).toContain(`DEFINE FIELD OVERWRITE qty ON`);

    // This database applied the old file, whose change cannot be recognised: push says what to run.
    const refused = p.smig(['push']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('smig rollback --steps 1 --yes');
    expect(p.smig(['rollback', '--steps', '1', '--yes']).code).toBe(0);
    expect(p.smig(['push']).code).toBe(0);
    expect(p.smig(['push', '--database', 'fresh']).code).toBe(0);
    for (const database of ['test', 'fresh']) {
      expect(p.smig(['status', '--check', '--database', database]).code).toBe(0);
    }
  });

  it('rebase refuses to drop a hand-written statement it cannot keep, naming it', () => {
    const p = setUp();
    const { earlier, later } = fork(
      p,
      ['name: string().required(), qty: int()', 'qty as int'],
      ['name: string().required(), qty: float()', 'qty as float'],
    );
    const laterType = later.id.endsWith('float') ? 'float' : 'int';
    writeFileSync(
      path(p, later.file),
      later.text.replace(
        '\n\n-- Rollback migration',
        '\nUPDATE item SET qty = 1 WHERE qty = NONE;\n\n-- Rollback migration',
      ),
    );
    writeFileSync(path(p, earlier.file), earlier.text);
    p.write('schema.js', schema(`name: string().required(), qty: ${laterType}()`));
    const rebase = p.smig(['rebase']);
    expect(rebase.code).toBe(1);
    expect(rebase.stderr).toContain('UPDATE item SET qty = 1 WHERE qty = NONE');
    expect(p.migrations()).toContain(later.file);
  });

  it('rollback undoes the migration applied last, whatever the ids', () => {
    const p = setUp();
    const [applied] = p.migrations();
    p.write('schema.js', schema('name: string().required(), qty: int()'));
    expect(p.smig(['diff', '-m', 'qty']).code).toBe(0);
    expect(p.smig(['push']).code).toBe(0);
    // Merged from another branch and made before the two applied here.
    const older = p.writeMigrationBefore(applied!);
    expect(p.smig(['push', '--allow-out-of-order']).code).toBe(0);
    const dry = JSON.parse(p.smig(['rollback', '--dry-run', '--json']).stdout);
    expect(dry.migrations.map((m: { id: string }) => m.id)).toEqual([older]);
    const status = JSON.parse(p.smig(['status', '--json']).stdout);
    expect(status.applied.at(-1).id).toBe(older);
    expect(p.smig(['rollback', '--yes']).code).toBe(0);
    expect(ledger(p)).toHaveLength(2);
    expect(ledger(p)).not.toContain(older);
  });

  it('migrations written without a parent keep working as a linear history in id order', () => {
    const p = new TempProject('smig-teams-');
    project = p;
    // What an earlier version wrote: no parent lines.
    const unparent = (file: string) =>
      writeFileSync(
        path(p, file),
        readFileSync(path(p, file), 'utf8').replace(/^-- (parent|history): .*\n/gm, ''),
      );
    p.write('schema.js', schema('name: string().required()'));
    expect(p.smig(['diff', '-m', 'items']).code).toBe(0);
    const [first] = p.migrations();
    unparent(first!);
    expect(p.smig(['push']).code).toBe(0);
    p.write('schema.js', schema('name: string().required(), qty: int()'));
    expect(p.smig(['diff', '-m', 'qty']).code).toBe(0);
    const second = p.migrations()[1]!;
    unparent(second);
    p.write('schema.js', schema('name: string().required(), qty: int(), note: string()'));
    expect(p.smig(['diff', '-m', 'note']).code).toBe(0);
    const third = p.migrations()[2]!;
    // A new migration on top of old ones names the newest of them as its parent.
    expect(p.read(`migrations/${third}`)).toContain(`-- parent: ${second.replace('.surql', '')}`);
    expect(JSON.parse(p.smig(['status', '--json']).stdout).forks).toEqual([]);
    expect(p.smig(['push']).code).toBe(0);
    expect(p.smig(['status', '--check']).code).toBe(0);
    expect(p.smig(['rollback', '--steps', '2', '--yes']).code).toBe(0);
    expect(ledger(p)).toEqual([first!.replace('.surql', '')]);
  });
});
