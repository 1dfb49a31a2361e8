import { describe, expect, it } from 'vitest';
import { isSchemaStatement, splitStatements, tablesNamed } from '../../src/surql/statements.js';

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

describe('tablesNamed', () => {
  it('names the tables of schema statements as smig prints them, and none for database-level ones', () => {
    const section = [
      '-- DESTRUCTIVE: removes field x on table old',
      'DEFINE TABLE OVERWRITE a TYPE NORMAL SCHEMAFULL;',
      'DEFINE FIELD `on` ON TABLE b TYPE string\n  ASSERT $value != "ON c";',
      'DEFINE INDEX i ON `weird-name` FIELDS x;',
      'REMOVE TABLE IF EXISTS d;',
      'REMOVE EVENT e ON TABLE ⟨f g⟩;',
      'ALTER TABLE h COMMENT "x";',
      'DEFINE FUNCTION fn::x() { RETURN 1; };',
      'DEFINE PARAM $p VALUE 1;',
    ].join('\n');
    expect(tablesNamed(section)).toEqual(new Set(['a', 'b', 'weird-name', 'd', 'f g', 'h']));
  });

  it('is undefined for a section with data statements or kinds it does not know', () => {
    expect(tablesNamed('DEFINE TABLE a; UPDATE a SET x = 1;')).toBeUndefined();
    expect(tablesNamed('DEFINE BUCKET b BACKEND "memory";')).toBeUndefined();
    expect(tablesNamed('DEFINE FIELD x TYPE int;')).toBeUndefined();
  });
});
