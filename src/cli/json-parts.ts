import { describeFork, type ForkReport } from '../app/forks.js';
import type { HeldLock } from '../history/lock.js';
import type { UnmanagedReport } from '../introspect/unmanaged.js';
import type { ForkOutput, LockOutput, UnmanagedOutput } from './json-output.js';

/*
 * The parts several documents share, copied key by key: an internal object passed along as it is would
 * carry whatever keys it grows into the contract.
 */

export function forkOutput(fork: ForkReport, migrationsDir: string): ForkOutput {
  return {
    parent: fork.parent,
    history: fork.history,
    migrations: fork.migrations,
    branches: fork.branches,
    conflicts: fork.conflicts,
    description: describeFork(fork, migrationsDir),
  };
}

export function lockOutput(lock: HeldLock): LockOutput {
  const { holder } = lock;
  return {
    token: lock.token,
    holder: {
      owner: holder.owner,
      host: holder.host,
      pid: holder.pid,
      command: holder.command,
      acquiredAt: holder.acquiredAt,
      expiresAt: holder.expiresAt,
      gone: holder.gone ?? null,
    },
    expired: lock.expired,
  };
}

export function unmanagedOutput(report: UnmanagedReport): UnmanagedOutput {
  return {
    definitions: report.definitions.map((d) => ({ level: d.level, kind: d.kind, name: d.name })),
    unchecked: report.unchecked.map((u) => ({ level: u.level, reason: u.reason })),
  };
}
