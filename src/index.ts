/**
 * smig's public API: the schema DSL, and the migration commands as functions for use in code (for
 * example, running pending migrations when an application starts).
 */
export * from './schema/index.js';
export { defineConfig } from './config/index.js';
export type { SmigConfig } from './config/index.js';
export { migrate, getStatus, diff } from './app/api.js';
export type { ApiOptions } from './app/api.js';
export type { PushResult, PushEvent } from './app/push.js';
export type { StatusResult } from './app/status.js';
export {
  SmigError,
  SchemaError,
  ConfigError,
  ConnectionError,
  IntegrityError,
  DataLossError,
  MigrationError,
  LockError,
  UsageError,
  InternalError,
} from './errors.js';
