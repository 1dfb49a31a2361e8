import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLiteral, renderValue } from '../../src/compile/index.js';
import type { Queryable } from '../../src/engine/connection.js';
import { Shadow } from '../../src/engine/connection.js';
import { SchemaError } from '../../src/errors.js';
import type { LiteralValue } from '../../src/model/schema.js';

const cases: [LiteralValue, string][] = [
  ['user', "'user'"],
  ["it's", "'it\\'s'"],
  ['back\\slash', "'back\\\\slash'"],
  ['multi\nline\ttab', "'multi\\nline\\ttab'"],
  ['"double"', '\'"double"\''],
  ['', "''"],
  [0, '0'],
  [-12, '-12'],
  [1.5, '1.5'],
  [1e21, '1000000000000000000000f'],
  [2 ** 60, '1152921504606846976f'],
  [1e-7, '0.0000001'],
  [1.25e-25, '0.000000000000000000000000125'],
  [9007199254740993n, '9007199254740993'],
  [true, 'true'],
  [false, 'false'],
  [null, 'NULL'],
  [[], '[]'],
  [[1, 'a', [true]], "[1, 'a', [true]]"],
  [{}, '{}'],
  [{ a: 1, 'with space': 'x', _b: null, '1x': [] }, "{ a: 1, 'with space': 'x', _b: NULL, '1x': [] }"],
];

let shadow: Shadow;
let db: Queryable;
beforeAll(async () => {
  shadow = await Shadow.open();
  db = await shadow.database('literal');
});
afterAll(async () => {
  await shadow.close();
});

describe('renderLiteral', () => {
  it.each(cases)('%s → %s, which the engine reads back as the same value', async (value, sql) => {
    expect(renderLiteral(value)).toBe(sql);
    const [back] = await db.query(`RETURN ${sql}`);
    expect(back).toEqual(value);
  });

  it('refuses numbers SurrealQL cannot write', () => {
    expect(() => renderLiteral(Number.NaN)).toThrow(SchemaError);
    expect(() => renderLiteral(Number.POSITIVE_INFINITY)).toThrow(SchemaError);
  });

  it('writes expressions as they are and literals rendered', () => {
    expect(renderValue({ kind: 'expr', text: 'time::now()' })).toBe('time::now()');
    expect(renderValue({ kind: 'literal', value: 'time::now()' })).toBe("'time::now()'");
  });
});
