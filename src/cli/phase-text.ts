import type { PhaseEvent, ProgressEvent } from '../app/phase.js';

const numbers = new Intl.NumberFormat('en-US');

/** `12,000 records`, `1 record`. */
function counted(n: number, one: string, many = `${one}s`): string {
  return `${numbers.format(n)} ${n === 1 ? one : many}`;
}

/** One phase's name, without the trailing ellipsis. */
function name(event: PhaseEvent): string {
  const n = event.count ?? 0;
  switch (event.phase) {
    case 'reading':
      return 'reading the migrations and the ledger';
    case 'reading-migrations':
      return 'reading the migrations';
    case 'loading-schema':
      return 'loading the schema file';
    case 'proving-schema':
      return event.count === undefined
        ? 'proving the schema on the engine'
        : `proving the schema on the engine (${counted(n, 'statement')})`;
    case 'writes':
      return 'checking that every table accepts a record';
    case 'forks':
      return 'checking the migration history for forks';
    case 'replaying':
      return `replaying ${counted(n, 'migration')} on the shadow`;
    case 'reading-live':
      return 'reading the database schema';
    case 'copying-live':
      return 'copying the database schema to the shadow';
    case 'verifying':
      return `verifying ${counted(n, 'forward statement')} and ${counted(event.rollback ?? 0, 'rollback statement')} on the shadow`;
    case 'drift':
      return 'comparing the database with its migration history';
    case 'proving':
      return `proving ${counted(n, 'pending migration')} on a scratch copy`;
    case 'checking-data':
      return event.records === undefined
        ? 'checking records'
        : `checking ${counted(event.records, 'record')} in ${counted(event.tables ?? 0, 'table')}`;
    case 'locking':
      return 'taking the migration lock';
    case 'syncing':
      return `applying ${counted(n, 'statement')} in one transaction`;
  }
}

/**
 * The progress line for a phase, or for phases running at once (`a, b and c…`).
 *
 * @example phaseText({ kind: 'phase', phase: 'checking-data', records: 12000, tables: 3 }); // 'checking 12,000 records in 3 tables…'
 */
export function phaseText(event: ProgressEvent): string {
  if (event.kind === 'phase') return `${name(event)}…`;
  const names = event.phases.map(name);
  const last = names.pop();
  return `${names.length === 0 ? '' : `${names.join(', ')} and `}${last ?? ''}…`;
}
