import { createNodeEngines } from '@surrealdb/node';
import { Surreal } from 'surrealdb';
import { describe, expect, it } from 'vitest';
import { IntegrityError } from '../../src/errors.js';
import { parseMigration } from '../../src/history/migration-file.js';
import { migrate } from '../../src/index.js';
import { TempProject } from '../helpers/project.js';

const file = (forward: string, rollback = 'REMOVE TABLE a;') =>
  [
    '-- smig migration 20240115103000_a',
    '-- message: a',
    '-- created: 2024-01-15T10:30:00.000Z',
    '',
    '-- Forward migration',
    forward,
    '',
    '-- Rollback migration',
    rollback,
    '',
  ].join('\n');

function refusal(text: string): IntegrityError {
  try {
    parseMigration(text, 'migrations/20240115103000_a.surql');
  } catch (error) {
    expect(error).toBeInstanceOf(IntegrityError);
    return error as IntegrityError;
  }
  throw new Error('expected the migration to be refused');
}

/** Migration files may not control the transaction smig wraps each one in. */
describe('transaction control in a migration file', () => {
  it.each([
    ['DEFINE TABLE a;\nCOMMIT;\nBEGIN;\nDEFINE TABLE b;', 'COMMIT', 7],
    ['DEFINE TABLE a;\ncommit transaction;', 'COMMIT', 7],
    ['BEGIN TRANSACTION;\nDEFINE TABLE a;', 'BEGIN', 6],
    ['DEFINE TABLE a; CANCEL;', 'CANCEL', 6],
    ['USE DB other;\nDEFINE TABLE a;', 'USE', 6],
    ["DEFINE TABLE a;\n  RETURN 'done';", 'RETURN', 7],
    ['DEFINE TABLE a;\nReTuRn 1;', 'RETURN', 7],
    ['DEFINE TABLE a;/* done */RETURN 1;', 'RETURN', 6],
    ['DEFINE TABLE a;\n-- the end\nuse db other;', 'USE', 8],
  ])('refuses %j, naming the statement, section and line', (forward, keyword, line) => {
    const error = refusal(file(forward));
    expect(error.message).toContain(`a ${keyword} statement`);
    expect(error.message).toContain('forward section');
    expect(error.where).toBe(`migrations/20240115103000_a.surql:${line}`);
    expect(error.message).not.toMatch(keyword === 'RETURN' ? /COMMIT/ : /RETURN statement/);
  });

  it('refuses a USE in the rollback section too', () => {
    const error = refusal(file('DEFINE TABLE a;', 'REMOVE TABLE a;\nUSE NS x DB y;'));
    expect(error.message).toContain('a USE statement');
    expect(error.message).toContain('rollback section');
    expect(error.where).toBe('migrations/20240115103000_a.surql:10');
  });

  it('accepts the words inside strings, comments, identifiers and blocks', () => {
    const forward = [
      '-- COMMIT; BEGIN;',
      '/* USE DB other; */',
      'DEFINE FUNCTION fn::f() { RETURN 1; };',
      "DEFINE EVENT e ON a WHEN true THEN { RETURN 'COMMIT;' };",
      "CREATE a SET note = 'BEGIN; COMMIT;', `use` = 1, ⟨return⟩ = 2;",
      'IF true { RETURN 3 };',
      'LET $commit = 1;',
      'UPDATE a SET begin = 1;',
    ].join('\n');
    expect(parseMigration(file(forward), 'migrations/20240115103000_a.surql').forward).toContain('fn::f');
  });
});

describe('push of a migration that controls its transaction', () => {
  it('is refused before anything runs', async () => {
    const p = new TempProject('smig-txn-');
    const app = new Surreal({ engines: createNodeEngines() });
    try {
      p.write(
        'schema.js',
        "import { composeSchema } from 'smig'; export default composeSchema({ models: {} });",
      );
      p.write('migrations/20240115103000_a.surql', file('DEFINE TABLE a;\nCOMMIT;\nBEGIN;\nDEFINE TABLE b;'));
      await app.connect('mem://');
      await app.use({ namespace: 'app', database: 'main' });
      const run = migrate({ cwd: p.dir, environment: {}, surreal: app, namespace: 'app', database: 'main' });
      await expect(run).rejects.toThrow(/forward section of the migration has a COMMIT statement/);
      const [tables] = await app.query('RETURN object::keys((INFO FOR DB).tables)').collect<[string[]]>();
      expect(tables).toEqual([]);
    } finally {
      await app.close();
      p.remove();
    }
  });
});
