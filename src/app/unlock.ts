import { type HeldLock, readLock, releaseLockOf } from '../history/lock.js';
import type { Project } from './project.js';

export interface UnlockOptions {
  /** Asked with the lock that would be released; answering false cancels. */
  readonly confirm?: (lock: HeldLock) => Promise<boolean>;
}

export interface UnlockResult {
  /** The lock that was found, if any. */
  readonly lock: HeldLock | undefined;
  readonly released: boolean;
  readonly cancelled: boolean;
}

/**
 * Releases the migration lock left by a process that will not release it (killed, crashed, its machine
 * gone). Only the lock that was shown and confirmed is removed: one taken meanwhile stays.
 */
export async function unlock(project: Project, options: UnlockOptions = {}): Promise<UnlockResult> {
  const db = await project.connect();
  const lock = await readLock(db);
  if (!lock) return { lock, released: false, cancelled: false };
  if (options.confirm && !(await options.confirm(lock))) return { lock, released: false, cancelled: true };
  return { lock, released: await releaseLockOf(db, lock.token), cancelled: false };
}
