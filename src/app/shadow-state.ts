import type { Queryable, Shadow } from '../engine/connection.js';
import { executeStatements } from '../engine/execute.js';
import { IntegrityError, SchemaError } from '../errors.js';
import { introspect } from '../introspect/introspect.js';
import type { Snapshot } from '../model/snapshot.js';
import type { CompiledStatement } from '../model/statement.js';

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

/** Replays migrations' forward sections, in order, into a fresh shadow database. */
export async function replayHistory(
  shadow: Shadow,
  migrations: readonly Replayable[],
): Promise<{ db: Queryable; snapshot: Snapshot }> {
  const db = await shadow.database('history');
  await replayInto(db, migrations);
  return { db, snapshot: await introspect(db) };
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
