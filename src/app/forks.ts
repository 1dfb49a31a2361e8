import type { Shadow } from '../engine/connection.js';
import { IntegrityError } from '../errors.js';
import { type Fork, findLineage, type Lineage } from '../history/lineage.js';
import type { Migration } from '../history/migration-file.js';
import { introspect } from '../introspect/introspect.js';
import { describeEntity } from '../model/entity.js';
import type { Snapshot } from '../model/snapshot.js';
import type { PhaseEvent } from './phase.js';
import { replayInto } from './shadow-state.js';

/** A fork of the migration history, with what each branch changes. */
export interface ForkReport {
  /** The migration every branch was made from; `null` when each was the first of its folder. */
  readonly parent: string | null;
  /** The checksum of the schema they were made from, as their headers record it. */
  readonly history: string | null;
  /** The first migration of each branch, in id order. */
  readonly migrations: readonly string[];
  readonly branches: readonly (readonly string[])[];
  /** The entities more than one branch changes, as a reviewer reads them (`field qty on table item`). */
  readonly conflicts: readonly string[];
  /** The same, as entity ids. */
  readonly conflictIds: readonly string[];
}

/** The migrations up to and including `id`, following parents, in replay order. */
export function chainTo(lineage: Lineage, id: string | null): string[] {
  const chain: string[] = [];
  for (let at = id; at !== null && at !== undefined; at = lineage.parentOf.get(at) ?? null) {
    if (chain.includes(at)) break;
    chain.unshift(at);
  }
  return chain;
}

/** The ids of the entities that differ between two snapshots. */
export function changedEntities(from: Snapshot, to: Snapshot): Set<string> {
  const changed = new Set<string>();
  for (const [id, entity] of from.entities) {
    if (to.entities.get(id)?.fingerprint !== entity.fingerprint) changed.add(id);
  }
  for (const id of to.entities.keys()) if (!from.entities.has(id)) changed.add(id);
  return changed;
}

/** The state a list of migrations (by id) produces, replayed on a scratch database of the shadow. */
export async function stateOf(
  shadow: Shadow,
  migrations: readonly Migration[],
  ids: readonly string[],
): Promise<Snapshot> {
  const byId = new Map(migrations.map((m) => [m.id, m]));
  const db = await shadow.database('fork');
  await replayInto(
    db,
    ids.flatMap((id) => byId.get(id) ?? []),
  );
  return introspect(db);
}

/**
 * The forks of the migration history: two or more migrations made from the same one. Each branch is
 * replayed on the shadow from their common state, so that what they change is what the engine says.
 */
export async function findForks(shadow: Shadow, migrations: readonly Migration[]): Promise<ForkReport[]> {
  const lineage = findLineage(migrations);
  const reports: ForkReport[] = [];
  for (const fork of lineage.forks) reports.push(await reportFork(shadow, migrations, lineage, fork));
  return reports;
}

async function reportFork(
  shadow: Shadow,
  migrations: readonly Migration[],
  lineage: Lineage,
  fork: Fork,
): Promise<ForkReport> {
  const base = chainTo(lineage, fork.parent);
  const first = fork.branches.map((branch) => branch[0] ?? '');
  const byId = new Map(migrations.map((m) => [m.id, m]));
  const history = first.map((id) => byId.get(id)?.parent?.history).find((h) => h) ?? null;
  const report = { parent: fork.parent, history, migrations: first, branches: fork.branches };
  try {
    const before = await stateOf(shadow, migrations, base);
    const changes = await Promise.all(
      fork.branches.map(async (branch) =>
        changedEntities(before, await stateOf(shadow, migrations, [...base, ...branch])),
      ),
    );
    const seen = new Map<string, number>();
    for (const set of changes) for (const id of set) seen.set(id, (seen.get(id) ?? 0) + 1);
    const conflictIds = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    const names = new Map<string, string>();
    for (const [id, entity] of before.entities) names.set(id, describeEntity(entity.ref));
    return { ...report, conflictIds, conflicts: conflictIds.map((id) => names.get(id) ?? describeId(id)) };
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    // A branch that does not replay on its own parent: the history is broken anyway; say that instead.
    return { ...report, conflictIds: [], conflicts: [error.message] };
  }
}

/** `field:item:qty` as `field qty on table item`, for an entity only one side has. */
function describeId(id: string): string {
  const [kind = '', table = '', ...name] = id.split(':');
  return describeEntity({
    kind: kind as never,
    ...(table === '' ? {} : { table }),
    name: name.join(':'),
  });
}

/**
 * One paragraph about a fork: which files, made from which state, whether they conflict, what to do.
 *
 * @example
 * // The migration history is forked: migrations/20240116_qty.surql and migrations/20240117_note.surql were
 * // both made from 20240115_items (history 3f2a…), on different branches. They do not conflict (they
 * // change different entities): run `smig rebase` to re-plan 20240117_note on top of 20240116_qty; …
 */
export function describeFork(fork: ForkReport, dir: string): string {
  const files = fork.migrations.map((id) => `${dir}/${id}.surql`);
  const listed = files.length === 2 ? `${files[0]} and ${files[1]}` : files.join(', ');
  const from =
    fork.parent === null
      ? 'an empty history (each is a first migration)'
      : `${fork.parent}${fork.history ? ` (history ${fork.history})` : ''}`;
  const [kept, ...later] = fork.branches;
  const tip = kept?.at(-1) ?? '';
  const moved = later.flat();
  const rebased = `${moved.join(', ')} on top of ${tip}`;
  const head = `The migration history is forked: ${listed} were both made from ${from}, on different branches.`;
  if (fork.conflicts.length === 0) {
    return `${head} They do not conflict (they change different entities): run \`smig rebase\` to re-plan ${rebased}; then \`smig push\` brings every database in line, also one that applied the old file.`;
  }
  return `${head} They conflict: both change ${fork.conflicts.join(', ')}. Resolve that in the schema file, then run \`smig rebase\`: it re-plans ${rebased}, taking those entities from the schema file. Or by hand: delete ${moved.map((id) => `${dir}/${id}.surql`).join(', ')}, roll it back where it was applied (\`smig rollback\`), and make one migration of the merged schema file with \`smig diff -m "…"\`.`;
}

/** Stops a command on a forked history, explaining each fork; `what` says what the command did not do. */
export function refuseForks(forks: readonly ForkReport[], dir: string, what: string, otherwise = ''): void {
  if (forks.length === 0) return;
  throw new IntegrityError(forks.map((f) => describeFork(f, dir)).join('\n\n'), {
    where: dir,
    hint: `${what} Run \`smig rebase\` first (\`smig status\` shows the forks)${otherwise}.`,
  });
}

/** The forks of a project's migration history (none, cheaply, when the history is linear). */
export async function projectForks(
  project: {
    shadow(): Promise<Shadow>;
    migrations(): Promise<Migration[]>;
  },
  onEvent?: (event: PhaseEvent) => void,
): Promise<ForkReport[]> {
  onEvent?.({ kind: 'phase', phase: 'reading-migrations' });
  const migrations = await project.migrations();
  onEvent?.({ kind: 'phase', phase: 'forks' });
  if (findLineage(migrations).forks.length === 0) return [];
  return findForks(await project.shadow(), migrations);
}
