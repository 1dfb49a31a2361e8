import type { ItemSubject } from '../model/report-item.js';
import type { Schema } from '../model/schema.js';
import { clauseTexts } from './expression-checks.js';

/** The parameters SurrealDB itself provides inside statements, events, permissions and accesses. */
const engineParams = new Set([
  'value',
  'input',
  'before',
  'after',
  'this',
  'parent',
  'event',
  'auth',
  'access',
  'token',
  'session',
  'reference',
  'request',
]);

/** Clauses whose `$names` are supplied by whoever signs in or up, not by the schema. */
const callerSupplied = new Set(['SIGNUP', 'SIGNIN', 'AUTHENTICATE']);

const quoteEnd: Readonly<Record<string, string>> = { "'": "'", '"': '"', '`': '`', '⟨': '⟩' };

/**
 * The text with strings, quoted identifiers and comments blanked out, so that `'fn::x()'` inside a
 * string is not taken for a call.
 */
export function codeOnly(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const two = text.slice(i, i + 2);
    let end: number;
    if (quoteEnd[c] !== undefined) {
      end = i + 1;
      while (end < text.length && text[end] !== quoteEnd[c]) end += text[end] === '\\' ? 2 : 1;
      end += 1;
    } else if (two === '--' || two === '//' || c === '#') {
      end = text.indexOf('\n', i);
      if (end === -1) end = text.length;
    } else if (two === '/*') {
      end = text.indexOf('*/', i + 2);
      end = end === -1 ? text.length : end + 2;
    } else {
      out += c;
      i += 1;
      continue;
    }
    out += ' '.repeat(Math.min(end, text.length) - i);
    i = end;
  }
  return out;
}

const call = /\bfn::([A-Za-z_]\w*(?:::[A-Za-z_]\w*)*)\s*\(/g;
const param = /\$([A-Za-z_]\w*)/g;
const bound = /\b(?:LET|FOR)\s+\$([A-Za-z_]\w*)/gi;
const closureParams = /\|([^|]*)\|/g;

/** The functions a text calls: `fn::a::b(1)` → `a::b`. */
export function calledFunctions(text: string): string[] {
  return [...codeOnly(text).matchAll(call)].map((m) => m[1] as string);
}

/** The `$names` a text reads that it does not bind itself (LET, FOR, closure parameters). */
export function freeParams(text: string): string[] {
  const code = codeOnly(text);
  const own = new Set([...code.matchAll(bound)].map((m) => m[1] as string));
  for (const m of code.matchAll(closureParams)) {
    for (const p of (m[1] as string).matchAll(param)) own.add(p[1] as string);
  }
  return [...new Set([...code.matchAll(param)].map((m) => m[1] as string))].filter((n) => !own.has(n));
}

export interface ReferenceProblem {
  readonly where: string;
  readonly subject: ItemSubject;
  readonly message: string;
  readonly hint: string;
  readonly severity: 'error' | 'warning';
}

/**
 * Names used in expressions that the schema does not define: a `fn::…` call (an error: every
 * evaluation fails with "The function … does not exist") and a `$param` that is neither defined nor
 * provided by SurrealDB (a warning: it reads as NONE unless the client sets it on its session).
 */
export function referenceProblems(schema: Schema): ReferenceProblem[] {
  const functions = new Set(schema.functions.map((f) => f.name));
  const params = new Set(schema.params.map((p) => p.name));
  const argsOf = new Map(
    schema.functions.map((f) => [`function fn::${f.name}`, f.params.map((p) => p.name)]),
  );
  const out: ReferenceProblem[] = [];
  for (const { where, subject, clause, text } of clauseTexts(schema)) {
    for (const name of new Set(calledFunctions(text))) {
      if (functions.has(name)) continue;
      out.push({
        where,
        subject,
        message: `${where}: ${clause} calls fn::${name}, which the schema does not define.`,
        hint: `Add fn('fn::${name}') to functions, or fix the name.`,
        severity: 'error',
      });
    }
    if (callerSupplied.has(clause)) continue;
    const args = new Set((argsOf.get(where) ?? []).map((a) => a.replace(/^\$/, '')));
    for (const name of freeParams(text)) {
      if (engineParams.has(name) || params.has(name) || args.has(name)) continue;
      out.push({
        where,
        subject,
        message: `${where}: ${clause} reads $${name}, which is neither a param of the schema nor one SurrealDB provides; it is NONE unless the client sets it.`,
        hint: `Add param('${name}') to params, or fix the name.`,
        severity: 'warning',
      });
    }
  }
  return out;
}
