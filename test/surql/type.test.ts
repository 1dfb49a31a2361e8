import { describe, expect, it } from 'vitest';
import { parseType, TypeSyntaxError } from '../../src/surql/parse-type.js';
import { printType } from '../../src/surql/print-type.js';
import { admitsNone, elementTypes, optional, recordTables, withoutNone } from '../../src/surql/type-ops.js';

/** Written → printed by `printType(parseType(…))`. */
const roundTrips: readonly (readonly [string, string])[] = [
  ['string', 'string'],
  ['STRING', 'string'],
  ['Option<String>', 'option<string>'],
  ['option<record<user>>', 'option<record<user>>'],
  ['array<record<post>>', 'array<record<post>>'],
  ['set<record<post>,3>', 'set<record<post>, 3>'],
  ['option<table<user>>', 'option<table<user>>'],
  ['option<record<user> | record<post>>', 'option<record<user> | record<post>>'],
  ['record<user|post>', 'record<user | post>'],
  ['record<`weird-x`>', 'record<`weird-x`>'],
  ['record<⟨a b⟩>', 'record<`a b`>'],
  ['record<`where`>', 'record<`where`>'],
  ['file<bucket>', 'file<bucket>'],
  ['file<a | b>', 'file<a | b>'],
  ['file', 'file'],
  ['table', 'table'],
  ['none | string', 'none | string'],
  ['array<array<int>>', 'array<array<int>>'],
  ['array', 'array'],
  ['point', 'geometry<point>'],
  ['geometry<point|polygon>', 'geometry<point | polygon>'],
  ["'a' | 1 | true", "'a' | 1 | true"],
  ['-1 |  2.5f', '-1 | 2.5f'],
  ['1dec | 1d', '1dec | 1d'],
  ['{ a: string, b: array<int> }', '{ a: string, b: array<int> }'],
  ['[string, int]', '[string, int]'],
  ['regex | function | range | uuid | bytes', 'regex | function | range | uuid | bytes'],
];

const refused: readonly (readonly [string, RegExp])[] = [
  ['strng', /unknown type 'strng'/],
  ['option', /needs a type argument/],
  ['string<int>', /takes no type argument/],
  ['array<string, x>', /length must be a whole number/],
  ['record<user', /expected '>'/],
  ['geometry<circle>', /unknown geometry kind/],
  ['string |', /expected a type/],
  ['string int', /unexpected 'int'/],
  ["'open", /never closed/],
  ['{ a: string', /never closed/],
];

describe('parseType / printType', () => {
  it.each(roundTrips)('%s prints as %s, and the printed form is a fixpoint', (text, printed) => {
    expect(printType(parseType(text))).toBe(printed);
    expect(printType(parseType(printed))).toBe(printed);
  });

  it.each(refused)('%s is refused', (text, problem) => {
    expect(() => parseType(text)).toThrow(TypeSyntaxError);
    expect(() => parseType(text)).toThrow(problem);
  });

  it('keeps record and file names raw, quoted only when printed', () => {
    expect(parseType('record<`weird-x` | user>')).toEqual({ kind: 'record', names: ['weird-x', 'user'] });
    expect(recordTables(parseType('option<array<record<tag> | record<`a b`>>>'))).toEqual(['tag', 'a b']);
  });

  it('knows which types admit NONE and strips it', () => {
    const cases: readonly (readonly [string, boolean, string])[] = [
      ['option<string>', true, 'string'],
      ['none | string | int', true, 'string | int'],
      ['any', true, 'any'],
      ['string', false, 'string'],
      ['option<record<user>>', true, 'record<user>'],
    ];
    for (const [text, admits, stripped] of cases) {
      expect(admitsNone(parseType(text))).toBe(admits);
      expect(printType(withoutNone(parseType(text)))).toBe(stripped);
    }
    expect(printType(optional(parseType('any')))).toBe('any');
    expect(printType(optional(parseType('record<user>')))).toBe('option<record<user>>');
  });

  it('finds the element types the engine gives implicit x.* fields', () => {
    expect(elementTypes(parseType('none | array<string, 10>')).map(printType)).toEqual(['string']);
    expect(elementTypes(parseType('array<record<post>>')).map(printType)).toEqual(['record<post>']);
    expect(elementTypes(parseType('array')).map(printType)).toEqual([]);
    expect(elementTypes(parseType('array<any>')).map(printType)).toEqual([]);
  });
});
