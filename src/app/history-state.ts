import { IntegrityError } from '../errors.js';
import type { LedgerEntry } from '../history/ledger.js';
import { type ReportItem, reportItem } from '../model/report-item.js';

/** What the app needs of a migration file. */
export interface MigrationSource {
  readonly id: string;
  readonly message: string;
  readonly forward: string;
  readonly rollback: string;
  readonly checksum: string;
  /** The migration `smig rebase` made this one of. */
  readonly rebasedFrom?: string;
}

export type IntegrityProblem =
  | { readonly kind: 'edited'; readonly id: string }
  | { readonly kind: 'missing-file'; readonly id: string }
  | { readonly kind: 'out-of-order'; readonly id: string; readonly newestApplied: string };

export interface HistoryState<M extends MigrationSource> {
  readonly applied: readonly { readonly entry: LedgerEntry; readonly file?: M }[];
  readonly pending: readonly M[];
  /**
   * Files `smig rebase` made of an applied migration whose own file is gone: the same change, which push
   * records in place of the old one instead of running it.
   */
  readonly rebased: readonly { readonly entry: LedgerEntry; readonly file: M }[];
  readonly problems: readonly IntegrityProblem[];
}

/** Lines up migration files with the ledger: what is applied, what is pending, what does not add up. */
export function reconcile<M extends MigrationSource>(
  files: readonly M[],
  ledger: readonly LedgerEntry[],
): HistoryState<M> {
  const byId = new Map(files.map((f) => [f.id, f]));
  const appliedIds = new Set(ledger.map((e) => e.id));
  const rebasedAs = new Map(files.flatMap((f) => (f.rebasedFrom ? [[f.rebasedFrom, f]] : [])));
  const problems: IntegrityProblem[] = [];
  const rebased: { entry: LedgerEntry; file: M }[] = [];
  const applied = ledger.map((entry) => {
    const file = byId.get(entry.id);
    const successor = rebasedAs.get(entry.id);
    if (!file && successor && !appliedIds.has(successor.id)) rebased.push({ entry, file: successor });
    else if (!file) problems.push({ kind: 'missing-file', id: entry.id });
    else if (file.checksum !== entry.checksum) problems.push({ kind: 'edited', id: entry.id });
    return file ? { entry, file } : { entry };
  });
  const replacing = new Set(rebased.map((r) => r.file.id));
  const pending = files.filter((f) => !appliedIds.has(f.id) && !replacing.has(f.id));
  const newestApplied = ledger.reduce<string | undefined>(
    (max, e) => (max === undefined || e.id > max ? e.id : max),
    undefined,
  );
  if (newestApplied !== undefined) {
    for (const file of pending) {
      if (file.id < newestApplied) problems.push({ kind: 'out-of-order', id: file.id, newestApplied });
    }
  }
  return { applied, pending, rebased, problems };
}

export function describeProblem(problem: IntegrityProblem, migrationsDir: string): string {
  switch (problem.kind) {
    case 'edited':
      return `${migrationsDir}/${problem.id}.surql was edited after it was applied (its checksum no longer matches the ledger).`;
    case 'missing-file':
      return `Migration ${problem.id} is applied in the database but its file ${migrationsDir}/${problem.id}.surql is missing.`;
    case 'out-of-order':
      return `${migrationsDir}/${problem.id}.surql is pending but older than the newest applied migration ${problem.newestApplied} (merged from another branch?).`;
  }
}

export type ProblemItem = ReportItem<IntegrityProblem['kind']>;

/** A problem as a reported item: about the migration it names, with the sentence people read. */
export function problemItem(problem: IntegrityProblem, migrationsDir: string): ProblemItem {
  const subject = { table: null, field: null, entity: `migration ${problem.id}` };
  return reportItem(problem.kind, subject, describeProblem(problem, migrationsDir));
}

/** Stops a command on the given problems, naming each file, before anything runs. */
export function refuseProblems(problems: readonly IntegrityProblem[], migrationsDir: string): void {
  if (problems.length === 0) return;
  const outOfOrderOnly = problems.every((p) => p.kind === 'out-of-order');
  throw new IntegrityError(
    `The migration history does not add up:\n${problems.map((p) => `  - ${describeProblem(p, migrationsDir)}`).join('\n')}`,
    {
      where: migrationsDir,
      hint: outOfOrderOnly
        ? 'Check that the older migration does not conflict with the newer ones, then run again with --allow-out-of-order.'
        : 'An applied migration is immutable: restore the file as it was applied (e.g. from version control) and put further changes into a new migration.',
    },
  );
}
