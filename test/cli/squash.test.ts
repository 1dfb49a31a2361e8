import { cpSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Shadow } from '../../src/engine/connection.js';
import { parseMigration } from '../../src/history/migration-file.js';
import { sealedHistory } from '../../src/history/seal.js';
import { TempProject } from '../helpers/project.js';

/** `smig squash`: the applied history folded into one migration, recorded in place of it. */
describe('smig squash', () => {
  const p = new TempProject('smig-squash-');
  afterAll(() => p.remove());
  const schema = (models: string) =>
    p.write(
      'schema.js',
      `import { composeSchema, defineSchema, string, int, record } from 'smig';
       export default composeSchema({ models: { ${models} } });`,
    );
  const ok = (args: string[]) => {
    const r = p.smig(args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const id = (suffix: string) =>
    p
      .migrations()
      .find((f) => f.endsWith(`_${suffix}.surql`))!
      .replace('.surql', '');
  /** The schema of a store as the engine prints it, without smig's own tables. */
  const info = (store: string) => {
    const [db] = p.query('INFO FOR DB', store) as [{ tables: Record<string, string> }];
    const tables = Object.keys(db.tables)
      .filter((t) => !t.startsWith('_smig'))
      .sort();
    return {
      tables: tables.map((t) => db.tables[t]),
      fields: tables.map((t) => (p.query(`INFO FOR TABLE ${t}`, store) as [unknown])[0]),
    };
  };

  it('refuses while something is pending, and names it', () => {
    schema(`user: defineSchema({ table: 'user', fields: { name: string() } })`);
    ok(['diff', '-m', 'users']);
    schema(
      `user: defineSchema({ table: 'user', fields: { name: string(), age: int() } }),
       post: defineSchema({ table: 'post', fields: { author: record('user') } })`,
    );
    ok(['diff', '-m', 'posts']);
    const r = p.smig(['squash', '-m', 'base']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(id('users'));
    expect(r.stderr).toMatch(/pending.*smig push/s);
    expect(p.migrations()).toHaveLength(2);
  });

  it('folds the applied history up to --to into one migration, keeping the later ones', async () => {
    ok(['push']);
    // A second database with the same history, squashed the same way below.
    ok(['push', '--url', 'surrealkv://.smig-twin/dev.db']);
    p.query("CREATE user:a SET name = 'a'");
    ok(['new', '-m', 'backfill']);
    ok(['push']);
    schema(
      `user: defineSchema({ table: 'user', fields: { name: string(), age: int(), email: string() } }),
       post: defineSchema({ table: 'post', fields: { author: record('user') } })`,
    );
    ok(['diff', '-m', 'emails']);
    ok(['push']);
    ok(['push', '--url', 'surrealkv://.smig-twin/dev.db']);
    cpSync(join(p.dir, 'migrations'), join(p.dir, 'old-migrations'), { recursive: true });
    const before = info('.smig/dev.db');
    const kept = id('emails');
    const folded = [id('users'), id('posts'), id('backfill')];
    const r = ok(['squash', '--to', id('backfill'), '-m', 'base schema', '--json']);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ folded, kept: [kept] });
    expect(p.migrations()).toEqual([`${json.migration.id}.surql`, `${kept}.surql`]);
    const text = readFileSync(json.migration.path, 'utf8');
    const parsed = parseMigration(text, json.migration.path);
    expect(parsed.forward).toContain('DEFINE TABLE user');
    expect(parsed.rollback).toContain('REMOVE TABLE user');
    // Sealed, as a migration diff -m writes: with the kept one after it, the history is sealed throughout
    // (the folded part had a hand-written migration, which was not).
    const shadow = await Shadow.open();
    const engineVersion = await shadow.engineVersion();
    await shadow.close();
    const keptFile = parseMigration(readFileSync(join(p.dir, 'migrations', `${kept}.surql`), 'utf8'), kept);
    expect(sealedHistory([parsed, keptFile], engineVersion)).toEqual({
      state: keptFile.state,
      writable: true,
    });
    // The squashed one's seal does not say its tables take records: squash did not prove it.
    expect(sealedHistory([parsed], engineVersion)).toEqual({ state: parsed.state, writable: false });
    // The database records the squashed migration in place of the folded ones; nothing ran.
    const [ledger] = p.query('SELECT record::id(id) AS id, seq FROM _smig_migrations ORDER BY seq') as [
      { id: string }[],
    ];
    expect(ledger.map((e) => e.id)).toEqual([json.migration.id, kept]);
    expect(p.query('SELECT VALUE name FROM user')).toEqual([['a']]);
    const status = ok(['status', '--check']);
    expect(status.stdout).toContain('In sync');
    ok(['diff', '--exit-code']);
    // A fresh database pushed from the squashed folder has the same schema.
    renameSync(join(p.dir, '.smig'), join(p.dir, '.smig-old'));
    ok(['push']);
    ok(['status', '--check']);
    expect(info('.smig/dev.db')).toEqual(before);
    expect(info('.smig-old/dev.db')).toEqual(before);
    // The same squash against the second database, from the old folder, writes the same file.
    const squashed = readFileSync(json.migration.path, 'utf8');
    const twin = ['--url', 'surrealkv://.smig-twin/dev.db', '--migrations', 'old-migrations'];
    ok(['squash', '--to', folded.at(-1)!, '-m', 'base schema', ...twin]);
    expect(readFileSync(join(p.dir, 'old-migrations', `${json.migration.id}.surql`), 'utf8')).toBe(squashed);
    ok(['status', '--check', '--url', 'surrealkv://.smig-twin/dev.db']);
  });

  it('squashes everything applied by default, and refuses when there is nothing to fold', () => {
    const r = ok(['squash', '-m', 'all of it']);
    expect(r.stdout).toContain('Squashed 2 migrations');
    expect(p.migrations()).toEqual([expect.stringMatching(/_all_of_it\.surql$/)]);
    ok(['status', '--check']);
    const again = p.smig(['squash', '-m', 'once more']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('nothing to squash');
    const unknown = p.smig(['squash', '--to', '20000101000000_nope', '-m', 'x']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no applied migration 20000101000000_nope');
  });

  it('refuses on a database that has not applied the folded migrations', () => {
    // The old store has the history before the squash; the folder now has the squashed file only.
    const r = p.smig(['squash', '-m', 'elsewhere', '--url', 'surrealkv://.smig-old/dev.db']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is applied in the database but its file .* is missing/);
    expect(r.stderr).toContain('does not add up');
    expect(existsSync(join(p.dir, '.smig-old'))).toBe(true);
  });
});
