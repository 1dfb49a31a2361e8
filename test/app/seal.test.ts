import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeEngines } from '@surrealdb/node';
import { Surreal } from 'surrealdb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeMigration } from '../../src/app/make-migration.js';
import { Project } from '../../src/app/project.js';
import { sealedState } from '../../src/app/push.js';
import { StagedMigration } from '../../src/app/staged-migration.js';
import { partDatabase } from '../../src/app/verify-scope.js';
import { loadConfig } from '../../src/config/load-config.js';
import { Connection, Shadow } from '../../src/engine/connection.js';
import { parseDatabaseUrl } from '../../src/engine/url.js';
import { IntegrityError } from '../../src/errors.js';
import { formatMigration, parseMigration } from '../../src/history/migration-file.js';
import { migrationSeal } from '../../src/history/seal.js';
import { diff, getStatus, migrate } from '../../src/index.js';
import { introspect } from '../../src/introspect/introspect.js';
import { type Snapshot, snapshotOf, stateDigest } from '../../src/model/snapshot.js';
import { projectWithApp } from '../helpers/app-project.js';
import { TempProject } from '../helpers/project.js';

describe('the -- verified: line of a migration file', () => {
  const draft = {
    id: '20240115103000_add_user_table',
    message: 'Add user table',
    created: new Date('2024-01-15T10:30:00Z'),
    parent: null,
    forward: ['DEFINE TABLE user'],
    rollback: ['REMOVE TABLE user'],
  };

  it('is written in the header and read back', () => {
    const text = formatMigration({ ...draft, verified: { seal: 'ab'.repeat(32), state: 'cd'.repeat(32) } });
    expect(text.split('\n').slice(0, 7)).toEqual([
      '-- smig migration 20240115103000_add_user_table',
      '-- message: Add user table',
      '-- created: 2024-01-15T10:30:00.000Z',
      '-- parent: none',
      `-- verified: ${'ab'.repeat(32)}`,
      `-- state: ${'cd'.repeat(32)}`,
      '',
    ]);
    const read = parseMigration(text, `${draft.id}.surql`);
    expect([read.verified, read.state]).toEqual(['ab'.repeat(32), 'cd'.repeat(32)]);
  });

  it('is no seal when it is not a sha256 digest (a comment like any other), nor in a file without it', () => {
    const text = formatMigration(draft).replace('-- parent: none', '-- parent: none\n-- verified: by Ann');
    expect(parseMigration(text, `${draft.id}.surql`).verified).toBeUndefined();
    expect(parseMigration(formatMigration(draft), `${draft.id}.surql`).verified).toBeUndefined();
  });
});

/**
 * A staged migration's state stands for the rehearsal exactly when the file's seal is the seal of that
 * state, the state before it, its sections and the shadow's engine.
 */
describe('the state a sealed migration gave', () => {
  const app = new Surreal({ engines: createNodeEngines() });
  let db: Connection;
  let shadow: Shadow;
  let before: Snapshot;
  let engineVersion: string;
  const forward = 'DEFINE FIELD w ON b TYPE option<int>;';
  const rollback = 'REMOVE FIELD w ON b;';
  beforeAll(async () => {
    await app.connect('mem://');
    await app.use({ namespace: 'seal', database: 'one' });
    db = await Connection.borrow(app, parseDatabaseUrl('mem://', process.cwd()), 'seal', 'one');
    await app.query('DEFINE TABLE a SCHEMAFULL; DEFINE TABLE b SCHEMAFULL;').collect();
    before = await introspect(db);
    shadow = await Shadow.open();
    engineVersion = await shadow.engineVersion();
  });
  afterAll(async () => {
    await shadow.close();
    await db.close();
    await app.close();
  });
  /** What the target's staged forward section gives, as `diff` would have read it when it verified it. */
  const expectedAfter = async (sql: string) => {
    const scratch = await shadow.database('expected');
    await scratch.query('DEFINE TABLE a SCHEMAFULL; DEFINE TABLE b SCHEMAFULL;');
    await scratch.query(sql);
    return introspect(scratch);
  };
  const stagedState = async (
    file: { forward: string; rollback: string; verified?: string; state?: string },
    from: Snapshot = before,
  ) => {
    const up = file.forward;
    const staged = (await StagedMigration.stage(db, {
      id: 's',
      message: 's',
      checksum: 'c'.repeat(64),
      up,
      down: file.rollback,
      smigVersion: 'test',
      seq: 1,
    }))!;
    try {
      return await sealedState(shadow, from, staged, { id: 's', message: 's', checksum: '', ...file }, db);
    } finally {
      await staged.cancel();
    }
  };

  it('is taken when the seal is that of this state, these sections and this engine', async () => {
    const after = await expectedAfter(forward);
    const verified = migrationSeal({ engineVersion, before, after, forward, rollback, writable: true });
    const taken = await stagedState({ forward, rollback, verified, state: stateDigest(after) });
    expect(taken).toBeDefined();
    expect([...taken!.entities.keys()].filter((k) => !before.entities.has(k))).toEqual(['field:b:w']);
  });

  it('reads the state for the tables the statements name, and whole only when that is not the sealed one', async () => {
    const whole = vi.spyOn(StagedMigration.prototype, 'state');
    try {
      const after = await expectedAfter(forward);
      const verified = migrationSeal({ engineVersion, before, after, forward, rollback, writable: true });
      expect(await stagedState({ forward, rollback, verified, state: stateDigest(after) })).toBeDefined();
      expect(whole).not.toHaveBeenCalled();
      // A seal that notes a change to a table the statements do not name: read whole, and not taken.
      const elsewhere = await expectedAfter(`${forward}\nDEFINE FIELD z ON a TYPE option<int>;`);
      const noted = migrationSeal({
        engineVersion,
        before,
        after: elsewhere,
        forward,
        rollback,
        writable: true,
      });
      const state = stateDigest(elsewhere);
      expect(await stagedState({ forward, rollback, verified: noted, state })).toBeUndefined();
      expect(whole).toHaveBeenCalledTimes(1);
    } finally {
      whole.mockRestore();
    }
  });

  it('is not taken for an edited section, another state before, another engine, or without a seal', async () => {
    const after = await expectedAfter(forward);
    const state = stateDigest(after);
    const verified = migrationSeal({ engineVersion, before, after, forward, rollback, writable: true });
    expect(await stagedState({ forward, rollback: '', verified, state })).toBeUndefined();
    const more = `${forward}\nDEFINE FIELD v ON b TYPE option<int>;`;
    expect(await stagedState({ forward: more, rollback, verified, state })).toBeUndefined();
    const other = await expectedAfter('DEFINE TABLE c SCHEMAFULL;');
    expect(await stagedState({ forward, rollback, verified, state }, other)).toBeUndefined();
    const version = `${engineVersion}-other`;
    const elsewhere = migrationSeal({
      engineVersion: version,
      before,
      after,
      forward,
      rollback,
      writable: true,
    });
    expect(await stagedState({ forward, rollback, verified: elsewhere, state })).toBeUndefined();
    expect(await stagedState({ forward, rollback, state })).toBeUndefined();
    expect(await stagedState({ forward, rollback, verified })).toBeUndefined();
  });

  it('is not taken when the forward section gave the target another state than the verification saw', async () => {
    const after = await expectedAfter('DEFINE FIELD w ON b TYPE option<string>;');
    const verified = migrationSeal({ engineVersion, before, after, forward, rollback, writable: true });
    expect(await stagedState({ forward, rollback, verified, state: stateDigest(after) })).toBeUndefined();
  });

  it('is not taken when a statement failed on the target', async () => {
    const failing = `${forward}\nDEFINE FIELD q ON b TYPE nonsense;`;
    const after = await expectedAfter(forward);
    const verified = migrationSeal({
      engineVersion,
      before,
      after,
      forward: failing,
      rollback,
      writable: true,
    });
    expect(
      await stagedState({ forward: failing, rollback, verified, state: stateDigest(after) }),
    ).toBeUndefined();
  });
});

/**
 * `smig diff -m` seals what its verification found; a push without `.smig/cache/` (a fresh checkout)
 * takes that seal instead of rehearsing the migration, when its target is in the state the migration
 * was made on, and rehearses it otherwise.
 */
describe('push of a migration diff sealed', () => {
  const { p, app, at, query } = projectWithApp('smig-seal-');
  const schema = (extra: string) => `import { composeSchema, defineSchema, int, string } from 'smig';
export default composeSchema({ models: {
  a: defineSchema({ table: 'a', fields: { x: int() } }),
  b: defineSchema({ table: 'b', fields: { y: string()${extra} } }),
} });`;
  const fileOf = (id: string) => join(p.dir, 'migrations', `${id}.surql`);
  /** The seal of a file's sections run on `before`, giving `after`. */
  const sealOf = async (id: string, before: Snapshot, after: Snapshot) => {
    const { forward, rollback } = parseMigration(readFileSync(fileOf(id), 'utf8'), fileOf(id));
    const shadow = await Shadow.open();
    const engineVersion = await shadow.engineVersion();
    await shadow.close();
    return migrationSeal({ engineVersion, before, after, forward, rollback, writable: true });
  };
  const fileHeader = (id: string) => parseMigration(readFileSync(fileOf(id), 'utf8'), fileOf(id));
  const live = async () => {
    const db = await Connection.borrow(app, parseDatabaseUrl('mem://', p.dir), 'app', 'main');
    try {
      return await introspect(db);
    } finally {
      await db.close();
    }
  };
  const fields = async (table: string) =>
    Object.keys((await query<[{ fields: object }]>(`INFO FOR TABLE ${table}`))[0].fields).sort();

  it('diff -m writes the seal of the state it made the migration on and the state it gives', async () => {
    const first = await diffTo(p, schema(''), 'tables');
    const done = await migrate(at);
    expect(done.migrations.map((m) => m.message)).toEqual(['tables']);
    expect(await fields('b')).toEqual(['y']);
    expect((await getStatus(at)).inSync).toBe(true);
    // The seal push computes for this migration on an empty database: the one the file carries.
    const state = await live();
    const { verified, state: noted } = fileHeader(first.written!.id);
    expect([verified, noted]).toEqual([
      await sealOf(first.written!.id, snapshotOf([]), state),
      stateDigest(state),
    ]);
  });

  it('an edited rollback no longer has the seal of its file and is rehearsed (refused); resealed, it is not', async () => {
    const made = await diffTo(p, schema(', w: int()'), 'w');
    const id = made.written!.id;
    const before = await live();
    const after = await appliedState(before, fileHeader(id).forward);
    expect([fileHeader(id).verified, fileHeader(id).state]).toEqual([
      await sealOf(id, before, after),
      stateDigest(after),
    ]);
    withRollbackSection(fileOf(id), '');
    const refused = await migrate(at).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(IntegrityError);
    expect((refused as Error).message).toContain('does not restore the schema');
    expect(await fields('b')).toEqual(['y']);

    // The same file sealed for what it now holds: the push takes the seal and rehearses nothing (which is
    // how a seal differs from a rehearsal; only a seal made by hand can be wrong like this one).
    await resealFile(fileOf(id), before, after);
    const done = await migrate(at);
    expect(done.migrations.map((m) => m.message)).toEqual(['w']);
    expect(await fields('b')).toEqual(['w', 'y']);
  });
});

/**
 * A `diff` with nothing kept (a fresh checkout) whose history is sealed migration after migration, and
 * whose schema file gives the state the last seal notes, has nothing to replay; any other history is
 * replayed as before.
 */
describe('diff over a sealed history', () => {
  const p = new TempProject('smig-sealed-history-');
  afterAll(() => p.remove());
  const schema = (extra: string) => `import { composeSchema, defineSchema, int, string } from 'smig';
export default composeSchema({ models: {
  a: defineSchema({ table: 'a', fields: { x: int() } }),
  b: defineSchema({ table: 'b', fields: { y: string()${extra} } }),
} });`;
  /** `smig diff` without a cache: its outcome, and whether it replayed the history. */
  const coldDiff = async (message?: string) => {
    const config = await loadConfig({ cwd: p.dir, flags: { url: 'mem://' }, env: {} });
    const project = new Project(config, { cache: false });
    const phases: string[] = [];
    try {
      const outcome = await makeMigration(project, {
        now: new Date(),
        ...(message === undefined ? {} : { message }),
        onEvent: (e) => {
          if (e.kind === 'phase') phases.push(e.phase);
          if (e.kind === 'phases') phases.push(...e.phases.map((x) => x.phase));
        },
      });
      return {
        changes: outcome.result.changes.length,
        replayed: phases.includes('replaying'),
        proved: phases.includes('writes'),
        outcome,
      };
    } finally {
      await project.close();
    }
  };

  it('is not replayed when the schema file gives the state its last seal notes', async () => {
    p.write('schema.js', schema(''));
    await coldDiff('tables');
    p.write('schema.js', schema(', w: int()'));
    await coldDiff('w');
    // The seal also says the state's tables were proven to take a record: not proven again.
    expect(await coldDiff()).toMatchObject({ changes: 0, replayed: false, proved: false });
  });

  it('proves the writes when the last seal does not say they were (a squash writes such a seal)', async () => {
    const [first, last] = migrationFiles(p.dir);
    const text = readFileSync(last!, 'utf8');
    const one = await appliedState(snapshotOf([]), forwardOf(first!));
    await resealFile(last!, one, await appliedState(one, forwardOf(last!)), false);
    expect(await coldDiff()).toMatchObject({ changes: 0, replayed: false, proved: true });
    writeFileSync(last!, text);
  });

  it('is replayed when the schema file changed (and the change is found)', async () => {
    p.write('schema.js', schema(', w: int(), v: int()'));
    expect(await coldDiff()).toMatchObject({ changes: 1, replayed: true, proved: true });
    p.write('schema.js', schema(', w: int()'));
  });

  it('is replayed when a migration was edited, or has no seal (written by hand)', async () => {
    const [first] = migrationFiles(p.dir);
    const text = readFileSync(first!, 'utf8');
    writeFileSync(first!, text.replace('-- Rollback migration', '-- reviewed\n-- Rollback migration'));
    expect(await coldDiff()).toMatchObject({ changes: 0, replayed: true, proved: true });
    writeFileSync(first!, text);
    expect(await coldDiff()).toMatchObject({ changes: 0, replayed: false });
    writeFileSync(first!, text.replace(/^-- verified: .*\n/m, ''));
    expect(await coldDiff()).toMatchObject({ changes: 0, replayed: true });
    writeFileSync(first!, text);
  });
});

/**
 * Several pending migrations sealed one after the other from the state the ledger describes: only their
 * forward sections run on the scratch copy (their seals stand for their rollbacks), and the state they
 * leave must be the one the last seal notes; otherwise they are checked the usual way, on a fresh copy.
 */
describe('push of several sealed migrations', () => {
  const { p, at, query } = projectWithApp('smig-seal-chain-');
  const schema = (extra: string) => `import { composeSchema, defineSchema, int, string } from 'smig';
export default composeSchema({ models: {
  a: defineSchema({ table: 'a', fields: { x: int() } }),
  b: defineSchema({ table: 'b', fields: { y: string()${extra} } }),
} });`;
  const tables = async () =>
    Object.keys((await query<[{ tables: object }]>('INFO FOR DB'))[0].tables)
      .filter((t) => !t.startsWith('_smig'))
      .sort();

  it('runs only their forward sections: a rollback sealed as it is is not rehearsed', async () => {
    await diffTo(p, schema(''), 'tables');
    await diffTo(p, schema(', w: int()'), 'w');
    await diffTo(p, schema(', w: int(), v: int()'), 'v');
    const [first, second] = migrationFiles(p.dir);
    const one = await appliedState(snapshotOf([]), forwardOf(first!));
    const two = await appliedState(one, forwardOf(second!));
    // The middle migration's rollback emptied: no longer its seal, so rehearsed, and refused.
    withRollbackSection(second!, '');
    const refused = await migrate(at).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(IntegrityError);
    expect((refused as Error).message).toContain('does not restore the schema');
    expect(await tables()).toEqual([]);
    // Sealed as it now is (only a seal made by hand can be wrong so), it is taken for its check.
    await resealFile(second!, one, two);
    const done = await migrate(at);
    expect(done.migrations.map((m) => m.message)).toEqual(['tables', 'w', 'v']);
    expect(await tables()).toEqual(['a', 'b']);
    expect((await getStatus(at)).inSync).toBe(true);
  });
});

describe('push of sealed migrations that do not give the state their seals note', () => {
  const { p, at, query } = projectWithApp('smig-seal-wrong-');
  const schema = (extra: string) => `import { composeSchema, defineSchema, int } from 'smig';
export default composeSchema({ models: { a: defineSchema({ table: 'a', fields: { x: int()${extra} } }) } });`;

  it('checks them the usual way, on a fresh copy', async () => {
    await diffTo(p, schema(''), 'a');
    await diffTo(p, schema(', y: int()'), 'y');
    const [first, last] = migrationFiles(p.dir);
    const one = await appliedState(snapshotOf([]), forwardOf(first!));
    // The last seal notes an empty schema: the seals hold one after the other, but the state is another.
    await resealFile(last!, one, snapshotOf([]));
    const done = await migrate(at);
    expect(done.migrations.map((m) => m.message)).toEqual(['a', 'y']);
    const [info] = await query<[{ fields: object }]>('INFO FOR TABLE a');
    expect(Object.keys(info.fields).sort()).toEqual(['x', 'y']);
    expect((await getStatus(at)).inSync).toBe(true);
  });
});

/** Writes the schema file and, without a cache, the migration `smig diff -m` makes of it. */
function diffTo(p: TempProject, schema: string, message: string) {
  p.write('schema.js', schema);
  return diff({ cwd: p.dir, environment: {}, message, cache: false });
}

/** A migration file's forward section. */
function forwardOf(file: string): string {
  return parseMigration(readFileSync(file, 'utf8'), file).forward;
}

/** The migration files of a project, in id order. */
function migrationFiles(dir: string): string[] {
  return readdirSync(join(dir, 'migrations'))
    .sort()
    .map((f) => join(dir, 'migrations', f));
}

/** The state `sql` gives after `state`, on a scratch database. */
async function appliedState(state: Snapshot, sql: string): Promise<Snapshot> {
  const shadow = await Shadow.open();
  try {
    const db = (await partDatabase(shadow, state, 'state'))!;
    await db.query(sql);
    return await introspect(db);
  } finally {
    await shadow.close();
  }
}

/**
 * Rewrites a file's seal and state line as if its sections had been verified on `before`, giving `after`
 * (and `after` proven writable).
 */
async function resealFile(file: string, before: Snapshot, after: Snapshot, writable = true): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const { forward, rollback } = parseMigration(text, file);
  const shadow = await Shadow.open();
  const engineVersion = await shadow.engineVersion();
  await shadow.close();
  const seal = migrationSeal({ engineVersion, before, after, forward, rollback, writable });
  writeFileSync(
    file,
    text
      .replace(/^-- verified: .*$/m, `-- verified: ${seal}`)
      .replace(/^-- state: .*$/m, `-- state: ${stateDigest(after)}`),
  );
}

/** The file with its rollback section replaced (the way a reviewer edits it). */
function withRollbackSection(file: string, rollback: string): void {
  const text = readFileSync(file, 'utf8');
  writeFileSync(
    file,
    `${text.slice(0, text.indexOf('-- Rollback migration'))}-- Rollback migration\n${rollback}\n`,
  );
}
