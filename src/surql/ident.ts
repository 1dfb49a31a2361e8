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

/**
 * Reads one identifier at `pos`: bare (`user`), backticked (`` `weird-name` ``, with `\` escapes) or in
 * angle quotes (`⟨a b⟩`). Returns the raw name and where it ends, or undefined when there is none.
 *
 * @example readIdent('`a-b` | c', 0) // { name: 'a-b', end: 5 }
 */
export function readIdent(
  text: string,
  pos: number,
): { readonly name: string; readonly end: number } | undefined {
  const open = text[pos];
  if (open === '`' || open === '⟨') {
    const close = open === '`' ? '`' : '⟩';
    let name = '';
    for (let i = pos + 1; i < text.length; i++) {
      const c = text[i] as string;
      if (c === '\\' && i + 1 < text.length) {
        name += text[++i];
      } else if (c === close) {
        return { name, end: i + 1 };
      } else {
        name += c;
      }
    }
    return undefined;
  }
  const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(pos));
  return bare ? { name: bare[0], end: pos + bare[0].length } : undefined;
}

/**
 * An identifier as the engine prints it or as a user wrote it, raw: `` `where` `` → `where`, `user` → `user`.
 * Text that is not one whole identifier is returned as it is.
 */
export function unquoteIdent(text: string): string {
  const read = readIdent(text, 0);
  return read && read.end === text.length ? read.name : text;
}
