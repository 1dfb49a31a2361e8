/**
 * Identifier quoting as the engine prints it: bare when it is a plain identifier, otherwise in backticks.
 * Reserved words are quoted too; the list holds the statement keywords that would otherwise be read as
 * the start of a clause.
 */
const plain = /^[A-Za-z_][A-Za-z0-9_]*$/;

const reserved = new Set([
  'select',
  'create',
  'update',
  'delete',
  'upsert',
  'relate',
  'insert',
  'define',
  'remove',
  'alter',
  'info',
  'use',
  'let',
  'begin',
  'commit',
  'cancel',
  'return',
  'throw',
  'if',
  'else',
  'then',
  'end',
  'for',
  'break',
  'continue',
  'from',
  'where',
  'group',
  'order',
  'limit',
  'start',
  'fetch',
  'only',
  'value',
  'values',
  'none',
  'null',
  'true',
  'false',
  'and',
  'or',
  'not',
  'is',
  'in',
  'out',
  'table',
  'field',
  'index',
  'event',
  'on',
]);

export function isPlainIdent(name: string): boolean {
  return plain.test(name) && !reserved.has(name.toLowerCase());
}

/** `user` → `user`, `weird-name` → `` `weird-name` `` */
export function quoteIdent(name: string): string {
  if (isPlainIdent(name)) return name;
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}
