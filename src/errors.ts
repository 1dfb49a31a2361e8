/**
 * Typed errors. Each says what went wrong, where, and what to do; the CLI entry point maps them to
 * exit codes and prints them as one paragraph (the stack only with --debug).
 */
export interface ErrorDetails {
  /** Where it happened: a file, `table user, field email`, a migration id. */
  readonly where?: string;
  /** What the user can do about it. */
  readonly hint?: string;
  readonly cause?: unknown;
}

/** The code of each kind of error, as `--json` reports it. */
export type SmigErrorCode =
  | 'SCHEMA'
  | 'CONFIG'
  | 'CONNECTION'
  | 'INTEGRITY'
  | 'DATA_LOSS'
  | 'MIGRATION'
  | 'LOCK'
  | 'USAGE'
  | 'INTERNAL'
  | 'INTERRUPTED';

export abstract class SmigError extends Error {
  abstract readonly code: SmigErrorCode;
  readonly where: string | undefined;
  readonly hint: string | undefined;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.where = details.where;
    this.hint = details.hint;
  }
}

/** The schema file does not load, or describes something invalid. */
export class SchemaError extends SmigError {
  readonly code = 'SCHEMA';
}

/** The configuration (file, flags, environment) is invalid. */
export class ConfigError extends SmigError {
  readonly code = 'CONFIG';
}

/** The database cannot be reached, opened or signed in to. */
export class ConnectionError extends SmigError {
  readonly code = 'CONNECTION';
}

/** Migration files, ledger and database disagree (edited or missing files, drift, out-of-order). */
export class IntegrityError extends SmigError {
  readonly code = 'INTEGRITY';
}

/** Applying a change would lose or invalidate data. */
export class DataLossError extends SmigError {
  readonly code = 'DATA_LOSS';
}

/** A migration failed while running; nothing of it was kept. */
export class MigrationError extends SmigError {
  readonly code = 'MIGRATION';
}

/** Another process holds the migration lock. */
export class LockError extends SmigError {
  readonly code = 'LOCK';
}

/** The command line is wrong (unknown option, missing confirmation without a TTY, …). */
export class UsageError extends SmigError {
  readonly code = 'USAGE';
}

/** smig produced something the engine disagrees with: a bug in smig, reported with the evidence. */
export class InternalError extends SmigError {
  readonly code = 'INTERNAL';
}

/** The user stopped the command (Ctrl-C at a prompt, or SIGINT while it ran); exit code 130. */
export class InterruptedError extends SmigError {
  readonly code = 'INTERRUPTED';
}
