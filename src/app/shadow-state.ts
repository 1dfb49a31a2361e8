import { diffSnapshots } from '../diff/diff-snapshots.js';
import type { Queryable, Shadow } from '../engine/connection.js';
import { executeStatements } from '../engine/execute.js';
import { IntegrityError, SchemaError } from '../errors.js';
import { emptySnapshot, introspect, introspectReached } from '../introspect/introspect.js';
import type { Snapshot } from '../model/snapshot.js';
import type { CompiledStatement } from '../model/statement.js';
import { type PlannedStatement, planDirection, storedOnly } from '../plan/plan.js';
import { type ProjectCache, statementParts } from './project-cache.js';

/** The statements that create a schema from nothing, as the engine stored them. */
export function definitionsOf(snapshot: Snapshot): PlannedStatement[] {
  return planDirection(diffSnapshots(emptySnapshot, snapshot), storedOnly);
}

/** Anything with a forward section to replay. */
export interface Replayable {
  readonly id: string;
  readonly forward: string;
}

function where(statement: CompiledStatement): string {
  const { ref } = statement;
  if (ref.kind === 'table') return `table ${ref.name}`;
  if (ref.table !== undefined) return `table ${ref.table}, ${ref.kind} ${ref.name}`;
  return `${ref.kind} ${ref.name}`;
}

/** A schema state known from before, and the tables whose statements have changed since. */
interface KnownState {
  readonly snapshot: Snapshot;
  readonly reached: ReadonlySet<string>;
}

/**
 * Applies the compiled schema to a fresh shadow database. Whatever SurrealDB itself rejects (a bad
 * ASSERT expression, a view over a missing table) is reported with the entity it belongs to.
 */
export async function applySchema(
  shadow: Shadow,
  statements: readonly CompiledStatement[],
  schemaPath: string,
): Promise<{ db: Queryable; snapshot: Snapshot }> {
  const db = await shadow.database('schema');
  const failures = await executeStatements(db, statements);
  if (failures.length > 0) {
    const [first] = failures;
    const statement = first!.statement as CompiledStatement;
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
    throw new SchemaError(
      `SurrealDB rejects the definition of ${where(statement)}${more}: ${first!.message}`,
      {
        where: `${schemaPath}: ${where(statement)}`,
        hint: `Fix the expression in the schema file. The statement was:\n  ${statement.sql.replace(/\n/g, '\n  ')}`,
      },
    );
  }
  return { db, snapshot: await introspect(db) };
}

/**
 * The tables whose statements differ between the schema the cache kept last and these statements:
 * undefined when there is none kept, when database-level statements differ (a function or an
 * analyzer can change what a table's definition means) or when more than half of the tables differ.
 */
function reachedSince(
  cache: ProjectCache | undefined,
  statements: readonly CompiledStatement[],
): KnownState | undefined {
  const last = cache?.lastSchema();
  if (last === undefined) return undefined;
  const now = statementParts(statements);
  if (last.parts.get('database') !== now.get('database')) return undefined;
  const reached = new Set<string>();
  for (const part of new Set([...last.parts.keys(), ...now.keys()])) {
    if (part.startsWith('table ') && last.parts.get(part) !== now.get(part)) reached.add(part.slice(6));
  }
  return reached.size * 2 <= now.size ? { snapshot: last.snapshot, reached } : undefined;
}

/** The state a schema file's statements give, and a shadow database in that state when one is needed. */
export interface SchemaState {
  readonly snapshot: Snapshot;
  /**
   * A shadow database holding the schema: every table, or at least those in `tables` (with the
   * database-level entities) when only they are needed.
   */
  database(tables?: ReadonlySet<string>): Promise<Queryable>;
}

function tableOf(statement: CompiledStatement): string | undefined {
  return statement.ref.kind === 'table' ? statement.ref.name : statement.ref.table;
}

/**
 * The state after an edit to a few tables, made from the state kept last: only the reached tables'
 * statements and the database-level ones are applied, to a database of their own, and read back; the
 * other tables are taken from the kept state (see `introspectReached`). The database grows by the
 * tables asked for later, in the statements' order. Undefined when the engine refuses one of those
 * statements (the whole schema is applied then, to say which) or when the result might not be exact.
 */
async function applyReached(
  shadow: Shadow,
  statements: readonly CompiledStatement[],
  schemaPath: string,
  known: KnownState,
): Promise<SchemaState | undefined> {
  const db = await shadow.database('schema-part');
  const holds = new Set([...known.reached]);
  const part = statements.filter((s) => {
    const table = tableOf(s);
    return table === undefined || holds.has(table);
  });
  if ((await executeStatements(db, part)).length > 0) return undefined;
  const snapshot = await introspectReached(db, known.snapshot, known.reached, 'reached');
  if (snapshot === undefined) return undefined;
  let whole: Promise<Queryable> | undefined;
  let grown: Promise<Queryable> = Promise.resolve(db);
  const database = (tables?: ReadonlySet<string>): Promise<Queryable> => {
    if (whole !== undefined) return whole;
    grown = grown.then(async (d) => {
      const missing = statements.filter((s) => {
        const table = tableOf(s);
        return table !== undefined && !holds.has(table) && (tables === undefined || tables.has(table));
      });
      for (const s of missing) holds.add(tableOf(s)!);
      // Statements the engine took with the whole schema before: refused now, the whole schema decides.
      if ((await executeStatements(d, missing)).length === 0) return d;
      whole = applySchema(shadow, statements, schemaPath).then((applied) => applied.db);
      return whole;
    });
    return grown;
  };
  return { snapshot, database };
}

/**
 * The schema file's state on the shadow engine: from the project's cache when these exact statements
 * were applied before by this engine (and SurrealDB accepted them), otherwise applied now (and kept).
 * After an edit to a few tables, only those are applied and read back, the rest taken from the state
 * kept last. The database in that state comes with it; on a cache hit it is built only when asked for.
 */
export async function schemaState(
  shadow: Shadow,
  statements: readonly CompiledStatement[],
  schemaPath: string,
  cache: ProjectCache | undefined,
): Promise<SchemaState> {
  const texts = statements.map((s) => s.sql);
  const cached = cache?.get(texts, 'schema');
  if (cached !== undefined) {
    let db: Promise<Queryable> | undefined;
    return {
      snapshot: cached,
      database: () => {
        db ??= applySchema(shadow, statements, schemaPath).then((applied) => applied.db);
        return db;
      },
    };
  }
  const known = reachedSince(cache, statements);
  const reached = known && (await applyReached(shadow, statements, schemaPath, known));
  if (reached !== undefined) {
    cache?.putSchema(statements, reached.snapshot);
    return reached;
  }
  const applied = await applySchema(shadow, statements, schemaPath);
  cache?.putSchema(statements, applied.snapshot);
  return { snapshot: applied.snapshot, database: () => Promise.resolve(applied.db) };
}

/** The schema a migration history gives, and a shadow database in that state when one is needed. */
export interface HistoryState {
  readonly snapshot: Snapshot;
  /** The history replayed into a fresh shadow database (built on the first call). */
  database(): Promise<Queryable>;
}

/**
 * The state a migration history gives: from the project's cache when it has seen this history with this
 * engine, otherwise replayed (and kept in the cache). The replayed database comes with it; on a cache
 * hit it is built only when asked for.
 */
export async function historyState(
  shadow: Shadow,
  migrations: readonly Replayable[],
  cache: ProjectCache | undefined,
  label = 'history',
): Promise<HistoryState> {
  const forwards = migrations.map((m) => m.forward);
  const cached = migrations.length === 0 ? emptySnapshot : cache?.get(forwards);
  if (cached !== undefined) return knownHistory(shadow, migrations, cached, label);
  const db = await shadow.database(label);
  await replayInto(db, migrations);
  const snapshot = await introspect(db);
  cache?.put(forwards, snapshot);
  return { snapshot, database: () => Promise.resolve(db) };
}

/**
 * A history whose state is known (kept, or read where it is sure to be that state): the replayed
 * database is built only when asked for.
 */
export function knownHistory(
  shadow: Shadow,
  migrations: readonly Replayable[],
  snapshot: Snapshot,
  label = 'history',
): HistoryState {
  let db: Promise<Queryable> | undefined;
  return {
    snapshot,
    database: () => {
      db ??= shadow.database(label).then(async (d) => {
        await replayInto(d, migrations);
        return d;
      });
      return db;
    },
  };
}

export async function replayInto(db: Queryable, migrations: readonly Replayable[]): Promise<void> {
  for (const migration of migrations) {
    let failure: string | undefined;
    try {
      const results = await db.results(migration.forward);
      const failed = results.find((r) => !r.ok);
      if (failed && !failed.ok) failure = failed.error.message;
    } catch (error) {
      failure = (error as Error).message;
    }
    if (failure !== undefined) {
      throw new IntegrityError(
        `Migration ${migration.id} does not apply on top of the migrations before it: ${failure}`,
        {
          where: migration.id,
          hint: 'Fix the forward section of that migration file (or remove it if it was never applied anywhere).',
        },
      );
    }
  }
}
