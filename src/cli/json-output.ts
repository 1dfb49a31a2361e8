/**
 * The `--json` contract, version 1: with `--json` every command writes exactly one JSON document on
 * stdout, of the type named here for it, and every failure writes an `ErrorOutput` instead. Every
 * document starts with `schemaVersion`. Adding keys, item kinds or commands keeps the version; removing
 * or renaming anything, or changing what a key holds, bumps it.
 *
 * Commands build their documents as these types (see src/cli/commands), so the compiler keeps the code
 * and the contract together; every key is always present (`null` when it does not apply).
 */
import type { Counts } from '../app/counts.js';
import type { DataLossItem } from '../app/data-guard.js';
import type { RiskItem } from '../app/diff.js';
import type { ProblemItem } from '../app/history-state.js';
import type { DriftItem } from '../app/live-state.js';
import type { SchemaWarningItem } from '../app/validate.js';
import type { AuthLevel, SettingName, SettingSource } from '../config/index.js';
import type { SmigErrorCode } from '../errors.js';
import type { DefinitionLevel } from '../introspect/unmanaged.js';
import type { IrreversibleItem } from '../plan/plan.js';
import type { PullNote } from '../pull/pull-note.js';
import type { CompletionShell } from './completion.js';

export type { Counts } from '../app/counts.js';
export type { DataLossItem, DataLossKind } from '../app/data-guard.js';
export type { RiskItem } from '../app/diff.js';
export type { ProblemItem } from '../app/history-state.js';
export type { DriftItem, DriftKind } from '../app/live-state.js';
export type { SchemaWarningItem } from '../app/validate.js';
export type { ItemSubject, ReportItem } from '../model/report-item.js';
export type { IrreversibleItem, IrreversibleKind } from '../plan/plan.js';
export type { PullNoteKind } from '../pull/pull-note.js';
export type { SchemaWarningKind } from '../schema/validate.js';

/** The version of the contract that this smig writes. */
export const jsonSchemaVersion = 1;

export type JsonSchemaVersion = typeof jsonSchemaVersion;

/** What `smig pull` could only approximate. */
export type PullNoteItem = PullNote;

/** A migration file smig wrote. */
export interface MigrationFileOutput {
  readonly id: string;
  readonly path: string;
}

/** Migrations made from the same state on different branches. */
export interface ForkOutput {
  /** The migration every branch was made from; `null` when each was the first of its folder. */
  readonly parent: string | null;
  /** The checksum of the schema they were made from, as their headers record it. */
  readonly history: string | null;
  /** The first migration of each branch, in id order. */
  readonly migrations: readonly string[];
  readonly branches: readonly (readonly string[])[];
  /** The entities more than one branch changes (`field qty on table item`). */
  readonly conflicts: readonly string[];
  /** The paragraph people read. */
  readonly description: string;
}

export interface LockHolderOutput {
  readonly owner: string;
  readonly host: string;
  readonly pid: number;
  readonly command: string;
  readonly acquiredAt: string;
  readonly expiresAt: string;
  /** `true` when the holder ran on this host and its process no longer runs; `null` when not known. */
  readonly gone: boolean | null;
}

/** The migration lock, held by a process (or left behind by one). */
export interface LockOutput {
  readonly token: string;
  readonly holder: LockHolderOutput;
  /** Past its expiry: the next push or rollback takes it over. */
  readonly expired: boolean;
}

/** Definitions smig does not manage (APIs, buckets, namespace and root users, …): never drift. */
export interface UnmanagedOutput {
  readonly definitions: readonly {
    readonly level: DefinitionLevel;
    readonly kind: string;
    readonly name: string;
  }[];
  /** Levels that could not be read, with the engine's reason. */
  readonly unchecked: readonly { readonly level: DefinitionLevel; readonly reason: string }[];
}

/** `smig init`. */
export interface InitOutput {
  readonly schemaVersion: JsonSchemaVersion;
  /** The files written, absolute. */
  readonly created: readonly string[];
  /** Existing files given lines they lacked (the project's `.gitignore`), absolute. */
  readonly updated: readonly string[];
}

/** `smig validate`. */
export interface ValidateOutput {
  readonly schemaVersion: JsonSchemaVersion;
  readonly valid: true;
  readonly schemaPath: string;
  readonly counts: Counts;
  /** How many statements the schema compiles to. */
  readonly statements: number;
  /** Likely mistakes the engine accepts. */
  readonly warnings: readonly SchemaWarningItem[];
  readonly forks: readonly ForkOutput[];
}

/** `smig diff` and `smig generate`. */
export interface DiffOutput {
  readonly schemaVersion: JsonSchemaVersion;
  /** Whether the schema file differs from the history; `null` when `--exit-code` stopped at a fork. */
  readonly changes: boolean | null;
  readonly forward: readonly string[];
  readonly rollback: readonly string[];
  /** What the migration cannot see or undo exactly. */
  readonly irreversible: readonly IrreversibleItem[];
  /** What the forward statements risk for the data already stored. */
  readonly warnings: readonly RiskItem[];
  /** The migration written (with `-m`), or `null`. */
  readonly migration: MigrationFileOutput | null;
  readonly forks: readonly ForkOutput[];
}

/** `smig new`. */
export interface NewOutput {
  readonly schemaVersion: JsonSchemaVersion;
  readonly migration: MigrationFileOutput;
  /** The migration it was made on top of; `null` when it is the first of its folder. */
  readonly parent: string | null;
}

/** `smig push` and `smig migrate`. */
export interface PushOutput {
  readonly schemaVersion: JsonSchemaVersion;
  readonly dryRun: boolean;
  /** `namespace/database`. */
  readonly database: string;
  /** Applied (or, in a dry run, to be applied), in order; `durationMs` is `null` in a dry run. */
  readonly migrations: readonly {
    readonly id: string;
    readonly message: string;
    readonly durationMs: number | null;
  }[];
  /** Differences from the ledger that `--allow-drift` let through. */
  readonly drift: readonly DriftItem[];
  /** Data removed or invalidated, let through by `--allow-data-loss`. */
  readonly dataLoss: readonly DataLossItem[];
  /** Rebased files recorded in place of the applied migration they were made of. */
  readonly rebased: readonly { readonly id: string; readonly replaces: string }[];
}

/** `smig rollback`. */
export interface RollbackOutput {
  readonly schemaVersion: JsonSchemaVersion;
  readonly dryRun: boolean;
  readonly cancelled: boolean;
  /** Rolled back (or, in a dry run, to be), newest first. */
  readonly migrations: readonly { readonly id: string; readonly message: string }[];
  /** Data removed, let through by `--allow-data-loss`. */
  readonly dataLoss: readonly DataLossItem[];
}

/** `smig squash`. */
export interface SquashOutput {
  readonly schemaVersion: JsonSchemaVersion;
  readonly database: string;
  readonly migration: MigrationFileOutput;
  /** The migrations folded into it, in id order (their files were removed). */
  readonly folded: readonly string[];
  /** The migrations after it, kept as they were. */
  readonly kept: readonly string[];
  readonly statements: number;
}

/** `smig rebase`. */
export interface RebaseOutput {
  readonly schemaVersion: JsonSchemaVersion;
  readonly rebased: readonly {
    readonly from: string;
    readonly to: string;
    readonly parent: string;
    readonly path: string;
    readonly statements: 'kept' | 'replanned';
    /** Entities both branches change, taken as the schema file has them. */
    readonly fromSchema: readonly string[];
  }[];
}

/**
 * `smig status`. A database that cannot be reached is an `ErrorOutput` (code `CONNECTION`, exit 1), so a
 * status document always describes a connected database: `connected` is `true` and `connectionError`
 * `null`, kept for readers of the shape before the contract.
 */
export interface StatusOutput {
  readonly schemaVersion: JsonSchemaVersion;
  /** `namespace/database`. */
  readonly database: string;
  /** Without a password. */
  readonly url: string;
  readonly connected: true;
  readonly connectionError: null;
  readonly applied: readonly { readonly id: string; readonly message: string; readonly appliedAt: string }[];
  readonly pending: readonly { readonly id: string; readonly message: string }[];
  /** Edited or missing applied migrations, out-of-order pending ones. */
  readonly problems: readonly ProblemItem[];
  readonly forks: readonly ForkOutput[];
  readonly rebased: readonly { readonly id: string; readonly replaces: string }[];
  /** The live tables, in the order of the schema file, then the others. */
  readonly tables: readonly string[];
  /** The live database's entities. */
  readonly counts: Counts;
  /** Whether the live database matches the schema file; `null` when the schema file cannot be compared. */
  readonly inSync: boolean | null;
  /** What differs between the live database and the schema file. */
  readonly drift: readonly DriftItem[];
  /** Why the schema file cannot be compared, or `null`. */
  readonly schemaError: string | null;
  readonly unmanaged: UnmanagedOutput;
  readonly lock: LockOutput | null;
  /** The last `smig sync` of this database, or `null` when it was never synced (or migrated since). */
  readonly synced: SyncedOutput | null;
}

/** The record `smig sync` leaves in a database it synced. */
export interface SyncedOutput {
  /** The schema file, relative to the project folder. */
  readonly schema: string;
  /** When the sync committed (ISO 8601). */
  readonly at: string;
  /** How many statements it ran. */
  readonly statements: number;
  readonly smigVersion: string;
}

/** `smig sync` (with `--watch`, one such document per line, per sync). */
export interface SyncOutput {
  readonly schemaVersion: JsonSchemaVersion;
  readonly database: string;
  readonly dryRun: boolean;
  /** The statements run (or, in a dry run, to be run). */
  readonly statements: readonly string[];
  /** Data the sync removes or invalidates, let through by `--allow-data-loss`. */
  readonly dataLoss: readonly DataLossItem[];
  /** Whether the database was changed. */
  readonly applied: boolean;
}

/** `smig pull`. */
export interface PullOutput {
  readonly schemaVersion: JsonSchemaVersion;
  /** The file written, absolute. */
  readonly path: string;
  readonly database: string;
  /** The database's entities. */
  readonly counts: Counts;
  /** Whether the file reproduces the database exactly (`differences` is empty). */
  readonly exact: boolean;
  readonly notes: readonly PullNoteItem[];
  /** What the file, applied to an empty database, gives differently from the database. */
  readonly differences: readonly DriftItem[];
  readonly unmanaged: UnmanagedOutput;
}

/** `smig baseline`. */
export interface BaselineOutput {
  readonly schemaVersion: JsonSchemaVersion;
  readonly database: string;
  readonly migration: MigrationFileOutput;
  readonly statements: number;
}

/** `smig resolve`. */
export interface ResolveOutput {
  readonly schemaVersion: JsonSchemaVersion;
  readonly action: 'applied' | 'rolled-back';
  /** The migrations whose ledger records were written or removed, in id order. */
  readonly ids: readonly string[];
  readonly database: string;
}

/** `smig unlock`. */
export interface UnlockOutput {
  readonly schemaVersion: JsonSchemaVersion;
  /** The lock found, or `null` when none is held. */
  readonly lock: LockOutput | null;
  readonly released: boolean;
  readonly cancelled: boolean;
}

/** `smig mermaid`. */
export interface MermaidOutput {
  readonly schemaVersion: JsonSchemaVersion;
  /** The `erDiagram` text. */
  readonly diagram: string;
  /** The file written (with `-o`), absolute, or `null`. */
  readonly path: string | null;
}

/** A setting's value and where it came from. */
export interface ConfigSettingOutput<V> {
  readonly value: V;
  readonly source: SettingSource;
}

/** The type of each setting's value: `null` when it is not set; `loadTimeout` in seconds (0: no limit). */
export interface ConfigValues {
  readonly url: string;
  readonly namespace: string;
  readonly database: string;
  readonly username: string | null;
  readonly password: string | null;
  readonly authLevel: AuthLevel;
  readonly schema: string;
  readonly migrations: string;
  readonly loadTimeout: number;
}

/** `smig config`: every setting, with passwords masked unless `--show-secrets`. */
export interface ConfigOutput {
  readonly schemaVersion: JsonSchemaVersion;
  /** The config file used, absolute, or `null`. */
  readonly configFile: string | null;
  /** The config file's environment applied (`null` when none), and what chose it. */
  readonly environment: ConfigSettingOutput<string | null>;
  readonly settings: { readonly [K in SettingName]: ConfigSettingOutput<ConfigValues[K]> };
}

/** `smig ping`. */
export interface PingOutput {
  readonly schemaVersion: JsonSchemaVersion;
  readonly ok: true;
  readonly url: string;
  readonly namespace: string;
  readonly database: string;
  /** The server's version, or `unknown`. */
  readonly version: string;
  /** How long connecting took. */
  readonly ms: number;
}

/** `smig completion <shell>`. */
export interface CompletionOutput {
  readonly schemaVersion: JsonSchemaVersion;
  readonly shell: CompletionShell;
  readonly script: string;
}

/**
 * Any failure, on stdout with `--json` (and as a paragraph on stderr). `code` is `UNEXPECTED` for an
 * error smig did not anticipate.
 */
export interface ErrorOutput {
  readonly schemaVersion: JsonSchemaVersion;
  readonly error: {
    readonly code: SmigErrorCode | 'UNEXPECTED';
    readonly message: string;
    readonly where: string | null;
    readonly hint: string | null;
  };
}

/** Every document `--json` writes. */
export type SmigJsonOutput =
  | InitOutput
  | ValidateOutput
  | DiffOutput
  | NewOutput
  | PushOutput
  | SyncOutput
  | RollbackOutput
  | SquashOutput
  | RebaseOutput
  | StatusOutput
  | PullOutput
  | BaselineOutput
  | ResolveOutput
  | UnlockOutput
  | MermaidOutput
  | ConfigOutput
  | PingOutput
  | CompletionOutput
  | ErrorOutput;
