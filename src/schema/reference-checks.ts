import type { ItemSubject } from '../model/report-item.js';
import type { Schema } from '../model/schema.js';
import { type ClauseText, clauseTexts } from './expression-checks.js';

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

/** Where a string, a quoted identifier or a comment starts. */
const quotedOrComment = /['"`⟨#]|--|\/\/|\/\*/g;

/**
 * The text with strings, quoted identifiers and comments blanked out, so that `'fn::x()'` inside a
 * string is not taken for a call.
 */
export function codeOnly(text: string): string {
  let out = '';
  let from = 0;
  quotedOrComment.lastIndex = 0;
  for (let m = quotedOrComment.exec(text); m !== null; m = quotedOrComment.exec(text)) {
    const i = m.index;
    const close = quoteEnd[m[0]];
    let end: number;
    if (close !== undefined) {
      end = i + 1;
      while (end < text.length && text[end] !== close) end += text[end] === '\\' ? 2 : 1;
      end += 1;
    } else if (m[0] === '/*') {
      end = text.indexOf('*/', i + 2);
      end = end === -1 ? text.length : end + 2;
    } else {
      end = text.indexOf('\n', i);
      if (end === -1) end = text.length;
    }
    end = Math.min(end, text.length);
    out += `${text.slice(from, i)}${' '.repeat(end - i)}`;
    from = end;
    quotedOrComment.lastIndex = end;
  }
  return out + text.slice(from);
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
 * `texts` are the schema's clause texts, when the caller has them already.
 */
export function referenceProblems(
  schema: Schema,
  texts: readonly ClauseText[] = clauseTexts(schema),
): ReferenceProblem[] {
  const functions = new Set(schema.functions.map((f) => f.name));
  const params = new Set(schema.params.map((p) => p.name));
  const argsOf = new Map(
    schema.functions.map((f) => [`function fn::${f.name}`, f.params.map((p) => p.name)]),
  );
  const out: ReferenceProblem[] = [];
  for (const { where, subject, clause, text } of texts) {
    // Neither a call nor a parameter can be written without these.
    if (!text.includes('fn::') && !text.includes('$')) continue;
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
