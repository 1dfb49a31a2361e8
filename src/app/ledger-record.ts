import type { LedgerRecord } from '../history/ledger.js';
import { smigVersion } from '../version.js';
import type { MigrationSource } from './history-state.js';

/** A migration file as smig reads it: its sections, and the parent its header names (if any). */
export type RecordSource = MigrationSource & {
  readonly parent?: { readonly id: string; readonly history: string } | null;
  /** The seal of the verification `smig diff` made of it, when it wrote it (see `migrationSeal`). */
  readonly verified?: string;
  /** The digest of the state that verification found it gives. */
  readonly state?: string;
};

/**
 * The ledger record of a migration file: what push writes when it applies it, and resolve when it
 * records it as applied. `seq` is its place in the order migrations were applied.
 */
export function ledgerRecord(m: RecordSource, seq?: number): LedgerRecord {
  return {
    id: m.id,
    message: m.message,
    checksum: m.checksum,
    up: m.forward,
    down: m.rollback,
    smigVersion,
    ...(m.parent === undefined ? {} : { parent: m.parent?.id ?? null }),
    ...(m.parent?.history ? { history: m.parent.history } : {}),
    ...(seq === undefined ? {} : { seq }),
  };
}
