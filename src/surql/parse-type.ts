import { readIdent } from './ident.js';
import {
  type GeometryKind,
  geometryKinds,
  type LiteralMemberValue,
  type ScalarName,
  type SurrealType,
  scalarNames,
} from './type.js';

/** A type that does not follow the SurrealQL grammar; `position` is 1-based. */
export class TypeSyntaxError extends Error {
  constructor(
    readonly problem: string,
    readonly position: number,
    /** The name that was not recognised, for suggestions. */
    readonly unknownName?: string,
  ) {
    super(problem);
  }
}

const scalars = new Set<string>(scalarNames);
const geometries = new Set<string>(geometryKinds);

/**
 * Reads a SurrealQL type as the engine would: case-insensitive names, `option<T>`, `array<T, n>`,
 * `set<T, n>`, `record<a | b>`, `table<…>`, `file<…>`, `geometry<…>` and its shorthands (`point`), literal
 * members (`'a'`, `1`, `1.5f`, `true`, `1d`), object and tuple literal types, and unions of all of them.
 *
 * @example parseType('option<record<user | post>>')
 *   // { kind: 'option', inner: { kind: 'record', names: ['user', 'post'] } }
 */
export function parseType(text: string): SurrealType {
  const reader = new TypeReader(text);
  const type = reader.union();
  reader.end();
  return type;
}

class TypeReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  end(): void {
    if (this.peek() !== '') this.fail(`unexpected '${this.text.slice(this.pos)}'`);
  }

  union(): SurrealType {
    const members = [this.member()];
    while (this.peek() === '|') {
      this.pos++;
      members.push(this.member());
    }
    return members.length === 1 ? (members[0] as SurrealType) : { kind: 'union', members };
  }

  private fail(problem: string, unknownName?: string): never {
    throw new TypeSyntaxError(problem, this.pos + 1, unknownName);
  }

  private peek(): string {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
    return this.text[this.pos] ?? '';
  }

  private expect(c: string): void {
    if (this.peek() !== c) {
      const found = this.peek() === '' ? 'the end' : `'${this.peek()}'`;
      this.fail(`expected '${c}' at position ${this.pos + 1}, found ${found}`);
    }
    this.pos++;
  }

  private member(): SurrealType {
    const c = this.peek();
    if (c === '') this.fail(`expected a type at position ${this.pos + 1}`);
    if (c === '{' || c === '[') return { kind: 'opaque', text: this.balanced() };
    if (c === "'" || c === '"') return this.stringLiteral();
    const number = /^-?\d+(\.\d+)?([a-zµ]*)/.exec(this.text.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      const suffix = number[2] ?? '';
      const value = suffix === '' || suffix === 'f' ? Number(number[0].replace(/f$/, '')) : undefined;
      return value === undefined
        ? { kind: 'literal', text: number[0] }
        : { kind: 'literal', text: number[0], value };
    }
    const start = this.pos;
    const ident = readIdent(this.text, this.pos);
    if (!ident || this.text[this.pos] === '`' || this.text[this.pos] === '⟨') {
      this.fail(`expected a type at position ${this.pos + 1}`);
    }
    this.pos = ident.end;
    const name = ident.name.toLowerCase();
    if (name === 'true' || name === 'false') return { kind: 'literal', text: name, value: name === 'true' };
    const generic = this.peek() === '<';
    if (scalars.has(name)) {
      if (generic) this.fail(`'${ident.name}' takes no type argument`);
      return { kind: 'scalar', name: name as ScalarName };
    }
    if (geometries.has(name) && name !== 'feature') {
      if (generic) this.fail(`'${ident.name}' takes no type argument`);
      return { kind: 'geometry', kinds: [name as GeometryKind] };
    }
    switch (name) {
      case 'option':
        if (!generic) this.fail(`'option' needs a type argument, e.g. option<string>`);
        return { kind: 'option', inner: this.argument(() => this.union()) };
      case 'array':
      case 'set':
        return generic ? this.collection(name) : { kind: name };
      case 'record':
      case 'table':
      case 'file':
        return { kind: name, names: generic ? this.argument(() => this.names()) : [] };
      case 'geometry':
        return { kind: 'geometry', kinds: generic ? this.argument(() => this.geometryKinds()) : [] };
      default:
        this.pos = start;
        return this.fail(`unknown type '${ident.name}'`, ident.name);
    }
  }

  private argument<T>(read: () => T): T {
    this.pos++;
    const value = read();
    this.expect('>');
    return value;
  }

  private collection(kind: 'array' | 'set'): SurrealType {
    return this.argument(() => {
      const element = this.union();
      if (this.peek() !== ',') return { kind, element };
      this.pos++;
      this.peek();
      const size = /^\d+/.exec(this.text.slice(this.pos));
      if (!size) this.fail(`the ${kind} length must be a whole number (position ${this.pos + 1})`);
      this.pos += size[0].length;
      return { kind, element, size: Number(size[0]) };
    });
  }

  private names(): string[] {
    const names: string[] = [];
    do {
      if (names.length > 0) this.pos++;
      this.peek();
      const ident = readIdent(this.text, this.pos);
      if (!ident) this.fail(`expected a name at position ${this.pos + 1}`);
      this.pos = ident.end;
      names.push(ident.name);
    } while (this.peek() === '|');
    return names;
  }

  private geometryKinds(): GeometryKind[] {
    return this.names().map((name) => {
      const kind = name.toLowerCase();
      if (!geometries.has(kind)) this.fail(`unknown geometry kind '${name}'`);
      return kind as GeometryKind;
    });
  }

  private stringLiteral(): SurrealType {
    const quote = this.text[this.pos] as string;
    let value = '';
    for (let i = this.pos + 1; i < this.text.length; i++) {
      const c = this.text[i] as string;
      if (c === '\\' && i + 1 < this.text.length) {
        const next = this.text[++i] as string;
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
      } else if (c === quote) {
        const text = this.text.slice(this.pos, i + 1);
        this.pos = i + 1;
        return { kind: 'literal', text, value: value as LiteralMemberValue };
      } else {
        value += c;
      }
    }
    return this.fail(`a string literal is never closed`);
  }

  /** An object or tuple literal type, as written (brackets balanced, quotes respected). */
  private balanced(): string {
    const start = this.pos;
    const stack: string[] = [];
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos] as string;
      if (c === "'" || c === '"' || c === '`') {
        const close = this.text.indexOf(c, this.pos + 1);
        if (close < 0) this.fail('a quote is never closed');
        this.pos = close;
      } else if (c === '{' || c === '[' || c === '<') {
        stack.push(c === '{' ? '}' : c === '[' ? ']' : '>');
      } else if (c === '}' || c === ']' || c === '>') {
        if (stack.pop() !== c) this.fail(`unexpected '${c}' at position ${this.pos + 1}`);
        if (stack.length === 0) {
          this.pos++;
          return this.text.slice(start, this.pos);
        }
      }
    }
    return this.fail(`'${this.text[start]}' is never closed`);
  }
}
