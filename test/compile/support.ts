import type { Queryable } from '../../src/engine/connection.js';
import type { CompiledStatement } from '../../src/model/statement.js';
import { printIdiom, readIdiom } from '../../src/surql/idiom.js';

/** Runs statements one query at a time and returns the failures as `sql → message`. */
export async function applyStatements(
  db: Queryable,
  statements: readonly (CompiledStatement | string)[],
): Promise<string[]> {
  const failures: string[] = [];
  for (const s of statements) {
    const sql = typeof s === 'string' ? s : s.sql;
    try {
      const results = await db.results(`${sql};`);
      for (const r of results) if (!r.ok) failures.push(`${sql}\n  → ${r.error.message}`);
    } catch (error) {
      failures.push(`${sql}\n  → ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return failures;
}

export async function infoForTable(
  db: Queryable,
  table: string,
): Promise<Record<string, Record<string, string>>> {
  const [info] = await db.query(`INFO FOR TABLE \`${table}\``);
  return info as Record<string, Record<string, string>>;
}

export async function infoForDb(db: Queryable): Promise<Record<string, Record<string, string>>> {
  const [info] = await db.query('INFO FOR DB');
  return info as Record<string, Record<string, string>>;
}

/** Names INFO reports for each compiled statement's entity that the engine did not store. */
export async function missingFromInfo(
  db: Queryable,
  statements: readonly CompiledStatement[],
): Promise<string[]> {
  const dbInfo = await infoForDb(db);
  const tableInfo = new Map<string, Record<string, Record<string, string>>>();
  const missing: string[] = [];
  const plural = { field: 'fields', index: 'indexes', event: 'events' } as const;
  const dbKeys = {
    table: 'tables',
    function: 'functions',
    analyzer: 'analyzers',
    param: 'params',
    sequence: 'sequences',
    access: 'accesses',
    user: 'users',
    config: 'configs',
  } as const;
  for (const { ref } of statements) {
    if (ref.kind === 'field' || ref.kind === 'index' || ref.kind === 'event') {
      const table = ref.table ?? '';
      if (!tableInfo.has(table)) tableInfo.set(table, await infoForTable(db, table));
      // Field paths are keyed by smig's one quoter; INFO keys a keyword field bare.
      const keys = Object.keys(tableInfo.get(table)?.[plural[ref.kind]] ?? {});
      const names = ref.kind === 'field' ? keys.map((k) => printIdiom(readIdiom(k))) : keys;
      if (!names.includes(ref.name)) missing.push(`${ref.kind} ${table}.${ref.name}`);
    } else if (!dbInfo[dbKeys[ref.kind]]?.[ref.name]) {
      missing.push(`${ref.kind} ${ref.name}`);
    }
  }
  return missing;
}
