import { availableParallelism } from 'node:os';
import type { Queryable } from '../engine/connection.js';
import { type EntityKind, type EntityRef, entityId } from '../model/entity.js';
import { type Snapshot, type SnapshotEntity, snapshotOf } from '../model/snapshot.js';
import { quoteIdent } from '../surql/ident.js';
import { printIdiom, readIdiom } from '../surql/idiom.js';
import { fingerprintOf } from './fingerprint.js';

/** smig's own bookkeeping tables: never shown, diffed or removed. */
export const internalTablePrefix = '_smig_';

type InfoMap = Record<string, string>;
type StructureList = Record<string, unknown>[];

/** INFO FOR DB keys → entity kinds (models, modules, apis and buckets are not managed). */
const databaseKinds: ReadonlyArray<readonly [string, EntityKind]> = [
  ['analyzers', 'analyzer'],
  ['functions', 'function'],
  ['params', 'param'],
  ['sequences', 'sequence'],
  ['accesses', 'access'],
  ['users', 'user'],
  ['configs', 'config'],
  ['tables', 'table'],
];

const tableKinds: ReadonlyArray<readonly [string, EntityKind]> = [
  ['fields', 'field'],
  ['indexes', 'index'],
  ['events', 'event'],
];

/**
 * The name an entity is keyed by. A field's path is printed by smig's one quoter, because the engine
 * keys a keyword field bare in INFO (`where`) and backticked in STRUCTURE (`` `where` ``).
 */
function entityName(kind: EntityKind, printed: string): string {
  return kind === 'field' ? printIdiom(readIdiom(printed)) : printed;
}

function structureName(kind: EntityKind, entry: Record<string, unknown>): string {
  if (kind === 'config') return Object.keys(entry)[0]?.toLowerCase() ?? '';
  return entityName(kind, String(entry.name ?? ''));
}

function withoutId(entry: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = entry;
  return rest;
}

function collect(
  into: Map<string, SnapshotEntity>,
  kind: EntityKind,
  table: string | undefined,
  texts: InfoMap,
  structures: StructureList,
): void {
  const byName = new Map(structures.map((s) => [structureName(kind, s), s]));
  for (const [key, text] of Object.entries(texts)) {
    if (kind === 'table' && key.startsWith(internalTablePrefix)) continue;
    const name = entityName(kind, key);
    // Config texts lack the DEFINE CONFIG prefix that every other kind prints.
    const definition = kind === 'config' ? `DEFINE CONFIG ${text}` : text;
    const ref: EntityRef = table === undefined ? { kind, name } : { kind, table, name };
    const structure = byName.get(kind === 'config' ? name.toLowerCase() : name) ?? {};
    into.set(entityId(ref), {
      ref,
      definition,
      fingerprint: fingerprintOf(kind, definition),
      structure: withoutId(structure),
    });
  }
}

/** Tables read by one request; more are split over as many requests as there are cores, sent at once. */
const tablesPerRequest = 250;

/**
 * The tables in the groups read by concurrent requests: the engine answers them on its own threads
 * at the same time (at 1000 tables, two requests take about 60 % of the time one takes).
 */
function requestsFor(tables: readonly string[]): (readonly string[])[] {
  const count = Math.min(availableParallelism(), Math.ceil(tables.length / tablesPerRequest));
  const size = Math.ceil(tables.length / count);
  return Array.from({ length: count }, (_, i) => tables.slice(i * size, (i + 1) * size));
}

function tableInfo(tables: readonly string[]): string {
  return tables
    .map((t) => `INFO FOR TABLE ${quoteIdent(t)}; INFO FOR TABLE ${quoteIdent(t)} STRUCTURE;`)
    .join('\n');
}

type DatabaseInfo = [Record<string, InfoMap>, Record<string, StructureList>];
type TableInfo = {
  readonly text: Record<string, InfoMap>;
  readonly structure: Record<string, StructureList>;
};

/** `INFO FOR DB` in both forms: the database-level entities (tables included) into `entities`. */
async function readDatabase(
  db: Queryable,
  entities: Map<string, SnapshotEntity>,
): Promise<{ tables: string[]; structures: StructureList }> {
  const [dbText, dbStructure] = (await db.query('INFO FOR DB; INFO FOR DB STRUCTURE;')) as DatabaseInfo;
  for (const [key, kind] of databaseKinds) {
    collect(entities, kind, undefined, dbText[key] ?? {}, dbStructure[key] ?? []);
  }
  const tables = Object.keys(dbText.tables ?? {}).filter((t) => !t.startsWith(internalTablePrefix));
  return { tables, structures: dbStructure.tables ?? [] };
}

/** `INFO FOR TABLE` in both forms for each of `tables`, in their order. */
async function readTables(db: Queryable, tables: readonly string[]): Promise<TableInfo[]> {
  if (tables.length === 0) return [];
  const results = (await Promise.all(requestsFor(tables).map((some) => db.query(tableInfo(some))))).flat();
  return tables.map((_, i) => ({
    text: results[2 * i] as Record<string, InfoMap>,
    structure: results[2 * i + 1] as Record<string, StructureList>,
  }));
}

function collectTable(entities: Map<string, SnapshotEntity>, table: string, info: TableInfo): void {
  for (const [key, kind] of tableKinds) {
    collect(entities, kind, table, info.text[key] ?? {}, info.structure[key] ?? []);
  }
}

/**
 * Reads a database's whole schema in two steps: `INFO FOR DB` (both forms), then every table's
 * `INFO FOR TABLE` (both forms), batched into one query string (a few, sent at once, for many tables).
 */
export async function introspect(db: Queryable): Promise<Snapshot> {
  const entities = new Map<string, SnapshotEntity>();
  const { tables } = await readDatabase(db, entities);
  const infos = await readTables(db, tables);
  const viewsOf = new Map<string, InfoMap>();
  tables.forEach((table, i) => {
    collectTable(entities, table, infos[i]!);
    viewsOf.set(table, infos[i]!.text.tables ?? {});
  });
  linkViews(entities, viewsOf);
  return snapshotOf(entities);
}

/** Each table's entities in a snapshot: the table's own and its fields', indexes' and events'. */
function entitiesByTable(snapshot: Snapshot): Map<string, [string, SnapshotEntity][]> {
  const byTable = new Map<string, [string, SnapshotEntity][]>();
  for (const [id, entity] of snapshot.entities) {
    const table = entity.ref.kind === 'table' ? entity.ref.name : entity.ref.table;
    if (table === undefined) continue;
    let some = byTable.get(table);
    if (some === undefined) {
      some = [];
      byTable.set(table, some);
    }
    some.push([id, entity]);
  }
  return byTable;
}

/** The database-level entities of a snapshot (functions, params, analyzers, accesses, …), by id. */
function databaseLevel(snapshot: Snapshot): Map<string, string> {
  const found = new Map<string, string>();
  for (const [id, entity] of snapshot.entities) {
    if (entity.ref.kind !== 'table' && entity.ref.table === undefined) found.set(id, entity.fingerprint);
  }
  return found;
}

/** Whether a view of `snapshot` is one of `tables` or reads one of them. */
function viewReaches(snapshot: Snapshot, tables: ReadonlySet<string>): boolean {
  for (const entity of snapshot.entities.values()) {
    if (entity.ref.kind !== 'table' || entity.structure.view === undefined) continue;
    if (tables.has(entity.ref.name) || (entity.readsFrom ?? []).some((t) => tables.has(t))) return true;
  }
  return false;
}

/** Whether a table `INFO FOR DB STRUCTURE` lists as a view is one of `tables`. */
function viewAmong(structures: StructureList, tables: ReadonlySet<string>): boolean {
  return structures.some((s) => s.view !== undefined && tables.has(structureName('table', s)));
}

/**
 * The schema of a database in the state `previous` but for the tables in `reached` (changed, added or
 * removed since): `INFO FOR DB` is read whole, `INFO FOR TABLE` only for the reached tables, and every
 * other table's entities are taken from `previous` (the engine makes a table's fields, indexes and
 * events from that table's own statements). `holds` says what the database was given: every table
 * (`all`: the other tables must be there, defined as in `previous`), or only the reached tables'
 * statements and the database-level ones (`reached`: no other table, and the database-level entities
 * those of `previous`). Undefined when the result might not be exactly what `introspect` reads on the
 * whole schema: that, or a view is reached or reads a reached table (the engine lists a view under
 * each table it reads).
 */
export async function introspectReached(
  db: Queryable,
  previous: Snapshot,
  reached: ReadonlySet<string>,
  holds: 'all' | 'reached',
): Promise<Snapshot | undefined> {
  if (viewReaches(previous, reached)) return undefined;
  const entities = new Map<string, SnapshotEntity>();
  const { tables, structures } = await readDatabase(db, entities);
  if (viewAmong(structures, reached)) return undefined;
  const byTable = entitiesByTable(previous);
  const kept = tables.filter((t) => !reached.has(t));
  const unreached = [...byTable.keys()].filter((t) => !reached.has(t));
  if (holds === 'all') {
    if (kept.length !== unreached.length) return undefined;
    for (const table of kept) {
      const id = entityId({ kind: 'table', name: table });
      const before = previous.entities.get(id);
      if (before === undefined || before.fingerprint !== entities.get(id)?.fingerprint) return undefined;
    }
  } else {
    const now = databaseLevel({ entities });
    const before = databaseLevel(previous);
    if (kept.length > 0 || now.size !== before.size) return undefined;
    for (const [id, fingerprint] of now) if (before.get(id) !== fingerprint) return undefined;
  }
  for (const table of unreached) {
    for (const [id, entity] of byTable.get(table) ?? []) entities.set(id, entity);
  }
  const read = tables.filter((t) => reached.has(t));
  const infos = await readTables(db, read);
  read.forEach((table, i) => {
    collectTable(entities, table, infos[i]!);
  });
  return snapshotOf(entities);
}

/**
 * Gives each view the tables it reads from. The engine lists, under each table's INFO, the views that
 * select from it; but 3.0.2 leaves stale entries there when a view is overwritten or removed (the old
 * text stays listed, even after REMOVE TABLE). An entry counts only when it is the view's current
 * definition, word for word as the engine prints it.
 */
function linkViews(entities: Map<string, SnapshotEntity>, viewsOf: ReadonlyMap<string, InfoMap>): void {
  const sources = new Map<string, string[]>();
  for (const [source, views] of viewsOf) {
    for (const [view, text] of Object.entries(views)) {
      const id = entityId({ kind: 'table', name: view });
      if (entities.get(id)?.definition !== text) continue;
      sources.set(id, [...(sources.get(id) ?? []), source]);
    }
  }
  for (const [id, readsFrom] of sources) {
    const view = entities.get(id);
    if (view) entities.set(id, { ...view, readsFrom: readsFrom.sort() });
  }
}

export const emptySnapshot: Snapshot = { entities: new Map() };
