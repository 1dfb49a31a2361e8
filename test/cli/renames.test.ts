import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

/**
 * Renames declared with `.was()` keep the data: a field's values move to the new name, a table's
 * records (and a relation's edges, with their ids and in/out) move to the new table; rollback moves
 * them back.
 */
const schema = (o: { mail: string; person: string; knows: string }) => `
import { composeSchema, defineRelation, defineSchema, int, string } from 'smig';
const person = defineSchema({
  table: '${o.person}',
  ${o.person === 'person' ? '' : "was: 'person',"}
  fields: {
    name: string().required(),
    ${o.mail === 'mail' ? 'mail: string(),' : "email: string().was('mail'),"}
  },
});
const account = defineSchema({ table: 'account', fields: { handle: string().required() } });
const knows = defineRelation({
  name: '${o.knows}',
  ${o.knows === 'knows' ? '' : "was: 'knows',"}
  from: 'account',
  to: 'account',
  fields: { since: int() },
});
export default composeSchema({ models: { person, account }, relations: { knows } });
`;

const v1 = { mail: 'mail', person: 'person', knows: 'knows' };

describe('renames keep data', () => {
  const p = new TempProject('smig-renames-');
  afterAll(() => p.remove());

  /** Rows sorted by id, so that the engine's order does not matter. */
  const rows = (sql: string) => {
    const result = p.query(sql)[0];
    return Array.isArray(result) && result.every((r) => typeof r === 'object' && r && 'id' in r)
      ? [...result].sort((a, b) => String(a.id).localeCompare(String(b.id)))
      : result;
  };

  it('sets up tables with data', () => {
    p.write('schema.js', schema(v1));
    expect(p.smig(['diff', '-m', 'start']).code).toBe(0);
    expect(p.smig(['push']).code).toBe(0);
    p.query(
      [
        "CREATE person:1 SET name = 'Ada', mail = 'ada@example.com';",
        "CREATE person:⟨two⟩ SET name = 'Bob', mail = 'bob@example.com';",
        "CREATE person:3 SET name = 'Cy';",
        "CREATE account:a SET handle = 'a'; CREATE account:b SET handle = 'b';",
        'RELATE account:a->knows:k1->account:b SET since = 2020;',
        'RELATE account:b->knows:k2->account:a SET since = 2021;',
      ].join('\n'),
    );
  });

  it('a field rename moves the values, and rollback moves them back', () => {
    p.write('schema.js', schema({ ...v1, mail: 'email' }));
    const diff = p.smig(['diff', '-m', 'rename mail']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('DEFINE FIELD email ON TABLE person TYPE option<string>;');
    expect(diff.stdout).toContain(
      'REMOVE FIELD mail ON TABLE person;\n-- moves the values of mail to email in every record of person\nUPDATE person SET email = mail, mail = NONE;',
    );
    expect(diff.stdout).toContain('UPDATE person SET mail = email, email = NONE;');
    const push = p.smig(['push']);
    expect(push.stderr).toBe('');
    expect(push.code).toBe(0);
    expect(rows('SELECT id, email, mail FROM person')).toEqual([
      { id: 'person:1', email: 'ada@example.com' },
      { id: 'person:3' },
      { id: 'person:two', email: 'bob@example.com' },
    ]);
    expect(p.smig(['rollback', '--yes']).code).toBe(0);
    expect(rows('SELECT id, email, mail FROM person')).toEqual([
      { id: 'person:1', mail: 'ada@example.com' },
      { id: 'person:3' },
      { id: 'person:two', mail: 'bob@example.com' },
    ]);
    expect(p.smig(['push']).code).toBe(0);
    expect(p.smig(['diff']).stdout).toContain('No changes');
  });

  it('a table rename moves the records with their ids, and back', () => {
    p.write('schema.js', schema({ ...v1, mail: 'email', person: 'human' }));
    const diff = p.smig(['diff', '-m', 'rename person']);
    expect(diff.stdout).toContain(
      'INSERT INTO human (SELECT id, email, name FROM person);\nREMOVE TABLE person;',
    );
    expect(p.smig(['push']).code).toBe(0);
    expect(rows('SELECT id, name, email FROM human')).toEqual([
      { id: 'human:1', name: 'Ada', email: 'ada@example.com' },
      { id: 'human:3', name: 'Cy' },
      { id: 'human:two', name: 'Bob', email: 'bob@example.com' },
    ]);
    expect(rows('INFO FOR DB')).not.toHaveProperty('tables.person');
    expect(p.smig(['rollback', '--yes']).code).toBe(0);
    expect(rows('SELECT id, name FROM person')).toEqual([
      { id: 'person:1', name: 'Ada' },
      { id: 'person:3', name: 'Cy' },
      { id: 'person:two', name: 'Bob' },
    ]);
    expect(p.smig(['push']).code).toBe(0);
  });

  it('a relation rename keeps edge ids, in and out', () => {
    p.write('schema.js', schema({ mail: 'email', person: 'human', knows: 'follows' }));
    const diff = p.smig(['diff', '-m', 'rename knows']);
    expect(diff.stdout).toContain(
      "INSERT RELATION INTO follows (SELECT `in`, `out`, since, type::record('follows', record::id(id)) AS id FROM knows);",
    );
    expect(p.smig(['push']).code).toBe(0);
    const edges = [
      { id: 'follows:k1', in: 'account:a', out: 'account:b', since: 2020 },
      { id: 'follows:k2', in: 'account:b', out: 'account:a', since: 2021 },
    ];
    expect(rows('SELECT id, in, out, since FROM follows')).toEqual(edges);
    expect(rows('SELECT VALUE ->follows->account.handle FROM account:a')).toEqual([['b']]);
    expect(p.smig(['rollback', '--yes']).code).toBe(0);
    expect(rows('SELECT id, in, out, since FROM knows')).toEqual(
      edges.map((e) => ({ ...e, id: e.id.replace('follows', 'knows') })),
    );
    expect(p.smig(['push']).code).toBe(0);
    expect(p.smig(['diff']).stdout).toContain('No changes');
    expect(p.smig(['status']).stdout).toContain('In sync');
  });
});
