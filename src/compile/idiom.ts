import { quoteIdent } from '../model/ident.js';

const plain = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `tags[*]` and `tags.*` are the same idiom; the engine prints the dotted form. */
export function idiomParts(idiom: string): string[] {
  return idiom.replace(/\[\*\]/g, '.*').split('.');
}

/**
 * A field idiom as it goes into a statement: each part quoted where needed (`` `weird-f` ``,
 * `address.city`, `tags.*`). Keywords are quoted as well, as the engine prints them.
 */
export function renderIdiom(idiom: string): string {
  return idiomParts(idiom)
    .map((part) => (part === '*' || /^\[\d+\]$/.test(part) ? part : quoteIdent(part)))
    .join('.');
}

/**
 * A field's name as `INFO FOR TABLE` keys it: only parts that are not plain identifiers are quoted
 * (`value` stays bare there, although the statement prints it as `` `value` ``).
 */
export function fieldKey(idiom: string): string {
  return idiomParts(idiom)
    .map((part) =>
      part === '*' || plain.test(part) ? part : `\`${part.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``,
    )
    .join('.');
}

/** The parent idiom of `a.b` (`a`) or `tags.*` (`tags`); undefined for a top-level field. */
export function parentIdiom(idiom: string): string | undefined {
  const parts = idiomParts(idiom);
  return parts.length > 1 ? parts.slice(0, -1).join('.') : undefined;
}
