import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/engine/connection.js';
import { parseDatabaseUrl } from '../../src/engine/url.js';
import { ConfigError, ConnectionError } from '../../src/errors.js';
import { whileHeld } from '../helpers/hold-store.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'smig-engine-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('database URLs', () => {
  it('resolves a relative on-disk store against the project folder', () => {
    expect(parseDatabaseUrl('surrealkv://.smig/dev.db', '/home/me/app')).toMatchObject({
      scheme: 'surrealkv',
      embedded: true,
      path: '/home/me/app/.smig/dev.db',
      url: 'surrealkv:///home/me/app/.smig/dev.db',
    });
    expect(parseDatabaseUrl('rocksdb:///data/x', '/ignored').path).toBe('/data/x');
    expect(parseDatabaseUrl('mem://', '/x')).toMatchObject({ scheme: 'mem', embedded: true });
    expect(parseDatabaseUrl('wss://db.example.com', '/x')).toMatchObject({ scheme: 'wss', embedded: false });
  });

  it('rejects an unknown scheme and a store without a path', () => {
    expect(() => parseDatabaseUrl('postgres://localhost', '/x')).toThrow(ConfigError);
    expect(() => parseDatabaseUrl('postgres://localhost', '/x')).toThrow(/unsupported scheme/);
    expect(() => parseDatabaseUrl('surrealkv://', '/x')).toThrow(/no store path/);
  });
});

describe('connect', () => {
  // Reopening a store within one process can wait for ever (see kept-stores.test.ts); persistence
  // across processes is covered by the CLI tests.
  it('opens an embedded on-disk store, creating its folder', async () => {
    const dir = tempDir();
    const url = parseDatabaseUrl('surrealkv://nested/dev.db', dir);
    const a = await connect({ url, namespace: 'test', database: 'test' });
    await a.query('CREATE thing:1 SET n = 1');
    const [rows] = await a.query('SELECT VALUE n FROM thing');
    expect(rows).toEqual([1]);
    await a.close();
    expect(existsSync(join(dir, 'nested', 'dev.db'))).toBe(true);
  });

  it('says the store is in use when another process holds it, instead of hanging', async () => {
    const dir = tempDir();
    const url = parseDatabaseUrl('surrealkv://busy.db', dir);
    await whileHeld(url.url, async () => {
      const attempt = connect({ url, namespace: 'test', database: 'test', timeoutMs: 1500 });
      await expect(attempt).rejects.toThrow(ConnectionError);
      await expect(attempt).rejects.toThrow(/in use by another process/);
    });
  });

  it('waits for a store in use as long as it is told to, even less than the connect timeout', async () => {
    const dir = tempDir();
    const url = parseDatabaseUrl('surrealkv://busy-short.db', dir);
    await whileHeld(url.url, async () => {
      const attempt = connect({
        url,
        namespace: 'test',
        database: 'test',
        timeoutMs: 10_000,
        storeWaitMs: 1500,
      });
      await expect(attempt).rejects.toThrow(/in use by another process, and stayed in use for 1\.5s/);
    });
  });

  it('has a WebSocket on Node 20 and fails clearly when a ws server does not answer', async () => {
    const url = parseDatabaseUrl('ws://127.0.0.1:9', '/x');
    const attempt = connect({ url, namespace: 'a', database: 'b', timeoutMs: 1500 });
    await expect(attempt).rejects.toThrow(ConnectionError);
    await expect(attempt).rejects.not.toThrow(/WebSocketImpl/);
  });

  it('says at once why a server cannot be reached (refused, unknown host), instead of waiting out the timeout', async () => {
    for (const [address, reason] of [
      ['ws://127.0.0.1:9', /ECONNREFUSED/],
      ['ws://smig-no-such-host.invalid:8000', /ENOTFOUND|EAI_AGAIN/],
    ] as const) {
      const url = parseDatabaseUrl(address, '/x');
      const attempt = connect({ url, namespace: 'a', database: 'b', timeoutMs: 60_000 });
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).toContain(`Could not connect to ${address}`);
      expect((error as Error).message).toMatch(reason);
    }
  }, 30_000);

  it('fails clearly when a server does not answer', async () => {
    const url = parseDatabaseUrl('http://127.0.0.1:9', '/x');
    await expect(connect({ url, namespace: 'a', database: 'b', timeoutMs: 3000 })).rejects.toThrow(
      ConnectionError,
    );
  });
});

describe('redactUrl', () => {
  it('hides the password, whatever it contains', async () => {
    const { redactUrl } = await import('../../src/engine/url.js');
    expect(redactUrl('wss://root:s3cr/t@x@db.example.com:8000/rpc')).toBe(
      'wss://root:****@db.example.com:8000/rpc',
    );
    expect(redactUrl('ws://localhost:8000')).toBe('ws://localhost:8000');
    expect(redactUrl('surrealkv://.smig/dev.db')).toBe('surrealkv://.smig/dev.db');
  });
});
