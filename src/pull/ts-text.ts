import { unquoteIdent } from '../surql/ident.js';
import { rawIdiom, readIdiom } from '../surql/idiom.js';

/**
 * Writing TypeScript source text: string literals, object keys, identifiers and `surql` templates.
 * Pure helpers for the schema generator.
 */

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const reservedWords = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally ' +
    'for function if import in instanceof new null return super switch this throw true try typeof var void ' +
    'while with yield let static implements interface package private protected public await'
  ).split(' '),
);

/** A TypeScript string literal: single quotes, or double quotes when the text has single quotes only. */
export function tsString(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  if (text.includes("'") && !text.includes('"')) return `"${escaped}"`;
  return `'${escaped.replace(/'/g, "\\'")}'`;
}

/** An object key: bare when it is an identifier, quoted otherwise. */
export function tsKey(name: string): string {
  return identifier.test(name) ? name : tsString(name);
}

/** A `surql` template holding SurrealQL text verbatim. */
export function surqlTemplate(text: string): string {
  return `surql\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}

/** `order-items` → `orderItems`, `2fa` → `_2fa`. */
export function camelCase(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter((p) => p !== '');
  const joined = parts
    .map((p, i) =>
      i === 0 ? p.charAt(0).toLowerCase() + p.slice(1) : p.charAt(0).toUpperCase() + p.slice(1),
    )
    .join('');
  if (joined === '') return '_';
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/** Hands out distinct variable names that clash neither with imports nor with JavaScript keywords. */
export class NameAllocator {
  private readonly taken: Set<string>;

  constructor(reserved: Iterable<string>) {
    this.taken = new Set([...reservedWords, ...reserved]);
  }

  allocate(wanted: string, suffix: string): string {
    let name = camelCase(wanted);
    if (this.taken.has(name)) name = `${name}${suffix}`;
    let candidate = name;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${name}${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}

/** A printed idiom without the engine's quoting: `` `weird-f`.x `` → `weird-f.x`. */
export function unquoteIdiom(idiom: string): string {
  return rawIdiom(readIdiom(idiom));
}

/** A name the engine printed, possibly in backticks (`` `weird-name` ``), without them. */
export function unquoteName(name: string): string {
  return unquoteIdent(name);
}

/**
 * Chains method calls onto a base expression, breaking the chain over lines when it gets long.
 * `indent` is the indentation of the line the expression starts on.
 */
export function chain(base: string, calls: readonly string[], indent: string, width = 110): string {
  const flat = `${base}${calls.map((c) => `.${c}`).join('')}`;
  if (indent.length + flat.length <= width - 10 || calls.length === 0) return flat;
  return `${base}${calls.map((c) => `\n${indent}  .${c}`).join('')}`;
}
