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

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

const create = `CREATE type::record('${lockTable}', 'push') CONTENT {
  token: $token, owner: $owner, host: $host, pid: $pid, command: $command,
  acquired_at: time::now(), expires_at: time::now() + <duration> $ttl
};`;

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
  const bindings = {
    token,
    owner: currentUser(),
    host: hostname(),
    pid: process.pid,
    command: options.command,
    ttl: `${Math.ceil(ttlMs / 1000)}s`,
  };
  const deadline = Date.now() + waitMs;
  let warned = false;
  for (;;) {
    const [created] = await db.results(create, bindings);
    if (created?.ok) return lockHandle(db, token);
    const [rows] = await db.query(
      `SELECT *, expires_at < time::now() AS expired FROM type::record('${lockTable}', 'push')`,
    );
    const row = (rows as Record<string, unknown>[])[0];
    if (!row) continue; // released in between
    const holder = toHolder(row);
    if (row.expired === true) {
      const results = await db.results(
        `BEGIN; DELETE type::record('${lockTable}', 'push') WHERE token = $old AND expires_at < time::now(); ${create} COMMIT;`,
        { ...bindings, old: row.token },
      );
      if (results.every((r) => r.ok)) {
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
      await db.query(`DELETE type::record('${lockTable}', 'push') WHERE token = $token`, { token });
    },
  };
}
