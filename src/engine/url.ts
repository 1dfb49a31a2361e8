import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';

export type EngineScheme = 'mem' | 'surrealkv' | 'rocksdb' | 'ws' | 'wss' | 'http' | 'https';

const embedded = new Set<EngineScheme>(['mem', 'surrealkv', 'rocksdb']);
const schemes: readonly EngineScheme[] = ['mem', 'surrealkv', 'rocksdb', 'ws', 'wss', 'http', 'https'];

export interface ParsedUrl {
  readonly scheme: EngineScheme;
  /** Whether the engine runs inside this process. */
  readonly embedded: boolean;
  /** For on-disk engines: the absolute path of the store. */
  readonly path?: string;
  /** The URL handed to the SDK (relative store paths made absolute). */
  readonly url: string;
}

/**
 * Checks a database URL and resolves a relative on-disk store (`surrealkv://.smig/dev.db`) against
 * `baseDir`, so that the same config works from any working directory.
 */
export function parseDatabaseUrl(raw: string, baseDir: string): ParsedUrl {
  const match = /^([a-z0-9+]+):(.*)$/i.exec(raw.trim());
  const scheme = match?.[1]?.toLowerCase();
  if (!match || !scheme || !schemes.includes(scheme as EngineScheme)) {
    throw new ConfigError(`The database URL '${redactUrl(raw)}' has an unsupported scheme.`, {
      where: 'url',
      hint: `Use one of ${schemes.map((s) => `${s}://`).join(', ')} (for example surrealkv://.smig/dev.db or ws://localhost:8000).`,
    });
  }
  const kind = scheme as EngineScheme;
  if (kind === 'mem') return { scheme: kind, embedded: true, url: 'mem://' };
  if (!embedded.has(kind)) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError(`The database URL '${redactUrl(raw)}' is not a valid URL.`, {
        where: 'url',
        hint: 'Write it as ws://host:port, wss://host, http://host:port or https://host.',
      });
    }
    return { scheme: kind, embedded: false, url: raw };
  }
  // surrealkv://rel, surrealkv:///abs, surrealkv:rel, surrealkv:/abs
  let rest = match[2] ?? '';
  if (rest.startsWith('//')) rest = rest.slice(2);
  if (rest === '') {
    throw new ConfigError(`The database URL '${redactUrl(raw)}' names no store path.`, {
      where: 'url',
      hint: `Give a folder for the store, for example ${kind}://.smig/dev.db`,
    });
  }
  const path = isAbsolute(rest) ? rest : resolve(baseDir, rest);
  return { scheme: kind, embedded: true, path, url: `${kind}://${path}` };
}

/** The URL with any password removed, for messages. */
export function redactUrl(raw: string): string {
  // The last '@' ends the credentials: a password may itself contain '/' or '@'.
  const start = raw.indexOf('://');
  const at = raw.lastIndexOf('@');
  if (start < 0 || at < start) return raw;
  const colon = raw.indexOf(':', start + 3);
  if (colon < 0 || colon > at) return raw;
  return `${raw.slice(0, colon + 1)}****${raw.slice(at)}`;
}
