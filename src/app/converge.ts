import { diffSnapshots } from '../diff/diff-snapshots.js';
import type { Queryable } from '../engine/connection.js';
import { executeStatements } from '../engine/execute.js';
import { InternalError } from '../errors.js';
import { introspect } from '../introspect/introspect.js';
import type { Snapshot } from '../model/snapshot.js';
import { type PlannedStatement, planDirection, type StatementSource } from '../plan/plan.js';
import { describeDrift } from './live-state.js';

/**
 * Runs planned statements on a scratch database and checks that it then equals `target`, as the engine
 * prints both. Entities the engine did not produce as wanted (an implicit `tags.*` or relation `in`
 * left out, a customisation a table OVERWRITE reset) get statements of their own, appended and run;
 * anything still different after that is a bug in smig, reported with the evidence. Returns the
 * statements (the planned ones, then any appended) and the state the database is left in.
 */
export async function applyAndVerify(
  db: Queryable,
  statements: readonly PlannedStatement[],
  target: Snapshot,
  source: StatementSource,
  direction: 'forward' | 'rollback',
): Promise<{ statements: PlannedStatement[]; state: Snapshot }> {
  const result = [...statements];
  const failures = await executeStatements(db, statements);
  if (failures.length > 0) {
    const list = failures.map((f) => `  ${f.statement.sql.split('\n')[0]}\n    → ${f.message}`).join('\n');
    throw new InternalError(
      `The generated ${direction} migration does not apply on the shadow database:\n${list}`,
      {
        hint: 'This is a bug in smig. Please report it with your schema file and the migrations folder.',
      },
    );
  }
  let state = await introspect(db);
  const remaining = diffSnapshots(state, target);
  if (remaining.length > 0) {
    const fixes = planDirection(remaining, source);
    const fixFailures = await executeStatements(db, fixes);
    state = await introspect(db);
    if (fixFailures.length > 0 || diffSnapshots(state, target).length > 0) {
      throw new InternalError(
        `The generated ${direction} migration does not reproduce the expected schema on the shadow database:\n${describeDrift(
          state,
          target,
        )
          .map((d) => `  - ${d}`)
          .join('\n')}`,
        { hint: 'This is a bug in smig. Please report it with your schema file and the migrations folder.' },
      );
    }
    result.push(...fixes);
  }
  return { statements: result, state };
}
