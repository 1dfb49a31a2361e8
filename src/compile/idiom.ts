import { quoteIdent } from '../surql/ident.js';

const plain = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `tags[*]` and `tags.*` are the same idiom; the engine prints the dotted form. */
export function idiomParts(idiom: string): string[] {
  return idiom.replace(/\[\*\]/g, '.*').split('.');
}

/** Quotes one idiom part with `quote`, leaving `*` and index suffixes (`ab[0]`) as they are. */
function renderPart(part: string, quote: (name: string) => string): string {
  if (part === '*') return part;
  const indexed = /^(.+?)((?:\[\d+\])+)$/.exec(part);
  return indexed ? `${quote(indexed[1]!)}${indexed[2]}` : quote(part);
}

function backtick(name: string): string {
  return plain.test(name) ? name : `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/**
 * A field idiom as it goes into a statement: each part quoted where needed (`` `weird-f` ``,
 * `address.city`, `tags.*`). Keywords are quoted as well, as the engine prints them.
 */
export function renderIdiom(idiom: string): string {
  return idiomParts(idiom)
    .map((part) => renderPart(part, quoteIdent))
    .join('.');
}

/**
 * A field's name as `INFO FOR TABLE` keys it: only parts that are not plain identifiers are quoted
 * (`value` stays bare there, although the statement prints it as `` `value` ``).
 */
export function fieldKey(idiom: string): string {
  return idiomParts(idiom)
    .map((part) => renderPart(part, backtick))
    .join('.');
}

/** The parent idiom of `a.b` (`a`), `tags.*` (`tags`) or `ab[0]` (`ab`); undefined for a top-level field. */
export function parentIdiom(idiom: string): string | undefined {
  const parts = idiomParts(idiom);
  const last = parts.at(-1) ?? '';
  const indexed = /^(.+?)\[\d+\]$/.exec(last);
  if (indexed) return [...parts.slice(0, -1), indexed[1]].join('.');
  return parts.length > 1 ? parts.slice(0, -1).join('.') : undefined;
}

/** `tags.*` or `ab[0]`: an element of an array, which is never absent. */
export function isElementIdiom(idiom: string): boolean {
  const last = idiomParts(idiom).at(-1) ?? '';
  return last === '*' || /\]$/.test(last);
}
