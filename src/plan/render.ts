import type { EntityRef } from '../model/entity.js';
import type { SnapshotEntity } from '../model/snapshot.js';
import { quoteIdent } from '../surql/ident.js';
import { printIdiom, readIdiom } from '../surql/idiom.js';

/** `REMOVE …` for an entity, as the engine accepts it. */
export function renderRemove(ref: EntityRef): string {
  const table = ref.table === undefined ? '' : quoteIdent(ref.table);
  switch (ref.kind) {
    case 'table':
      return `REMOVE TABLE ${quoteIdent(ref.name)}`;
    case 'field':
      return `REMOVE FIELD ${printIdiom(readIdiom(ref.name))} ON TABLE ${table}`;
    case 'index':
      return `REMOVE INDEX ${quoteIdent(ref.name)} ON TABLE ${table}`;
    case 'event':
      return `REMOVE EVENT ${quoteIdent(ref.name)} ON TABLE ${table}`;
    case 'function':
      return `REMOVE FUNCTION fn::${ref.name.split('::').map(quoteIdent).join('::')}`;
    case 'param':
      return `REMOVE PARAM $${quoteIdent(ref.name)}`;
    case 'analyzer':
      return `REMOVE ANALYZER ${quoteIdent(ref.name)}`;
    case 'sequence':
      return `REMOVE SEQUENCE ${quoteIdent(ref.name)}`;
    case 'access':
      return `REMOVE ACCESS ${quoteIdent(ref.name)} ON DATABASE`;
    case 'user':
      return `REMOVE USER ${quoteIdent(ref.name)} ON DATABASE`;
    case 'config':
      // There is no REMOVE CONFIG in SurrealDB 3; such a change is refused before planning (inexpressible.ts).
      throw new Error('A config cannot be removed');
  }
}

const defineKeyword = /^DEFINE\s+(\w+)\s+/i;

/** Inserts OVERWRITE after the kind keyword of a stored DEFINE statement: `DEFINE FIELD OVERWRITE …`. */
function withOverwrite(definition: string): string {
  const match = defineKeyword.exec(definition);
  if (!match) throw new Error(`Not a DEFINE statement: ${definition.slice(0, 60)}`);
  return `DEFINE ${match[1]} OVERWRITE ${definition.slice(match[0].length)}`;
}

/**
 * The engine's stored DEFINE text, made executable again. SurrealDB 3.0 leaves `FOR delete FULL` out
 * when it prints a table's permissions (unless all four actions are FULL), so running the text as
 * printed would reset delete to NONE; STRUCTURE still has it, and PERMISSIONS is the last clause.
 */
function storedDefinition(entity: SnapshotEntity): string {
  const { ref, definition, structure } = entity;
  if (ref.kind !== 'table') return definition;
  const permissions = structure.permissions as Readonly<Record<string, unknown>> | undefined;
  if (permissions?.delete !== true || /PERMISSIONS FULL$/.test(definition)) return definition;
  if (/\bFOR (?:\w+, )*delete\b/.test(definition)) return definition;
  return `${definition}, FOR delete FULL`;
}

/**
 * The engine prints symmetric access keys as `'[REDACTED]'`; running that text again would make the
 * literal string `[REDACTED]` the key, and anyone could sign tokens with it. Such a statement gets a
 * fresh random key instead, made by the engine when the statement runs (so it is in no file).
 */
function withFreshSecret(statement: string): string {
  if (!statement.startsWith('DEFINE ACCESS') || !statement.includes("'[REDACTED]'")) return statement;
  return `LET $smig_secret = rand::string(64);\n${statement.replaceAll("'[REDACTED]'", '$smig_secret')}`;
}

/** An entity's stored definition as a statement to run again, with OVERWRITE when it replaces one. */
export function executableDefinition(entity: SnapshotEntity, overwrite: boolean): string {
  const text = storedDefinition(entity);
  return withFreshSecret(overwrite ? withOverwrite(text) : text);
}
