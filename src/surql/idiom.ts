import { quoteIdent, readIdent } from './ident.js';

/** One step of a field path: a name (raw, unquoted), every element (`*`), or one element (`[0]`). */
export type IdiomPart =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'all' }
  | { readonly kind: 'index'; readonly index: number };

/**
 * A field path as parts, never as text: `address.city`, `tags.*`, `` `weird-f`.x ``. Raw names and
 * printed text are kept apart by reading one way (`userIdiom`, `readIdiom`) and writing one way
 * (`printIdiom`).
 */
export type Idiom = readonly IdiomPart[];

const all: IdiomPart = { kind: 'all' };

/** Index suffixes of one written part: `ab[0][*]` → name `ab`, then [0], then every element. */
function withSuffixes(part: string): IdiomPart[] {
  const suffixes: IdiomPart[] = [];
  let rest = part;
  for (let m = /\[(\d+|\*)\]$/.exec(rest); m; m = /\[(\d+|\*)\]$/.exec(rest)) {
    suffixes.unshift(m[1] === '*' ? all : { kind: 'index', index: Number(m[1]) });
    rest = rest.slice(0, m.index);
  }
  const head: IdiomPart[] = rest === '*' ? [all] : rest === '' ? [] : [{ kind: 'name', name: rest }];
  return [...head, ...suffixes];
}

/**
 * A field path as a schema writes it: names raw, split at dots (`address.city`, `tags.*`, `tags[*]`).
 *
 * @example userIdiom('tags[*]') // [{ kind: 'name', name: 'tags' }, { kind: 'all' }]
 */
export function userIdiom(text: string): Idiom {
  // Most paths are one plain name: nothing to split.
  if (!/[.[*]/.test(text)) return text === '' ? [] : [{ kind: 'name', name: text }];
  return text.split('.').flatMap(withSuffixes);
}

/**
 * A field path as the engine prints it: names bare or quoted (`` `weird-f`.x ``, `` `value` ``, `tags.*`,
 * `ab[0]`). Text that does not read as a path is taken as one raw name.
 */
export function readIdiom(text: string): Idiom {
  const parts: IdiomPart[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (parts.length > 0) {
      if (text[pos] === '[') {
        const m = /^\[(\d+|\*)\]/.exec(text.slice(pos));
        if (!m) return [{ kind: 'name', name: text }];
        parts.push(m[1] === '*' ? all : { kind: 'index', index: Number(m[1]) });
        pos += m[0].length;
        continue;
      }
      if (text[pos] !== '.') return [{ kind: 'name', name: text }];
      pos++;
    }
    if (text[pos] === '*') {
      parts.push(all);
      pos++;
      continue;
    }
    const ident = readIdent(text, pos);
    if (!ident) return [{ kind: 'name', name: text }];
    parts.push({ kind: 'name', name: ident.name });
    pos = ident.end;
  }
  return parts;
}

/**
 * A field path as it goes into a statement, every name through the one identifier quoter.
 *
 * @example printIdiom(userIdiom('weird-f.value')) // '`weird-f`.`value`'
 */
export function printIdiom(idiom: Idiom): string {
  let out = '';
  for (const part of idiom) {
    if (part.kind === 'index') out += `[${part.index}]`;
    else out += `${out === '' ? '' : '.'}${part.kind === 'all' ? '*' : quoteIdent(part.name)}`;
  }
  return out;
}

/** The raw names of a path joined by dots (`` `a-b`.c `` → `a-b.c`), for labels and DSL keys. */
export function rawIdiom(idiom: Idiom): string {
  let out = '';
  for (const part of idiom) {
    if (part.kind === 'index') out += `[${part.index}]`;
    else out += `${out === '' ? '' : '.'}${part.kind === 'all' ? '*' : part.name}`;
  }
  return out;
}

/** The raw name of the top-level field a printed idiom lives in: `` `address`.city `` → `address`. */
export function idiomRoot(idiom: string): string {
  const first = readIdiom(idiom)[0];
  return first?.kind === 'name' ? first.name : idiom;
}
