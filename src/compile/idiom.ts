import { printIdiom, userIdiom } from '../surql/idiom.js';

/** `tags[*]` and `tags.*` are the same idiom; the engine prints the dotted form. */
export function idiomParts(idiom: string): string[] {
  return idiom.replace(/\[\*\]/g, '.*').split('.');
}

/**
 * A field idiom as it goes into a statement: each part quoted where needed (`` `weird-f` ``,
 * `address.city`, `tags.*`, `` `value` ``).
 */
export function renderIdiom(idiom: string): string {
  return printIdiom(userIdiom(idiom));
}

/**
 * A field's name as smig keys it, the same whichever way it was written or printed: the one quoter's
 * form. (INFO keys a keyword field bare, STRUCTURE backticks it; both map to this.)
 */
export function fieldKey(idiom: string): string {
  return renderIdiom(idiom);
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
