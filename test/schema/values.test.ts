import { describe, expect, it } from 'vitest';
import { lit, looksLikeExpression, surql } from '../../src/schema/index.js';
import { toValue } from '../../src/schema/values.js';

describe('the string heuristic', () => {
  it.each([
    'time::now()',
    'rand::uuid::v7()',
    'fn::greet("x")',
    '$value',
    '$before.x',
    '$auth.id',
    'time::now() + 1d',
    "'quoted'",
    '"double quoted"',
    'count()',
  ])('%s is an expression', (text) => {
    expect(looksLikeExpression(text)).toBe(true);
    expect(toValue(text)).toEqual({ kind: 'expr', text });
  });

  it.each(['user', 'hello world', 'a::b', 'f(x) for you?', '', ' time::now()', 'NONE', '[]', "it's"])(
    '%j is a string literal',
    (text) => {
      expect(toValue(text)).toEqual({ kind: 'literal', value: text });
    },
  );

  it('makes numbers, booleans, null, arrays and objects literals', () => {
    expect(toValue(0)).toEqual({ kind: 'literal', value: 0 });
    expect(toValue(true)).toEqual({ kind: 'literal', value: true });
    expect(toValue(null)).toEqual({ kind: 'literal', value: null });
    expect(toValue(10n)).toEqual({ kind: 'literal', value: 10n });
    expect(toValue(['time::now()', { a: 1 }])).toEqual({ kind: 'literal', value: ['time::now()', { a: 1 }] });
  });

  it('lets surql force an expression and lit force a string', () => {
    expect(toValue(surql`user`)).toEqual({ kind: 'expr', text: 'user' });
    expect(toValue(lit('time::now()'))).toEqual({ kind: 'literal', value: 'time::now()' });
  });

  it('embeds values into surql as literals', () => {
    expect(surql`string::concat(${'a'}, ${1}, ${null}, ${surql`$x`}, ${[true]})`.text).toBe(
      'string::concat("a", 1, NULL, $x, [true])',
    );
  });

  it('reads duration text as a duration only where a duration is expected', () => {
    expect(toValue('7d', 'default', 'duration')).toEqual({ kind: 'expr', text: '7d' });
    expect(toValue('7d')).toEqual({ kind: 'literal', value: '7d' });
  });

  it('turns a Date into a datetime literal and refuses class instances', () => {
    expect(toValue(new Date('2024-01-01T00:00:00Z'))).toEqual({
      kind: 'expr',
      text: "d'2024-01-01T00:00:00.000Z'",
    });
    expect(() => toValue({ a: new Map() } as never)).toThrow(/cannot be written as a SurrealQL literal/);
  });
});
