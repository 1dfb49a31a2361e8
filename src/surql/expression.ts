/**
 * Proof that a piece of user-given SurrealQL stays inside the clause it is pasted into. smig keeps
 * expressions as opaque text, so this reads them only lexically: strings (any prefix, backslash
 * escapes), `` `…` `` and `⟨…⟩` identifiers, comments (`--`, `//`, `#` and block comments), regex literals and the
 * brackets `( ) [ ] { }`. That is enough to see every `;` that would end the statement and every bracket
 * that would close a part of the statement around the text.
 */

/**
 * - `expression`: one expression (ASSERT, VALUE, WHEN, a permission's WHERE…): no `;` outside strings,
 *   comments and brackets.
 * - `statement`: one statement (an event's THEN item): the same, but a single `;` may end the text, as the
 *   compiler drops it.
 * - `block`: a body placed inside `{ … }` (a function): `;` between statements is fine, but the brackets
 *   must balance so that nothing escapes the braces; a text that starts with `{` is placed as it is, so
 *   it must be that one block and nothing after it.
 */
export type TextRule = 'expression' | 'statement' | 'block';

export type TextFault = (
  | { readonly kind: 'empty' }
  | { readonly kind: 'semicolon'; readonly at: number }
  | { readonly kind: 'stray-closer'; readonly at: number; readonly char: string }
  | {
      readonly kind: 'mismatch';
      readonly at: number;
      readonly char: string;
      readonly opener: string;
      readonly openedAt: number;
    }
  | {
      readonly kind: 'unclosed';
      readonly at: number;
      readonly what: 'string' | 'identifier' | 'comment' | 'regex' | 'bracket';
      readonly char: string;
    }
  | { readonly kind: 'line-comment'; readonly at: number }
  | { readonly kind: 'after-block'; readonly at: number }
  | { readonly kind: 'too-ambiguous' }
) & {
  /** Set when the fault only shows if the `/` at this position starts a regex literal. */
  readonly regexAt?: number;
};

const closerOf: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const openerOf: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };
const quoteEnd: Readonly<Record<string, string>> = { "'": "'", '"': '"', '`': '`', '⟨': '⟩' };

/**
 * What came before a `/`, which decides whether the engine reads it as division or as a regex literal:
 * after a value it divides, after an operator or an opening bracket it starts a regex, and after a word
 * it depends on whether the word is a keyword. An ambiguous `/` is read both ways.
 */
type Before = 'value' | 'operator' | 'unknown';

interface State {
  i: number;
  stack: { char: string; at: number }[];
  before: Before;
  significant: boolean;
  /** Block rule, text starting with `{`: where that brace closed. */
  blockEnd: number | undefined;
  regexAt: number | undefined;
}

const wordAt = /\$?[\p{L}\p{N}_]+/uy;

/** A `/` read both ways doubles the readings; a real expression has a handful at most. */
const readingBudget = 256;

/**
 * The first reason `text` could reach outside its clause, or undefined when it cannot. Pass the text as
 * the compiler places it (trimmed). When a `/` may be read either as division or as a regex literal,
 * every reading must pass: the engine decides by grammar, which a lexical check cannot see.
 *
 * @example findTextFault("$value != 'root'", 'expression')               // undefined
 * @example findTextFault("$value != 'root'; DELETE user", 'expression')  // { kind: 'semicolon', at: 16 }
 * @example findTextFault('LET $x = 1; RETURN $x;', 'block')               // undefined
 */
export function findTextFault(text: string, rule: TextRule): TextFault | undefined {
  const budget = { left: readingBudget };
  const state: State = {
    i: 0,
    stack: [],
    before: 'operator',
    significant: false,
    blockEnd: undefined,
    regexAt: undefined,
  };
  return read(text, rule, state, budget);
}

function read(text: string, rule: TextRule, s: State, budget: { left: number }): TextFault | undefined {
  const fault = (f: TextFault): TextFault => (s.regexAt === undefined ? f : { ...f, regexAt: s.regexAt });
  const braced = rule === 'block' && text.startsWith('{');
  while (s.i < text.length) {
    const at = s.i;
    const c = text[at]!;
    const two = text.slice(at, at + 2);
    if (two === '--' || two === '//' || c === '#') {
      const end = text.indexOf('\n', at);
      // The compiler writes the next clause on the same line: an open line comment would swallow it.
      if (end === -1) return fault({ kind: 'line-comment', at });
      s.i = end + 1;
      continue;
    }
    if (two === '/*') {
      // Block comments do not nest in SurrealQL: the first `*/` ends it.
      const end = text.indexOf('*/', at + 2);
      if (end === -1) return fault({ kind: 'unclosed', at, what: 'comment', char: '/*' });
      s.i = end + 2;
      continue;
    }
    if (/\s/.test(c)) {
      s.i++;
      continue;
    }
    if (braced && s.blockEnd !== undefined) return fault({ kind: 'after-block', at });
    s.significant = true;
    if (c === '/') {
      if (s.before === 'value') {
        s.before = 'operator';
        s.i++;
        continue;
      }
      const end = regexEnd(text, at);
      if (s.before === 'unknown') {
        if (--budget.left < 0) return { kind: 'too-ambiguous' };
        const divided = read(
          text,
          rule,
          { ...s, stack: [...s.stack], i: at + 1, before: 'operator' },
          budget,
        );
        // A regex that never closes is a parse error, so that reading cannot run anything.
        if (divided || end === undefined) return divided;
        const regexAt = s.regexAt ?? at;
        return read(text, rule, { ...s, stack: [...s.stack], i: end + 1, before: 'value', regexAt }, budget);
      }
      if (end === undefined) return fault({ kind: 'unclosed', at, what: 'regex', char: '/' });
      s.i = end + 1;
      s.before = 'value';
      continue;
    }
    const quote = quoteEnd[c];
    if (quote !== undefined) {
      const end = quotedEnd(text, at + 1, quote);
      if (end === undefined) {
        const what = c === "'" || c === '"' ? 'string' : 'identifier';
        return fault({ kind: 'unclosed', at, what, char: c });
      }
      s.i = end + 1;
      s.before = 'value';
      continue;
    }
    if (closerOf[c] !== undefined) {
      s.stack.push({ char: c, at });
      s.before = 'operator';
      s.i++;
      continue;
    }
    const opener = openerOf[c];
    if (opener !== undefined) {
      const top = s.stack.pop();
      if (top === undefined) return fault({ kind: 'stray-closer', at, char: c });
      if (top.char !== opener)
        return fault({ kind: 'mismatch', at, char: c, opener: top.char, openedAt: top.at });
      if (braced && s.stack.length === 0) s.blockEnd = at;
      s.before = 'value';
      s.i++;
      continue;
    }
    if (c === ';' && s.stack.length === 0) {
      const last = at === text.trimEnd().length - 1;
      if (rule === 'expression' || (rule === 'statement' && !last)) return fault({ kind: 'semicolon', at });
    }
    wordAt.lastIndex = at;
    const word = wordAt.exec(text);
    if (word) {
      // `$name` and numbers (`2`, `1d`) are values; a bare word may be a field or a keyword.
      s.before = c === '$' || /\d/.test(c) ? 'value' : 'unknown';
      s.i = at + word[0].length;
      continue;
    }
    // `*` and `.` are left undecided: `tags.* / 2` divides.
    s.before = /[=!<>+\-,:;|&?~@^%]/.test(c) ? 'operator' : 'unknown';
    s.i++;
  }
  const open = s.stack.at(-1);
  if (open) return fault({ kind: 'unclosed', at: open.at, what: 'bracket', char: open.char });
  if (!s.significant) return fault({ kind: 'empty' });
  return undefined;
}

/** The index of the quote that closes a string or identifier opened before `from`. */
function quotedEnd(text: string, from: number, quote: string): number | undefined {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return undefined;
}

/** The index of the `/` that closes a regex literal opened at `start`. */
function regexEnd(text: string, start: number): number | undefined {
  return quotedEnd(text, start + 1, '/');
}

function character(at: number): string {
  return `character ${at + 1}`;
}

/**
 * The fault in words, for an error message that names the clause before it.
 *
 * @example describeTextFault({ kind: 'semicolon', at: 16 })
 * // 'the `;` at character 17 would end the statement and run what follows as a statement of its own'
 */
export function describeTextFault(fault: TextFault): string {
  const reading =
    fault.regexAt === undefined
      ? ''
      : ` (reading the \`/\` at ${character(fault.regexAt)} as the start of a regex literal)`;
  return `${reason(fault)}${reading}`;
}

function reason(fault: TextFault): string {
  switch (fault.kind) {
    case 'empty':
      return 'is empty';
    case 'semicolon':
      return `the \`;\` at ${character(fault.at)} would end the statement and run what follows as a statement of its own`;
    case 'stray-closer':
      return `the \`${fault.char}\` at ${character(fault.at)} closes a bracket it did not open, which would close a part of the statement around it`;
    case 'mismatch':
      return `the \`${fault.opener}\` at ${character(fault.openedAt)} is closed by \`${fault.char}\` at ${character(fault.at)}`;
    case 'unclosed':
      return fault.what === 'bracket'
        ? `the \`${fault.char}\` at ${character(fault.at)} is never closed`
        : `the ${fault.what} opened at ${character(fault.at)} is never closed`;
    case 'line-comment':
      return `it ends in a line comment (at ${character(fault.at)}), which would swallow the rest of the statement on that line`;
    case 'after-block':
      return `it goes on after its \`{ … }\` block (at ${character(fault.at)}), outside the braces`;
    case 'too-ambiguous':
      return 'it has too many `/` (division or regex) to be checked';
  }
}

/** A top-level statement of a SurrealQL text: where its first significant character is, and its first word. */
export interface StatementStart {
  readonly at: number;
  /** The statement's leading keyword in upper case, or '' when it does not start with a word. */
  readonly keyword: string;
}

/**
 * Where each top-level statement of a SurrealQL text starts, read with the same lexical rules as
 * `findTextFault`: a `;` inside a string, identifier, comment, regex literal or bracket (a block) does
 * not end a statement. A `/` after a bare word is read as division here.
 *
 * @example statementStarts("DEFINE TABLE a; -- x;\nIF true { RETURN 1 }; USE DB b")
 * // [{ at: 0, keyword: 'DEFINE' }, { at: 22, keyword: 'IF' }, { at: 44, keyword: 'USE' }]
 */
export function statementStarts(text: string): StatementStart[] {
  const starts: StatementStart[] = [];
  let depth = 0;
  let atStart = true;
  let before: Before = 'operator';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const two = text.slice(i, i + 2);
    if (two === '--' || two === '//' || c === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    if (two === '/*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (atStart && depth === 0 && c !== ';') {
      wordAt.lastIndex = i;
      const word = c === '$' ? undefined : wordAt.exec(text)?.[0];
      starts.push({ at: i, keyword: word?.toUpperCase() ?? '' });
    }
    atStart = false;
    const quote = quoteEnd[c];
    const regex = c === '/' && before === 'operator';
    if (quote !== undefined || regex) {
      i = (regex ? regexEnd(text, i) : quotedEnd(text, i + 1, quote!)) ?? text.length;
      i++;
      before = 'value';
      continue;
    }
    if (closerOf[c] !== undefined) depth++;
    else if (openerOf[c] !== undefined) depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) atStart = true;
    wordAt.lastIndex = i;
    const word = wordAt.exec(text);
    if (word) {
      before = 'value';
      i += word[0].length;
      continue;
    }
    before = /[=!<>+\-,:;|&?~@^%([{]/.test(c) ? 'operator' : 'value';
    i++;
  }
  return starts;
}
