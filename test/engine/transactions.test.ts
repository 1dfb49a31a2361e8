import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/engine/connection.js';
import { parseDatabaseUrl } from '../../src/engine/url.js';

/**
 * What a staged migration relies on in the engine's own transactions (an SDK transaction held open
 * across requests), on an on-disk store as a target is: if one of these stops being true with a new
 * engine, push must not stage.
 */
describe('an open transaction on an on-disk store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smig-tx-'));
  // The engine may go on writing the store's files after it is closed (seen as ENOTEMPTY for seconds on
  // a busy machine): removed once it lets go, or else left in the system's temporary folder.
  afterAll(() => {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // Still written to by the engine; the temporary folder is the system's to clean.
    }
  });
  const open = () =>
    connect({ url: parseDatabaseUrl(`surrealkv://${join(dir, 'db')}`, dir), namespace: 'n', database: 'd' });

  it('is invisible to the rest, takes writes of other sessions meanwhile, and commits after them', async () => {
    const db = await open();
    try {
      const tx = (await db.transaction())!;
      const staged = await tx.results(
        'DEFINE TABLE a SCHEMAFULL; DEFINE FIELD x ON a TYPE int; CREATE _ledger:one;',
      );
      expect(staged.every((r) => r.ok)).toBe(true);
      // Another session (the lock, the data check) writes and reads while it is open.
      await db.query('CREATE _lock:push SET owner = 1');
      const [outside] = (await db.query('INFO FOR DB')) as [{ tables: object }];
      expect(Object.keys(outside.tables).sort()).toEqual(['_lock']);
      // Requests sent at once inside it see its statements.
      const inside = await Promise.all([tx.results('INFO FOR TABLE a'), tx.results('INFO FOR DB')]);
      expect(inside.every((r) => r.every((s) => s.ok))).toBe(true);
      // It reads the database as it was when it began, with its own statements: not the lock.
      expect(Object.keys((inside[1][0] as { value: { tables: object } }).value.tables).sort()).toEqual([
        '_ledger',
        'a',
      ]);
      await tx.commit();
      const [after] = (await db.query('INFO FOR DB')) as [{ tables: object }];
      expect(Object.keys(after.tables).sort()).toEqual(['_ledger', '_lock', 'a']);
    } finally {
      await db.close();
    }
  });

  it('keeps the statements that succeeded when committed after one failed: the caller has to cancel', async () => {
    const db = await open();
    const tables = async () =>
      Object.keys(((await db.query('INFO FOR DB')) as [{ tables: object }])[0].tables);
    try {
      const failing = (name: string) =>
        `DEFINE TABLE ${name} SCHEMAFULL; DEFINE FIELD x ON ${name} TYPE int; CREATE ${name}:1 SET x = 'text';`;
      const committed = (await db.transaction())!;
      expect((await committed.results(failing('kept'))).map((r) => r.ok)).toEqual([true, true, false]);
      await committed.commit();
      expect(await tables()).toContain('kept');
      const cancelled = (await db.transaction())!;
      expect((await cancelled.results(failing('gone'))).map((r) => r.ok)).toEqual([true, true, false]);
      await cancelled.cancel();
      expect(await tables()).not.toContain('gone');
    } finally {
      await db.close();
    }
  });
});
