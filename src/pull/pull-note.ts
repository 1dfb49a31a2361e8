import type { ReportItem } from '../model/report-item.js';

/**
 * What the DSL could only approximate: a field without a TYPE (`no-type`), a type it cannot write exactly
 * with a default or value (`inexact-type`), a clause it cannot write on that type (`inexpressible`), an
 * index definition it does not know (`unknown-index`), a key the engine does not reveal (`hidden-key`),
 * an access type it does not know (`unknown-access-type`).
 */
export type PullNoteKind =
  | 'no-type'
  | 'inexact-type'
  | 'inexpressible'
  | 'unknown-index'
  | 'hidden-key'
  | 'unknown-access-type';

export type PullNote = ReportItem<PullNoteKind>;
