import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDrift } from '../../src/app/live-state.js';
import { ProjectCache } from '../../src/app/project-cache.js';
import { applySchema, historyState, schemaState } from '../../src/app/shadow-state.js';
import { Shadow } from '../../src/engine/connection.js';
import { readMigrations } from '../../src/history/migration-file.js';
import { introspect, introspectReached } from '../../src/introspect/introspect.js';
import type { EntityRef } from '../../src/model/entity.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { CompiledStatement } from '../../src/model/statement.js';
import { TempProject } from '../helpers/project.js';

let shadow: Shadow;
let dir: string;
beforeAll(async () => {
  shadow = await Shadow.open();
  dir = mkdtempSync(join(tmpdir(), 'smig-history-cache-'));
});
afterAll(async () => {
  await shadow.close();
  rmSync(dir, { recursive: true, force: true });
});

const history = [
  { id: '20260101000000_one', forward: 'DEFINE TABLE item SCHEMAFULL;' },
  { id: '20260102000000_two', forward: 'DEFINE FIELD name ON item TYPE string;' },
  // An event's STRUCTURE holds values of the SDK's own types.
  {
    id: '20260103000000_three',
    forward: 'DEFINE EVENT touched ON item WHEN true THEN (UPDATE $after SET name = name);',
  },
];

function files(folder: string): string[] {
  try {
    return readdirSync(folder).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
}

describe('the history cache', () => {
  it('keeps what a replay gave, and gives it back without replaying', async () => {
    const cache = new ProjectCache(join(dir, 'a'), 'engine 1');
    const replayed = await historyState(shadow, history, cache);
    expect([...replayed.snapshot.entities.keys()].length).toBe(3);
    expect(files(join(dir, 'a'))).toHaveLength(1);
    // A history that cannot be replayed at all, cached under its forward sections: a hit never replays.
    const broken = [{ id: 'x', forward: 'DEFINE TABLE;' }];
    cache.put(
      broken.map((m) => m.forward),
      replayed.snapshot,
    );
    const hit = await historyState(shadow, broken, cache);
    expect([...hit.snapshot.entities]).toEqual([...replayed.snapshot.entities]);
    // The database, asked for, is the replay, which fails as it should.
    await expect(hit.database()).rejects.toThrow('does not apply');
  });

  it('is keyed by the forward sections in order and by the engine version', async () => {
    const cache = new ProjectCache(join(dir, 'b'), 'engine 1');
    const snapshot = (await historyState(shadow, history, cache)).snapshot;
    expect(cache.get(history.map((m) => m.forward))).toEqual(snapshot);
    expect(cache.get([...history].reverse().map((m) => m.forward))).toBeUndefined();
    expect(cache.get([history[0]!.forward])).toBeUndefined();
    expect(cache.get([...history.map((m) => m.forward), 'DEFINE TABLE other;'])).toBeUndefined();
    expect(new ProjectCache(join(dir, 'b'), 'engine 2').get(history.map((m) => m.forward))).toBeUndefined();
  });

  it('a damaged entry is a miss, and the replay puts it right', async () => {
    const folder = join(dir, 'c');
    const cache = new ProjectCache(folder, 'engine 1');
    const right = (await historyState(shadow, history, cache)).snapshot;
    const [name] = files(folder);
    const path = join(folder, name!);
    const text = readFileSync(path, 'utf8');
    // A changed body without a matching digest, a lost header line, a cut body.
    const [header, body] = [text.slice(0, text.indexOf('\n')), text.slice(text.indexOf('\n') + 1)];
    writeFileSync(path, `${header}\n${body.replace('"json"', '"JSON"')}`);
    expect(cache.get(history.map((m) => m.forward))).toBeUndefined();
    writeFileSync(path, body);
    expect(cache.get(history.map((m) => m.forward))).toBeUndefined();
    writeFileSync(path, `${header}\n${body.slice(0, -10)}`);
    expect(cache.get(history.map((m) => m.forward))).toBeUndefined();
    writeFileSync(path, text);
    expect(cache.get(history.map((m) => m.forward))).toEqual(right);
    writeFileSync(path, '{ not json');
    expect(cache.get(history.map((m) => m.forward))).toBeUndefined();
    const again = await historyState(shadow, history, cache);
    expect(again.snapshot).toEqual(right);
    expect(cache.get(history.map((m) => m.forward))).toEqual(right);
  });

  it("keeps an entity as JSON when JSON gives it back exactly, and in the engine's binary form otherwise", async () => {
    const folder = join(dir, 'forms');
    const cache = new ProjectCache(folder, 'engine 1');
    const replayed = (await historyState(shadow, history, cache)).snapshot;
    const [name] = files(folder);
    const text = readFileSync(join(folder, name!), 'utf8');
    const stored = JSON.parse(text.slice(text.indexOf('\n') + 1)) as [string, string, unknown][];
    const forms = Object.fromEntries(stored.map(([id, form]) => [id.split(':')[0], form]));
    expect(forms).toMatchObject({ table: 'json', field: 'json', event: 'cbor' });
    const back = cache.get(history.map((m) => m.forward));
    expect(back).toEqual(replayed);
    const event = [...back!.entities.values()].find((e) => e.ref.kind === 'event')!;
    const original = [...replayed.entities.values()].find((e) => e.ref.kind === 'event')!;
    expect(isDeepStrictEqual(event.structure, original.structure)).toBe(true);
  });

  it('does not keep a snapshot that would not come back exactly as it was', () => {
    const folder = join(dir, 'd');
    const cache = new ProjectCache(folder, 'engine 1');
    const odd: Snapshot = {
      entities: new Map([
        [
          'table:t',
          {
            ref: { kind: 'table', name: 't' },
            definition: 'DEFINE TABLE t',
            fingerprint: 'DEFINE TABLE t',
            structure: { when: new Date(0) },
          },
        ],
      ]),
    };
    cache.put(['DEFINE TABLE t;'], odd);
    expect(files(folder)).toEqual([]);
  });

  it('keeps the most recently used entries only', () => {
    const folder = join(dir, 'e');
    const cache = new ProjectCache(folder, 'engine 1');
    const empty: Snapshot = { entities: new Map() };
    for (let i = 0; i < 40; i++) cache.put([`DEFINE TABLE t${i};`], empty);
    expect(files(folder).length).toBe(32);
  });

  it('an unwritable folder only means nothing is kept', async () => {
    const blocker = join(dir, 'file-in-the-way');
    writeFileSync(blocker, '');
    const cache = new ProjectCache(join(blocker, 'cache'), 'engine 1');
    const state = await historyState(shadow, history, cache);
    expect(state.snapshot.entities.size).toBe(3);
  });
});

describe('the CLI keeps history states in .smig/cache', () => {
  it('diff after diff -m reads the history from the cache, and a damaged cache changes nothing', () => {
    const p = new TempProject('smig-history-cache-cli-');
    try {
      p.write(
        'schema.ts',
        "import { composeSchema, defineSchema, string } from 'smig';\nexport default composeSchema({ models: { item: defineSchema({ table: 'item', fields: { name: string() } }) } });\n",
      );
      expect(p.smig(['--url', 'mem://', 'diff', '-m', 'init']).code).toBe(0);
      expect(p.smig(['--url', 'mem://', 'diff', '--exit-code']).code).toBe(0);
      const cached = files(join(p.dir, '.smig', 'cache'));
      expect(cached.length).toBeGreaterThan(0);
      for (const name of cached) writeFileSync(join(p.dir, '.smig', 'cache', name), 'garbage');
      const r = p.smig(['--url', 'mem://', 'diff', '--exit-code']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('No changes');
    } finally {
      p.remove();
    }
  });
});

describe('schemas proven writable', () => {
  it('are kept per exact statements and engine', () => {
    const folder = join(dir, 'writes');
    const cache = new ProjectCache(folder, 'engine 1');
    const statements = ['DEFINE TABLE a SCHEMAFULL', 'DEFINE FIELD n ON a TYPE int'];
    expect(cache.writesProven(statements)).toBe(false);
    cache.markWritesProven(statements);
    expect(cache.writesProven(statements)).toBe(true);
    expect(cache.writesProven([...statements, 'DEFINE FIELD m ON a TYPE int'])).toBe(false);
    expect(new ProjectCache(folder, 'engine 2').writesProven(statements)).toBe(false);
  });

  it('diff proves a changed schema again: an unwritable table is refused though the earlier one was proven', () => {
    const p = new TempProject('smig-writes-proven-');
    try {
      const schema = (fields: string) =>
        p.write(
          'schema.ts',
          `import { composeSchema, defineSchema, int, object, string } from 'smig';\nexport default composeSchema({ models: { item: defineSchema({ table: 'item', fields: { ${fields} } }) } });\n`,
        );
      schema('name: string()');
      expect(p.smig(['--url', 'mem://', 'diff']).code).toBe(0);
      // An object that can hold no key in a SCHEMAFULL table: every write with it fails.
      schema('name: string(), meta: object().default({ a: 1 })');
      const r = p.smig(['--url', 'mem://', 'diff']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('meta');
    } finally {
      p.remove();
    }
  });
});

describe('rehearsals', () => {
  it('are kept per applied history, and per forward and rollback section of each pending migration', () => {
    const cache = new ProjectCache(join(dir, 'rehearsals'), 'engine 1');
    const applied = ['DEFINE TABLE a'];
    const pending = [{ forward: 'DEFINE TABLE b', rollback: 'REMOVE TABLE b' }];
    expect(cache.rehearsed(applied, pending)).toBe(false);
    cache.markRehearsed(applied, pending);
    expect(cache.rehearsed(applied, pending)).toBe(true);
    expect(cache.rehearsed([], pending)).toBe(false);
    expect(cache.rehearsed(applied, [{ ...pending[0]!, rollback: 'REMOVE TABLE a' }])).toBe(false);
    expect(cache.rehearsed(applied, [{ ...pending[0]!, forward: 'DEFINE TABLE c' }])).toBe(false);
    expect(new ProjectCache(join(dir, 'rehearsals'), 'engine 2').rehearsed(applied, pending)).toBe(false);
  });

  it('a migration pushed to one database goes to the next without a rehearsal; an edited one is rehearsed again', () => {
    const p = new TempProject('smig-rehearsal-');
    try {
      p.write(
        'schema.ts',
        "import { composeSchema, defineSchema, string } from 'smig';\nexport default composeSchema({ models: { item: defineSchema({ table: 'item', fields: { name: string() } }) } });\n",
      );
      expect(p.smig(['diff', '-m', 'items']).code).toBe(0);
      const first = p.smig(['push', '--url', 'surrealkv://.smig/a.db']);
      expect(first.code, first.stderr).toBe(0);
      expect(readdirSync(join(p.dir, '.smig', 'cache')).some((f) => f.startsWith('rehearsal-'))).toBe(true);
      const second = p.smig(['push', '--url', 'surrealkv://.smig/b.db']);
      expect(second.code, second.stderr).toBe(0);
      expect(p.query('INFO FOR TABLE item', '.smig/b.db')).toEqual([
        expect.objectContaining({ fields: expect.objectContaining({ name: expect.any(String) }) }),
      ]);
      // A rollback that no longer restores the state: the edited file is rehearsed, and refused.
      const [file] = p.migrations();
      const path = `migrations/${file}`;
      p.write(path, p.read(path).replace('REMOVE TABLE item;', 'REMOVE FIELD name ON item;'));
      const third = p.smig(['push', '--url', 'surrealkv://.smig/c.db']);
      expect(third.code).toBe(1);
      expect(third.stderr).toContain('does not restore');
    } finally {
      p.remove();
    }
  });
});

describe('a migration diff writes', () => {
  it('is kept as rehearsed on the history it was made on, with the state a replay gives; an edit is rehearsed again', async () => {
    const p = new TempProject('smig-diff-rehearsal-');
    const schema = (fields: string) =>
      `import { composeSchema, defineSchema, index, int, string } from 'smig';\nexport default composeSchema({ models: { item: defineSchema({ table: 'item', fields: { ${fields} }, indexes: { byName: index(['name']) } }), other: defineSchema({ table: 'other', fields: { label: string() } }) } });\n`;
    try {
      const cache = new ProjectCache(join(p.dir, '.smig', 'cache'), await shadow.engineVersion());
      p.write('schema.ts', schema('name: string()'));
      expect(p.smig(['diff', '-m', 'items']).code).toBe(0);
      p.write('schema.ts', schema("name: string(), count: int().default(0).assert('$value >= 0')"));
      expect(p.smig(['diff', '-m', 'count']).code).toBe(0);
      const [first, second] = await readMigrations(join(p.dir, 'migrations'));
      expect(cache.rehearsed([], [first!])).toBe(true);
      expect(cache.rehearsed([first!.forward], [second!])).toBe(true);
      // Not for a history it was not made on.
      expect(cache.rehearsed([], [second!])).toBe(false);
      for (const history of [[first!], [first!, second!]]) {
        const kept = cache.get(history.map((m) => m.forward));
        expect(kept).toBeDefined();
        const replayed = await historyState(shadow, history, undefined);
        expect(describeDrift(kept!, replayed.snapshot)).toEqual([]);
        expect([...kept!.entities.keys()]).toEqual([...replayed.snapshot.entities.keys()]);
      }
      // The kept state is the one status reads: the pushed database is in sync with it.
      expect(p.smig(['push', '--url', 'surrealkv://.smig/a.db']).code).toBe(0);
      const status = p.smig(['status', '--url', 'surrealkv://.smig/a.db', '--json']);
      expect(status.code, status.stderr).toBe(0);
      // A rollback edited by hand after the diff is rehearsed, and refused.
      const path = `migrations/${p.migrations()[1]}`;
      p.write(
        path,
        p.read(path).replace(/REMOVE FIELD count ON (TABLE )?item;/, 'REMOVE FIELD name ON item;'),
      );
      const edited = p.smig(['push', '--url', 'surrealkv://.smig/b.db']);
      expect(edited.code).toBe(1);
      expect(edited.stderr).toContain('does not restore');
    } finally {
      p.remove();
    }
  });
});

describe("the schema file's state", () => {
  it('is kept per exact statements, apart from histories, and a hit applies nothing until asked', async () => {
    const cache = new ProjectCache(join(dir, 'schema-state'), 'engine 1');
    const statement = (sql: string, ref: EntityRef): CompiledStatement => ({ sql, ref, overwrite: sql });
    const statements = [
      statement('DEFINE TABLE item SCHEMAFULL', { kind: 'table', name: 'item' }),
      statement('DEFINE FIELD name ON item TYPE string', { kind: 'field', table: 'item', name: 'name' }),
    ];
    const first = await schemaState(shadow, statements, 'schema.ts', cache);
    expect(first.snapshot.entities.size).toBe(2);
    // The same texts as a migration history are another entry.
    expect(cache.get(statements.map((s) => s.sql))).toBeUndefined();
    expect(
      cache.get(
        statements.map((s) => s.sql),
        'schema',
      ),
    ).toEqual(first.snapshot);
    // A statement SurrealDB refuses, with a state kept under it: the hit does not apply it...
    const refused = [statement('DEFINE TABLE', { kind: 'table', name: 'x' })];
    cache.put(
      refused.map((s) => s.sql),
      first.snapshot,
      'schema',
    );
    const hit = await schemaState(shadow, refused, 'schema.ts', cache);
    expect(hit.snapshot).toEqual(first.snapshot);
    // ...until its database is asked for.
    await expect(hit.database()).rejects.toThrow();
  });
});

describe('the schema state after an edit', () => {
  const statement = (sql: string, ref: EntityRef): CompiledStatement => ({ sql, ref, overwrite: sql });
  const table = (name: string, sql = `DEFINE TABLE ${name} SCHEMAFULL`) =>
    statement(sql, { kind: 'table', name });
  const field = (t: string, name: string, type: string) =>
    statement(`DEFINE FIELD ${name} ON ${t} TYPE ${type}`, { kind: 'field', table: t, name });
  const index = (t: string, name: string, columns: string) =>
    statement(`DEFINE INDEX ${name} ON ${t} FIELDS ${columns}`, { kind: 'index', table: t, name });
  const base = [
    statement('DEFINE FUNCTION fn::greet($name: string) { RETURN "Hi " + $name; }', {
      kind: 'function',
      name: 'greet',
    }),
    table('a'),
    field('a', 'name', 'string'),
    field('a', 'owner', 'option<record<b>>'),
    table('b'),
    field('b', 'title', 'string'),
    index('b', 'by_title', 'title'),
    table('c'),
    field('c', 'n', 'int'),
    statement('DEFINE EVENT touched ON c WHEN true THEN (UPDATE $after SET n = n)', {
      kind: 'event',
      table: 'c',
      name: 'touched',
    }),
    table('d'),
    table('e'),
  ];
  const edits: [string, CompiledStatement[]][] = [
    ['a field changed', base.map((s) => (s.sql.includes('name ON a') ? field('a', 'name', 'int') : s))],
    ['a table added', [...base, table('f'), field('f', 'x', 'string')]],
    ['a table removed', base.filter((s) => s.ref.name !== 'c' && s.ref.table !== 'c')],
    [
      'an index changed',
      base.map((s) => (s.ref.kind === 'index' ? index('b', 'by_title', 'title UNIQUE') : s)),
    ],
    [
      'a table made a relation',
      base.map((s) =>
        s.sql === 'DEFINE TABLE d SCHEMAFULL' ? table('d', 'DEFINE TABLE d TYPE RELATION IN a OUT b') : s,
      ),
    ],
  ];

  it.each(edits)('with %s, reads back exactly what a whole read gives', async (_, edited) => {
    const folder = mkdtempSync(join(dir, 'edit-'));
    const cache = new ProjectCache(folder, 'engine 1');
    await schemaState(shadow, base, 'schema.ts', cache);
    expect(cache.lastSchema()).toBeDefined();
    const after = await schemaState(shadow, edited, 'schema.ts', cache);
    const whole = await schemaState(shadow, edited, 'schema.ts', undefined);
    expect(isDeepStrictEqual(after.snapshot, whole.snapshot)).toBe(true);
    expect([...after.snapshot.entities.keys()]).toEqual([...whole.snapshot.entities.keys()]);
  });

  it('takes the tables the edit does not reach from the state kept last', async () => {
    const folder = mkdtempSync(join(dir, 'reuse-'));
    const cache = new ProjectCache(folder, 'engine 1');
    const first = await schemaState(shadow, base, 'schema.ts', cache);
    // The kept state, with a mark on an entity of table e: an edit to table a leaves it there.
    const id = [...first.snapshot.entities.keys()].find(
      (k) => first.snapshot.entities.get(k)?.ref.name === 'e',
    )!;
    const marked = new Map(first.snapshot.entities);
    marked.set(id, { ...marked.get(id)!, structure: { ...marked.get(id)!.structure, marked: true } });
    cache.putSchema(base, { entities: marked });
    const edited = base.map((s) => (s.sql.includes('name ON a') ? field('a', 'name', 'int') : s));
    const after = await schemaState(shadow, edited, 'schema.ts', cache);
    expect(after.snapshot.entities.get(id)?.structure.marked).toBe(true);
    // A database that holds more than the reached tables is not read this way...
    const whole = await applySchema(shadow, edited, 'schema.ts');
    expect(
      await introspectReached(whole.db, { entities: marked }, new Set(['a']), 'reached'),
    ).toBeUndefined();
    // ...nor one whose database-level entities are not those of the kept state.
    const part = await shadow.database();
    await part.query(
      edited
        .filter((s) => s.ref.kind === 'function' || s.ref.name === 'a' || s.ref.table === 'a')
        .map((s) => `${s.sql};`)
        .join('\n'),
    );
    expect(await introspectReached(part, { entities: marked }, new Set(['a']), 'reached')).toBeDefined();
    const fnId = [...marked.keys()].find((k) => marked.get(k)?.ref.kind === 'function')!;
    const otherFn = new Map(marked);
    otherFn.set(fnId, { ...otherFn.get(fnId)!, fingerprint: 'DEFINE FUNCTION fn::greet() { RETURN 1; }' });
    expect(await introspectReached(part, { entities: otherFn }, new Set(['a']), 'reached')).toBeUndefined();
    // A changed database-level statement: everything is read.
    cache.putSchema(base, { entities: marked });
    const greet = edited.map((s) =>
      s.ref.kind === 'function' ? { ...s, sql: s.sql.replace('Hi', 'Hello') } : s,
    );
    const reread = await schemaState(shadow, greet, 'schema.ts', cache);
    expect(reread.snapshot.entities.get(id)?.structure.marked).toBeUndefined();
  });

  it('reads everything when a view is reached or reads a reached table', async () => {
    const views = [...base, table('v', 'DEFINE TABLE v AS SELECT count() AS n FROM b GROUP ALL')];
    const folder = mkdtempSync(join(dir, 'views-'));
    const cache = new ProjectCache(folder, 'engine 1');
    const first = await schemaState(shadow, views, 'schema.ts', cache);
    const id = [...first.snapshot.entities.keys()].find(
      (k) => first.snapshot.entities.get(k)?.ref.name === 'e',
    )!;
    const marked = new Map(first.snapshot.entities);
    marked.set(id, { ...marked.get(id)!, structure: { ...marked.get(id)!.structure, marked: true } });
    const cases: CompiledStatement[][] = [
      // The view's source changed.
      views.map((s) => (s.ref.kind === 'index' ? index('b', 'by_title', 'title UNIQUE') : s)),
      // The view itself changed.
      views.map((s) =>
        s.ref.name === 'v' ? table('v', 'DEFINE TABLE v AS SELECT count() AS m FROM b GROUP ALL') : s,
      ),
      // A new view over a table the edit does not otherwise reach.
      [...views, table('w', 'DEFINE TABLE w AS SELECT count() AS n FROM e GROUP ALL')],
    ];
    for (const edited of cases) {
      cache.putSchema(views, { entities: marked });
      const after = await schemaState(shadow, edited, 'schema.ts', cache);
      expect(after.snapshot.entities.get(id)?.structure.marked).toBeUndefined();
      const whole = await schemaState(shadow, edited, 'schema.ts', undefined);
      expect(isDeepStrictEqual(after.snapshot, whole.snapshot)).toBe(true);
    }
  });
  it('does not start from a state that another engine or smig kept', async () => {
    const folder = mkdtempSync(join(dir, 'engine-'));
    await schemaState(shadow, base, 'schema.ts', new ProjectCache(folder, 'engine 1'));
    expect(new ProjectCache(folder, 'engine 1').lastSchema()).toBeDefined();
    expect(new ProjectCache(folder, 'engine 2').lastSchema()).toBeUndefined();
    // A note that names a file outside the cache is not followed.
    const note = join(folder, 'schema-last.json');
    const noted = JSON.parse(readFileSync(note, 'utf8')) as { key: string };
    writeFileSync(note, JSON.stringify({ ...noted, key: '../outside' }));
    expect(new ProjectCache(folder, 'engine 1').lastSchema()).toBeUndefined();
  });

  it('applies the whole schema when the engine refuses a reached statement, and names it', async () => {
    const folder = mkdtempSync(join(dir, 'refused-'));
    const cache = new ProjectCache(folder, 'engine 1');
    await schemaState(shadow, base, 'schema.ts', cache);
    const bad = [
      ...base,
      statement('DEFINE FIELD broken ON a TYPE string ASSERT $value ==', {
        kind: 'field',
        table: 'a',
        name: 'broken',
      }),
    ];
    await expect(schemaState(shadow, bad, 'schema.ts', cache)).rejects.toThrow(
      'SurrealDB rejects the definition of table a, field broken',
    );
  });

  it('gives a database that holds the tables asked for, and every table when asked for all', async () => {
    const folder = mkdtempSync(join(dir, 'grow-'));
    const cache = new ProjectCache(folder, 'engine 1');
    await schemaState(shadow, base, 'schema.ts', cache);
    const edited = [...base, table('f'), field('f', 'x', 'string')];
    const state = await schemaState(shadow, edited, 'schema.ts', cache);
    const tablesIn = async (db: Awaited<ReturnType<typeof state.database>>) => {
      const [info] = (await db.query('INFO FOR DB')) as [{ tables: Record<string, string> }];
      return Object.keys(info.tables).sort();
    };
    // Only the edited table was applied; then the ones asked for, then all of them.
    expect(await tablesIn(await state.database(new Set(['f'])))).toEqual(['f']);
    expect(await tablesIn(await state.database(new Set(['f', 'b'])))).toEqual(['b', 'f']);
    const all = await state.database();
    expect(await tablesIn(all)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(isDeepStrictEqual(await introspect(all), state.snapshot)).toBe(true);
  });
  it('diff, push and status after edits to a few tables: proofs where they are needed, in sync after', () => {
    const p = new TempProject('smig-schema-edits-');
    try {
      const schema = (extra: string) =>
        p.write(
          'schema.ts',
          `import { composeSchema, defineSchema, int, object, record, string } from 'smig';
const models = {};
for (const name of ['user', 'post', 'tag', 'team', 'room']) {
  models[name] = defineSchema({ table: name, fields: { name: string().required().length(1, 50), rank: int().min(0) } });
}
${extra}
export default composeSchema({ models });
`,
        );
      const url = `surrealkv://${join(p.dir, 'db')}`;
      schema('');
      expect(p.smig(['--url', url, 'diff', '-m', 'init']).code).toBe(0);
      expect(p.smig(['--url', url, 'push', '--yes']).code).toBe(0);
      // A new table whose every write fails: refused, though only it is applied.
      schema("models.note = defineSchema({ table: 'note', fields: { meta: object().default({ a: 1 }) } });");
      const refused = p.smig(['--url', url, 'diff']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('meta');
      // A new table linking to an existing one, and an edited one.
      schema(
        "models.note = defineSchema({ table: 'note', fields: { by: record('user').required(), body: string() } });\nmodels.tag = defineSchema({ table: 'tag', fields: { name: string().required(), rank: int().min(1) } });",
      );
      const written = p.smig(['--url', url, 'diff', '-m', 'notes']);
      expect(written.code, written.stderr).toBe(0);
      expect(p.smig(['--url', url, 'push', '--yes']).code).toBe(0);
      const status = p.smig(['--url', url, 'status']);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain('In sync');
      expect(p.smig(['--url', url, 'diff', '--exit-code']).code).toBe(0);
    } finally {
      p.remove();
    }
  });
});
