import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchemaFile } from '../../src/app/load-schema.js';
import { applySchema } from '../../src/app/shadow-state.js';
import { compileSchema } from '../../src/compile/index.js';
import { diffSnapshots } from '../../src/diff/diff-snapshots.js';
import { Shadow } from '../../src/engine/connection.js';
import { introspect } from '../../src/introspect/introspect.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { generateSchema } from '../../src/pull/generate-schema.js';
import { TempProject } from '../helpers/project.js';
import { handBuilt } from './fixture.js';

let shadow: Shadow;
const dir = mkdtempSync(join(tmpdir(), 'smig-pull-'));
beforeAll(async () => {
  shadow = await Shadow.open();
});
afterAll(async () => {
  await shadow.close();
  rmSync(dir, { recursive: true, force: true });
});

async function build(sql: string): Promise<Snapshot> {
  const db = await shadow.database('hand');
  await db.query(sql);
  return introspect(db);
}

/** Writes the generated source, loads it like a user's schema file, and applies it to an empty database. */
async function roundTrip(source: string, name: string): Promise<Snapshot> {
  const path = join(dir, name);
  writeFileSync(path, source);
  const schema = await loadSchemaFile(path);
  return (await applySchema(shadow, compileSchema(schema), path)).snapshot;
}

/** What the engine printed for each entity, minus what it cannot show (redacted keys). */
const fingerprints = (s: Snapshot) => [...s.entities].map(([id, e]) => [id, e.fingerprint]);

describe('pull: a hand-built database round-trips through the DSL', () => {
  it('reproduces every kind of object exactly', async () => {
    const original = await build(handBuilt);
    const kinds = new Set([...original.entities.values()].map((e) => e.ref.kind));
    expect([...kinds].sort()).toEqual(
      [
        'access',
        'analyzer',
        'config',
        'event',
        'field',
        'function',
        'index',
        'param',
        'sequence',
        'table',
        'user',
      ].sort(),
    );
    const generated = generateSchema(original);
    const pulled = await roundTrip(generated.source, 'all.ts');
    expect(diffSnapshots(original, pulled)).toEqual([]);
    expect(fingerprints(pulled)).toEqual(fingerprints(original));
    // Only the symmetric JWT keys the engine will not reveal need the user's attention.
    expect(generated.notes).toHaveLength(2);
    for (const note of generated.notes) {
      expect(note).toMatchObject({ kind: 'hidden-key', table: null, field: null });
      expect(note.message).toMatch(/does not reveal its HS256 key/);
    }
  });

  it('writes idiomatic DSL calls', async () => {
    const { source } = generateSchema(await build(handBuilt));
    expect(source).toContain('import { access, analyzer, array, bool, composeSchema, config, datetime,');
    expect(source).toContain("email: string().required().assert('string::is_email($value)'),");
    expect(source).toContain('bio: string(),');
    expect(source).toContain('active: bool().default(true),');
    expect(source).toContain("tags: array('string', 2).default(surql`['a', 'b']`),");
    expect(source).toContain("friend: record('user').reference({ onDelete: 'unset' }),");
    expect(source).toContain("emb: index(['embedding']).hnsw({ dimension: 4, dist: 'cosine' }),");
    expect(source).toContain("body_search: index(['body']).fulltext('english').bm25().highlights(),");
    expect(source).toContain(
      "touch: event().onUpdate().then('UPDATE $after.id SET seen = time::now()').comment('x'),",
    );
    expect(source).toMatch(
      /const wrote = defineRelation\(\{\n {2}name: 'wrote',\n {2}from: 'user',\n {2}to: \['post', 'user'\],\n {2}enforced: true,/,
    );
    // The table `user` does not shadow the `user()` builder the file imports.
    expect(source).toContain('const userTable = defineSchema({');
    expect(source).toContain('models: { log, misc, post, stats, user: userTable },');
    // The engine's automatic fields (relation in/out, array elements) are left to the engine.
    expect(source).not.toMatch(/\bin: record/);
    expect(source).not.toContain("'embedding.*'");
    expect(source).toContain("'tags.*': string().assert('string::len($value) > 0'),");
  });

  it('is deterministic', async () => {
    const snapshot = await build(handBuilt);
    expect(generateSchema(snapshot).source).toBe(generateSchema(snapshot).source);
  });

  it('writes a field that its type alone makes present as .required({ assert: false }), exactly', async () => {
    const original = await build('DEFINE TABLE t SCHEMAFULL; DEFINE FIELD name ON t TYPE string;');
    const generated = generateSchema(original);
    expect(generated.source).toContain('name: string().required({ assert: false }),');
    expect(generated.notes).toEqual([]);
    const pulled = await roundTrip(generated.source, 'plain.ts');
    expect(diffSnapshots(original, pulled)).toEqual([]);
  });

  it('says what the DSL can only approximate, and the difference shows', async () => {
    const original = await build(
      'DEFINE TABLE t SCHEMAFULL; DEFINE FIELD n ON t TYPE string | int DEFAULT 1;',
    );
    const generated = generateSchema(original);
    expect(generated.notes).toHaveLength(1);
    expect(generated.notes[0]).toMatchObject({
      kind: 'inexact-type',
      table: 't',
      field: 'n',
      entity: 'field n',
    });
    expect(generated.notes[0]?.message).toContain('field n on table t');
    const pulled = await roundTrip(generated.source, 'approx.ts');
    expect(diffSnapshots(original, pulled).map((c) => c.kind)).toEqual(['overwrite']);
  });

  it('writes an empty schema for an empty database', async () => {
    const generated = generateSchema(await build(''));
    expect(generated.source).toContain('export default composeSchema({});');
    expect((await roundTrip(generated.source, 'empty.ts')).entities.size).toBe(0);
  });
});

describe('smig pull (CLI)', () => {
  const project = new TempProject('smig-pull-cli-');
  afterAll(() => project.remove());

  it('writes schema.ts from the on-disk database, proves it, and refuses to overwrite it', () => {
    expect(project.smig(['init']).code).toBe(0);
    rmSync(join(project.dir, 'schema.ts'));
    project.query(handBuilt);

    const first = project.smig(['pull']);
    expect(first.stderr).toContain('does not reveal its HS256 key');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Wrote ${join(project.dir, 'schema.ts')} from test/test (`);
    expect(first.stdout).toContain('Applied to an empty database, the file gives exactly the same schema.');
    expect(readFileSync(join(project.dir, 'schema.ts'), 'utf8')).toContain("from 'smig';");

    const again = project.smig(['pull']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already');
    expect(again.stderr).toContain('--force');

    expect(project.smig(['pull', '--force']).code).toBe(0);
    const other = project.smig(['pull', '-o', 'pulled/other.ts', '--json']);
    expect(other.code).toBe(0);
    const json = JSON.parse(other.stdout);
    expect(json).toMatchObject({
      path: join(project.dir, 'pulled', 'other.ts'),
      database: 'test/test',
      exact: true,
    });
    expect(json.differences).toEqual([]);
    expect(existsSync(join(project.dir, 'pulled', 'other.ts'))).toBe(true);

    // The database and the pulled schema file agree.
    const status = project.smig(['status']);
    expect(status.stdout).toContain('Schema: In sync ✓');
  });
});
