import { findTextFault, statementStarts } from './expression.js';
import { readIdent } from './ident.js';

/**
 * The statements of a piece of SurrealQL (a migration section), without their `;` and without whole-line
 * `--` comments, read lexically: a `;` inside a string, identifier, comment or bracket does not end a
 * statement. Text it cannot read (an unclosed string) comes back as one statement.
 *
 * @example
 * splitStatements("-- note\nDEFINE TABLE a;\nUPDATE a SET x = ';';"); // ['DEFINE TABLE a', "UPDATE a SET x = ';'"]
 */
export function splitStatements(text: string): string[] {
  let rest = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  const statements: string[] = [];
  while (rest.trim() !== '') {
    const fault = findTextFault(rest, 'expression');
    const end = fault?.kind === 'semicolon' ? fault.at : fault === undefined ? rest.length : undefined;
    if (end === undefined) {
      statements.push(rest.trim());
      break;
    }
    const statement = rest.slice(0, end).trim();
    if (statement !== '') statements.push(statement);
    rest = rest.slice(end + 1);
  }
  return statements;
}

/** Whether a statement changes the schema (what smig plans) rather than data (what a person adds). */
export function isSchemaStatement(statement: string): boolean {
  return schemaKeywords.has(/^\w+/.exec(statement.trim())?.[0].toUpperCase() ?? '');
}

/** The keywords of the statements that change definitions only, never a record by themselves. */
export const schemaKeywords: ReadonlySet<string> = new Set(['DEFINE', 'ALTER', 'REMOVE']);

/** Kinds of schema statement that name no table: what they define is read with the database's INFO. */
const databaseKinds = new Set(['ANALYZER', 'FUNCTION', 'PARAM', 'SEQUENCE', 'ACCESS', 'USER', 'CONFIG']);
/** Kinds defined on a table, named after `ON [TABLE]`. */
const tableEntityKinds = new Set(['FIELD', 'INDEX', 'EVENT']);

/**
 * The tables the schema statements of a section name (`DEFINE TABLE t`, `REMOVE FIELD f ON TABLE t`,
 * …), as smig prints them; undefined when a statement is not one it can read so (data statements,
 * kinds it does not know). Statements of database-level kinds (functions, params, …) name none.
 *
 * @example tablesNamed('DEFINE TABLE a; DEFINE FIELD x ON TABLE b TYPE int; DEFINE PARAM $p VALUE 1;')
 * // Set { 'a', 'b' }
 */
export function tablesNamed(section: string): Set<string> | undefined {
  const tables = new Set<string>();
  const starts = statementStarts(section);
  for (const [i, { at, keyword }] of starts.entries()) {
    if (!schemaKeywords.has(keyword)) return undefined;
    const text = section.slice(at, starts[i + 1]?.at ?? section.length);
    const kind = /^\w+\s+(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '';
    if (databaseKinds.has(kind)) continue;
    let name: string | undefined;
    if (kind === 'TABLE') {
      const head = /^\w+\s+TABLE\s+(?:(?:OVERWRITE|IF\s+NOT\s+EXISTS|IF\s+EXISTS)\s+)?/i.exec(text);
      name = head ? readIdent(text, head[0].length)?.name : undefined;
    } else if (tableEntityKinds.has(kind)) {
      const on = /\sON\s+(?:TABLE\s+)?/i.exec(text);
      name = on ? readIdent(text, on.index + on[0].length)?.name : undefined;
    }
    if (name === undefined) return undefined;
    tables.add(name);
  }
  return tables;
}
