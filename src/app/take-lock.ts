import type { Queryable } from '../engine/connection.js';
import { acquireLock, type Lock } from '../history/lock.js';
import type { PushEvent } from './push.js';

/**
 * Takes the migration lock for a command, reporting a wait or a takeover of an expired lock as events.
 *
 * @example const lock = await takeLock(db, 'push', { lockWaitMs: 30_000, onEvent })
 */
export function takeLock(
  db: Queryable,
  command: string,
  options: { readonly lockWaitMs?: number; readonly onEvent?: (event: PushEvent) => void },
): Promise<Lock> {
  return acquireLock(db, {
    command,
    ...(options.lockWaitMs === undefined ? {} : { waitMs: options.lockWaitMs }),
    onEvent: (e) =>
      options.onEvent?.({ kind: e.kind === 'takeover' ? 'lock-takeover' : 'lock-waiting', holder: e.holder }),
  });
}
