import { quoteIdent } from './ident.js';

/** One part of a field idiom: a name (unquoted), all elements (`*`), or an element by position. */
export type IdiomPart =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'all' }
  | { readonly kind: 'index'; readonly index: number };

const closing: Readonly<Record<string, string>> = { '`': '`', '⟨': '⟩' };

/**
 * Reads a field idiom as the engine prints it (`address.city`, `` `x.y`.z ``, `tags[*]`, `tags.*`,
 * `ab[0]`, `⟨a b⟩`) into its parts, names unquoted.
 */
export function parseIdiom(idiom: string): IdiomPart[] {
  const parts: IdiomPart[] = [];
  let i = 0;
  while (i < idiom.length) {
    const c = idiom[i]!;
    if (c === '.') {
      i++;
    } else if (c === '[') {
      const end = idiom.indexOf(']', i);
      const inner = idiom.slice(i + 1, end < 0 ? undefined : end);
      parts.push(inner === '*' ? { kind: 'all' } : { kind: 'index', index: Number(inner) });
      i = end < 0 ? idiom.length : end + 1;
    } else if (c === '*') {
      parts.push({ kind: 'all' });
      i++;
    } else if (closing[c] !== undefined) {
      let name = '';
      for (i++; i < idiom.length && idiom[i] !== closing[c]; i++) {
        if (idiom[i] === '\\' && i + 1 < idiom.length) i++;
        name += idiom[i];
      }
      parts.push({ kind: 'name', name });
      i++;
    } else {
      const name = /^[^.[]+/.exec(idiom.slice(i))?.[0] ?? '';
      parts.push({ kind: 'name', name });
      i += name.length;
    }
  }
  return parts;
}

/** The unquoted name of the top-level field an idiom lives in: `address.city` → `address`. */
export function idiomRoot(idiom: string): string {
  const first = parseIdiom(idiom)[0];
  return first?.kind === 'name' ? first.name : idiom;
}

/** An idiom as it goes into a statement, every name through `quoteIdent`: `` `value`.city ``, `tags.*`. */
export function printIdiom(parts: readonly IdiomPart[]): string {
  return parts
    .map((part, i) => {
      if (part.kind === 'index') return `[${part.index}]`;
      const text = part.kind === 'all' ? '*' : quoteIdent(part.name);
      return i === 0 ? text : `.${text}`;
    })
    .join('');
}
