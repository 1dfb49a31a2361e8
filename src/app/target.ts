import type { ResolvedConfig } from '../config/index.js';
import { redactUrl } from '../engine/url.js';
import { UsageError } from '../errors.js';

/**
 * The database a command acts on, as printed before a command changes anything: the URL without its
 * password, then namespace/database.
 *
 * @example
 * describeTarget(config); // 'ws://root:****@db.example.com:8000 (app/prod)'
 */
export function describeTarget(config: ResolvedConfig): string {
  return `${redactUrl(config.url.url)} (${config.namespace}/${config.database})`;
}

/**
 * Refuses to change an in-memory database unless that is what is meant: whatever is applied to `mem://`
 * is discarded when the command exits, so a success there would be a success about nothing.
 */
export function refuseEphemeral(config: ResolvedConfig, command: string, allowEphemeral: boolean): void {
  if (config.url.scheme !== 'mem' || allowEphemeral) return;
  throw new UsageError(
    `smig ${command} would change an in-memory database (mem://), which is discarded when smig exits: nothing would be kept.`,
    {
      where: `url (from ${config.sources.url === 'default' ? 'the default' : config.sources.url})`,
      hint: `Point --url (or SMIG_URL, or the config file) at the database you mean, e.g. surrealkv://.smig/dev.db or ws://host:8000; to try a migration out on a throwaway database, add --allow-ephemeral.`,
    },
  );
}

/** Host names of this machine's loopback interface: what `smig sync` counts as a local server. */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Whether a URL names a database on this machine: an embedded store (`mem://`, `surrealkv://`,
 * `rocksdb://`), or a server reached through the loopback interface (localhost, 127.x.x.x, ::1).
 *
 * @example
 * isLocalDatabase(parseDatabaseUrl('ws://127.0.0.1:8000', '.')); // true
 * isLocalDatabase(parseDatabaseUrl('wss://db.example.com', '.')); // false
 */
export function isLocalDatabase(url: ResolvedConfig['url']): boolean {
  if (url.embedded) return true;
  try {
    return isLoopback(new URL(url.url).hostname);
  } catch {
    return false;
  }
}

/**
 * Refuses to sync a database that is not on this machine unless `--force`: a sync changes the schema
 * without migrations, which is meant for a development database, never a shared one.
 */
export function refuseRemote(config: ResolvedConfig, command: string, force: boolean): void {
  if (force || isLocalDatabase(config.url)) return;
  throw new UsageError(
    `${redactUrl(config.url.url)} is not a local database: smig ${command} changes a schema without migrations, which is meant for a development database on this machine (an embedded store, or a server on localhost).`,
    {
      where: `url (from ${config.sources.url === 'default' ? 'the default' : config.sources.url})`,
      hint: `For a shared database write a migration (\`smig diff -m "…"\`) and apply it with \`smig push\`. If this really is a development database, add --force.`,
    },
  );
}
