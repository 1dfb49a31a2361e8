import type { Queryable } from '../../src/engine/connection.js';
import type { CompiledStatement } from '../../src/model/statement.js';

/** Runs statements one query at a time and returns the failures as `sql → message`. */
export async function applyStatements(db: Queryable, statements: readonly (CompiledStatement | string)[]): Promise<string[]> {
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

export async function infoForTable(db: Queryable, table: string): Promise<Record<string, Record<string, string>>> {
  const [info] = await db.query(`INFO FOR TABLE \`${table}\``);
  return info as Record<string, Record<string, string>>;
}

export async function infoForDb(db: Queryable): Promise<Record<string, Record<string, string>>> {
  const [info] = await db.query('INFO FOR DB');
  return info as Record<string, Record<string, string>>;
}
