import { assertNever, type Change, changedEntity, invertChange } from '../diff/change.js';
import { rebuildsView } from '../diff/view-rebuilds.js';
import { hasHiddenSecret } from '../introspect/fingerprint.js';
import { describeEntity, type EntityRef, entityId } from '../model/entity.js';
import type { SnapshotEntity } from '../model/snapshot.js';
import type { CompiledStatement } from '../model/statement.js';
import { quoteIdent } from '../surql/ident.js';
import {
  compareKeys,
  defineKey,
  isRelation,
  isView,
  type OrderOf,
  removalKey,
  type SortKey,
} from './order.js';
import { executableDefinition, renderRemove } from './render.js';

export interface PlannedStatement {
  readonly ref: EntityRef;
  readonly change: Change['kind'];
  readonly sql: string;
}

export interface Plan {
  readonly forward: readonly PlannedStatement[];
  readonly rollback: readonly PlannedStatement[];
  /** Changes whose effect the rollback cannot undo exactly, in words. */
  readonly irreversible: readonly string[];
}

/** Where forward statements come from: the schema model's own, seed-style statements. */
export interface StatementSource {
  readonly statement: (id: string) => CompiledStatement | undefined;
  readonly orderOf: OrderOf;
}

/** No model: every statement is the engine's own stored definition (rollbacks, replays). */
export const storedOnly: StatementSource = { statement: () => undefined, orderOf: () => undefined };

/** Builds a statement source from the compiled schema, remembering each statement's position. */
export function sourceFromCompiled(statements: readonly CompiledStatement[]): StatementSource {
  const byId = new Map(statements.map((s, i) => [entityId(s.ref), { s, i }]));
  return { statement: (id) => byId.get(id)?.s, orderOf: (id) => byId.get(id)?.i };
}

/**
 * An entity the engine creates by itself when its owner is defined: `tags.*` for an array field, and
 * `in`/`out` for a relation table. Its statement is left out when the owner is (re)defined in the same
 * migration; verification puts it back if the engine's automatic version is not the wanted one.
 */
function ownerOf(entity: SnapshotEntity): string | undefined {
  const { ref } = entity;
  if (ref.kind !== 'field' || ref.table === undefined) return undefined;
  if (ref.name.endsWith('.*'))
    return entityId({ kind: 'field', table: ref.table, name: ref.name.slice(0, -2) });
  if (ref.name === 'in' || ref.name === 'out') return entityId({ kind: 'table', name: ref.table });
  return undefined;
}

function render(change: Change, source: StatementSource): string {
  const id = entityId(changedEntity(change).ref);
  switch (change.kind) {
    case 'define':
    case 'rename':
      return source.statement(id)?.sql ?? executableDefinition(change.after, false);
    case 'overwrite':
      return source.statement(id)?.overwrite ?? executableDefinition(change.after, true);
    case 'remove':
      return renderRemove(change.before.ref);
    default:
      return assertNever(change);
  }
}

/**
 * The statements that move data to a renamed table or field. SurrealDB has no RENAME: records are
 * copied (keeping their ids' keys) and the old table removed; a field's values are moved after the old
 * definition is removed, so that setting it to NONE does not fail its type.
 */
function renameMoves(change: Extract<Change, { kind: 'rename' }>): string[] {
  const { before, after } = change;
  if (after.ref.kind === 'table') {
    const from = quoteIdent(before.ref.name);
    const to = quoteIdent(after.ref.name);
    if (isView(after)) return [renderRemove(before.ref)];
    const copy = isRelation(after)
      ? `INSERT RELATION INTO ${to} (SELECT *, type::record('${after.ref.name.replace(/'/g, "\\'")}', record::id(id)) AS id FROM ${from})`
      : `INSERT INTO ${to} (SELECT * FROM ${from})`;
    return [copy, renderRemove(before.ref)];
  }
  const table = quoteIdent(after.ref.table ?? '');
  return [
    renderRemove(before.ref),
    `UPDATE ${table} SET ${after.ref.name} = ${before.ref.name}, ${before.ref.name} = NONE`,
  ];
}

/**
 * A view that is rebuilt (see `rebuildsView`) is removed and defined again instead of overwritten, and
 * so is every changed view that reads from a rebuilt one: SurrealDB refuses to remove a table a view
 * reads from.
 */
function splitViews(changes: readonly Change[]): Change[] {
  const rebuilt = new Set(changes.filter(rebuildsView).map((c) => changedEntity(c).ref.name));
  const readsRebuilt = (c: Change) =>
    c.kind === 'overwrite' &&
    isView(c.before) &&
    !rebuilt.has(c.before.ref.name) &&
    (c.before.readsFrom ?? []).some((source) => rebuilt.has(source));
  for (let more = changes.filter(readsRebuilt); more.length > 0; more = changes.filter(readsRebuilt)) {
    for (const c of more) rebuilt.add(changedEntity(c).ref.name);
  }
  return changes.flatMap((c): Change[] =>
    c.kind === 'overwrite' && c.before.ref.kind === 'table' && rebuilt.has(c.before.ref.name)
      ? [
          { kind: 'remove', before: c.before },
          { kind: 'define', after: c.after },
        ]
      : [c],
  );
}

/** Orders and renders one direction of a migration. */
export function planDirection(input: readonly Change[], source: StatementSource): PlannedStatement[] {
  const changes = splitViews(input);
  const defined = new Set(
    changes.filter((c) => c.kind !== 'remove').map((c) => entityId(changedEntity(c).ref)),
  );
  // Tables that go away, removed or renamed: REMOVE TABLE takes their fields, indexes and events along.
  const removedTables = new Set(
    changes.flatMap((c) =>
      (c.kind === 'remove' || c.kind === 'rename') && c.before.ref.kind === 'table'
        ? [c.before.ref.name]
        : [],
    ),
  );
  // Tables as they are when removed, and as they are when defined (a rebuilt view is both).
  const leaving = new Map<string, SnapshotEntity>();
  const arriving = new Map<string, SnapshotEntity>();
  for (const change of changes) {
    const entity = changedEntity(change);
    if (entity.ref.kind === 'table')
      (change.kind === 'remove' ? leaving : arriving).set(entity.ref.name, entity);
  }
  const leavingOf = (name: string) => leaving.get(name) ?? arriving.get(name);
  const arrivingOf = (name: string) => arriving.get(name) ?? leaving.get(name);

  const keyed: { key: SortKey; statement: PlannedStatement }[] = [];
  for (const change of changes) {
    const entity = changedEntity(change);
    const { ref } = entity;
    if (change.kind === 'remove') {
      // REMOVE TABLE takes the table's fields, indexes and events with it.
      if (ref.table !== undefined && removedTables.has(ref.table)) continue;
      keyed.push({
        key: [0, ...removalKey(entity, leavingOf)],
        statement: { ref, change: change.kind, sql: render(change, source) },
      });
      continue;
    }
    const owner = ownerOf(entity);
    if (owner !== undefined && defined.has(owner)) continue;
    keyed.push({
      key: [1, ...defineKey(entity, arrivingOf, source.orderOf)],
      statement: { ref, change: change.kind, sql: render(change, source) },
    });
    if (change.kind === 'rename') {
      renameMoves(change).forEach((sql, i) => {
        keyed.push({
          key: [1, ...defineKey(entity, arrivingOf, source.orderOf, 2.5), i],
          statement: { ref, change: change.kind, sql },
        });
      });
    }
  }
  return keyed.sort((a, b) => compareKeys(a.key, b.key)).map((k) => k.statement);
}

function irreversibleNotes(changes: readonly Change[]): string[] {
  const notes: string[] = [];
  for (const change of changes) {
    const entity = changedEntity(change);
    if (change.kind !== 'remove' && hasHiddenSecret(entity.ref.kind, entity.definition)) {
      notes.push(
        entity.ref.kind === 'user'
          ? `${describeEntity(entity.ref)}: the engine stores its password salted, so a change of the password alone is not seen by smig (change it with DEFINE USER OVERWRITE by hand).`
          : `${describeEntity(entity.ref)}: the engine hides its key ([REDACTED]), so a change of the key alone is not seen by smig (change it with DEFINE ACCESS OVERWRITE by hand).`,
      );
    }
    if (
      change.kind !== 'define' &&
      entity.ref.kind === 'access' &&
      hasHiddenSecret('access', entity.definition)
    ) {
      notes.push(
        `${describeEntity(entity.ref)}: its key is hidden by the engine, so the rollback gives it a new random key; set the real key by hand if tokens signed with it must keep working.`,
      );
    }
  }
  return notes;
}

/**
 * Forward statements are written from the schema model where it has the entity; rollback statements
 * from the previous state as the engine stored it.
 */
export function planMigration(changes: readonly Change[], source: StatementSource = storedOnly): Plan {
  return {
    forward: planDirection(changes, source),
    rollback: planDirection(changes.map(invertChange), storedOnly),
    irreversible: irreversibleNotes(changes),
  };
}
