/**
 * What a command is doing now, for a progress line:
 *
 * - reading: the migration files and the ledger; reading-migrations: the files only;
 * - loading-schema: the schema file; proving-schema: applying it to the shadow engine (`count`
 *   statements); writes: proving that every table of it accepts a record;
 * - forks: looking for branches in the history; replaying: `count` migrations on the shadow;
 * - reading-live: the live database's schema; copying-live: replaying it on the shadow (sync);
 * - verifying: the planned statements (`count` forward, `rollback` rollback) on the shadow;
 * - drift: the database against its ledger; proving: `count` pending migrations on a scratch copy;
 * - checking-data: what the change does to the records (`records` in `tables`, once counted);
 * - locking: taking the migration lock (from here on, the database may change);
 * - syncing: applying `count` statements to the database in one transaction (sync).
 */
export type Phase =
  | 'reading'
  | 'reading-migrations'
  | 'loading-schema'
  | 'proving-schema'
  | 'writes'
  | 'forks'
  | 'replaying'
  | 'reading-live'
  | 'copying-live'
  | 'verifying'
  | 'drift'
  | 'proving'
  | 'checking-data'
  | 'locking'
  | 'syncing';

export interface PhaseEvent {
  readonly kind: 'phase';
  readonly phase: Phase;
  /** How many migrations or statements it concerns (push's checking-data: the pending migrations). */
  readonly count?: number;
  /** checking-data: how many records are checked, and in how many tables. */
  readonly records?: number;
  readonly tables?: number;
  /** verifying: how many rollback statements (`count` is the forward ones). */
  readonly rollback?: number;
}

/** Phases running at the same time (at least two), in the order they were started. */
export interface PhasesEvent {
  readonly kind: 'phases';
  readonly phases: readonly PhaseEvent[];
}

export type ProgressEvent = PhaseEvent | PhasesEvent;

/** A phase event without `kind`, as commands write them. */
export type PhaseInfo = Omit<PhaseEvent, 'kind'>;

export function phaseEvent(info: PhaseInfo): PhaseEvent {
  return { kind: 'phase', ...info };
}

/**
 * Runs tasks at the same time, each named by its phase (or unnamed), and reports the phases still
 * running whenever one of them ends: the progress line always names work that is really going on.
 */
export async function concurrently<T extends readonly unknown[]>(
  report: ((event: ProgressEvent) => void) | undefined,
  tasks: { readonly [K in keyof T]: readonly [PhaseInfo | undefined, () => Promise<T[K]>] },
): Promise<T> {
  const list = tasks as unknown as readonly (readonly [PhaseInfo | undefined, () => Promise<unknown>])[];
  const running = new Set<number>();
  let done = false;
  const announce = () => {
    if (done) return;
    const phases = list.flatMap(([info], i) =>
      info !== undefined && running.has(i) ? [phaseEvent(info)] : [],
    );
    if (phases.length === 1) report?.(phases[0]!);
    else if (phases.length > 1) report?.({ kind: 'phases', phases });
  };
  list.forEach((_, i) => {
    running.add(i);
  });
  announce();
  try {
    return (await Promise.all(
      list.map(async ([info, run], i) => {
        try {
          return await run();
        } finally {
          running.delete(i);
          if (info !== undefined) announce();
        }
      }),
    )) as unknown as T;
  } finally {
    done = true;
  }
}
