import { looksLikeExpression } from '../schema/values.js';
import { surqlTemplate, tsString } from './ts-text.js';

/** The DSL names a generated file imports, collected while it is written. */
export class Imports {
  private readonly names = new Set<string>();

  use(name: string): string {
    this.names.add(name);
    return name;
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  list(): string[] {
    return [...this.names].sort();
  }
}

/** The contents of a SurrealQL string literal as the engine prints it (`'user'`, `"it's"`), or undefined. */
export function parseStringLiteral(text: string): string | undefined {
  const match = /^(['"])((?:[^\\]|\\.)*)\1$/s.exec(text);
  if (!match) return undefined;
  const quote = match[1];
  const body = match[2] ?? '';
  // An unescaped quote of the same kind inside would mean this is not one literal.
  if (new RegExp(`(^|[^\\\\])${quote}`).test(body)) return undefined;
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"' };
  let bad = false;
  const value = body.replace(/\\(.)/g, (_, c: string) => {
    const replaced = escapes[c];
    if (replaced === undefined) bad = true;
    return replaced ?? c;
  });
  return bad ? undefined : value;
}

const durationText = /^(\d+(y|w|d|h|m|s|ms|us|µs|ns))+$/;

/**
 * A value the engine printed (a DEFAULT, VALUE or PARAM value) as the DSL argument that reproduces it:
 * `true`, `0`, `'user'`, `[]`, `'time::now()'` where the DSL reads them the same way, `surql\`…\`` otherwise.
 */
export function valueCode(
  text: string,
  imports: Imports,
  options: { readonly duration?: boolean } = {},
): string {
  if (text === 'true' || text === 'false') return text;
  if (/^-?\d{1,15}$/.test(text)) return String(Number(text));
  if (text === '[]' || text === '{}') return text;
  const string = parseStringLiteral(text);
  if (string !== undefined) {
    // A string the DSL would read as an expression (or as a duration) has to be forced to a literal.
    if (looksLikeExpression(string) || (options.duration && durationText.test(string))) {
      return `${imports.use('lit')}(${tsString(string)})`;
    }
    return tsString(string);
  }
  if (looksLikeExpression(text)) return tsString(text);
  return `${imports.use('surql')}${surqlTemplate(text).slice('surql'.length)}`;
}

/** Expression text for methods that always read their argument as SurrealQL (`.assert`, `.when`, …). */
export function expressionCode(text: string): string {
  return tsString(text);
}
