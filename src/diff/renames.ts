import { entityId } from '../model/entity.js';
import type { Change } from './change.js';

/** A rename the schema declares: `defineSchema({ table: 'person', was: 'user' })`, `string().was('mail')`. */
export interface RenameHint {
  readonly kind: 'table' | 'field';
  /** For fields: the table (its current name). */
  readonly table?: string;
  /** Former names, most recent first. */
  readonly from: readonly string[];
  readonly to: string;
}

/**
 * Turns a removal of a former name plus a definition of the new one into a single rename, so that the
 * data moves instead of being dropped. A hint whose old entity is not there (already renamed, or never
 * existed) changes nothing.
 */
export function applyRenames(changes: readonly Change[], hints: readonly RenameHint[]): Change[] {
  const removed = new Map(
    changes.flatMap((c) => (c.kind === 'remove' ? [[entityId(c.before.ref), c] as const] : [])),
  );
  const defined = new Map(
    changes.flatMap((c) => (c.kind === 'define' ? [[entityId(c.after.ref), c] as const] : [])),
  );
  const replaced = new Map<Change, Change | null>();
  for (const hint of hints) {
    const target = defined.get(
      entityId({ kind: hint.kind, ...(hint.table ? { table: hint.table } : {}), name: hint.to }),
    );
    if (target?.kind !== 'define' || replaced.has(target)) continue;
    for (const old of hint.from) {
      const source = removed.get(
        entityId({ kind: hint.kind, ...(hint.table ? { table: hint.table } : {}), name: old }),
      );
      if (source?.kind !== 'remove' || replaced.has(source)) continue;
      replaced.set(target, { kind: 'rename', before: source.before, after: target.after });
      replaced.set(source, null);
      break;
    }
  }
  return changes.flatMap((c) => {
    const r = replaced.get(c);
    return r === undefined ? [c] : r === null ? [] : [r];
  });
}
