/**
 * smig's public API: the schema DSL, and the migration commands as functions for use in code (for
 * example, running pending migrations when an application starts).
 */

export type { ApiOptions } from './app/api.js';
export { diff, getStatus, migrate, rollback } from './app/api.js';
export type { PushEvent, PushOptions, PushResult } from './app/push.js';
export type { RollbackOptions, RollbackResult } from './app/rollback.js';
export type { StatusResult } from './app/status.js';
export type {
  BaselineOutput,
  CompletionOutput,
  ConfigOutput,
  ConfigSettingOutput,
  ConfigValues,
  Counts,
  DataLossItem,
  DataLossKind,
  DiffOutput,
  DriftItem,
  DriftKind,
  ErrorOutput,
  ForkOutput,
  InitOutput,
  IrreversibleItem,
  IrreversibleKind,
  ItemSubject,
  JsonSchemaVersion,
  LockHolderOutput,
  LockOutput,
  MermaidOutput,
  MigrationFileOutput,
  NewOutput,
  PingOutput,
  ProblemItem,
  PullNoteItem,
  PullNoteKind,
  PullOutput,
  PushOutput,
  RebaseOutput,
  ReportItem,
  ResolveOutput,
  RiskItem,
  RollbackOutput,
  SchemaWarningItem,
  SmigJsonOutput,
  SquashOutput,
  StatusOutput,
  SyncedOutput,
  SyncOutput,
  UnlockOutput,
  UnmanagedOutput,
  ValidateOutput,
} from './cli/json-output.js';
export { jsonSchemaVersion } from './cli/json-output.js';
export type { SmigConfig } from './config/index.js';
export { defineConfig } from './config/index.js';
export {
  ConfigError,
  ConnectionError,
  DataLossError,
  IntegrityError,
  InternalError,
  LockError,
  MigrationError,
  SchemaError,
  SmigError,
  UsageError,
} from './errors.js';
export * from './schema/index.js';
