import { fieldKey } from '../compile/idiom.js';
import { type ErrorDetails, SchemaError } from '../errors.js';
import type { ItemSubject } from '../model/report-item.js';
import type { Schema, TableModel } from '../model/schema.js';
import { parseType } from '../surql/parse-type.js';
import type { SurrealType } from '../surql/type.js';
import {
  admitsNone,
  holdsObject,
  holdsRecord,
  recordTables,
  unionMembers,
  withoutNone,
} from '../surql/type-ops.js';
import { clauseTexts, expressionProblems } from './expression-checks.js';
import { checkFieldName } from './identifiers.js';
import { referenceProblems } from './reference-checks.js';
import { valueMisfit } from './value-fit.js';

export type Severity = 'error' | 'warning';

/**
 * The likely mistakes a warning names: `.required()` on a type that admits NONE
 * (`required-not-enforced`), an object in a SCHEMAFULL table that declares no fields
 * (`object-without-fields`), a link or relation to a table the schema does not define
 * (`unknown-table`), a `$param` nobody defines (`unknown-param`).
 */
export type SchemaWarningKind =
  | 'required-not-enforced'
  | 'object-without-fields'
  | 'unknown-table'
  | 'unknown-param';

/** What a warning is and what it is about, for reports. */
export interface SchemaWarning {
  readonly kind: SchemaWarningKind;
  readonly subject: ItemSubject;
}

/**
 * A SchemaError with a severity: warnings name likely mistakes that the engine would accept, and say
 * what kind of mistake and where (`warning`); a problem without one is an error.
 */
export class SchemaProblem extends SchemaError {
  readonly severity: Severity;
  readonly warning: SchemaWarning | undefined;

  constructor(message: string, details: ErrorDetails & { readonly warning?: SchemaWarning } = {}) {
    super(message, details);
    this.warning = details.warning;
    this.severity = details.warning === undefined ? 'error' : 'warning';
  }
}

function problem(where: string, message: string, hint?: string): SchemaProblem {
  return new SchemaProblem(`${where}: ${message}`, { where, ...(hint ? { hint } : {}) });
}

function warning(warning: SchemaWarning, where: string, message: string, hint: string): SchemaProblem {
  return new SchemaProblem(`${where}: ${message}`, { where, hint, warning });
}

/** A field of a table as a report's subject. */
function fieldSubject(table: string, field: string): ItemSubject {
  return { table, field, entity: `field ${field}` };
}

function duplicates(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const n of names) (seen.has(n) ? twice : seen).add(n);
  return [...twice];
}

/** Two entities of one kind with one name: the engine would refuse the second DEFINE. */
export function duplicateProblems(schema: Schema): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  for (const name of duplicates(schema.tables.map((t) => t.name))) {
    out.push(
      problem(
        `table ${name}`,
        'two models define this table.',
        'Merge them into one defineSchema, or rename one.',
      ),
    );
  }
  for (const table of schema.tables) {
    const groups: [string, string[]][] = [
      ['field', table.fields.map((f) => fieldKey(f.name))],
      ['index', table.indexes.map((i) => i.name)],
      ['event', table.events.map((e) => e.name)],
    ];
    for (const [kind, names] of groups) {
      for (const name of duplicates(names)) {
        out.push(
          problem(
            `table ${table.name}, ${kind} ${name}`,
            `two ${kind === 'index' ? 'indexes' : `${kind}s`} have this name.`,
            'Rename one of them.',
          ),
        );
      }
    }
  }
  const databaseGroups: [string, string[]][] = [
    ['function', schema.functions.map((f) => f.name)],
    ['analyzer', schema.analyzers.map((a) => a.name)],
    ['param', schema.params.map((p) => p.name)],
    ['access', schema.accesses.map((a) => a.name)],
    ['sequence', schema.sequences.map((s) => s.name)],
    ['user', schema.users.map((u) => u.name)],
    ['config', schema.configs.map((c) => c.kind)],
  ];
  for (const [kind, names] of databaseGroups) {
    for (const name of duplicates(names)) {
      out.push(problem(`${kind} ${name}`, `two ${kind}s have this name.`, 'Keep one definition.'));
    }
  }
  return out;
}

function covered(column: string, fields: ReadonlySet<string>, table: TableModel): boolean {
  const parts = column.replace(/\[\*\]/g, '.*').split('.');
  const root = parts[0] ?? '';
  if (root === 'id' || (table.type === 'relation' && (root === 'in' || root === 'out'))) return true;
  return parts.some((_, i) => fields.has(parts.slice(0, i + 1).join('.')));
}

/** Reads each distinct type text once: many fields of a schema share a type. */
function typeReader(): (text: string) => SurrealType {
  const read = new Map<string, SurrealType>();
  return (text) => {
    let type = read.get(text);
    if (type === undefined) {
      type = parseType(text);
      read.set(text, type);
    }
    return type;
  };
}

function tableProblems(
  table: TableModel,
  schema: Schema,
  tableNames: ReadonlySet<string>,
  typeOf: (text: string) => SurrealType,
): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const at = (what: string) => `table ${table.name}, ${what}`;
  const fieldNames = new Set(table.fields.map((f) => f.name.replace(/\[\*\]/g, '.*')));
  for (const field of table.fields) {
    const type = typeOf(field.type);
    try {
      checkFieldName(field.name, at(`field ${field.name}`));
    } catch (error) {
      out.push(
        new SchemaProblem((error as SchemaError).message, {
          where: at(`field ${field.name}`),
          hint: (error as SchemaError).hint,
        }),
      );
    }
    if (field.flexible && !holdsObject(type)) {
      out.push(
        problem(at(`field ${field.name}`), `FLEXIBLE needs a type containing object, not ${field.type}.`),
      );
    }
    if (field.reference && !holdsRecord(type)) {
      out.push(
        problem(
          at(`field ${field.name}`),
          `REFERENCE needs a record type, not ${field.type}.`,
          'Use record(table).reference(…).',
        ),
      );
    }
    if (field.required && admitsNone(withoutNone(type))) {
      out.push(
        warning(
          { kind: 'required-not-enforced', subject: fieldSubject(table.name, field.name) },
          at(`field ${field.name}`),
          `.required() cannot be enforced on type ${field.type}: SurrealDB skips ASSERT when the value is NONE.`,
          'Give the field a concrete type, or drop .required().',
        ),
      );
    }
    for (const [clause, value] of [
      ['default', field.default],
      ['value', field.value],
    ] as const) {
      const misfit = value === undefined ? undefined : valueMisfit(clause, value, field.type);
      if (misfit !== undefined) {
        out.push(
          problem(
            at(`field ${field.name}`),
            misfit,
            `SurrealDB would refuse every record that takes this ${clause}. Give a value of type ${field.type}, or an expression.`,
          ),
        );
      }
    }
    const path = field.name.replace(/\[\*\]/g, '.*');
    const holdsPlainObject = unionMembers(withoutNone(type)).some(
      (m) => m.kind === 'scalar' && m.name === 'object',
    );
    const declaresFields = () =>
      [...fieldNames].some((n) => n.startsWith(`${path}.`) && !n.startsWith(`${path}.*`));
    if (
      table.schemafull &&
      holdsPlainObject &&
      !field.flexible &&
      !path.endsWith('.*') &&
      !declaresFields()
    ) {
      out.push(
        warning(
          { kind: 'object-without-fields', subject: fieldSubject(table.name, field.name) },
          at(`field ${field.name}`),
          'in a SCHEMAFULL table an object holds only the fields declared for it, and none are: SurrealDB refuses any key written into it, so it can hold only {}.',
          `Declare its fields ('${path}.name': string(), …), or make it flexible: object().flexible().`,
        ),
      );
    }
    if (field.flexible && !table.schemafull) {
      out.push(problem(at(`field ${field.name}`), 'FLEXIBLE fields need a SCHEMAFULL table.'));
    }
    for (const target of recordTables(type)) {
      if (!tableNames.has(target)) {
        out.push(
          warning(
            { kind: 'unknown-table', subject: fieldSubject(table.name, field.name) },
            at(`field ${field.name}`),
            `links to table ${target}, which the schema does not define.`,
            `Define ${target}, or fix the name.`,
          ),
        );
      }
    }
  }
  for (const index of table.indexes) {
    const where = at(`index ${index.name}`);
    if (index.kind.type === 'count' && index.columns.length > 0)
      out.push(problem(where, 'a COUNT index takes no columns.'));
    if (index.kind.type !== 'count' && index.columns.length === 0)
      out.push(problem(where, 'the index has no columns.'));
    if (index.kind.type === 'fulltext' && index.columns.length > 1)
      out.push(problem(where, 'a FULLTEXT index covers exactly one column.'));
    if (index.kind.type === 'hnsw' && !(index.kind.dimension > 0))
      out.push(problem(where, 'an HNSW index needs a dimension.'));
    if (index.kind.type === 'fulltext') {
      const name = index.kind.analyzer;
      if (name === undefined && !schema.analyzers.some((a) => a.name === 'like')) {
        out.push(
          problem(
            where,
            "a FULLTEXT index without an analyzer uses SurrealDB's default analyzer like, which SurrealDB 3.0.2 does not define: every write to the table would fail.",
            "Name an analyzer the schema defines: .fulltext('english') with analyzer('english') in analyzers.",
          ),
        );
      } else if (name !== undefined && !schema.analyzers.some((a) => a.name === name)) {
        out.push(
          problem(
            where,
            `uses analyzer ${name}, which the schema does not define: every write to the table would fail.`,
            `Add analyzer('${name}') to analyzers.`,
          ),
        );
      }
    }
    if (table.schemafull) {
      for (const column of index.columns) {
        if (!covered(column, fieldNames, table)) {
          out.push(
            problem(
              where,
              `the column '${column}' is not a field of table ${table.name}.`,
              `Declare ${column} in fields.`,
            ),
          );
        }
      }
    }
  }
  if (table.relation) {
    for (const end of [...table.relation.from, ...table.relation.to]) {
      if (!tableNames.has(end)) {
        out.push(
          warning(
            {
              kind: 'unknown-table',
              subject: { table: table.name, field: null, entity: `table ${table.name}` },
            },
            `relation ${table.name}`,
            `connects table ${end}, which the schema does not define.`,
            `Define ${end}, or fix the name.`,
          ),
        );
      }
    }
  }
  return out;
}

/**
 * Cross-entity checks on a whole schema (also on models not built with the DSL): duplicate names,
 * expressions that are not exactly one expression, defaults and values that cannot fit their field,
 * indexes on missing fields, unknown analyzers and functions, and (warnings) unknown `$params`, links
 * and relations to undefined tables.
 * Returns the problems instead of throwing; `severity` tells errors from warnings.
 */
export function validateSchema(schema: Schema): SchemaProblem[] {
  const tableNames = new Set(schema.tables.map((t) => t.name));
  const out = [...duplicateProblems(schema)];
  const texts = clauseTexts(schema);
  for (const e of expressionProblems(schema, texts))
    out.push(new SchemaProblem(e.message, { where: e.where, hint: e.hint }));
  const typeOf = typeReader();
  for (const table of schema.tables) out.push(...tableProblems(table, schema, tableNames, typeOf));
  for (const r of referenceProblems(schema, texts))
    out.push(
      new SchemaProblem(r.message, {
        where: r.where,
        hint: r.hint,
        ...(r.severity === 'warning' ? { warning: { kind: 'unknown-param', subject: r.subject } } : {}),
      }),
    );
  const functions = new Set(schema.functions.map((f) => f.name));
  for (const analyzer of schema.analyzers) {
    if (analyzer.function !== undefined && !functions.has(analyzer.function)) {
      out.push(
        problem(
          `analyzer ${analyzer.name}`,
          `calls fn::${analyzer.function}, which the schema does not define.`,
          'Add the function to functions.',
        ),
      );
    }
  }
  return out;
}
