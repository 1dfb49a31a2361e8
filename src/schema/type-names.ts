import type { DateTime, Decimal, Duration, Geometry, Range, RecordId, Uuid } from 'surrealdb';
import { SchemaError } from '../errors.js';
import { parseType, TypeSyntaxError } from '../surql/parse-type.js';
import { printType } from '../surql/print-type.js';
import { type SurrealType, typeKeywords } from '../surql/type.js';

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
  const candidates = typeKeywords.map((c) => [c, distance(name.toLowerCase(), c)] as const);
  const best = candidates.sort((a, b) => a[1] - b[1])[0];
  return best && best[1] <= 2 ? best[0] : undefined;
}

/**
 * Reads a type written in a schema, where it is written, so a typo (`array('strng')`) is caught at the
 * line that has it rather than as an engine parse error later.
 */
export function readSchemaType(type: string, where: string): SurrealType {
  if (typeof type !== 'string' || type.trim() === '') {
    throw new SchemaError(`${where}: a type is required.`, {
      where,
      hint: "Pass a type name such as 'string'.",
    });
  }
  try {
    return parseType(type);
  } catch (error) {
    if (!(error instanceof TypeSyntaxError)) throw error;
    const guess = error.unknownName === undefined ? undefined : suggestion(error.unknownName);
    throw new SchemaError(`${where}: the type '${type.trim()}' is not valid: ${error.problem}.`, {
      where,
      hint: guess
        ? `Did you mean '${guess}'?`
        : 'Use a SurrealQL type such as string, int, array<string>, record<user>, option<datetime> or a builder.',
    });
  }
}

/** Checks a type written in a schema and returns it as SurrealQL prints it (`array<string,10>` → `array<string, 10>`). */
export function checkType(type: string, where: string): string {
  return printType(readSchemaType(type, where));
}
