import { describe, expect, it } from 'vitest';
import { isSchemaStatement, splitStatements } from '../../src/surql/statements.js';

describe('splitStatements', () => {
  it('splits at the semicolons that end statements, not those in strings, and drops comment lines', () => {
    expect(
      splitStatements(
        "-- note\nDEFINE TABLE a;\nUPDATE a SET x = ';';\nDEFINE FIELD b ON a TYPE string\n  ASSERT $value != '';",
      ),
    ).toEqual([
      'DEFINE TABLE a',
      "UPDATE a SET x = ';'",
      "DEFINE FIELD b ON a TYPE string\n  ASSERT $value != ''",
    ]);
  });

  it('tells schema statements from data statements', () => {
    expect(isSchemaStatement('DEFINE FIELD OVERWRITE a ON t')).toBe(true);
    expect(isSchemaStatement('UPDATE t SET a = 1')).toBe(false);
  });
});
