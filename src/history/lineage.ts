import { sha256 } from '../digest.js';
import type { Snapshot } from '../model/snapshot.js';

/** What the lineage needs of a migration: its id and the parent its header names. */
export interface LineageSource {
  readonly id: string;
  /** `null`: the first migration; `undefined`: no `-- parent:` line (the one before it in id order). */
  readonly parent?: { readonly id: string } | null;
  /** The migration `smig rebase` made this one of: a parent naming that one means this one. */
  readonly rebasedFrom?: string;
}

/** Two or more migrations made on top of the same one, each with the migrations made on top of it. */
export interface Fork {
  /** The migration they were all made from; `null` when each was the first of its folder. */
  readonly parent: string | null;
  /** One list per branch, in id order; the branches are in the id order of their first migration. */
  readonly branches: readonly (readonly string[])[];
}

export interface Lineage {
  /** Each migration's parent: the one its header names, or the one before it in id order. */
  readonly parentOf: ReadonlyMap<string, string | null>;
  readonly forks: readonly Fork[];
  /** Migrations whose header names a parent that is not in the folder (deleted, or rebased away). */
  readonly missingParents: readonly { readonly id: string; readonly parent: string }[];
  /** The ids in the order the history is replayed: id order. */
  readonly order: readonly string[];
}

/**
 * How the migrations of a folder descend from one another. A migration without a `-- parent:` line was
 * written by an earlier version and follows the one before it in id order, so an old history is linear.
 *
 * @example
 * findLineage([{ id: 'a', parent: null }, { id: 'b', parent: { id: 'a' } }, { id: 'c', parent: { id: 'a' } }]);
 * // forks: [{ parent: 'a', branches: [['b'], ['c']] }]
 */
export function findLineage(migrations: readonly LineageSource[]): Lineage {
  const order = migrations.map((m) => m.id).sort();
  const byId = new Map(migrations.map((m) => [m.id, m]));
  const rebasedAs = new Map(migrations.flatMap((m) => (m.rebasedFrom ? [[m.rebasedFrom, m.id]] : [])));
  const parentOf = new Map<string, string | null>();
  order.forEach((id, index) => {
    const parent = byId.get(id)?.parent;
    const named = parent === undefined ? (order[index - 1] ?? null) : (parent?.id ?? null);
    parentOf.set(id, named !== null && !byId.has(named) ? (rebasedAs.get(named) ?? named) : named);
  });
  const children = new Map<string | null, string[]>();
  for (const id of order) {
    const parent = parentOf.get(id) ?? null;
    children.set(parent, [...(children.get(parent) ?? []), id]);
  }
  const descendants = (id: string): string[] => [
    id,
    ...(children.get(id) ?? []).flatMap((child) => descendants(child)),
  ];
  const forks: Fork[] = [];
  for (const [parent, ids] of children) {
    if (ids.length < 2) continue;
    forks.push({ parent, branches: ids.map((id) => descendants(id).sort()) });
  }
  const missingParents = order.flatMap((id) => {
    const parent = parentOf.get(id);
    return parent !== null && parent !== undefined && !byId.has(parent) ? [{ id, parent }] : [];
  });
  return {
    parentOf,
    forks: forks.sort((a, b) => compare(a.parent ?? '', b.parent ?? '')),
    missingParents,
    order,
  };
}

/**
 * A short checksum of a schema as the engine prints it: what a migration's `-- history:` line records
 * about the state it was made from. Two histories that produce the same schema have the same checksum.
 */
export function historyChecksum(snapshot: Snapshot): string {
  const lines = [...snapshot.entities].map(([id, entity]) => `${id}\n${entity.fingerprint}`).sort(compare);
  return sha256(lines.join('\n\n')).slice(0, 16);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
