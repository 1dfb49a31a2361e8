import { changedEntity } from '../diff/change.js';
import { diffSnapshots } from '../diff/diff-snapshots.js';
import type { Queryable } from '../engine/connection.js';
import { executeStatements } from '../engine/execute.js';
import { InternalError } from '../errors.js';
import { introspect } from '../introspect/introspect.js';
import { describeEntity } from '../model/entity.js';
import type { Snapshot } from '../model/snapshot.js';
import { type PlannedStatement, planDirection, type StatementSource } from '../plan/plan.js';

function describeDifferences(db: Snapshot, target: Snapshot): string {
  return diffSnapshots(db, target)
    .map((c) => {
      const e = changedEntity(c);
      const have = c.kind === 'define' ? 'missing' : c.kind === 'remove' ? 'unexpected' : 'different';
      return `  ${describeEntity(e.ref)}: ${have}\n    have: ${c.kind === 'define' ? '(none)' : (c.kind === 'remove' ? c.before : c.before).definition}\n    want: ${c.kind === 'remove' ? '(none)' : c.after.definition}`;
    })
    .join('\n');
}

/**
 * Runs planned statements on a scratch database and checks that it then equals `target`, as the engine
 * prints both. Entities the engine did not produce as wanted (an implicit `tags.*` or relation `in`
 * left out, a customisation a table OVERWRITE reset) get statements of their own, appended and run;
 * anything still different after that is a bug in smig, reported with the evidence.
 */
export async function applyAndVerify(
  db: Queryable,
  statements: readonly PlannedStatement[],
  target: Snapshot,
  source: StatementSource,
  direction: 'forward' | 'rollback',
): Promise<PlannedStatement[]> {
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
        `The generated ${direction} migration does not reproduce the expected schema on the shadow database:\n${describeDifferences(state, target)}`,
        { hint: 'This is a bug in smig. Please report it with your schema file and the migrations folder.' },
      );
    }
    result.push(...fixes);
  }
  return result;
}
