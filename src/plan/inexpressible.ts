import type { Change } from '../diff/change.js';
import { describeEntity } from '../model/entity.js';

/**
 * Why SurrealDB 3.0.2 has no statement for a change in one of its two directions, or undefined when it
 * has both.
 *
 * Configs: there is no REMOVE CONFIG (`REMOVE CONFIG GRAPHQL`, with or without IF EXISTS, is a parse
 * error). DEFINE CONFIG OVERWRITE restores any earlier config exactly, so a change round-trips; but no
 * statement makes a config go away: `DEFINE CONFIG OVERWRITE GRAPHQL NONE` is stored as
 * `GRAPHQL TABLES NONE FUNCTIONS NONE`, still a config that INFO lists. So a migration can neither add
 * a config (its rollback could not take it away) nor remove one.
 */
export function inexpressible(change: Change): { reason: string; hint: string } | undefined {
  if (change.kind === 'define' && change.after.ref.kind === 'config') {
    return {
      reason: `${describeEntity(change.after.ref)} cannot be added by a migration: SurrealDB 3.0.2 has no REMOVE CONFIG, so its rollback could not take it away again.`,
      hint: 'Take the config(...) out of the schema file. If you need the config now, run the DEFINE CONFIG statement on the database yourself; smig will report it as a difference it cannot migrate (push then needs --allow-drift).',
    };
  }
  if (change.kind === 'remove' && change.before.ref.kind === 'config') {
    return {
      reason: `${describeEntity(change.before.ref)} cannot be removed by a migration: SurrealDB 3.0.2 has no REMOVE CONFIG.`,
      hint: 'Keep a config(...) for it in the schema file; it can be changed (DEFINE CONFIG OVERWRITE), not removed.',
    };
  }
  return undefined;
}
