import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { sha256 } from '../digest.js';
import { ConfigError, IntegrityError } from '../errors.js';
import { describeFsError } from '../fs-error.js';
import { statementStarts } from '../surql/expression.js';
import { migrationIdDate, migrationIdPattern } from './migration-id.js';

export { migrationId, migrationIdDate, migrationIdPattern, slugify } from './migration-id.js';

/**
 * A statement to write: its SurrealQL without the `;` (a trailing one is tolerated; it may span several
 * lines), and what the file tells its reader about it.
 */
export interface DraftStatement {
  readonly sql: string;
  /** Rendered as `-- DESTRUCTIVE: …` or `-- DATA-DEPENDENT: …` right above the statement. */
  readonly risk?: { readonly level: 'destructive' | 'data-dependent'; readonly reason: string };
  /** Rendered as `-- …` lines above the risk. */
  readonly comment?: string;
}

/**
 * The migration a new one was made on top of: its id, and the checksum of the schema the history up to
 * it produces (`historyChecksum`). `null` for the first migration of a folder.
 */
export interface MigrationParent {
  readonly id: string;
  readonly history: string;
}

/** What a new migration file is made of; a plain string is a statement without notes. */
export interface MigrationDraft {
  readonly id: string;
  readonly message: string;
  readonly created: Date;
  /** Written as `-- parent:` and `-- history:` lines; left out, the file has none (as earlier versions wrote). */
  readonly parent?: MigrationParent | null;
  /** The id of the migration this one replaces after `smig rebase`. */
  readonly rebasedFrom?: string;
  /**
   * Written as `-- verified:` and `-- state:` lines: the seal of its verification (see `migrationSeal`),
   * and the `stateDigest` of the state the history gives with it.
   */
  readonly verified?: { readonly seal: string; readonly state: string };
  readonly forward: readonly (DraftStatement | string)[];
  readonly rollback: readonly (DraftStatement | string)[];
  /** Comments written right below each section's marker (`smig new` tells the reader what goes where). */
  readonly notes?: { readonly forward?: string; readonly rollback?: string };
}

/** A migration file as read back: its sections as SurrealQL text, and the checksum the ledger records. */
export interface Migration {
  readonly id: string;
  readonly message: string;
  readonly created: Date;
  /**
   * The migration it was made on top of; `null` when it was the first, `undefined` when the file has no
   * `-- parent:` line (made by an earlier version: its parent is the migration before it in id order).
   */
  readonly parent?: MigrationParent | null;
  /** The migration it replaces, when `smig rebase` wrote it. */
  readonly rebasedFrom?: string;
  /** The seal of the verification `smig diff` made of it (`-- verified:` line; see `migrationSeal`). */
  readonly verified?: string;
  /** The `stateDigest` of the state the history gives with it, as that verification found (`-- state:`). */
  readonly state?: string;
  /** The forward section's SurrealQL, as written in the file (comments included), trimmed. */
  readonly forward: string;
  /** The rollback section's SurrealQL; empty when the migration has no rollback statements. */
  readonly rollback: string;
  /** sha256 hex of the file text with CRLF normalised to LF, so a checkout on Windows does not "edit" it. */
  readonly checksum: string;
  /** The file name or path it was parsed from, for messages. */
  readonly file: string;
}

/** A migration file found in the migrations folder. */
export interface MigrationFileEntry {
  readonly id: string;
  readonly fileName: string;
  readonly path: string;
}

export const migrationExtension = '.surql';
export const forwardMarker = '-- Forward migration';
export const rollbackMarker = '-- Rollback migration';

const fileNamePattern = /^\d{14}_[a-z0-9_]+\.surql$/;
const forwardLine = /^--\s*forward migration\s*$/i;
const rollbackLine = /^--\s*rollback migration\s*$/i;
const idLine = /^--\s*smig migration\s+(\S+)\s*$/i;
const messageLine = /^--\s*message:(.*)$/i;
const createdLine = /^--\s*created:(.*)$/i;
const parentLine = /^--\s*parent:\s*(\S+)\s*$/i;
const historyLine = /^--\s*history:\s*([0-9a-f]+)\s*$/i;
const rebasedLine = /^--\s*rebased-from:\s*(\S+)\s*$/i;
const verifiedLine = /^--\s*verified:\s*([0-9a-f]{64})\s*$/i;
const stateLine = /^--\s*state:\s*([0-9a-f]{64})\s*$/i;
/** What the first migration of a folder has as its parent. */
const noParent = 'none';
const fileNameHint =
  'Migration files are named <UTC yyyymmddHHMMSS>_<slug>.surql, e.g. 20240115103000_add_user_table.surql.';
const markersHint = `A migration file has a '${forwardMarker}' line before its statements and a '${rollbackMarker}' line before the statements that undo them.`;

/**
 * The text of a migration file (DESIGN §3): a header, then the forward and rollback sections.
 *
 * @example
 * formatMigration({ id: '20240115103000_add_user_table', message: 'Add user table',
 *   created: new Date('2024-01-15T10:30:00Z'), forward: ['DEFINE TABLE user'], rollback: ['REMOVE TABLE user'] });
 * // -- smig migration 20240115103000_add_user_table
 * // -- message: Add user table
 * // -- created: 2024-01-15T10:30:00.000Z
 * //
 * // -- Forward migration
 * // DEFINE TABLE user;
 * //
 * // -- Rollback migration
 * // REMOVE TABLE user;
 */
export function formatMigration(migration: MigrationDraft): string {
  // The header is line comments: a message with a line break would end the comment and become SurrealQL.
  const message = migration.message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const lines = [
    `-- smig migration ${migration.id}`,
    `-- message: ${message}`,
    `-- created: ${migration.created.toISOString()}`,
    ...parentLines(migration),
    ...(migration.verified === undefined
      ? []
      : [`-- verified: ${migration.verified.seal}`, `-- state: ${migration.verified.state}`]),
    '',
    forwardMarker,
    ...(migration.notes?.forward === undefined ? [] : commentLines(migration.notes.forward)),
    ...statements(migration.forward),
    '',
    rollbackMarker,
    ...(migration.notes?.rollback === undefined ? [] : commentLines(migration.notes.rollback)),
    ...statements(migration.rollback),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Reads a migration file's text. The id comes from the `-- smig migration` header, or else from the file
 * name; `message` and `created` fall back to the id when their header lines are missing (hand-written files).
 *
 * @param fileName the file's name or path: checked against the header id, and named in errors
 * @throws IntegrityError naming the file and line, when a marker is missing or repeated, SurrealQL stands
 *   before the forward marker, or the header disagrees with the file name
 */
export function parseMigration(text: string, fileName: string): Migration {
  const normalised = text.replace(/\r\n/g, '\n');
  const checksum = sha256(normalised);
  const lines = normalised.replace(/^\uFEFF/, '').split('\n');
  const at = (index: number) => `${fileName}:${index + 1}`;

  let forwardAt: number | undefined;
  let rollbackAt: number | undefined;
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    const isForward = forwardLine.test(trimmed);
    const isRollback = rollbackLine.test(trimmed);
    if (!isForward && !isRollback) continue;
    const marker = isForward ? forwardMarker : rollbackMarker;
    if ((isForward ? forwardAt : rollbackAt) !== undefined) {
      throw new IntegrityError(`The migration file repeats the '${marker}' marker.`, {
        where: at(index),
        hint: `Keep one '${marker}' line; the parser splits the file at it. ${markersHint}`,
      });
    }
    if (isForward) forwardAt = index;
    else rollbackAt = index;
  }
  if (forwardAt === undefined || rollbackAt === undefined) {
    const missing = forwardAt === undefined ? forwardMarker : rollbackMarker;
    throw new IntegrityError(`The migration file has no '${missing}' marker.`, {
      where: forwardAt === undefined ? fileName : at(lines.length - 1),
      hint: `${markersHint} Add the missing line (an empty rollback section is allowed).`,
    });
  }
  if (rollbackAt < forwardAt) {
    throw new IntegrityError(`The migration file has its '${rollbackMarker}' before '${forwardMarker}'.`, {
      where: at(rollbackAt),
      hint: markersHint,
    });
  }

  refuseTransactionControl(lines, forwardAt + 1, rollbackAt, 'forward', fileName);
  refuseTransactionControl(lines, rollbackAt + 1, lines.length, 'rollback', fileName);
  const header = parseHeader(lines.slice(0, forwardAt), fileName);
  const id = resolveId(header, fileName);
  const created = header.created ?? migrationIdDate(id);
  if (created === undefined) {
    throw new IntegrityError(`The migration '${id}' has no creation time.`, {
      where: fileName,
      hint: `Add a '-- created: <ISO date>' line to the header. ${fileNameHint}`,
    });
  }
  return {
    id,
    message: header.message ?? id.replace(/^\d{14}_/, '').replace(/_/g, ' '),
    created,
    ...parentOf(header, fileName),
    ...(header.rebasedFrom === undefined ? {} : { rebasedFrom: header.rebasedFrom }),
    ...(header.verified === undefined ? {} : { verified: header.verified }),
    ...(header.state === undefined ? {} : { state: header.state }),
    forward: lines
      .slice(forwardAt + 1, rollbackAt)
      .join('\n')
      .trim(),
    rollback: lines
      .slice(rollbackAt + 1)
      .join('\n')
      .trim(),
    checksum,
    file: fileName,
  };
}

/**
 * The migration files of a folder, sorted by id (which sorts them in creation order). Other files are
 * ignored; a missing folder has no migrations.
 *
 * @throws IntegrityError for a `.surql` file whose name is not a migration id, since it would silently
 *   never run
 */
export async function listMigrationFiles(dir: string): Promise<MigrationFileEntry[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ConfigError(`The migrations folder ${dir} cannot be read: ${describeFsError(error)}.`, {
      where: dir,
      hint: 'Fix its permissions, or point --migrations (or SMIG_MIGRATIONS, or the config file) at the folder of migration files.',
      cause: error,
    });
  }
  const files: MigrationFileEntry[] = [];
  for (const entry of entries) {
    if (!entry.name.endsWith(migrationExtension)) continue;
    // A link to a migration file (kept elsewhere, shared between projects) reads like the file.
    if (entry.isSymbolicLink() && !(await linksToFile(join(dir, entry.name)))) continue;
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    if (!fileNamePattern.test(entry.name)) {
      throw new IntegrityError(`'${entry.name}' in the migrations folder is not named like a migration.`, {
        where: join(dir, entry.name),
        hint: `${fileNameHint} Rename it, or move it out of the folder.`,
      });
    }
    files.push({
      id: entry.name.slice(0, -migrationExtension.length),
      fileName: entry.name,
      path: join(dir, entry.name),
    });
  }
  return files.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function linksToFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    throw new IntegrityError(
      `The migration file ${path} is a link to a file that cannot be read: ${describeFsError(error)}.`,
      {
        where: path,
        hint: 'Restore the file the link points to, or remove the link.',
        cause: error,
      },
    );
  }
}

/** Every migration of a folder, parsed, in id order (a missing folder gives an empty list). */
export async function readMigrations(dir: string): Promise<Migration[]> {
  const files = await listMigrationFiles(dir);
  return Promise.all(files.map(async (file) => parseMigration(await readFile(file.path, 'utf8'), file.path)));
}

/**
 * Writes a new migration file `<dir>/<id>.surql`, creating the folder. Never overwrites: an existing file
 * with that id is an error, and the caller picks another id. Accepts a draft, or an id and finished text
 * (which is parsed first, so that an unreadable file is never written).
 *
 * @returns the path written, the text in it, and the migration as smig reads that text
 */
export async function writeMigration(
  dir: string,
  draft: MigrationDraft,
): Promise<{ readonly path: string; readonly text: string; readonly migration: Migration }> {
  const { id } = draft;
  const content = formatMigration(draft);
  const fileName = `${id}${migrationExtension}`;
  const path = join(dir, fileName);
  if (!fileNamePattern.test(fileName)) {
    throw new IntegrityError(`'${id}' is not a valid migration id.`, { where: path, hint: fileNameHint });
  }
  const migration = parseMigration(content, path);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw unwritableFolder(dir, error);
  }
  try {
    // 'wx' fails if the file exists, atomically: two processes cannot both write the same id.
    await writeFile(path, content, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritableFolder(dir, error);
    throw new IntegrityError(`The migration file '${fileName}' exists already.`, {
      where: path,
      hint: 'Migration files are never overwritten. Pick a new id (a later timestamp), or delete the file if it was never applied.',
    });
  }
  return { path, text: content, migration };
}

function unwritableFolder(dir: string, error: unknown): ConfigError {
  return new ConfigError(`The migrations folder ${dir} cannot be written: ${describeFsError(error)}.`, {
    where: dir,
    hint: 'Fix its permissions, or point --migrations (or SMIG_MIGRATIONS, or the config file) at a folder smig may write. Nothing was written.',
    cause: error,
  });
}

/** What each statement that controls a transaction does to the one smig wraps a migration in. */
const transactionControl: Readonly<Record<string, string>> = {
  BEGIN: 'opens a transaction inside the one smig runs the migration in, which the engine refuses',
  COMMIT: 'commits what ran before it on its own, so a later failure can no longer undo it',
  CANCEL: 'cancels the transaction smig runs the migration in, so the migration silently does nothing',
  USE: 'switches the namespace or database, so the statements after it (and the ledger record) land elsewhere',
  RETURN: 'ends the transaction early: the statements after it never run',
};

/** One of those words on its own (as `statementStarts` reads a word), in upper case. */
const transactionWords = new RegExp(
  `(?<![\\p{L}\\p{N}_$])(?:${Object.keys(transactionControl).join('|')})(?![\\p{L}\\p{N}_])`,
  'u',
);

/**
 * smig runs each migration section in one transaction of its own (with its ledger record), so a section
 * may not begin, commit or cancel a transaction, switch databases, or return early. Checked lexically,
 * before anything runs: a keyword inside a string, comment or block (a function body) is not a statement.
 */
function refuseTransactionControl(
  lines: readonly string[],
  from: number,
  to: number,
  section: 'forward' | 'rollback',
  fileName: string,
): void {
  const text = lines.slice(from, to).join('\n');
  // None of the words anywhere (in any case): no statement can start with one, nothing to read.
  if (!transactionWords.test(text.toUpperCase())) return;
  for (const { at, keyword } of statementStarts(text)) {
    const effect = transactionControl[keyword];
    if (effect === undefined) continue;
    const line = from + text.slice(0, at).split('\n').length;
    throw new IntegrityError(
      `The ${section} section of the migration has a ${keyword} statement, which ${effect}.`,
      {
        where: `${fileName}:${line}`,
        hint: 'Migration files may not control transactions (BEGIN, COMMIT, CANCEL, USE, a top-level RETURN): smig runs each migration in one transaction with its ledger record. Remove the statement; split the work into two migrations if it needs two steps.',
      },
    );
  }
}

interface Header {
  readonly id?: string;
  readonly idLine?: number;
  readonly message?: string;
  readonly created?: Date;
  readonly parent?: string;
  readonly history?: string;
  readonly rebasedFrom?: string;
  readonly verified?: string;
  readonly state?: string;
}

function parentLines(migration: MigrationDraft): string[] {
  const { parent, rebasedFrom } = migration;
  if (parent === undefined) return [];
  return [
    `-- parent: ${parent === null ? noParent : parent.id}`,
    ...(parent === null ? [] : [`-- history: ${parent.history}`]),
    ...(rebasedFrom === undefined ? [] : [`-- rebased-from: ${rebasedFrom}`]),
  ];
}

function parentOf(header: Header, fileName: string): Pick<Migration, 'parent'> {
  if (header.parent === undefined) return {};
  if (header.parent.toLowerCase() === noParent) return { parent: null };
  if (!migrationIdPattern.test(header.parent)) {
    throw new IntegrityError(`The migration's parent '${header.parent}' is not a migration id.`, {
      where: fileName,
      hint: `The '-- parent:' line names the migration this one was made on top of (or '${noParent}' for the first). ${fileNameHint}`,
    });
  }
  return { parent: { id: header.parent, history: header.history ?? '' } };
}

function parseHeader(lines: readonly string[], fileName: string): Header {
  let header: Header = {};
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    const where = `${fileName}:${index + 1}`;
    const id = idLine.exec(line);
    const message = messageLine.exec(line);
    const created = createdLine.exec(line);
    const parent = parentLine.exec(line)?.[1];
    const history = historyLine.exec(line)?.[1];
    const rebasedFrom = rebasedLine.exec(line)?.[1];
    const verified = verifiedLine.exec(line)?.[1];
    const state = stateLine.exec(line)?.[1];
    if (parent !== undefined) header = { ...header, parent };
    else if (history !== undefined) header = { ...header, history: history.toLowerCase() };
    else if (rebasedFrom !== undefined) header = { ...header, rebasedFrom };
    else if (verified !== undefined) header = { ...header, verified: verified.toLowerCase() };
    else if (state !== undefined) header = { ...header, state: state.toLowerCase() };
    else if (id?.[1] !== undefined) header = { ...header, id: id[1], idLine: index };
    else if (message?.[1] !== undefined) header = { ...header, message: message[1].trim() };
    else if (created?.[1] !== undefined) {
      const date = new Date(created[1].trim());
      if (Number.isNaN(date.getTime())) {
        throw new IntegrityError(`The migration's creation time '${created[1].trim()}' is not a date.`, {
          where,
          hint: 'Write it as an ISO date, e.g. -- created: 2024-01-15T10:30:00.000Z',
        });
      }
      header = { ...header, created: date };
    } else if (line !== '' && !line.startsWith('--')) {
      // Anything here would never run: the forward section starts at its marker.
      throw new IntegrityError(`The migration file has SurrealQL before its '${forwardMarker}' marker.`, {
        where,
        hint: `Move the statement below '${forwardMarker}' (or comment it out with --).`,
      });
    }
  }
  return header;
}

function resolveId(header: Header, fileName: string): string {
  const base = basename(fileName);
  const isFile = base.endsWith(migrationExtension);
  const fromName = isFile ? base.slice(0, -migrationExtension.length) : base;
  const headerId = header.id;
  const headerWhere = `${fileName}:${(header.idLine ?? 0) + 1}`;
  const id = headerId ?? fromName;
  if (!migrationIdPattern.test(id)) {
    throw new IntegrityError(`The migration id '${id}' is not valid.`, {
      where: headerId === undefined ? fileName : headerWhere,
      hint: fileNameHint,
    });
  }
  // Only a real file name is compared: callers may parse text from elsewhere under a label.
  if (headerId !== undefined && isFile && fromName !== headerId) {
    throw new IntegrityError(`The migration header names '${headerId}' but the file is '${base}'.`, {
      where: headerWhere,
      hint: `The id in the '-- smig migration' line and the file name must agree: rename the file to ${headerId}${migrationExtension} or correct the header.`,
    });
  }
  return id;
}

/** A comment as `--` lines: every line of it, so that no part of it can become SurrealQL. */
function commentLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => `-- ${line.trim()}`);
}

/**
 * A statement as the migration file shows it, without its `;`: the comment and the risk as `--` lines,
 * then the SurrealQL.
 *
 * @example
 * statementText({ sql: 'REMOVE TABLE item', risk: { level: 'destructive', reason: 'removes table item and all its records' } });
 * // -- DESTRUCTIVE: removes table item and all its records
 * // REMOVE TABLE item
 */
export function statementText(statement: DraftStatement | string): string {
  const { sql, risk, comment } = typeof statement === 'string' ? { sql: statement } : statement;
  const notes = [
    ...(comment === undefined ? [] : commentLines(comment)),
    ...(risk === undefined ? [] : commentLines(`${risk.level.toUpperCase()}: ${risk.reason}`)),
  ];
  return [
    ...notes,
    sql
      .trim()
      .replace(/;+\s*$/, '')
      .trimEnd(),
  ].join('\n');
}

function statements(list: readonly (DraftStatement | string)[]): string[] {
  return list
    .filter((s) => (typeof s === 'string' ? s : s.sql).replace(/;+\s*$/, '').trim() !== '')
    .map((statement) => `${statementText(statement)};`);
}
