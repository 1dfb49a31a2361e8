/**
 * smig's public API: the schema DSL, and the migration commands as functions for use in code (for
 * example, running pending migrations when an application starts).
 */

export type { ApiOptions } from './app/api.js';
export { diff, getStatus, migrate, rollback } from './app/api.js';
export type { PushEvent, PushOptions, PushResult } from './app/push.js';
export type { RollbackOptions, RollbackResult } from './app/rollback.js';
export type { StatusResult } from './app/status.js';
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
