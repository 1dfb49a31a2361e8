import { printIdiom, userIdiom } from '../surql/idiom.js';

/**
 * A field idiom as it goes into a statement: each part quoted where needed (`` `weird-f` ``,
 * `address.city`, `tags.*`, `` `value` ``).
 */
export function renderIdiom(idiom: string): string {
  let rendered = rendering.get(idiom);
  if (rendered === undefined) {
    // A schema names each field many times over (compiling, validating, keying): read each once.
    if (rendering.size >= renderingKept) rendering.clear();
    rendered = printIdiom(userIdiom(idiom));
    rendering.set(idiom, rendered);
  }
  return rendered;
}

const rendering = new Map<string, string>();
const renderingKept = 50_000;

/**
 * A field's name as smig keys it, the same whichever way it was written or printed: the one quoter's
 * form. (INFO keys a keyword field bare, STRUCTURE backticks it; both map to this.)
 */
export function fieldKey(idiom: string): string {
  return renderIdiom(idiom);
}

/**
 * The parent of `a.b` (`a`), `tags.*` (`tags`) or `ab[0]` (`ab`), keyed like `fieldKey`; undefined for a
 * top-level field.
 */
export function parentIdiom(idiom: string): string | undefined {
  const parts = userIdiom(idiom);
  return parts.length > 1 ? printIdiom(parts.slice(0, -1)) : undefined;
}

/** `tags.*` or `ab[0]`: an element of an array, which is never absent. */
export function isElementIdiom(idiom: string): boolean {
  const last = userIdiom(idiom).at(-1);
  return last !== undefined && last.kind !== 'name';
}

/** `tags.*`: every element of an array. */
export function isAllElements(idiom: string): boolean {
  return userIdiom(idiom).at(-1)?.kind === 'all';
}
