import { RecordId } from 'surrealdb';
import { diffSnapshots } from '../diff/diff-snapshots.js';
import type { Queryable, Shadow } from '../engine/connection.js';
import { executeStatements } from '../engine/execute.js';
import { entityId } from '../model/entity.js';
import { type ReportItem, reportItem } from '../model/report-item.js';
import type { Snapshot } from '../model/snapshot.js';
import { classifyChange, type Risk, tableNames } from '../plan/classify.js';
import { isRelation } from '../plan/order.js';
import { idiomRoot, rawIdiom, readIdiom } from '../surql/idiom.js';
import { revalidate } from './data-repair.js';
import { pages } from './record-pages.js';
import { definitionsOf, type Replayable, replayInto } from './shadow-state.js';

/**
 * What a data problem is: a check that could not be made (`unchecked`), records that could not be copied
 * to check them (`not-copied`), a migration that fails on the data (`migration-fails`), duplicates under
 * a new UNIQUE index (`duplicates`), the records of a removed table (`removed-table`), the values of a
 * removed field (`removed-field`), values a table copy leaves behind (`dropped-by-copy`), values or
 * records that no longer fit (`unfit-values`, `unfit-records`), a required field left without a value
 * (`missing-value`).
 */
export type DataLossKind =
  | 'unchecked'
  | 'not-copied'
  | 'migration-fails'
  | 'duplicates'
  | 'removed-table'
  | 'removed-field'
  | 'dropped-by-copy'
  | 'unfit-values'
  | 'unfit-records'
  | 'missing-value'
  | 'written-meanwhile';

/** Data that a pending change would lose or that would break it. */
export interface DataProblem {
  readonly kind: DataLossKind;
  readonly table: string;
  readonly field?: string;
  /** The UNIQUE index that duplicates would break. */
  readonly index?: string;
  /** What would happen, in words. */
  readonly reason: string;
  /** How many records are affected. */
  readonly count: number;
  /** A few of the affected record ids. */
  readonly sample: readonly string[];
  /** What `--allow-data-loss` does about it, in words. */
  readonly remedy?: string;
  /** Set when `--allow-data-loss` cannot let it through: nothing automatic can make the records fit. */
  readonly blocking?: { readonly statement?: string };
  /** The repair `--allow-data-loss` runs after the migrations, in the same transaction. */
  readonly repair?: RecordRepair;
}

/** Records to write again without the values that cannot be kept, or to delete. */
export type RecordRepair =
  | {
      readonly kind: 'unset';
      readonly table: string;
      readonly fields: readonly string[];
      readonly ids: readonly unknown[];
    }
  | { readonly kind: 'delete'; readonly table: string; readonly ids: readonly unknown[] };

export function risksOf(before: Snapshot, after: Snapshot): Risk[] {
  const tables = tableNames(before.entities.values());
  return diffSnapshots(before, after).flatMap((c) => classifyChange(c, tables) ?? []);
}

const countRecords =
  'SELECT count() AS n FROM type::table($table) GROUP ALL; SELECT VALUE id FROM type::table($table) LIMIT 3;';
const countValues =
  'SELECT count() AS n FROM type::table($table) WHERE type::field($field) != NONE GROUP ALL; SELECT VALUE id FROM type::table($table) WHERE type::field($field) != NONE LIMIT 3;';

function isMissingTable(error: unknown): boolean {
  return /table '.*' does not exist/i.test((error as Error)?.message ?? '');
}

function firstLine(error: unknown): string {
  return ((error as Error)?.message ?? String(error)).split('\n')[0] ?? '';
}

/** A check that could not be made: the guard says so, and push refuses whatever the flags. */
function unchecked(table: string, what: string, error: unknown): DataProblem {
  return {
    kind: 'unchecked',
    table,
    reason: `${what} could not be checked: ${firstLine(error)}`,
    count: 0,
    sample: [],
    blocking: {},
  };
}

/** How many records a table holds, or how many have a value in `field` (an idiom as the engine prints it). */
async function countRecordsWith(
  db: Queryable,
  table: string,
  field?: string,
): Promise<{ count: number; sample: string[] }> {
  try {
    const [counted, ids] = await db.query(field === undefined ? countRecords : countValues, {
      table,
      ...(field === undefined ? {} : { field }),
    });
    const n = Number((counted as { n: number }[])[0]?.n ?? 0);
    return { count: n, sample: (ids as unknown[]).map(String) };
  } catch (error) {
    // The table is not there (the database drifted from its ledger): nothing to lose.
    if (isMissingTable(error)) return { count: 0, sample: [] };
    throw error;
  }
}

/** Groups of records that share the values of `columns` (index idioms), with more than one member. */
async function duplicates(db: Queryable, table: string, columns: readonly string[]) {
  if (columns.length === 0) return { count: 0, sample: [] as string[] };
  // Each column is read with type::field and grouped under an alias of smig's own: no name is pasted.
  const aliases = columns.map((_, i) => `smig_c${i}`);
  const select = aliases.map((alias, i) => `type::field($c${i}) AS ${alias}`).join(', ');
  const bindings = Object.fromEntries(columns.map((column, i) => [`c${i}`, column]));
  try {
    const [groups] = await db.query(
      `SELECT ${select}, count() AS smig_n FROM type::table($table) GROUP BY ${aliases.join(', ')}`,
      { ...bindings, table },
    );
    const dup = (groups as Record<string, unknown>[]).filter((g) => Number(g.smig_n) > 1);
    return {
      count: dup.reduce((n, g) => n + Number(g.smig_n), 0),
      sample: dup.slice(0, 3).map((g) => aliases.map((a) => JSON.stringify(g[a])).join(', ')),
    };
  } catch (error) {
    if (isMissingTable(error)) return { count: 0, sample: [] };
    throw error;
  }
}

type Row = Readonly<Record<string, unknown>>;

/** How many tables one request asks about. */
const tablesPerRequest = 200;

/**
 * The tables among `tables` that hold at least one record on the target, asked a few hundred tables per
 * request (a migration over a thousand empty tables costs a handful of round trips, not a copy of each).
 * A table the target does not have holds nothing; any other failure leaves the table in, to be checked.
 */
async function populatedTables(target: Queryable, tables: readonly string[]): Promise<Set<string>> {
  const populated = new Set<string>();
  for (let start = 0; start < tables.length; start += tablesPerRequest) {
    const batch = tables.slice(start, start + tablesPerRequest);
    const sql = batch.map((_, i) => `SELECT VALUE id FROM type::table($t${i}) LIMIT 1;`).join('\n');
    const results = await target.results(sql, Object.fromEntries(batch.map((t, i) => [`t${i}`, t])));
    batch.forEach((table, i) => {
      const result = results[i];
      if (result === undefined) populated.add(table);
      else if (result.ok) {
        if ((result.value as unknown[]).length > 0) populated.add(table);
      } else if (!isMissingTable(result.error)) populated.add(table);
    });
  }
  return populated;
}

interface ShadowCopy {
  readonly db: Queryable;
  /** How many records of each table were copied. */
  readonly copied: ReadonlyMap<string, number>;
  /** Set when the data could not be copied, or a pending forward section fails on it. */
  readonly failures: readonly DataProblem[];
}

/** Inserts one page of rows into the copy; rows the copy refuses are counted, not skipped silently. */
async function insertPage(db: Queryable, table: string, rows: readonly Row[], relation: boolean) {
  const insert = relation ? 'INSERT RELATION INTO' : 'INSERT INTO';
  const whole = await db.results(`${insert} $table $rows RETURN NONE`, { table, rows });
  if (whole.every((r) => r.ok)) return [];
  // One by one, to name the rows the copy refuses.
  const each = await db.results(rows.map((_, j) => `${insert} $table $rows[${j}] RETURN NONE;`).join('\n'), {
    table,
    rows,
  });
  return each.flatMap((r, j) => (r.ok ? [] : [{ id: String(rows[j]?.id), error: r.error }]));
}

/**
 * Copies every record of the tables at risk, a page at a time, into a shadow database in the state
 * before the migrations, then runs the pending forward sections on them: what the migrations really
 * do to the data.
 */
async function copyAndMigrate(
  target: Queryable,
  shadow: Shadow,
  applied: readonly Replayable[],
  pending: readonly Replayable[],
  tables: readonly string[],
  relations: ReadonlySet<string>,
): Promise<ShadowCopy> {
  const db = await shadow.database('data');
  await replayInto(db, applied);
  const copied = new Map<string, number>();
  const failures: DataProblem[] = [];
  for (const table of tables) {
    let count = 0;
    const refused: { id: string; error: Error }[] = [];
    try {
      for await (const rows of pages<Row>(target, table, '*')) {
        refused.push(...(await insertPage(db, table, rows, relations.has(table))));
        count += rows.length;
      }
    } catch (error) {
      if (isMissingTable(error)) continue;
      failures.push(unchecked(table, 'its records', error));
      continue;
    }
    if (refused.length > 0) {
      failures.push({
        ...unchecked(table, 'its records', refused[0]!.error),
        kind: 'not-copied',
        reason: `records that do not fit the schema the ledger describes could not be copied to check them: ${firstLine(refused[0]!.error)}`,
        count: refused.length,
        sample: refused.slice(0, 3).map((r) => r.id),
      });
    }
    if (count > 0) copied.set(table, count);
  }
  if (failures.length > 0 || copied.size === 0) return { db, copied, failures };
  for (const migration of pending) {
    const results = await db
      .results(migration.forward)
      .catch((e: Error) => [{ ok: false as const, error: e }]);
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) {
      const table =
        [...copied.keys()].find((t) => failed.error.message.includes(t)) ?? [...copied.keys()][0]!;
      const reason = `migration ${migration.id} fails on the existing data: ${firstLine(failed.error)}`;
      return {
        db,
        copied,
        failures: [{ kind: 'migration-fails', table, reason, count: 1, sample: [], blocking: {} }],
      };
    }
  }
  return { db, copied, failures };
}

/**
 * Whether every record of a removed table lives on under the same key in a table the migrations created
 * (a rename); the keys are compared a page at a time against the target, where the old table still is.
 */
async function movedTo(
  target: Queryable,
  copy: Queryable,
  from: string,
  created: readonly string[],
): Promise<string | undefined> {
  candidates: for (const table of created) {
    for await (const ids of pages<RecordId>(target, from, 'VALUE id')) {
      const moved = ids.map((id) => new RecordId(table, id.id));
      const [found] = (await copy.query('SELECT VALUE id FROM $moved', { moved }).catch(() => [[]])) as [
        unknown[],
      ];
      if (found.length !== ids.length) continue candidates;
    }
    return table;
  }
  return undefined;
}

/**
 * The values a table copy left behind: a SCHEMAFULL table keeps only the top-level fields it defines
 * (and `id`, and a relation's `in` and `out`), so whatever else the old records hold is lost.
 */
async function droppedByCopy(
  target: Queryable,
  from: string,
  to: string,
  after: Snapshot,
): Promise<DataProblem[]> {
  const table = after.entities.get(entityId({ kind: 'table', name: to }));
  if (table === undefined || table.structure.schemafull !== true) return [];
  const kept = new Set(['id', ...(isRelation(table) ? ['in', 'out'] : [])]);
  for (const entity of after.entities.values()) {
    if (entity.ref.kind === 'field' && entity.ref.table === to) kept.add(idiomRoot(entity.ref.name));
  }
  const lost = new Map<string, { count: number; sample: string[] }>();
  for await (const rows of pages<Row>(target, from, '*')) {
    for (const row of rows) {
      for (const field of Object.keys(row)) {
        if (kept.has(field)) continue;
        const entry = lost.get(field) ?? { count: 0, sample: [] };
        entry.count++;
        if (entry.sample.length < 3) entry.sample.push(String(row.id));
        lost.set(field, entry);
      }
    }
  }
  return [...lost].map(([field, { count, sample }]) => ({
    kind: 'dropped-by-copy' as const,
    table: from,
    field,
    reason: `the records are copied to ${to}, which has no field ${field}: its values are dropped`,
    count,
    sample,
  }));
}

/**
 * Looks at the target's data for every destructive or data-dependent change the pending migrations
 * make (taken together, from the state the ledger describes to the state after them). Every record of
 * the tables at risk is copied and migrated on a shadow database, then written again there, so data a
 * migration moves, backfills or casts is judged as it will be, and what does not fit is found and
 * repaired on the copy first (see `revalidate`).
 */
export async function inspectData(input: {
  readonly target: Queryable;
  readonly shadow: Shadow;
  readonly applied: readonly Replayable[];
  readonly pending: readonly Replayable[];
  readonly before: Snapshot;
  readonly after: Snapshot;
  /** Told how many records the check copies and migrates, and in how many tables, before it does. */
  readonly onRecords?: (records: number, tables: number) => void;
}): Promise<DataProblem[]> {
  const risks = risksOf(input.before, input.after);
  const problems: DataProblem[] = [];
  for (const risk of risks) {
    if (risk.check?.kind !== 'unique') continue;
    const found = await duplicates(input.target, risk.check.table, risk.check.columns).catch(
      (e: unknown) => e,
    );
    if (found instanceof Error) {
      problems.push(unchecked(risk.check.table, 'duplicate values', found));
    } else if ((found as { count: number }).count > 0) {
      const { count, sample } = found as { count: number; sample: string[] };
      problems.push({
        kind: 'duplicates',
        table: risk.check.table,
        field: risk.check.columns.join(', '),
        index: risk.check.index,
        reason: `${risk.reason} (duplicate values: ${sample.join('; ')})`,
        count,
        sample: [],
        blocking: {},
      });
    }
  }
  // A duplicate under a new UNIQUE index already explains why the migrations would fail.
  if (problems.length > 0) return problems;

  const risky = risks.flatMap((r) =>
    r.check && r.check.kind !== 'unique' ? [{ risk: r, check: r.check }] : [],
  );
  if (risky.length === 0) return problems;
  // Only records can be lost or left unwritable: empty tables need no copy and no check.
  const populated = await populatedTables(input.target, [...new Set(risky.map((c) => c.check.table))]);
  const checks = risky.filter((c) => populated.has(c.check.table));
  if (checks.length === 0) return problems;
  const relations = new Set(
    [...input.before.entities.values()]
      .filter((e) => e.ref.kind === 'table' && isRelation(e))
      .map((e) => e.ref.name),
  );
  const tables = [...new Set(checks.map((c) => c.check.table))];
  if (input.onRecords) {
    const counts = await Promise.all(
      tables.map((t) => countRecordsWith(input.target, t).catch(() => ({ count: 0 }))),
    );
    const held = counts.filter((c) => c.count > 0);
    input.onRecords(
      held.reduce((n, c) => n + c.count, 0),
      held.length,
    );
  }
  const copy = await copyAndMigrate(
    input.target,
    input.shadow,
    input.applied,
    input.pending,
    tables,
    relations,
  );
  if (copy.failures.length > 0) return [...copy.failures];

  const tablesAfter = tableNames(input.after.entities.values());
  const created = [...tablesAfter].filter((t) => !tableNames(input.before.entities.values()).has(t));
  const revalidateTables = new Set<string>();
  try {
    for (const { risk, check } of checks) {
      if (!copy.copied.has(check.table)) continue;
      if (check.kind === 'table-rows') {
        const destination = await movedTo(input.target, copy.db, check.table, created);
        if (destination !== undefined) {
          problems.push(...(await droppedByCopy(input.target, check.table, destination, input.after)));
          continue;
        }
        const found = await countRecordsWith(input.target, check.table);
        problems.push({ kind: 'removed-table', table: check.table, reason: risk.reason, ...found });
      } else if (check.kind === 'field-values') {
        if (!tablesAfter.has(check.table)) continue;
        // Values still in the removed field after the migrations ran are lost (a rename moves them out).
        const left = await countRecordsWith(copy.db, check.table, check.field);
        if (left.count > 0)
          problems.push({
            kind: 'removed-field',
            table: check.table,
            field: check.field,
            reason: risk.reason,
            ...left,
          });
        // A SCHEMAFULL table refuses a record that still holds them: those are found below.
        revalidateTables.add(check.table);
      } else if (check.kind === 'revalidate') {
        if (tablesAfter.has(check.table)) revalidateTables.add(check.table);
      }
    }
    const misfits = await revalidate(copy.db, revalidateTables, input.after);
    // A removed field's values are reported once, as the removal; its repair still runs.
    for (const misfit of misfits) {
      const reported = problems.findIndex((p) => p.table === misfit.table && p.field === misfit.field);
      if (reported >= 0 && misfit.repair !== undefined) {
        problems[reported] = { ...problems[reported]!, remedy: misfit.remedy ?? '', repair: misfit.repair };
      } else problems.push(misfit);
    }
  } catch (error) {
    return [...problems, unchecked(tables.join(', '), 'the records', error)];
  }
  return problems;
}

/**
 * The tables whose records a change from `before` to `after` can leave unwritable (a type, a literal, a
 * record link or a requirement changed; a field removed from a SCHEMAFULL table), as they are after it.
 */
export function tablesToRecheck(before: Snapshot, after: Snapshot): string[] {
  const tablesAfter = tableNames(after.entities.values());
  const tables = risksOf(before, after).flatMap((r) =>
    (r.check?.kind === 'revalidate' || r.check?.kind === 'field-values') && tablesAfter.has(r.check.table)
      ? [r.check.table]
      : [],
  );
  return [...new Set(tables)];
}

/**
 * After the migrations committed: every record of `tables` on the target, copied a page at a time into
 * a shadow database with the schema `after` describes, which checks each one as it is written. What the
 * copy refuses does not fit the new schema: records written by someone else between the data check and
 * the migrations' transaction, which no check made before it could see.
 */
export async function recheckRecords(
  target: Queryable,
  shadow: Shadow,
  after: Snapshot,
  tables: readonly string[],
): Promise<DataProblem[]> {
  if (tables.length === 0) return [];
  const db = await shadow.database('recheck');
  const failures = await executeStatements(db, definitionsOf(after));
  if (failures.length > 0) {
    return [unchecked(tables.join(', '), 'the records written meanwhile', new Error(failures[0]!.message))];
  }
  const relations = new Set(
    [...after.entities.values()]
      .filter((e) => e.ref.kind === 'table' && isRelation(e))
      .map((e) => e.ref.name),
  );
  const problems: DataProblem[] = [];
  for (const table of tables) {
    const refused: { id: string; error: Error }[] = [];
    try {
      for await (const rows of pages<Row>(target, table, '*')) {
        refused.push(...(await insertPage(db, table, rows, relations.has(table))));
      }
    } catch (error) {
      problems.push(unchecked(table, 'the records written meanwhile', error));
      continue;
    }
    if (refused.length === 0) continue;
    problems.push({
      kind: 'written-meanwhile',
      table,
      reason: `records that do not fit the new schema, written while the migrations were checked and applied: ${firstLine(refused[0]!.error)}`,
      count: refused.length,
      sample: refused.slice(0, 3).map((r) => r.id),
    });
  }
  return problems;
}

/** Field idioms as the engine prints them (`` `value` ``), shown by name. */
function fieldName(fields: string): string {
  return fields
    .split(', ')
    .map((f) => {
      try {
        return rawIdiom(readIdiom(f));
      } catch {
        return f;
      }
    })
    .join(', ');
}

export function describeDataProblem(p: DataProblem): string {
  const where = p.field === undefined ? `table ${p.table}` : `table ${p.table}, field ${fieldName(p.field)}`;
  const sample = p.sample.length > 0 ? ` (e.g. ${p.sample.join(', ')})` : '';
  const remedy = p.remedy === undefined ? '' : `; ${p.remedy}`;
  return `${where}: ${p.count} record(s)${sample}: ${p.reason}${remedy}`;
}

export type DataLossItem = ReportItem<DataLossKind>;

/** A data problem as a reported item: its table, field and entity, with the sentence people read. */
export function dataLossItem(p: DataProblem): DataLossItem {
  const field = p.field === undefined ? null : fieldName(p.field);
  const entity =
    p.index !== undefined ? `index ${p.index}` : field !== null ? `field ${field}` : `table ${p.table}`;
  return reportItem(p.kind, { table: p.table, field, entity }, describeDataProblem(p));
}
