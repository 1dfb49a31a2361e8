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
