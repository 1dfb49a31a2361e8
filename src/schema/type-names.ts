import type { DateTime, Decimal, Duration, Geometry, Range, RecordId, Uuid } from 'surrealdb';
import { SchemaError } from '../errors.js';

/** The TypeScript type of each SurrealQL type name, as the SDK returns values. */
export interface TypeNameMap {
  any: unknown;
  string: string;
  int: number;
  float: number;
  number: number;
  decimal: Decimal;
  bool: boolean;
  datetime: DateTime;
  duration: Duration;
  uuid: Uuid;
  bytes: Uint8Array;
  object: Record<string, unknown>;
  array: unknown[];
  set: Set<unknown>;
  geometry: Geometry;
  range: Range<unknown, unknown>;
  record: RecordId;
  regex: unknown;
  null: null;
}

/** A SurrealQL type: a plain name (`'string'`), or a full type (`'record<user>'`, `'array<int, 3>'`). */
export type TypeName = keyof TypeNameMap | (string & {});

export type TypeOfName<N> = N extends keyof TypeNameMap ? TypeNameMap[N] : unknown;

const simple = new Set([
  'any',
  'none',
  'null',
  'bool',
  'bytes',
  'datetime',
  'decimal',
  'duration',
  'float',
  'int',
  'number',
  'object',
  'string',
  'uuid',
  'regex',
  'range',
  'function',
  'array',
  'set',
  'record',
  'table',
  'geometry',
  'point',
  'line',
  'polygon',
  'multipoint',
  'multiline',
  'multipolygon',
  'collection',
]);
const geometryKinds = ['point', 'line', 'polygon', 'multipoint', 'multiline', 'multipolygon', 'collection'];
const generic = new Set(['array', 'set', 'option', 'record', 'table', 'geometry', 'file']);

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function suggestion(name: string): string | undefined {
  const candidates = [...simple, 'option'].map((c) => [c, distance(name.toLowerCase(), c)] as const);
  const best = candidates.sort((a, b) => a[1] - b[1])[0];
  return best && best[1] <= 2 ? best[0] : undefined;
}

/**
 * A small recursive-descent reader of SurrealQL types, to catch typos (`array('strng')`) where they are
 * written rather than as an engine parse error later. Object and tuple literal types are accepted as
 * they are; the engine has the last word on those.
 */
class TypeReader {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly where: string,
  ) {}

  read(): void {
    this.union();
    this.skipSpace();
    if (this.pos < this.text.length) this.fail(`unexpected '${this.text.slice(this.pos)}'`);
  }

  private fail(problem: string, hint?: string): never {
    throw new SchemaError(`${this.where}: the type '${this.text}' is not valid: ${problem}.`, {
      where: this.where,
      hint:
        hint ??
        'Use a SurrealQL type such as string, int, array<string>, record<user>, option<datetime> or a builder.',
    });
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  private peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? '';
  }

  private expect(c: string): void {
    if (this.peek() !== c) this.fail(`expected '${c}' at position ${this.pos + 1}`);
    this.pos++;
  }

  private union(): void {
    this.member();
    while (this.peek() === '|') {
      this.pos++;
      this.member();
    }
  }

  private skipBalanced(open: string, close: string): void {
    let depth = 0;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (c === open) depth++;
      else if (c === close && --depth === 0) {
        this.pos++;
        return;
      }
    }
    this.fail(`'${open}' is never closed`);
  }

  private name(): string {
    this.skipSpace();
    const match = /^(`[^`]*`|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.text.slice(this.pos));
    if (!match) this.fail(`expected a type at position ${this.pos + 1}`);
    this.pos += match[0].length;
    return match[0];
  }

  private names(check?: (name: string) => void): void {
    check?.(this.name());
    while (this.peek() === '|') {
      this.pos++;
      check?.(this.name());
    }
  }

  private member(): void {
    const c = this.peek();
    if (c === '{' || c === '[') {
      this.skipBalanced(c, c === '{' ? '}' : ']');
      return;
    }
    const literal = /^('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d+(\.\d+)?[a-z]*)/.exec(
      this.text.slice(this.pos),
    );
    if (literal) {
      this.pos += literal[0].length;
      return;
    }
    const name = this.name();
    const lower = name.toLowerCase();
    if (lower === 'true' || lower === 'false') return;
    if (!simple.has(lower) && !generic.has(lower)) {
      const guess = suggestion(name);
      this.fail(`unknown type '${name}'`, guess ? `Did you mean '${guess}'?` : undefined);
    }
    if (this.peek() !== '<') {
      if (lower === 'option' || lower === 'file')
        this.fail(`'${name}' needs a type argument, e.g. ${lower}<…>`);
      return;
    }
    if (!generic.has(lower)) this.fail(`'${name}' takes no type argument`);
    this.pos++;
    if (lower === 'array' || lower === 'set') {
      this.union();
      if (this.peek() === ',') {
        this.pos++;
        this.skipSpace();
        const size = /^\d+/.exec(this.text.slice(this.pos));
        if (!size) this.fail('the length must be a whole number');
        this.pos += size[0].length;
      }
    } else if (lower === 'option') {
      this.union();
    } else if (lower === 'geometry') {
      this.names((kind) => {
        if (!geometryKinds.includes(kind.toLowerCase())) this.fail(`unknown geometry kind '${kind}'`);
      });
    } else {
      this.names();
    }
    this.expect('>');
  }
}

/** Throws a SchemaError naming `where` when `type` is not a SurrealQL type. */
export function checkType(type: string, where: string): string {
  if (typeof type !== 'string' || type.trim() === '') {
    throw new SchemaError(`${where}: a type is required.`, {
      where,
      hint: "Pass a type name such as 'string'.",
    });
  }
  new TypeReader(type.trim(), where).read();
  return type.trim();
}
