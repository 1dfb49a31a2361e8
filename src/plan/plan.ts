import { assertNever, type Change, changedEntity, invertChange } from '../diff/change.js';
import { rebuildsView } from '../diff/view-rebuilds.js';
import { hasHiddenSecret } from '../introspect/fingerprint.js';
import { describeEntity, type EntityRef, entityId } from '../model/entity.js';
import { isAutomaticField, isElementPath, relationEndName } from '../model/implicit-field.js';
import { type ReportItem, reportItem, subjectOf } from '../model/report-item.js';
import type { Snapshot, SnapshotEntity } from '../model/snapshot.js';
import type { CompiledStatement } from '../model/statement.js';
import { printIdiom, readIdiom } from '../surql/idiom.js';
import { classifyChange, type Risk } from './classify.js';
import { dataSteps, type TableEntities } from './data-steps.js';
import { compareKeys, defineKey, isView, type OrderOf, removalKey, type SortKey } from './order.js';
import { renameMoves } from './rename-moves.js';
import { executableDefinition, renderRemove } from './render.js';

/**
 * One statement of a migration, as a value: its SurrealQL (no comments, no `;`), and what a reader of
 * the migration is told about it. The migration file writer renders `risk` and `comment` as `--` lines.
 */
export interface PlannedStatement {
  readonly ref: EntityRef;
  readonly change: Change['kind'];
  readonly sql: string;
  /** How the statement can affect data already stored, when it can. */
  readonly risk?: Risk;
  /** A note for the reviewer (what the statement cannot do for them). */
  readonly comment?: string;
  /** The statements of the other direction that undo the change this statement belongs to. */
  readonly reverse?: readonly string[];
}

export interface Plan {
  readonly forward: readonly PlannedStatement[];
  readonly rollback: readonly PlannedStatement[];
  /** What the migration cannot see or undo exactly (secrets the engine hides). */
  readonly irreversible: readonly IrreversibleItem[];
}

/**
 * What a migration cannot do exactly: see a change of a user's password (`password-not-compared`) or of
 * an access's key (`key-not-compared`), both stored hidden by the engine; restore an access's key on
 * rollback (`key-not-restored`).
 */
export type IrreversibleKind = 'password-not-compared' | 'key-not-compared' | 'key-not-restored';

export type IrreversibleItem = ReportItem<IrreversibleKind>;

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
 * migration and the engine's own version is exactly the wanted one; a customised one is kept.
 */
function ownerOf(
  entity: SnapshotEntity,
  definedEntity: (id: string) => SnapshotEntity | undefined,
): string | undefined {
  const { ref } = entity;
  if (ref.kind !== 'field' || ref.table === undefined) return undefined;
  const path = readIdiom(ref.name);
  const tableId = entityId({ kind: 'table', name: ref.table });
  const parentId = isElementPath(path)
    ? entityId({ kind: 'field', table: ref.table, name: printIdiom(path.slice(0, -1)) })
    : undefined;
  const ownerId = parentId ?? (relationEndName(path) !== undefined ? tableId : undefined);
  const owner = ownerId === undefined ? undefined : definedEntity(ownerId);
  if (ownerId === undefined || owner === undefined) return undefined;
  const context = parentId === undefined ? { table: owner.structure } : { parent: owner.structure };
  return isAutomaticField(entity.structure, path, context) ? ownerId : undefined;
}

/**
 * A field the engine may already have made by itself (`in`/`out` of a relation, `x.*` of an array):
 * a plain DEFINE of it fails with "already exists", so it is always written with OVERWRITE.
 */
function mayBeEngineMade(entity: SnapshotEntity): boolean {
  if (entity.ref.kind !== 'field') return false;
  const path = readIdiom(entity.ref.name);
  return relationEndName(path) !== undefined || isElementPath(path);
}

function render(change: Change, source: StatementSource): string {
  const id = entityId(changedEntity(change).ref);
  switch (change.kind) {
    case 'define':
      if (mayBeEngineMade(change.after)) {
        return source.statement(id)?.overwrite ?? executableDefinition(change.after, true);
      }
      return source.statement(id)?.sql ?? executableDefinition(change.after, false);
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
 * A view that is rebuilt (see `rebuildsView`) is removed and defined again instead of overwritten, and
 * so is every changed view that reads from a rebuilt one: SurrealDB refuses to remove a table a view
 * reads from.
 */
function splitViews(changes: readonly Change[]): { change: Change; origin: number }[] {
  const rebuilt = new Set(changes.filter(rebuildsView).map((c) => changedEntity(c).ref.name));
  const readsRebuilt = (c: Change) =>
    c.kind === 'overwrite' &&
    isView(c.before) &&
    !rebuilt.has(c.before.ref.name) &&
    (c.before.readsFrom ?? []).some((source) => rebuilt.has(source));
  for (let more = changes.filter(readsRebuilt); more.length > 0; more = changes.filter(readsRebuilt)) {
    for (const c of more) rebuilt.add(changedEntity(c).ref.name);
  }
  return changes.flatMap((c, origin) =>
    c.kind === 'overwrite' && c.before.ref.kind === 'table' && rebuilt.has(c.before.ref.name)
      ? [
          { change: { kind: 'remove', before: c.before }, origin },
          { change: { kind: 'define', after: c.after }, origin },
        ]
      : [{ change: c, origin }],
  );
}

/** A planned statement and the index of the change it comes from. */
interface Placed {
  readonly origin: number;
  readonly statement: PlannedStatement;
}

/**
 * Orders and renders one direction of a migration. Given the tables that exist before it, each
 * statement carries the risk of its change to the data already there.
 */
export function planDirection(
  input: readonly Change[],
  source: StatementSource,
  tablesBefore?: ReadonlySet<string>,
  after?: Snapshot,
): PlannedStatement[] {
  return placeStatements(input, source, tablesBefore, after).map((p) => p.statement);
}

/** The entities of each table in a state, for notes on what writing its records runs. */
function entitiesOf(state: Snapshot | undefined): TableEntities {
  const byTable = new Map<string, SnapshotEntity[]>();
  for (const entity of state?.entities.values() ?? []) {
    const table = entity.ref.table;
    if (table !== undefined) byTable.set(table, [...(byTable.get(table) ?? []), entity]);
  }
  return (table) => byTable.get(table) ?? [];
}

function placeStatements(
  input: readonly Change[],
  source: StatementSource,
  tablesBefore: ReadonlySet<string> | undefined,
  after: Snapshot | undefined,
): Placed[] {
  const split = splitViews(input);
  const changes = split.map((s) => s.change);
  const defined = new Map(
    changes.filter((c) => c.kind !== 'remove').map((c) => [entityId(changedEntity(c).ref), changedEntity(c)]),
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
  // Tables new in this direction hold no records yet: their fields need no data steps.
  const created = new Set(
    changes.flatMap((c) =>
      (c.kind === 'define' || c.kind === 'rename') && c.after.ref.kind === 'table' ? [c.after.ref.name] : [],
    ),
  );
  const entities = entitiesOf(after);
  const leavingOf = (name: string) => leaving.get(name) ?? arriving.get(name);
  const arrivingOf = (name: string) => arriving.get(name) ?? leaving.get(name);

  const keyed: (Placed & { key: SortKey })[] = [];
  for (const { change, origin } of split) {
    const entity = changedEntity(change);
    const { ref } = entity;
    const risk = tablesBefore === undefined ? undefined : classifyChange(change, tablesBefore);
    const statement = () => ({
      ref,
      change: change.kind,
      sql: render(change, source),
      ...(risk ? { risk } : {}),
    });
    if (change.kind === 'remove') {
      // REMOVE TABLE takes the table's fields, indexes and events with it.
      if (ref.table !== undefined && removedTables.has(ref.table)) continue;
      keyed.push({ key: [0, ...removalKey(entity, leavingOf)], origin, statement: statement() });
      continue;
    }
    if (ownerOf(entity, (id) => defined.get(id)) !== undefined) continue;
    keyed.push({
      key: [1, ...defineKey(entity, arrivingOf, source.orderOf)],
      origin,
      statement: statement(),
    });
    if (ref.kind === 'field' && ref.table !== undefined && !created.has(ref.table)) {
      dataSteps(change, entities).forEach((step, i) => {
        keyed.push({
          key: [1, ...defineKey(entity, arrivingOf, source.orderOf, 2.5), i],
          origin,
          statement: { ref, change: change.kind, ...step },
        });
      });
    }
    if (change.kind === 'rename') {
      renameMoves(change, changes, entities).forEach((move, i) => {
        keyed.push({
          key: [1, ...defineKey(entity, arrivingOf, source.orderOf, 2.5), i],
          origin,
          statement: { ref, change: change.kind, ...move },
        });
      });
    }
  }
  return keyed.sort((a, b) => compareKeys(a.key, b.key));
}

/** Each statement with the statements of the other direction that come from the same change. */
function withReverse(placed: readonly Placed[], other: readonly Placed[]): PlannedStatement[] {
  const byOrigin = new Map<number, string[]>();
  for (const p of other) byOrigin.set(p.origin, [...(byOrigin.get(p.origin) ?? []), p.statement.sql]);
  return placed.map((p) => ({ ...p.statement, reverse: byOrigin.get(p.origin) ?? [] }));
}

function irreversibleNotes(changes: readonly Change[]): IrreversibleItem[] {
  const notes: IrreversibleItem[] = [];
  for (const change of changes) {
    const entity = changedEntity(change);
    const subject = subjectOf(entity.ref);
    if (change.kind !== 'remove' && hasHiddenSecret(entity.ref.kind, entity.definition)) {
      notes.push(
        entity.ref.kind === 'user'
          ? reportItem(
              'password-not-compared',
              subject,
              `${describeEntity(entity.ref)}: the engine stores its password salted, so a change of the password alone is not seen by smig (change it with DEFINE USER OVERWRITE by hand).`,
            )
          : reportItem(
              'key-not-compared',
              subject,
              `${describeEntity(entity.ref)}: the engine hides its key ([REDACTED]), so a change of the key alone is not seen by smig (change it with DEFINE ACCESS OVERWRITE by hand).`,
            ),
      );
    }
    if (
      change.kind !== 'define' &&
      entity.ref.kind === 'access' &&
      hasHiddenSecret('access', entity.definition)
    ) {
      notes.push(
        reportItem(
          'key-not-restored',
          subject,
          `${describeEntity(entity.ref)}: its key is hidden by the engine, so the rollback gives it a new random key; set the real key by hand if tokens signed with it must keep working.`,
        ),
      );
    }
  }
  return notes;
}

/**
 * Forward statements are written from the schema model where it has the entity; rollback statements
 * from the previous state as the engine stored it. Forward statements carry the risk of their change
 * to the data in `tablesBefore`; a rollback is judged on the data when it runs.
 */
export function planMigration(
  changes: readonly Change[],
  source: StatementSource = storedOnly,
  tablesBefore: ReadonlySet<string> = new Set(),
  states?: { readonly before: Snapshot; readonly after: Snapshot },
): Plan {
  const forward = placeStatements(changes, source, tablesBefore, states?.after);
  const rollback = placeStatements(changes.map(invertChange), storedOnly, undefined, states?.before);
  return {
    forward: withReverse(forward, rollback),
    rollback: withReverse(rollback, forward),
    irreversible: irreversibleNotes(changes),
  };
}
