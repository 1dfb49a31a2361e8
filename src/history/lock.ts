import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type { Queryable } from '../engine/connection.js';
import { LockError } from '../errors.js';

export const lockTable = '_smig_lock';

export interface LockHolder {
  readonly owner: string;
  readonly host: string;
  readonly pid: number;
  readonly command: string;
  readonly acquiredAt: string;
  readonly expiresAt: string;
  /** Set when the holder ran on this host and its process no longer exists (it crashed or was killed). */
  readonly gone?: boolean;
}

export interface LockOptions {
  /** What the holder is doing: `push`, `rollback`. */
  readonly command: string;
  /** How long a lock stays valid without being released (a crashed holder's lock can be taken over after that). */
  readonly ttlMs?: number;
  /** How long to wait for another holder before giving up. */
  readonly waitMs?: number;
  readonly pollMs?: number;
  /** Called when an expired lock of another process is taken over, or while waiting. */
  readonly onEvent?: (event: { kind: 'takeover' | 'waiting'; holder: LockHolder }) => void;
}

export interface Lock {
  readonly token: string;
  release(): Promise<void>;
}

function describeHolder(h: LockHolder): string {
  return `${h.owner}@${h.host} (pid ${h.pid}, ${h.command}, since ${h.acquiredAt}, expires ${h.expiresAt})`;
}

function toHolder(row: Record<string, unknown>): LockHolder {
  return {
    owner: String(row.owner ?? '?'),
    host: String(row.host ?? '?'),
    pid: Number(row.pid ?? 0),
    command: String(row.command ?? '?'),
    acquiredAt: String(row.acquired_at ?? '?'),
    expiresAt: String(row.expires_at ?? '?'),
  };
}

/** Whether a process of this host is still running (a pid reused by another process counts as running). */
function processRuns(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

const lockContent = `{
  token: $lock_token, owner: $lock_owner, host: $lock_host, pid: $lock_pid, command: $lock_command,
  acquired_at: time::now(), expires_at: time::now() + <duration> $lock_ttl
}`;
/** The one lock record, `_smig_lock:push`, from the bindings `$lock_table` and `$lock_key`. */
const lockRecord = 'type::record($lock_table, $lock_key)';
const lockKey = 'push';
const create = `CREATE ${lockRecord} CONTENT ${lockContent};`;

/**
 * Takes the migration lock `_smig_lock:push`. Creating a record fails when it exists, so only one
 * process can hold it; an expired lock (its holder crashed) is deleted and re-created in one
 * transaction, and the takeover is reported. A live holder is waited for, up to `waitMs`.
 */
export async function acquireLock(db: Queryable, options: LockOptions): Promise<Lock> {
  const token = randomUUID();
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  const waitMs = options.waitMs ?? 30_000;
  const pollMs = options.pollMs ?? 250;
  // $token and $session are reserved by the engine, hence the prefix.
  const bindings = {
    lock_table: lockTable,
    lock_key: lockKey,
    lock_token: token,
    lock_owner: currentUser(),
    lock_host: hostname(),
    lock_pid: process.pid,
    lock_command: options.command,
    lock_ttl: `${Math.max(1, Math.ceil(ttlMs / 1000))}s`,
  };
  const deadline = Date.now() + waitMs;
  let warned = false;
  for (;;) {
    const [created] = await db.results(create, bindings);
    if (created?.ok) return lockHandle(db, token);
    const [rows] = await db.query(
      `SELECT *, expires_at < time::now() AS expired FROM ${lockRecord}`,
      bindings,
    );
    const row = (rows as Record<string, unknown>[])[0];
    if (!row) continue; // released in between
    // A holder on this host whose process has died (killed, crashed) will never release its lock:
    // take it over at once instead of making everyone wait for it to expire.
    const gone = row.host === hostname() && !processRuns(Number(row.pid));
    const holder = { ...toHolder(row), ...(gone ? { gone } : {}) };
    if (row.expired === true || gone) {
      // One UPDATE, conditional on the same holder still being there: two processes taking over at
      // once cannot both succeed.
      const [taken] = await db.query(
        `UPDATE ${lockRecord} CONTENT ${lockContent} WHERE token = $lock_old${gone ? '' : ' AND expires_at < time::now()'}`,
        { ...bindings, lock_old: row.token },
      );
      if (Array.isArray(taken) && taken.length > 0) {
        options.onEvent?.({ kind: 'takeover', holder });
        return lockHandle(db, token);
      }
      continue;
    }
    if (Date.now() >= deadline) {
      throw new LockError(`Another migration is running: the lock is held by ${describeHolder(holder)}.`, {
        where: `${lockTable}:push`,
        hint: `Wait for it to finish and try again. If that process died, its lock expires at ${holder.expiresAt} and is then taken over automatically.`,
      });
    }
    if (!warned) {
      options.onEvent?.({ kind: 'waiting', holder });
      warned = true;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

function lockHandle(db: Queryable, token: string): Lock {
  return {
    token,
    async release() {
      await db.query(`DELETE ${lockRecord} WHERE token = $lock_token`, {
        lock_table: lockTable,
        lock_key: lockKey,
        lock_token: token,
      });
    },
  };
}

/** The migration lock as found in the database, for `status` and `unlock`. */
export interface HeldLock {
  readonly token: string;
  readonly holder: LockHolder;
  /** Past its expiry: the next push or rollback takes it over. */
  readonly expired: boolean;
}

/** The current holder of the migration lock, if any. */
export async function readLock(db: Queryable): Promise<HeldLock | undefined> {
  let rows: unknown;
  try {
    [rows] = await db.query(
      `SELECT *, expires_at < time::now() AS expired FROM type::record('${lockTable}', 'push')`,
    );
  } catch (error) {
    // No push ever ran here: there is no lock table.
    if (/does not exist/i.test((error as Error).message)) return undefined;
    throw error;
  }
  const row = (rows as Record<string, unknown>[])[0];
  if (!row) return undefined;
  const gone = row.host === hostname() && !processRuns(Number(row.pid));
  return {
    token: String(row.token ?? ''),
    holder: { ...toHolder(row), ...(gone ? { gone } : {}) },
    expired: row.expired === true,
  };
}

/**
 * Releases the lock on behalf of its holder (`smig unlock`), only if it is still the one that was shown:
 * a lock taken meanwhile by another process stays. Returns whether it was released.
 */
export async function releaseLockOf(db: Queryable, token: string): Promise<boolean> {
  const [removed] = await db.query(
    `DELETE type::record('${lockTable}', 'push') WHERE token = $lock_token RETURN BEFORE`,
    { lock_token: token },
  );
  return Array.isArray(removed) && removed.length > 0;
}

/** The holder in one line, for messages. */
export function describeLockHolder(holder: LockHolder): string {
  return describeHolder(holder);
}
