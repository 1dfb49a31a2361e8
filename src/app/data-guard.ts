import { diffSnapshots } from '../diff/diff-snapshots.js';
import type { Queryable, Shadow } from '../engine/connection.js';
import { entityId } from '../model/entity.js';
import type { Snapshot } from '../model/snapshot.js';
import { classifyChange, type Risk, tableNames } from '../plan/classify.js';
import { isRelation } from '../plan/order.js';
import { idiomRoot } from '../surql/idiom.js';
import { type Replayable, replayInto } from './shadow-state.js';

/** Data that a pending change would lose or that would break it. */
export interface DataProblem {
  readonly table: string;
  readonly field?: string;
  /** What would happen, in words. */
  readonly reason: string;
  /** How many records are affected (at least; a check looks at a bounded number of rows). */
  readonly count: number;
  /** A few of the affected record ids. */
  readonly sample: readonly string[];
}

/** How many rows of one table are copied to the shadow to re-validate them. */
const revalidationLimit = 20_000;
const chunk = 500;

export function risksOf(before: Snapshot, after: Snapshot): Risk[] {
  const tables = tableNames(before.entities.values());
  return diffSnapshots(before, after).flatMap((c) => classifyChange(c, tables) ?? []);
}

const countRecords =
  'SELECT count() AS n FROM type::table($table) GROUP ALL; SELECT VALUE id FROM type::table($table) LIMIT 3;';
const countValues =
  'SELECT count() AS n FROM type::table($table) WHERE type::field($field) != NONE GROUP ALL; SELECT VALUE id FROM type::table($table) WHERE type::field($field) != NONE LIMIT 3;';

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
  } catch {
    // The table is not there (the database drifted from its ledger): nothing to lose.
    return { count: 0, sample: [] };
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
  } catch {
    return { count: 0, sample: [] };
  }
}

function fieldOf(message: string): string | undefined {
  return /field [`']([^`']+)[`']/.exec(message)?.[1];
}

type Row = Readonly<Record<string, unknown>>;

interface ShadowCopy {
  readonly db: Queryable;
  /** Copied records per table. */
  readonly copied: ReadonlyMap<string, readonly Row[]>;
  /** Set when a pending forward section fails on the copied data. */
  readonly failure?: DataProblem;
}

/**
 * Copies the rows of the tables at risk into a shadow database in the state before the migrations,
 * then runs the pending forward sections on them: what the migrations really do to the data.
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
  const copied = new Map<string, Row[]>();
  for (const table of tables) {
    let rows: Record<string, unknown>[];
    try {
      [rows] = (await target.query('SELECT * FROM type::table($table) LIMIT $limit', {
        table,
        limit: revalidationLimit,
      })) as [Row[]];
    } catch {
      continue;
    }
    if (rows.length === 0) continue;
    const insert = relations.has(table) ? 'INSERT RELATION INTO' : 'INSERT INTO';
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk);
      await db.results(part.map((_, j) => `${insert} $table $rows[${j}];`).join('\n'), {
        table,
        rows: part,
      });
    }
    copied.set(table, rows);
  }
  if (copied.size === 0) return { db, copied };
  for (const migration of pending) {
    const results = await db
      .results(migration.forward)
      .catch((e: Error) => [{ ok: false as const, error: e }]);
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) {
      const table =
        [...copied.keys()].find((t) => failed.error.message.includes(t)) ?? [...copied.keys()][0]!;
      const reason = `migration ${migration.id} fails on the existing data: ${failed.error.message.split('\n')[0]}`;
      return { db, copied, failure: { table, reason, count: 1, sample: [] } };
    }
  }
  return { db, copied };
}

/** Writes every copied row again (`UPDATE id`), which makes the engine re-check types, assertions and SCHEMAFULL. */
async function revalidate(copy: ShadowCopy, tables: ReadonlySet<string>, exists: (t: string) => boolean) {
  const problems = new Map<string, { table: string; field?: string; reason: string; ids: string[] }>();
  for (const [table, rows] of copy.copied) {
    if (!tables.has(table) || !exists(table)) continue;
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += chunk) {
      const part = ids.slice(i, i + chunk);
      const results = await copy.db.results(part.map((_, j) => `UPDATE $ids[${j}];`).join('\n'), {
        ids: part,
      });
      results.forEach((r, j) => {
        if (r.ok) return;
        const field = fieldOf(r.error.message);
        const key = `${table}\u0000${field ?? ''}`;
        const entry = problems.get(key) ?? {
          table,
          ...(field === undefined ? {} : { field }),
          reason: `existing records no longer fit: ${r.error.message.split('\n')[0]}`,
          ids: [],
        };
        entry.ids.push(String(part[j]));
        problems.set(key, entry);
      });
    }
  }
  return [...problems.values()].map((p) => ({
    table: p.table,
    ...(p.field === undefined ? {} : { field: p.field }),
    reason: p.reason,
    count: p.ids.length,
    sample: p.ids.slice(0, 3),
  }));
}

/** The table the migrations created in which a removed table's records all live on (a rename), if any. */
async function movedTo(
  copy: ShadowCopy,
  rows: readonly Row[],
  created: readonly string[],
): Promise<string | undefined> {
  const keys = rows.map((r) => (r.id as { id?: unknown }).id ?? r.id);
  for (const table of created) {
    const [rows] = await copy.db
      .query('SELECT count() AS n FROM type::table($table) WHERE record::id(id) INSIDE $keys GROUP ALL', {
        table,
        keys,
      })
      .catch(() => [[]]);
    if (Number((rows as { n?: number }[])[0]?.n ?? 0) === keys.length) return table;
  }
  return undefined;
}

/**
 * The values a table copy left behind: a SCHEMAFULL table keeps only the top-level fields it defines
 * (and `id`, and a relation's `in` and `out`), so whatever else the old records hold is lost.
 */
function droppedByCopy(rows: readonly Row[], from: string, to: string, after: Snapshot): DataProblem[] {
  const table = after.entities.get(entityId({ kind: 'table', name: to }));
  if (table === undefined || table.structure.schemafull !== true) return [];
  const kept = new Set(['id', ...(isRelation(table) ? ['in', 'out'] : [])]);
  for (const entity of after.entities.values()) {
    if (entity.ref.kind === 'field' && entity.ref.table === to) kept.add(idiomRoot(entity.ref.name));
  }
  const lost = new Map<string, string[]>();
  for (const row of rows) {
    for (const field of Object.keys(row)) {
      if (!kept.has(field)) lost.set(field, [...(lost.get(field) ?? []), String(row.id)]);
    }
  }
  return [...lost].map(([field, ids]) => ({
    table: from,
    field,
    reason: `the records are copied to ${to}, which has no field ${field}: its values are dropped`,
    count: ids.length,
    sample: ids.slice(0, 3),
  }));
}

/**
 * Looks at the target's data for every destructive or data-dependent change the pending migrations
 * make (taken together, from the state the ledger describes to the state after them). Removals are
 * judged on a copy of the data after the migrations ran, so data a migration moves (a rename, a
 * backfill) is not reported as lost.
 */
export async function inspectData(input: {
  readonly target: Queryable;
  readonly shadow: Shadow;
  readonly applied: readonly Replayable[];
  readonly pending: readonly Replayable[];
  readonly before: Snapshot;
  readonly after: Snapshot;
}): Promise<DataProblem[]> {
  const risks = risksOf(input.before, input.after);
  const problems: DataProblem[] = [];
  for (const risk of risks) {
    if (risk.check?.kind !== 'unique') continue;
    const found = await duplicates(input.target, risk.check.table, risk.check.columns);
    if (found.count > 0) {
      const reason = `${risk.reason} (duplicate values: ${found.sample.join('; ')})`;
      problems.push({
        table: risk.check.table,
        field: risk.check.columns.join(', '),
        reason,
        count: found.count,
        sample: [],
      });
    }
  }
  // A duplicate under a new UNIQUE index already explains why the migrations would fail.
  if (problems.length > 0) return problems;

  const checks = risks.flatMap((r) =>
    r.check && r.check.kind !== 'unique' ? [{ risk: r, check: r.check }] : [],
  );
  if (checks.length === 0) return problems;
  const relations = new Set(
    [...input.before.entities.values()]
      .filter((e) => e.ref.kind === 'table' && isRelation(e))
      .map((e) => e.ref.name),
  );
  const tables = [...new Set(checks.map((c) => c.check.table))];
  const copy = await copyAndMigrate(
    input.target,
    input.shadow,
    input.applied,
    input.pending,
    tables,
    relations,
  );
  if (copy.failure) return [copy.failure];

  const tablesAfter = tableNames(input.after.entities.values());
  const created = [...tablesAfter].filter((t) => !tableNames(input.before.entities.values()).has(t));
  const revalidateTables = new Set<string>();
  for (const { risk, check } of checks) {
    const rows = copy.copied.get(check.table) ?? [];
    if (rows.length === 0) continue;
    if (check.kind === 'table-rows') {
      const destination = await movedTo(copy, rows, created);
      if (destination !== undefined) {
        problems.push(...droppedByCopy(rows, check.table, destination, input.after));
        continue;
      }
      const found = await countRecordsWith(input.target, check.table);
      problems.push({ table: check.table, reason: risk.reason, ...found });
    } else if (check.kind === 'field-values') {
      if (!tablesAfter.has(check.table)) continue;
      // Values still in the removed field after the migrations ran are lost (a rename moves them out).
      const left = await countRecordsWith(copy.db, check.table, check.field);
      if (left.count > 0)
        problems.push({ table: check.table, field: check.field, reason: risk.reason, ...left });
    } else if (check.kind === 'revalidate') {
      revalidateTables.add(check.table);
    }
  }
  problems.push(...(await revalidate(copy, revalidateTables, (t) => tablesAfter.has(t))));
  return problems;
}

export function describeDataProblem(p: DataProblem): string {
  const where = p.field === undefined ? `table ${p.table}` : `table ${p.table}, field ${p.field}`;
  const sample = p.sample.length > 0 ? ` (e.g. ${p.sample.join(', ')})` : '';
  return `${where}: ${p.count} record(s)${sample}: ${p.reason}`;
}
