import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IntegrityError } from '../../src/errors.js';
import {
  formatMigration,
  listMigrationFiles,
  type MigrationDraft,
  migrationId,
  parseMigration,
  readMigrations,
  slugify,
  writeMigration,
} from '../../src/history/migration-file.js';

const draft: MigrationDraft = {
  id: '20240115103000_add_user_table',
  message: 'Add user table',
  created: new Date('2024-01-15T10:30:00.000Z'),
  forward: [
    'DEFINE TABLE user TYPE NORMAL SCHEMAFULL',
    'DEFINE FIELD email ON TABLE user TYPE string\n  ASSERT string::is_email($value);',
  ],
  rollback: ['REMOVE TABLE user'],
};

const golden = `-- smig migration 20240115103000_add_user_table
-- message: Add user table
-- created: 2024-01-15T10:30:00.000Z

-- Forward migration
DEFINE TABLE user TYPE NORMAL SCHEMAFULL;
DEFINE FIELD email ON TABLE user TYPE string
  ASSERT string::is_email($value);

-- Rollback migration
REMOVE TABLE user;
`;

const fileName = `${draft.id}.surql`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'smig-history-'));
}

function integrityError(run: () => unknown): IntegrityError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IntegrityError);
    return error as IntegrityError;
  }
  throw new Error('expected an IntegrityError');
}

describe('migrationId', () => {
  it('is the UTC timestamp and the slug of the message', () => {
    expect(migrationId(new Date('2024-01-15T10:30:00.000Z'), 'Add user table')).toBe(draft.id);
    expect(migrationId(new Date('2024-12-31T23:59:59.999+02:00'), 'x')).toBe('20241231215959_x');
  });

  it.each([
    ['Add user.email (unique)!', 'add_user_email_unique'],
    ['  Crème brûlée  ', 'creme_brulee'],
    ['日本語', 'migration'],
    ['', 'migration'],
    ['Add-the_NEW   field', 'add_the_new_field'],
    [
      'one two three four five six seven eight nine ten eleven twelve',
      'one_two_three_four_five_six_seven_eight_nine_ten',
    ],
    ['x'.repeat(80), 'x'.repeat(50)],
  ])('slugify(%j) = %s', (message, slug) => {
    expect(slugify(message)).toBe(slug);
    expect(slug.length).toBeLessThanOrEqual(50);
  });
});

describe('formatMigration / parseMigration', () => {
  it('writes the format of DESIGN §3', () => {
    expect(formatMigration(draft)).toBe(golden);
  });

  it('round-trips', () => {
    const parsed = parseMigration(formatMigration(draft), fileName);
    expect(parsed).toMatchObject({
      id: draft.id,
      message: draft.message,
      created: draft.created,
      forward:
        'DEFINE TABLE user TYPE NORMAL SCHEMAFULL;\nDEFINE FIELD email ON TABLE user TYPE string\n  ASSERT string::is_email($value);',
      rollback: 'REMOVE TABLE user;',
      file: fileName,
    });
    expect(parsed.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('renders the comment and the risk of a statement as -- lines above it, even across line breaks', () => {
    const text = formatMigration({
      ...draft,
      forward: [
        {
          sql: 'REMOVE TABLE item',
          comment: 'kept for a week\nthen gone',
          risk: { level: 'destructive', reason: 'removes table item and all its records' },
        },
        { sql: 'DEFINE FIELD kind ON TABLE t TYPE string;' },
      ],
    });
    expect(text).toContain(
      [
        '-- Forward migration',
        '-- kept for a week',
        '-- then gone',
        '-- DESTRUCTIVE: removes table item and all its records',
        'REMOVE TABLE item;',
        'DEFINE FIELD kind ON TABLE t TYPE string;',
        '',
      ].join('\n'),
    );
    expect(parseMigration(text, fileName).forward).toContain('REMOVE TABLE item;');
  });

  it('allows an empty rollback section', () => {
    const text = formatMigration({ ...draft, rollback: [] });
    expect(text.endsWith('-- Rollback migration\n')).toBe(true);
    expect(parseMigration(text, fileName).rollback).toBe('');
  });

  it('keeps a multi-line message on one header line', () => {
    const text = formatMigration({ ...draft, message: 'Add users\nand more' });
    expect(parseMigration(text, fileName).message).toBe('Add users and more');
  });

  it('has a checksum that ignores CRLF line endings but not content', () => {
    const lf = parseMigration(golden, fileName).checksum;
    expect(parseMigration(golden.replace(/\n/g, '\r\n'), fileName).checksum).toBe(lf);
    expect(parseMigration(golden.replace('user;', 'users;'), fileName).checksum).not.toBe(lf);
  });

  it('parses CRLF files into LF sections', () => {
    const parsed = parseMigration(golden.replace(/\n/g, '\r\n'), fileName);
    expect(parsed.forward).not.toContain('\r');
    expect(parsed.rollback).toBe('REMOVE TABLE user;');
  });

  it('takes the id, message and time from the file name when the header is missing', () => {
    const parsed = parseMigration('-- Forward migration\nDEFINE TABLE a;\n-- Rollback migration\n', fileName);
    expect(parsed).toMatchObject({
      id: draft.id,
      message: 'add user table',
      created: new Date('2024-01-15T10:30:00.000Z'),
      forward: 'DEFINE TABLE a;',
    });
  });

  it('keeps comments inside sections (a reviewer may annotate)', () => {
    const text = golden.replace('REMOVE TABLE user;', '-- destructive: drops data\nREMOVE TABLE user;');
    expect(parseMigration(text, fileName).rollback).toBe('-- destructive: drops data\nREMOVE TABLE user;');
  });
});

describe('parseMigration errors', () => {
  it('names a missing forward marker', () => {
    const error = integrityError(() =>
      parseMigration(golden.replace('-- Forward migration\n', ''), fileName),
    );
    expect(error.message).toContain("'-- Forward migration'");
    expect(error.where).toBe(fileName);
    expect(error.hint).toBeDefined();
  });

  it('names a missing rollback marker', () => {
    const error = integrityError(() =>
      parseMigration(golden.replace('-- Rollback migration\n', ''), fileName),
    );
    expect(error.message).toContain("'-- Rollback migration'");
    expect(error.where).toMatch(new RegExp(`^${fileName}:\\d+$`));
  });

  it('names a repeated marker with its line', () => {
    const error = integrityError(() => parseMigration(`${golden}-- Forward migration\n`, fileName));
    expect(error.message).toContain('repeats');
    expect(error.where).toBe(`${fileName}:12`);
  });

  it('names markers in the wrong order', () => {
    const text = '-- Rollback migration\nREMOVE TABLE a;\n-- Forward migration\nDEFINE TABLE a;\n';
    expect(integrityError(() => parseMigration(text, fileName)).where).toBe(`${fileName}:1`);
  });

  it('refuses SurrealQL before the forward marker, which would never run', () => {
    const text = golden.replace('\n-- Forward migration', 'DEFINE TABLE x;\n-- Forward migration');
    const error = integrityError(() => parseMigration(text, fileName));
    expect(error.where).toBe(`${fileName}:4`);
  });

  it('refuses a header id that disagrees with the file name', () => {
    const error = integrityError(() => parseMigration(golden, '20240115103000_other.surql'));
    expect(error.message).toContain('20240115103000_add_user_table');
    expect(error.where).toBe('20240115103000_other.surql:1');
    expect(error.hint).toContain('rename');
  });

  it('refuses an invalid created date', () => {
    const text = golden.replace('2024-01-15T10:30:00.000Z', 'yesterday');
    expect(integrityError(() => parseMigration(text, fileName)).where).toBe(`${fileName}:3`);
  });
});

describe('migration folder', () => {
  it('lists .surql files by id, ignoring other files, and treats a missing folder as empty', async () => {
    const dir = tempDir();
    expect(await listMigrationFiles(join(dir, 'missing'))).toEqual([]);
    expect(await readMigrations(join(dir, 'missing'))).toEqual([]);
    writeFileSync(
      join(dir, '20240201000000_second.surql'),
      formatMigration({ ...draft, id: '20240201000000_second' }),
    );
    writeFileSync(join(dir, `${draft.id}.surql`), golden);
    writeFileSync(join(dir, 'README.md'), 'notes');
    mkdirSync(join(dir, 'archive.surql'));
    const files = await listMigrationFiles(dir);
    expect(files.map((f) => f.id)).toEqual([draft.id, '20240201000000_second']);
    expect(files[0]?.path).toBe(join(dir, fileName));
    const migrations = await readMigrations(dir);
    expect(migrations.map((m) => m.id)).toEqual([draft.id, '20240201000000_second']);
    expect(migrations[0]?.file).toBe(join(dir, fileName));
  });

  it('names a .surql file that is not named like a migration', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'add-users.surql'), golden);
    await expect(listMigrationFiles(dir)).rejects.toMatchObject({
      name: 'IntegrityError',
      where: join(dir, 'add-users.surql'),
    });
  });

  it('writes a draft into a new folder and reads it back', async () => {
    const dir = join(tempDir(), 'migrations');
    const { path, text, migration } = await writeMigration(dir, draft);
    expect(path).toBe(join(dir, fileName));
    expect(readFileSync(path, 'utf8')).toBe(golden);
    expect(text).toBe(golden);
    // What it returns is what reading the file gives.
    expect((await readMigrations(dir))[0]).toEqual(migration);
    expect(migration.forward).toContain('DEFINE TABLE user');
  });

  it('never overwrites a migration', async () => {
    const dir = tempDir();
    await writeMigration(dir, draft);
    await expect(writeMigration(dir, { ...draft, message: 'again' })).rejects.toMatchObject({
      name: 'IntegrityError',
      where: join(dir, fileName),
    });
    expect(readFileSync(join(dir, fileName), 'utf8')).toBe(golden);
  });

  it('refuses an invalid id', async () => {
    const dir = tempDir();
    await expect(writeMigration(dir, { ...draft, id: 'Add users' })).rejects.toBeInstanceOf(IntegrityError);
  });
});
