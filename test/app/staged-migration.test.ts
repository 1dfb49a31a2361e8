import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeEngines } from '@surrealdb/node';
import { Surreal } from 'surrealdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerRecord } from '../../src/app/ledger-record.js';
import { checkOnPart } from '../../src/app/push.js';
import { StagedMigration, stageable } from '../../src/app/staged-migration.js';
import { Connection, Shadow } from '../../src/engine/connection.js';
import { parseDatabaseUrl } from '../../src/engine/url.js';
import { IntegrityError } from '../../src/errors.js';
import { applyMigration, type LedgerRecord } from '../../src/history/ledger.js';
import { acquireLock } from '../../src/history/lock.js';
import { readMigrations } from '../../src/history/migration-file.js';
import { diff, getStatus, migrate, type PushEvent } from '../../src/index.js';
import { introspect } from '../../src/introspect/introspect.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { projectWithApp } from '../helpers/app-project.js';

const record = (id: string, up: string, seq = 1): LedgerRecord => ({
  id,
  message: id,
  checksum: 'c'.repeat(64),
  up,
  down: '',
  smigVersion: 'test',
  seq,
});

/**
 * A migration staged on the target: applied in a transaction that stays open while push checks it, and
 * committed only when push says so. Nobody sees it before; a cancelled or failed one leaves nothing.
 */
describe('a staged migration', () => {
  const app = new Surreal({ engines: createNodeEngines() });
  let db: Connection;
  const tables = async () => {
    const [info] = (await app.query('INFO FOR DB').collect()) as [{ tables: object }];
    return Object.keys(info.tables).sort();
  };
  beforeAll(async () => {
    await app.connect('mem://');
    await app.use({ namespace: 'stage', database: 'one' });
    db = await Connection.borrow(app, parseDatabaseUrl('mem://', process.cwd()), 'stage', 'one');
  });
  afterAll(async () => {
    await db.close();
    await app.close();
  });

  it('is invisible until committed, then there with its ledger record', async () => {
    const staged = await StagedMigration.stage(
      db,
      record('m1', 'DEFINE TABLE a SCHEMAFULL; DEFINE FIELD x ON a TYPE int;'),
    );
    expect(staged).toBeDefined();
    expect(await tables()).toEqual([]);
    const ms = await staged!.commit();
    expect(ms).toBeTypeOf('number');
    expect(await tables()).toEqual(['_smig_migrations', 'a']);
    const [ids] = (await app.query('SELECT VALUE record::id(id) FROM _smig_migrations').collect()) as [
      string[],
    ];
    expect(ids).toEqual(['m1']);
    // Committed once: cancelling afterwards changes nothing.
    await staged!.cancel();
    expect(await tables()).toEqual(['_smig_migrations', 'a']);
  });

  it('cancelled, it leaves nothing, and the database takes writes as before', async () => {
    const staged = await StagedMigration.stage(
      db,
      record('m2', 'DEFINE TABLE b; DEFINE FIELD f ON b TYPE int;', 2),
    );
    await staged!.cancel();
    expect(await staged!.commit()).toBeUndefined();
    expect(await tables()).toEqual(['_smig_migrations', 'a']);
    await app.query('CREATE a:1 SET x = 1').collect();
    const [rows] = (await app.query('SELECT VALUE x FROM a').collect()) as [number[]];
    expect(rows).toEqual([1]);
  });

  it('a statement that fails in it: not committed, and none of its statements kept', async () => {
    // The SDK's transaction would keep the statements that succeeded if it were committed.
    // `a` exists already: the second statement fails when it runs.
    const staged = await StagedMigration.stage(db, record('m3', 'DEFINE TABLE c; DEFINE TABLE a;', 2));
    expect(await staged!.commit()).toBeUndefined();
    expect(await tables()).toEqual(['_smig_migrations', 'a']);
    const [ids] = (await app.query('SELECT VALUE record::id(id) FROM _smig_migrations').collect()) as [
      string[],
    ];
    expect(ids).toEqual(['m1']);
  });

  it('runs the data repair it is given, and notes the state digest, before it commits', async () => {
    const staged = await StagedMigration.stage(db, record('m4', 'DEFINE FIELD y ON a TYPE option<int>;', 2));
    const ms = await staged!.commit({
      repair: { sql: 'UPDATE a SET y = $y RETURN NONE;', bindings: { y: 7 } },
      stateDigest: 'd'.repeat(64),
    });
    expect(ms).toBeTypeOf('number');
    const [ys] = (await app.query('SELECT VALUE y FROM a').collect()) as [number[]];
    expect(ys).toEqual([7]);
    const [noted] = (await app.query('SELECT VALUE state_digest FROM _smig_migrations:m4').collect()) as [
      string[],
    ];
    expect(noted).toEqual(['d'.repeat(64)]);
  });

  it('is not made of a migration that writes records', async () => {
    expect(await StagedMigration.stage(db, record('m6', 'DEFINE TABLE f; CREATE f:1;', 2))).toBeUndefined();
    expect(await tables()).toEqual(['_smig_migrations', 'a']);
  });

  it('is only the migration it was staged as: same id, same place in the order, same statements', async () => {
    const staged = await StagedMigration.stage(db, record('m5', 'DEFINE TABLE e;', 3));
    expect(staged!.is(record('m5', 'DEFINE TABLE e;', 3))).toBe(true);
    expect(staged!.is(record('m5', 'DEFINE TABLE e;', 4))).toBe(false);
    expect(staged!.is(record('m6', 'DEFINE TABLE e;', 3))).toBe(false);
    expect(staged!.is(record('m5', 'DEFINE TABLE f;', 3))).toBe(false);
    await staged!.cancel();
  });
});

describe('what is staged', () => {
  it('a forward section of schema statements only', () => {
    expect(
      stageable('DEFINE TABLE a SCHEMAFULL;\nDEFINE FIELD x ON a TYPE int;\nALTER TABLE a COMMENT "x";'),
    ).toBe(true);
    expect(stageable("REMOVE FIELD x ON a; -- UPDATE a SET x = 1;\nDEFINE FIELD y ON a DEFAULT 'a;b';")).toBe(
      true,
    );
  });

  it('not one that writes records, or has nothing to run', () => {
    expect(stageable('DEFINE FIELD x ON a TYPE int;\nUPDATE a SET x = 0 WHERE x = NONE;')).toBe(false);
    expect(stageable('DEFINE TABLE a; CREATE a:1;')).toBe(false);
    expect(stageable('FOR $r IN (SELECT * FROM a) { UPDATE $r.id SET x = 1 };')).toBe(false);
    expect(stageable('LET $x = 1; DEFINE TABLE a;')).toBe(false);
    expect(stageable('-- nothing\n')).toBe(false);
  });
});

describe('push stages the first pending migration while it checks it', () => {
  const { p, app, at, query } = projectWithApp('smig-staged-');
  const schema = (
    fields: string,
  ) => `import { composeSchema, defineSchema, int, literal, string } from 'smig';
export default composeSchema({ models: { item: defineSchema({ table: 'item', fields: { ${fields} } }) } });`;
  const userTables = async () => {
    const [info] = await query<[{ tables: object }]>('INFO FOR DB');
    return Object.keys(info.tables)
      .filter((t) => !t.startsWith('_smig'))
      .sort();
  };
  const ledger = async () =>
    (await query<[string[]]>('array::sort(SELECT VALUE record::id(id) FROM _smig_migrations)'))[0];

  it('a migration whose rollback does not restore the state: refused, and the staged one leaves nothing', async () => {
    p.write('schema.js', schema("name: string(), kind: literal('a', 'b', 'c')"));
    const made = await diff({ cwd: p.dir, environment: {}, message: 'items', cache: false });
    const file = join(p.dir, 'migrations', `${made.written!.id}.surql`);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/REMOVE TABLE item;/, '-- forgot'));
    const events: PushEvent[] = [];
    const refused = await migrate({ ...at, onEvent: (e) => events.push(e) }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(IntegrityError);
    expect((refused as Error).message).toContain('rollback');
    expect(events).toContainEqual({ kind: 'staged', id: made.written!.id });
    expect(events.some((e) => e.kind === 'applied')).toBe(false);
    expect(await userTables()).toEqual([]);
    expect(await query('INFO FOR DB')).not.toHaveProperty('0.tables._smig_migrations');
    writeFileSync(file, text);
  });

  it('applies it once checked, with its ledger record', async () => {
    const events: PushEvent[] = [];
    const done = await migrate({ ...at, onEvent: (e) => events.push(e) });
    expect(done.migrations.map((m) => m.message)).toEqual(['items']);
    expect(
      events.map((e) => e.kind).filter((k) => k === 'staged' || k === 'applying' || k === 'applied'),
    ).toEqual(['staged', 'applying', 'applied']);
    expect(await userTables()).toEqual(['item']);
    expect(await ledger()).toHaveLength(1);
  });

  it('with --allow-data-loss, the values that cannot be kept are removed in the same transaction', async () => {
    await app
      .query("CREATE item:1 SET name = 'x', kind = 'a'; CREATE item:2 SET name = 'y', kind = 'c';")
      .collect();
    p.write('schema.js', schema("name: string(), kind: literal('a', 'b')"));
    await diff({ cwd: p.dir, environment: {}, message: 'narrow', cache: false });
    await expect(migrate(at)).rejects.toThrow(/item/);
    const events: PushEvent[] = [];
    const done = await migrate({ ...at, allowDataLoss: true, onEvent: (e) => events.push(e) });
    expect(done.migrations.map((m) => m.message)).toEqual(['narrow']);
    expect(events.some((e) => e.kind === 'staged')).toBe(true);
    const [rows] = await query<[{ id: string; kind?: string }[]]>(
      'SELECT record::id(id) AS id, kind FROM item ORDER BY id',
    );
    expect(rows).toEqual([{ id: 1, kind: 'a' }, { id: 2 }]);
    // Every record can be written again under the new schema.
    await app.query('UPDATE item SET name = name RETURN NONE').collect();
  });

  it('a migration that writes records runs only after the checks', async () => {
    p.write('schema.js', schema("name: string(), kind: literal('a', 'b'), qty: int(), note: string()"));
    const made = await diff({ cwd: p.dir, environment: {}, message: 'note', cache: false });
    const file = join(p.dir, 'migrations', `${made.written!.id}.surql`);
    const text = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      text.replace('-- Rollback migration', "UPDATE item SET note = 'none';\n\n-- Rollback migration"),
    );
    const events: PushEvent[] = [];
    const done = await migrate({ ...at, onEvent: (e) => events.push(e) });
    expect(done.migrations.map((m) => m.message)).toEqual(['note']);
    expect(events.some((e) => e.kind === 'staged')).toBe(false);
    const [notes] = await query<[string[]]>('SELECT VALUE note FROM item');
    expect(notes).toEqual(['none', 'none']);
  });

  it('given up when another process applied it while this one waited for the lock', async () => {
    p.write(
      'schema.js',
      schema("name: string(), kind: literal('a', 'b'), qty: int(), note: string(), size: int()"),
    );
    const made = await diff({ cwd: p.dir, environment: {}, message: 'size', cache: false });
    const id = made.written!.id;
    const file = (await readMigrations(join(p.dir, 'migrations'))).find((m) => m.id === id)!;
    const other = await Connection.borrow(app, parseDatabaseUrl('mem://', p.dir), 'app', 'main');
    const lock = await acquireLock(other, { command: 'push' });
    let meanwhile: Promise<void> | undefined;
    const events: PushEvent[] = [];
    try {
      const pushed = await migrate({
        ...at,
        onEvent: (e) => {
          events.push(e);
          // The other process applies the same migration, then lets go of the lock.
          if (e.kind === 'lock-waiting' && meanwhile === undefined) {
            meanwhile = applyMigration(other, ledgerRecord(file, 4)).then(() => lock.release());
          }
        },
      });
      await meanwhile;
      expect(events).toContainEqual({ kind: 'staged', id });
      expect(pushed.migrations).toEqual([]);
      expect(await ledger()).toHaveLength(4);
      const [info] = await query<[{ fields: object }]>('INFO FOR TABLE item');
      expect(Object.keys(info.fields).sort()).toEqual(['kind', 'name', 'note', 'qty', 'size']);
    } finally {
      await other.close();
    }
  });
});

/**
 * The check of a staged migration on the part of the schema it reaches: it only ever accepts a
 * migration whose forward gives, on the part, exactly what the target's transaction shows and whose
 * rollback gives the part back; anything else is left to the whole rehearsal (undefined).
 */
describe('a staged migration checked on the part it reaches', () => {
  const app = new Surreal({ engines: createNodeEngines() });
  let db: Connection;
  let shadow: Shadow;
  let before: Snapshot;
  beforeAll(async () => {
    await app.connect('mem://');
    await app.use({ namespace: 'part', database: 'one' });
    db = await Connection.borrow(app, parseDatabaseUrl('mem://', process.cwd()), 'part', 'one');
    await app
      .query(
        'DEFINE TABLE a SCHEMAFULL; DEFINE FIELD x ON a TYPE int; DEFINE TABLE b SCHEMAFULL; DEFINE FIELD y ON b TYPE string; DEFINE TABLE c SCHEMAFULL; DEFINE FIELD z ON c TYPE int; DEFINE TABLE v AS SELECT x FROM a;',
      )
      .collect();
    before = await introspect(db);
    shadow = await Shadow.open();
  });
  afterAll(async () => {
    await shadow.close();
    await db.close();
    await app.close();
  });
  const check = async (forward: string, rollback: string) => {
    const staged = (await StagedMigration.stage(db, record('p', forward)))!;
    try {
      return await checkOnPart(shadow, before, staged, {
        id: 'p',
        message: 'p',
        checksum: '',
        forward,
        rollback,
      });
    } finally {
      await staged.cancel();
    }
  };

  it('accepts a migration whose rollback gives its part back, with the state the target shows', async () => {
    const after = await check('DEFINE FIELD w ON b TYPE option<int>;', 'REMOVE FIELD w ON b;');
    expect(after).toBeDefined();
    expect([...after!.entities.keys()].filter((k) => !before.entities.has(k))).toEqual(['field:b:w']);
  });

  it('accepts a change to a table a view reads (the view is in the part with it)', async () => {
    const after = await check('DEFINE FIELD n ON a TYPE option<int>;', 'REMOVE FIELD n ON a;');
    expect(after).toBeDefined();
  });

  it('leaves to the whole rehearsal a rollback that does not give the part back', async () => {
    expect(await check('DEFINE FIELD w ON b TYPE option<int>;', '')).toBeUndefined();
    expect(
      await check('DEFINE FIELD w ON b TYPE option<int>;', 'REMOVE FIELD w ON b; REMOVE FIELD y ON b;'),
    ).toBeUndefined();
  });

  it('and one that reaches outside the part, or fails there', async () => {
    expect(
      await check('DEFINE FIELD w ON b TYPE option<int>;', 'REMOVE FIELD w ON b; REMOVE FIELD z ON c;'),
    ).toBeUndefined();
    expect(
      await check('DEFINE FIELD w ON b TYPE option<int>;', 'REMOVE FIELD nothing ON b;'),
    ).toBeUndefined();
  });

  it('and a forward that failed on the target, or one that reaches every table', async () => {
    expect(
      await check('DEFINE FIELD w ON b TYPE option<int>; DEFINE FIELD q ON b TYPE nonsense;', ''),
    ).toBeUndefined();
    expect(
      await check('REMOVE TABLE v; REMOVE TABLE a; REMOVE TABLE b; REMOVE TABLE c;', ''),
    ).toBeUndefined();
  });
});

describe('push checks a staged migration on the part of a larger schema it reaches', () => {
  const { p, at, query } = projectWithApp('smig-staged-part-');
  const schema = (extra: string) => `import { composeSchema, defineSchema, int, string } from 'smig';
export default composeSchema({ models: {
  a: defineSchema({ table: 'a', fields: { x: int() } }),
  b: defineSchema({ table: 'b', fields: { y: string()${extra} } }),
  c: defineSchema({ table: 'c', fields: { z: int() } }),
} });`;
  const fieldsOf = async (table: string) =>
    Object.keys((await query<[{ fields: object }]>(`INFO FOR TABLE ${table}`))[0].fields).sort();

  it('applies a change to one table of three, and refuses one whose rollback reaches another table', async () => {
    p.write('schema.js', schema(''));
    await diff({ cwd: p.dir, environment: {}, message: 'tables', cache: false });
    await migrate(at);

    p.write('schema.js', schema(', w: int()'));
    const broken = await diff({ cwd: p.dir, environment: {}, message: 'w', cache: false });
    const file = join(p.dir, 'migrations', `${broken.written!.id}.surql`);
    const text = readFileSync(file, 'utf8');
    // A rollback that also removes a field the forward never touched, in a table outside the change.
    writeFileSync(
      file,
      text.replace('REMOVE FIELD w ON TABLE b;', 'REMOVE FIELD w ON TABLE b;\nREMOVE FIELD z ON TABLE c;'),
    );
    const refused = await migrate(at).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(IntegrityError);
    expect((refused as Error).message).toContain('does not restore');
    expect(await fieldsOf('b')).toEqual(['y']);

    writeFileSync(file, text);
    const events: PushEvent[] = [];
    const done = await migrate({ ...at, onEvent: (e) => events.push(e) });
    expect(done.migrations.map((m) => m.message)).toEqual(['w']);
    expect(events.some((e) => e.kind === 'staged')).toBe(true);
    expect(await fieldsOf('b')).toEqual(['w', 'y']);
    expect(await fieldsOf('c')).toEqual(['z']);
    const status = await getStatus(at);
    expect(status).toMatchObject({ inSync: true, pending: [] });
  });
});
