import { compileSchema } from '../compile/index.js';
import type { Queryable } from '../engine/connection.js';
import { SchemaError } from '../errors.js';
import { type ReportItem, reportItem } from '../model/report-item.js';
import type { Schema } from '../model/schema.js';
import { type SchemaProblem, type SchemaWarningKind, validateSchema } from '../schema/index.js';
import { type Counts, schemaCounts } from './counts.js';
import { type ForkReport, projectForks } from './forks.js';
import { type PhaseEvent, phaseEvent } from './phase.js';
import type { Project } from './project.js';
import { applySchema } from './shadow-state.js';
import { proveWrites } from './write-probe.js';

export type SchemaWarningItem = ReportItem<SchemaWarningKind>;

export interface ValidateResult {
  readonly schemaPath: string;
  readonly counts: Counts;
  readonly statements: number;
  /** Things that are allowed but probably not meant (a relation to a table the schema does not define). */
  readonly warnings: readonly SchemaWarningItem[];
  /** Migrations made from the same state on different branches. */
  readonly forks: readonly ForkReport[];
}

/** One problem is thrown as it is; several as one error listing each. */
function refuse(problems: readonly SchemaProblem[], path: string): void {
  const [first] = problems;
  if (first === undefined) return;
  if (problems.length === 1) throw first;
  throw new SchemaError(
    `The schema has ${problems.length} problems:\n${problems.map((p) => `  - ${p.message}${p.hint ? `\n    → ${p.hint}` : ''}`).join('\n')}`,
    { where: path, hint: 'Fix each of them in the schema file.' },
  );
}

/**
 * The checks that need no engine: throws the errors, returns the warnings (likely mistakes the engine
 * would accept, such as a link to a table the schema does not define).
 */
export function checkSchema(schema: Schema, path: string): SchemaWarningItem[] {
  const found = validateSchema(schema);
  refuse(
    found.filter((p) => p.severity === 'error'),
    path,
  );
  return found.flatMap((p) =>
    p.warning === undefined ? [] : [reportItem(p.warning.kind, p.warning.subject, p.message)],
  );
}

/** On the shadow database the schema was applied to: every table takes a record, or the schema is refused. */
export async function proveSchemaWrites(
  db: Queryable,
  schema: Schema,
  path: string,
  only?: ReadonlySet<string>,
): Promise<void> {
  refuse(await proveWrites(db, schema, only), path);
}

/** Loads the schema file, checks it, and proves it on the shadow engine. */
export async function validate(
  project: Project,
  options: { readonly onEvent?: (event: PhaseEvent) => void } = {},
): Promise<ValidateResult> {
  const report = options.onEvent;
  const path = project.config.schemaPath;
  report?.(phaseEvent({ phase: 'loading-schema' }));
  const schema = await project.loadSchema();
  const warnings = checkSchema(schema, path);
  const compiled = compileSchema(schema);
  report?.(phaseEvent({ phase: 'proving-schema', count: compiled.length }));
  const { db } = await applySchema(await project.shadow(), compiled, path);
  report?.(phaseEvent({ phase: 'writes' }));
  await proveSchemaWrites(db, schema, path);
  const forks = await projectForks(project, report);
  return {
    schemaPath: path,
    forks,
    statements: compiled.length,
    warnings,
    counts: schemaCounts(schema),
  };
}
