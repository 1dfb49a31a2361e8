import { SchemaError } from '../errors.js';
import { userIdiom } from '../surql/idiom.js';

/**
 * Top-level field names that SurrealDB 3.0.2 accepts in DEFINE FIELD but then cannot print back:
 * once one exists, `INFO FOR TABLE` fails for the whole table (found by defining each keyword).
 */
const brokenFieldNames = new Set([
  'alter',
  'break',
  'continue',
  'create',
  'define',
  'delete',
  'explain',
  'false',
  'for',
  'function',
  'if',
  'info',
  'insert',
  'let',
  'none',
  'null',
  'rebuild',
  'relate',
  'remove',
  'return',
  'select',
  'sleep',
  'throw',
  'true',
  'update',
  'upsert',
]);

function fail(what: string, where: string, hint: string): never {
  throw new SchemaError(`${where}: ${what}`, { where, hint });
}

/** Tables, indexes, events, functions…: any non-empty name without control characters. */
export function checkName(name: unknown, where: string, kind: string): string {
  if (typeof name !== 'string' || name.trim() === '') {
    fail(`a ${kind} needs a non-empty name.`, where, `Give the ${kind} a name such as 'user'.`);
  }
  if (name !== name.trim()) fail(`the ${kind} name '${name}' has surrounding spaces.`, where, 'Remove them.');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    fail(
      `the ${kind} name ${JSON.stringify(name)} contains control characters.`,
      where,
      'Use printable characters only.',
    );
  }
  return name;
}

/** smig's own bookkeeping tables start with `_smig_`; a user table may not. */
export function checkTableName(name: unknown, where: string): string {
  const checked = checkName(name, where, 'table');
  if (checked.startsWith('_smig_')) {
    fail(
      `the table name '${checked}' is reserved for smig's own tables.`,
      where,
      'Choose a name that does not start with _smig_.',
    );
  }
  return checked;
}

/** A field idiom: `email`, `address.city`, `tags.*`, `tags[*]`. */
export function checkFieldName(name: unknown, where: string): string {
  const checked = checkName(name, where, 'field');
  if (checked.split('.').some((p) => p === '')) {
    fail(
      `the field name '${checked}' has an empty part.`,
      where,
      "Write nested fields as 'a.b', array elements as 'a.*'.",
    );
  }
  const head = userIdiom(checked)[0];
  if (head?.kind !== 'name')
    fail(`the field name '${checked}' starts with '*'.`, where, "Write e.g. 'tags.*'.");
  const first = head.name;
  if (brokenFieldNames.has(first.toLowerCase())) {
    fail(
      `a field cannot be named '${first}': SurrealDB 3.0.2 accepts it but then cannot describe the table (INFO FOR TABLE fails).`,
      where,
      `Rename the field (e.g. '${first}_', '${first}Value') and map it in your application.`,
    );
  }
  return checked;
}
