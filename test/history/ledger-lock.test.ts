import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Queryable, Shadow } from '../../src/engine/connection.js';
import { LockError, MigrationError } from '../../src/errors.js';
import { applyMigration, readLedger, revertMigration } from '../../src/history/ledger.js';
import { acquireLock } from '../../src/history/lock.js';
import { introspect } from '../../src/introspect/introspect.js';

let shadow: Shadow;
beforeAll(async () => {
  shadow = await Shadow.open();
});
afterAll(async () => {
  await shadow.close();
});

const record = (id: string, up: string, down = '') => ({
  id,
  message: `m ${id}`,
  checksum: `c-${id}`,
  up,
  down,
  smigVersion: 'test',
});

async function tables(db: Queryable): Promise<string[]> {
  const snap = await introspect(db);
  return [...snap.entities.values()].filter((e) => e.ref.kind === 'table').map((e) => e.ref.name);
}

describe('ledger', () => {
  it('records an applied migration with every field, and removes it on rollback', async () => {
    const db = await shadow.database();
    await applyMigration(db, record('20240101000000_a', 'DEFINE TABLE a SCHEMAFULL;', 'REMOVE TABLE a;'));
    const [entry] = await readLedger(db);
    expect(entry).toMatchObject({
      id: '20240101000000_a',
      message: 'm 20240101000000_a',
      checksum: 'c-20240101000000_a',
    });
    expect(entry?.up).toBe('DEFINE TABLE a SCHEMAFULL;');
    expect(entry?.down).toBe('REMOVE TABLE a;');
    expect(entry?.appliedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(entry?.durationMs).toBeGreaterThanOrEqual(0);
    expect(await tables(db)).toEqual(['a']);
    await revertMigration(db, entry!);
    expect(await readLedger(db)).toEqual([]);
    expect(await tables(db)).toEqual([]);
  });

  it('a failing migration leaves neither schema changes nor a ledger record', async () => {
    const db = await shadow.database();
    const up = "DEFINE TABLE b SCHEMAFULL; DEFINE FIELD n ON b TYPE int; CREATE b:1 SET n = 'not a number';";
    await expect(applyMigration(db, record('20240101000000_b', up))).rejects.toThrow(MigrationError);
    expect(await readLedger(db)).toEqual([]);
    expect(await tables(db)).toEqual([]);
  });

  it('a migration that ends early with RETURN is reported', async () => {
    const db = await shadow.database();
    await expect(applyMigration(db, record('20240101000000_c', 'DEFINE TABLE c; RETURN 1;'))).rejects.toThrow(
      /ended the transaction early/,
    );
  });

  it('reads an empty ledger on a database smig never touched', async () => {
    expect(await readLedger(await shadow.database())).toEqual([]);
  });
});

describe('lock', () => {
  it('stops a second holder, naming the first, until it is released', async () => {
    const db = await shadow.database();
    const first = await acquireLock(db, { command: 'push' });
    const second = acquireLock(db, { command: 'push', waitMs: 300, pollMs: 50 });
    await expect(second).rejects.toThrow(LockError);
    await expect(acquireLock(db, { command: 'push', waitMs: 300, pollMs: 50 })).rejects.toThrow(
      /held by .*pid \d+, push/,
    );
    await first.release();
    const third = await acquireLock(db, { command: 'rollback', waitMs: 300 });
    await third.release();
  });

  it('waits for a holder that finishes in time', async () => {
    const db = await shadow.database();
    const first = await acquireLock(db, { command: 'push' });
    const events: string[] = [];
    setTimeout(() => void first.release(), 200);
    const second = await acquireLock(db, {
      command: 'push',
      waitMs: 5_000,
      pollMs: 50,
      onEvent: (e) => events.push(e.kind),
    });
    expect(events).toEqual(['waiting']);
    await second.release();
  });

  it('takes over an expired lock and reports it', async () => {
    const db = await shadow.database();
    await acquireLock(db, { command: 'push', ttlMs: 1 }); // a holder that died without releasing
    await new Promise((r) => setTimeout(r, 1100));
    const events: { kind: string; pid: number }[] = [];
    const lock = await acquireLock(db, {
      command: 'push',
      waitMs: 0,
      onEvent: (e) => events.push({ kind: e.kind, pid: e.holder.pid }),
    });
    expect(events).toEqual([{ kind: 'takeover', pid: process.pid }]);
    await lock.release();
  });
});
