import { compileSchema } from '../compile/index.js';
import { SchemaError } from '../errors.js';
import { validateSchema } from '../schema/index.js';
import { type ForkReport, projectForks } from './forks.js';
import type { Project } from './project.js';
import { applySchema } from './shadow-state.js';

export interface ValidateResult {
  readonly schemaPath: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly statements: number;
  /** Things that are allowed but probably not meant (a relation to a table the schema does not define). */
  readonly warnings: readonly string[];
  /** Migrations made from the same state on different branches. */
  readonly forks: readonly ForkReport[];
}

/** Loads the schema file, checks it, and proves it on the shadow engine. */
export async function validate(project: Project): Promise<ValidateResult> {
  const path = project.config.schemaPath;
  const schema = await project.loadSchema();
  const found = validateSchema(schema);
  const problems = found.filter((p) => p.severity === 'error');
  const warnings = found.filter((p) => p.severity !== 'error').map((p) => p.message);
  if (problems.length > 0) {
    const [first] = problems;
    if (problems.length === 1 && first) throw first;
    throw new SchemaError(
      `The schema has ${problems.length} problems:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`,
      { where: path, hint: 'Fix each of them in the schema file.' },
    );
  }
  const compiled = compileSchema(schema);
  await applySchema(await project.shadow(), compiled, path);
  const tables = schema.tables;
  const forks = await projectForks(project);
  return {
    schemaPath: path,
    forks,
    statements: compiled.length,
    warnings,
    counts: {
      tables: tables.filter((t) => t.type !== 'relation').length,
      relations: tables.filter((t) => t.type === 'relation').length,
      fields: tables.reduce((n, t) => n + t.fields.length, 0),
      indexes: tables.reduce((n, t) => n + t.indexes.length, 0),
      events: tables.reduce((n, t) => n + t.events.length, 0),
      functions: schema.functions.length,
      analyzers: schema.analyzers.length,
      params: schema.params.length,
      accesses: schema.accesses.length,
      sequences: schema.sequences.length,
      users: schema.users.length,
      configs: schema.configs.length,
    },
  };
}
