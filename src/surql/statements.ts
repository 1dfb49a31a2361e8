import { findTextFault } from './expression.js';

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
  return /^(DEFINE|REMOVE|ALTER)\b/i.test(statement.trim());
}
