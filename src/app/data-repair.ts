import type { Queryable } from '../engine/connection.js';
import { entityId } from '../model/entity.js';
import type { Snapshot } from '../model/snapshot.js';
import { quoteIdent } from '../surql/ident.js';
import { printIdiom, readIdiom } from '../surql/idiom.js';
import { parseType } from '../surql/parse-type.js';
import { admitsNone } from '../surql/type-ops.js';
import type { DataLossKind, DataProblem, RecordRepair } from './data-guard.js';
import { pages } from './record-pages.js';

/**
 * The field an engine error names, as the engine prints idioms: ``field `a` `` (coercion),
 * `field 'a'` or, for a name that needs quoting, ``field '`value`'`` (an undefined field).
 */
function fieldOf(message: string): string | undefined {
  return /field '([^']+)'/.exec(message)?.[1] ?? /field `([^`]+)`/.exec(message)?.[1];
}

function firstLine(error: Error): string {
  return error.message.split('\n')[0] ?? '';
}

/** A record the copy refuses to write again, with why. */
interface Misfit {
  readonly id: unknown;
  readonly error: Error;
}

/**
 * Writes every record of a table in the copy again (`UPDATE`), a page at a time, which makes the engine
 * re-check types, assertions and SCHEMAFULL; a page that fails is written record by record to find the
 * records that do not fit.
 */
async function* misfits(db: Queryable, table: string): AsyncGenerator<Misfit[]> {
  for await (const ids of pages<unknown>(db, table, 'VALUE id')) {
    const [whole] = await db.results('UPDATE $ids RETURN NONE', { ids });
    if (whole?.ok) continue;
    const each = await db.results(ids.map((_, j) => `UPDATE $ids[${j}] RETURN NONE;`).join('\n'), { ids });
    yield each.flatMap((r, j) => (r.ok ? [] : [{ id: ids[j], error: r.error }]));
  }
}

/** Whether a field of the migrated schema lets a record have no value in it. */
function optional(after: Snapshot, table: string, field: string): boolean {
  const entity = after.entities.get(entityId({ kind: 'field', table, name: field }));
  const kind = entity?.structure.kind;
  if (typeof kind !== 'string') return true;
  try {
    return admitsNone(parseType(kind));
  } catch {
    return false;
  }
}

interface Outcome {
  readonly id: unknown;
  /** The first field that did not fit, and why. */
  readonly field: string | undefined;
  readonly reason: string;
  readonly fix:
    | { readonly kind: 'unset'; readonly fields: readonly string[] }
    | { readonly kind: 'delete' }
    | { readonly kind: 'missing' };
}

/**
 * What makes each record fit again with the least loss, tried on the copy (one query per round for all
 * of them): its values that do not fit are removed one field at a time (the engine names the next one);
 * a record whose required field would be left without a value is deleted. A required field that has no
 * value to begin with has nothing to remove: only the user can supply one.
 */
async function repair(
  db: Queryable,
  after: Snapshot,
  table: string,
  found: readonly Misfit[],
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let open: { misfit: Misfit; fields: string[]; error: Error }[] = [];
  const doomed: Misfit[] = [];
  for (const misfit of found) {
    const reason = firstLine(misfit.error);
    const field = fieldOf(misfit.error.message);
    if (field !== undefined && !optional(after, table, field) && /\bNONE\b/.test(reason)) {
      outcomes.push({ id: misfit.id, field, reason, fix: { kind: 'missing' } });
    } else open.push({ misfit, fields: [], error: misfit.error });
  }
  for (let round = 0; round < 8 && open.length > 0; round++) {
    const tries: typeof open = [];
    for (const entry of open) {
      const next = fieldOf(entry.error.message);
      if (next === undefined || entry.fields.includes(next) || !optional(after, table, next)) {
        doomed.push(entry.misfit);
      } else tries.push({ ...entry, fields: [...entry.fields, next] });
    }
    const statements = tries.map(
      (t, j) =>
        `UPDATE $ids[${j}] SET ${t.fields.map((f) => `${printIdiom(readIdiom(f))} = NONE`).join(', ')} RETURN NONE;`,
    );
    const results =
      tries.length === 0
        ? []
        : await db.results(statements.join('\n'), { ids: tries.map((t) => t.misfit.id) });
    open = [];
    tries.forEach((t, j) => {
      const result = results[j];
      const outcome = {
        id: t.misfit.id,
        field: fieldOf(t.misfit.error.message),
        reason: firstLine(t.misfit.error),
      };
      if (result?.ok) outcomes.push({ ...outcome, fix: { kind: 'unset', fields: t.fields } });
      else open.push({ ...t, error: result?.ok === false ? result.error : t.error });
    });
  }
  doomed.push(...open.map((o) => o.misfit));
  if (doomed.length > 0) await db.query('DELETE $ids', { ids: doomed.map((d) => d.id) });
  for (const misfit of doomed) {
    outcomes.push({
      id: misfit.id,
      field: fieldOf(misfit.error.message),
      reason: firstLine(misfit.error),
      fix: { kind: 'delete' },
    });
  }
  return outcomes;
}

/** `UPDATE t SET f = … WHERE f = NONE;` for the user to complete: no value can be made up for them. */
function statementToAdd(table: string, field: string): string {
  const name = printIdiom(readIdiom(field));
  return `UPDATE ${quoteIdent(table)} SET ${name} = <a value> WHERE ${name} = NONE;`;
}

/**
 * Every record of the tables, re-written on the migrated copy: those that no longer fit are reported
 * per table and field, with what `--allow-data-loss` does about them (already done on the copy, so
 * the repair is proven there), or why it cannot.
 */
export async function revalidate(
  db: Queryable,
  tables: Iterable<string>,
  after: Snapshot,
): Promise<DataProblem[]> {
  const problems = new Map<string, DataProblem & { ids: unknown[] }>();
  for (const table of tables) {
    for await (const found of misfits(db, table)) {
      for (const outcome of await repair(db, after, table, found)) {
        const fix = outcome.fix;
        const fields = fix.kind === 'unset' ? fix.fields : outcome.field === undefined ? [] : [outcome.field];
        const key = [table, fix.kind, ...fields].join('\u0000');
        const entry = problems.get(key) ?? {
          kind: unfitKinds[fix.kind],
          table,
          ...(fields.length === 0 ? {} : { field: fields.join(', ') }),
          reason: `existing records no longer fit: ${outcome.reason}`,
          count: 0,
          sample: [],
          ids: [],
          ...describeFix(table, fix, outcome.field),
        };
        entry.ids.push(outcome.id);
        problems.set(key, { ...entry, count: entry.count + 1 });
      }
    }
  }
  return [...problems.values()].map(({ ids, ...p }) => {
    const sample = ids.slice(0, 3).map(String);
    if (p.blocking !== undefined) return { ...p, sample };
    const repair: RecordRepair =
      p.kind === 'unfit-records'
        ? { kind: 'delete', table: p.table, ids }
        : { kind: 'unset', table: p.table, fields: (p.field ?? '').split(', '), ids };
    return { ...p, sample, repair };
  });
}

/** What a record that no longer fits is reported as, by what makes it fit. */
const unfitKinds = {
  unset: 'unfit-values',
  delete: 'unfit-records',
  missing: 'missing-value',
} as const satisfies Record<Outcome['fix']['kind'], DataLossKind>;

function describeFix(
  table: string,
  fix: Outcome['fix'],
  field: string | undefined,
): Pick<DataProblem, 'remedy' | 'blocking'> {
  switch (fix.kind) {
    case 'unset':
      return { remedy: 'with --allow-data-loss these values are removed' };
    case 'delete':
      return {
        remedy: 'with --allow-data-loss these records are deleted (a required field cannot keep its value)',
      };
    case 'missing':
      return {
        remedy: 'nothing can supply the missing value automatically',
        blocking: { statement: statementToAdd(table, field ?? '') },
      };
  }
}

/**
 * The statements that repair the target as the copy was repaired, with their bindings: run after the
 * migrations, in the same transaction. Record ids are bound, field names printed as idioms.
 */
export function repairStatements(problems: readonly DataProblem[]): {
  sql: string;
  bindings: Record<string, unknown>;
} {
  const lines: string[] = [];
  const bindings: Record<string, unknown> = {};
  problems.forEach((p, i) => {
    const repair = p.repair;
    if (repair === undefined) return;
    const name = `smig_repair_${i}`;
    bindings[name] = repair.ids;
    if (repair.kind === 'delete') lines.push(`DELETE $${name};`);
    else {
      const set = repair.fields.map((f) => `${printIdiom(readIdiom(f))} = NONE`).join(', ');
      lines.push(`UPDATE $${name} SET ${set} RETURN NONE;`);
    }
  });
  return { sql: lines.join('\n'), bindings };
}
