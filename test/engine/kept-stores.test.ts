import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, keepStoresOpen } from '../../src/engine/connection.js';
import { parseDatabaseUrl } from '../../src/engine/url.js';
import { ConnectionError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'smig-kept-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = (name: string) =>
  connect({
    url: parseDatabaseUrl(`surrealkv://${name}`, dir),
    namespace: 'test',
    database: 'test',
    storeWaitMs: 1000,
  });

// The order matters: `keepStoresOpen` holds for the rest of the process.
describe('an on-disk store in one process', () => {
  it('cannot be opened again once the process has defined an index in it and closed it (the engine keeps it locked)', async () => {
    const first = await open('indexed');
    await first.query('DEFINE TABLE item; DEFINE INDEX byName ON item FIELDS name;');
    await first.close();
    await expect(open('indexed')).rejects.toThrow(ConnectionError);
    await expect(open('indexed')).rejects.toThrow(/in use/);

    // Without an index, it is released when closed.
    const plain = await open('plain');
    await plain.query('DEFINE TABLE item; CREATE item:1;');
    await plain.close();
    const again = await open('plain');
    expect(await again.query('SELECT VALUE id FROM item')).toHaveLength(1);
    await again.close();
  });

  it('is shared by later connections once kept open, also after its folder is moved', async () => {
    keepStoresOpen();
    const first = await open('kept');
    await first.query('DEFINE TABLE item; DEFINE INDEX byName ON item FIELDS name; CREATE item:1;');
    await first.close();
    const second = await open('kept');
    expect(await second.query('SELECT VALUE id FROM item')).toHaveLength(1);
    await second.close();

    // The same folder under another name is the same open store; a new folder at the old name is new.
    renameSync(join(dir, 'kept'), join(dir, 'moved'));
    const moved = await open('moved');
    expect(await moved.query('SELECT VALUE id FROM item')).toHaveLength(1);
    await moved.close();
    const fresh = await open('kept');
    expect(await fresh.results('SELECT VALUE id FROM item')).toMatchObject([{ ok: false }]);
    await fresh.close();
  });
});
