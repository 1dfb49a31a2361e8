import { describe, expect, it } from 'vitest';
import {
  describeTextFault,
  findTextFault,
  statementStarts,
  type TextRule,
} from '../../src/surql/expression.js';

/** [text, the fault's kind or undefined when the text is accepted] */
type Row = readonly [string, string | undefined];

const expressions: readonly Row[] = [
  // Accepted
  ["$value != 'root'", undefined],
  ['string::is_email($value)', undefined],
  ["$value != 'a;b'", undefined],
  ['$value != "a;b" AND $value != "it\\"s;"', undefined],
  ["$value != 'it\\'s; DELETE user'", undefined],
  [
    "$value = r'user:1' OR $value = d'2024-01-01' OR $value = u'0190…' OR $value = s'x;' OR $value = b'00'",
    undefined,
  ],
  ['$value != `a;b`', undefined],
  ['$value != ⟨a;b⟩ AND $value != user:⟨x;y⟩', undefined],
  ['$value > 0 -- no; DELETE here\n AND $value < 10', undefined],
  ['$value > 0 // no; DELETE here\n AND $value < 10', undefined],
  ['$value > 0 # no; DELETE here\n AND $value < 10', undefined],
  ['$value > /* ; ) ] } */ 0', undefined],
  ['{ LET $x = 1; RETURN $x }', undefined],
  ['$value IN (SELECT VALUE id FROM user WHERE name = "a;b")', undefined],
  ['[1, 2, { a: (3) }]', undefined],
  ["$value = /^#[0-9a-f]{6}$/ OR $value = /it's; (/", undefined],
  ['string::matches($value, /a;b/)', undefined],
  ['$value / 2 > 1', undefined],
  ['($a + 1) / ($b - 1) / 2', undefined],
  ['count / 2 / total', undefined],
  // Refused
  ["$value != 'root'; DELETE user", 'semicolon'],
  ['x); DELETE user; (y', 'stray-closer'],
  ['$value > 0)', 'stray-closer'],
  ['($value > 0', 'unclosed'],
  ['[1, 2)', 'mismatch'],
  ["$value != 'root", 'unclosed'],
  ['$value != "root', 'unclosed'],
  ['$value != `root', 'unclosed'],
  ['$value != ⟨root', 'unclosed'],
  ['$value > 0 /* open', 'unclosed'],
  ['', 'empty'],
  ['   \n ', 'empty'],
  ['-- only a comment\n', 'empty'],
  ['$value > 0 -- positive', 'line-comment'],
  ['$value > 0 # positive', 'line-comment'],
  ['1;', 'semicolon'],
  ['{ RETURN 1 }; DELETE user; { RETURN 2 }', 'semicolon'],
  // A `/` after a word may be division or the start of a regex: every reading must be safe.
  ["count / 2; DELETE user; '/'", 'semicolon'],
  ['a / 2; DELETE user; 3 / b', 'semicolon'],
  // After `=` the engine reads a regex, so quotes inside it hide nothing; what follows it is code.
  ["$value = /'/; DELETE user", 'semicolon'],
];

const statements: readonly Row[] = [
  ['UPDATE $after.id SET seen = time::now()', undefined],
  ['UPDATE $after.id SET seen = time::now();', undefined],
  ["CREATE log SET note = 'a;b'", undefined],
  ['{ LET $x = 1; UPDATE $after.id SET n = $x }', undefined],
  ['(UPDATE a SET b = 1)', undefined],
  ['UPDATE a SET b = 1; DELETE user', 'semicolon'],
  ['(UPDATE a SET b = 1); DELETE user; (SELECT 1)', 'semicolon'],
  ['UPDATE a SET b = 1; /* c */', 'semicolon'],
  ['UPDATE a SET b = 1;;', 'semicolon'],
  ['UPDATE a SET b = (1', 'unclosed'],
  ['', 'empty'],
];

const blocks: readonly Row[] = [
  ['RETURN $a * 2;', undefined],
  ["LET $x = 'a;b'; RETURN $x;", undefined],
  ['{ LET $x = 1; RETURN $x; }', undefined],
  ['/* leading */ { RETURN 1; } { RETURN 2; }', undefined],
  ['IF $a { RETURN 1; } ELSE { RETURN 2; };', undefined],
  ['RETURN 1; } DELETE user; {', 'stray-closer'],
  ['{ RETURN 1; }; DELETE user; { RETURN 2; }', 'after-block'],
  ['{ RETURN 1; } DELETE user', 'after-block'],
  ['RETURN 1; -- done', 'line-comment'],
  ['{ RETURN 1;', 'unclosed'],
  ['', 'empty'],
];

function table(rule: TextRule, rows: readonly Row[]) {
  describe(rule, () => {
    it.each(rows.map(([text, kind]) => [JSON.stringify(text), text, kind] as const))(
      '%s',
      (_label, text, kind) => {
        expect(findTextFault(text, rule)?.kind).toBe(kind);
      },
    );
  });
}

describe('findTextFault', () => {
  table('expression', expressions);
  table('statement', statements);
  table('block', blocks);

  it('gives the position of the fault', () => {
    expect(findTextFault("$value != 'root'; DELETE user", 'expression')).toEqual({
      kind: 'semicolon',
      at: 16,
    });
    expect(findTextFault('x); DELETE user; (y', 'expression')).toMatchObject({ kind: 'stray-closer', at: 1 });
  });

  it('names the regex reading when only that reading is unsafe', () => {
    const text = `count / "'/; DELETE user; '"`;
    expect(findTextFault(text, 'expression')).toEqual({ kind: 'semicolon', at: 11, regexAt: 6 });
    expect(describeTextFault(findTextFault(text, 'expression')!)).toMatch(
      /reading the `\/` at character 7 as the start of a regex literal/,
    );
  });
});

describe('describeTextFault', () => {
  it.each([
    ["$value != 'root'; DELETE user", 'expression', /the `;` at character 17 would end the statement/],
    ['x); DELETE user; (y', 'expression', /the `\)` at character 2 closes a bracket it did not open/],
    ['($value > 0', 'expression', /the `\(` at character 1 is never closed/],
    ["$value != 'root", 'expression', /the string opened at character 11 is never closed/],
    ['', 'expression', /is empty/],
    ['$value > 0 -- positive', 'expression', /line comment .* would swallow/],
    ['{ RETURN 1; } DELETE user', 'block', /after its `\{ … \}` block/],
  ] as const)('%s', (text, rule, pattern) => {
    const fault = findTextFault(text, rule);
    expect(fault).toBeDefined();
    expect(describeTextFault(fault!)).toMatch(pattern);
  });
});

describe('statementStarts', () => {
  it('finds the top-level statements only', () => {
    expect(statementStarts('DEFINE TABLE a; -- x;\nIF true { RETURN 1 }; USE DB b')).toEqual([
      { at: 0, keyword: 'DEFINE' },
      { at: 22, keyword: 'IF' },
      { at: 44, keyword: 'USE' },
    ]);
    expect(statementStarts("CREATE a SET r = /x;y/, s = 'a;b'; commit").map((s) => s.keyword)).toEqual([
      'CREATE',
      'COMMIT',
    ]);
  });
});
