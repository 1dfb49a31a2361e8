import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import type { FieldModel, IndexModel, Schema, TableModel } from '../../src/model/schema.js';
import { emptySchema } from '../../src/model/schema.js';
import { toMermaid } from '../../src/visualize/mermaid.js';

function field(name: string, type: string, extra: Partial<FieldModel> = {}): FieldModel {
  return {
    name,
    type,
    required: false,
    defaultAlways: false,
    asserts: [],
    readonly: false,
    flexible: false,
    was: [],
    ...extra,
  };
}

function unique(name: string, columns: readonly string[]): IndexModel {
  return { name, columns, kind: { type: 'unique' }, concurrently: false, was: [] };
}

function table(name: string, extra: Partial<TableModel> = {}): TableModel {
  return {
    name,
    type: 'normal',
    schemafull: true,
    drop: false,
    was: [],
    fields: [],
    indexes: [],
    events: [],
    ...extra,
  };
}

/** Users write posts; a post has an author (required), an editor (optional), tags (many), a subject (union). */
const blog: Schema = {
  ...emptySchema,
  tables: [
    table('user', {
      fields: [field('email', 'string', { required: true }), field('name', 'option<string>')],
      indexes: [unique('user_email', ['email'])],
    }),
    table('post', {
      fields: [
        field('title', 'string', { required: true }),
        field('author', 'record<user>', { required: true }),
        field('editor', 'record<user>'),
        field('tags', 'array<record<tag>>', { default: { kind: 'literal', value: [] } }),
        field('tags.*', 'record<tag>', { required: true }),
        field('subject', 'record<user | tag>', { required: true }),
        field('created', 'datetime', { default: { kind: 'expr', text: 'time::now()' } }),
      ],
    }),
    table('tag', { fields: [field('label', 'string', { required: true })] }),
    table('wrote', {
      type: 'relation',
      relation: { from: ['user'], to: ['post'], enforced: true },
      fields: [field('at', 'datetime', { required: true })],
    }),
  ],
};

const blogRelationships = [
  '  post }o--|| user : author',
  '  post }o--o| user : editor',
  '  post }o--o{ tag : tags',
  '  post }o--o| user : subject',
  '  post }o--o| tag : subject',
  '  user }o--o{ post : wrote',
];

/** Names mermaid cannot take bare: spaces, its own keywords, `%` and quotes, a leading digit, `pk`. */
const odd: Schema = {
  ...emptySchema,
  tables: [
    table('my table', {
      fields: [
        field('first name', 'string', { required: true }),
        field('pk', 'int'),
        field('9lives', 'option<int>'),
        field('end', 'record<end>', { required: true }),
        field('kind', '"a" | "b"', { required: true }),
      ],
      indexes: [unique('u', ['pk'])],
    }),
    table('end', {
      fields: [field('owner', 'record<`my table`>', { required: true }), field('tags[*]', 'record<class>')],
      indexes: [unique('one_owner', ['owner'])],
    }),
    table('class', { type: 'relation', relation: { from: ['my table', 'end'], to: [], enforced: false } }),
    table('50%"off\\'),
  ],
};

async function parses(diagram: string): Promise<void> {
  await expect(mermaid.parse(diagram)).resolves.toMatchObject({ diagramType: 'er' });
}

describe('toMermaid', () => {
  it('draws every field with its type in full detail', async () => {
    const diagram = toMermaid(blog, { detail: 'full' });
    expect(diagram).toBe(
      [
        'erDiagram',
        '  user {',
        '    record_user id PK "record#lt;user#gt;"',
        '    string email UK "string"',
        '    string name "option#lt;string#gt;"',
        '  }',
        '  post {',
        '    record_post id PK "record#lt;post#gt;"',
        '    string title "string"',
        '    record_user author FK "record#lt;user#gt;"',
        '    record_user editor FK "option#lt;record#lt;user#gt;#gt;"',
        '    array_record_tag tags FK "array#lt;record#lt;tag#gt;#gt;"',
        '    record_tag tags.* FK "record#lt;tag#gt;"',
        '    record_user_tag subject FK "record#lt;user | tag#gt;"',
        '    datetime created "datetime"',
        '  }',
        '  tag {',
        '    record_tag id PK "record#lt;tag#gt;"',
        '    string label "string"',
        '  }',
        '  wrote["wrote (relation)"]:::relation {',
        '    record_wrote id PK "record#lt;wrote#gt;"',
        '    record_user in FK "record#lt;user#gt;"',
        '    record_post out FK "record#lt;post#gt;"',
        '    datetime at "datetime"',
        '  }',
        ...blogRelationships,
        '  classDef relation fill:#fff8e6,stroke:#bf8700',
        '',
      ].join('\n'),
    );
    await parses(diagram);
  });

  it('keeps only keys and links in minimal detail', async () => {
    const diagram = toMermaid(blog, { detail: 'minimal' });
    expect(diagram).toBe(
      [
        'erDiagram',
        '  user {',
        '    record_user id PK',
        '    string email UK',
        '  }',
        '  post {',
        '    record_post id PK',
        '    record_user author FK',
        '    record_user editor FK',
        '    array_record_tag tags FK',
        '    record_tag tags.* FK',
        '    record_user_tag subject FK',
        '  }',
        '  tag {',
        '    record_tag id PK',
        '  }',
        ...blogRelationships,
        '',
      ].join('\n'),
    );
    await parses(diagram);
  });

  it('quotes and sanitises names mermaid cannot take bare, the same way everywhere', async () => {
    const diagram = toMermaid(odd, { detail: 'full' });
    expect(diagram).toBe(
      [
        'erDiagram',
        '  "my table" {',
        '    record_my_table id PK "record#lt;`my table`#gt;"',
        '    string first_name "first name: string"',
        '    int pk_ UK "pk: option#lt;int#gt;"',
        '    int _9lives "9lives: option#lt;int#gt;"',
        '    record_end end FK "record#lt;`end`#gt;"',
        `    a_b kind "'a' | 'b'"`,
        '  }',
        '  "end" {',
        '    record_end id PK "record#lt;`end`#gt;"',
        '    record_my_table owner FK, UK "record#lt;`my table`#gt;"',
        '    record_class tags[*] FK "record#lt;class#gt;"',
        '  }',
        '  "class"["class (relation)"]:::relation {',
        '    record_class id PK "record#lt;class#gt;"',
        '    record_my_table_end in FK "record#lt;`my table` | `end`#gt;"',
        '    record out FK "record"',
        '  }',
        '  "50__off_" {',
        '    record_50_off id PK "record#lt;`50%\'off\\\\`#gt;"',
        '  }',
        '  "my table" }o--|| "end" : "end"',
        '  "end" |o--|| "my table" : owner',
        '  "end" }o--o{ "class" : tags',
        '  "my table" |o--o{ "class" : in',
        '  "end" |o--o{ "class" : in',
        '  classDef relation fill:#fff8e6,stroke:#bf8700',
        '',
      ].join('\n'),
    );
    await parses(diagram);
    await parses(toMermaid(odd, { detail: 'minimal' }));
  });

  it('gives each link the cardinality its type allows', () => {
    const links = (type: string, extra: Partial<FieldModel> = {}) =>
      toMermaid(
        { ...emptySchema, tables: [table('t', { fields: [field('f', type, extra)] })] },
        { detail: 'minimal' },
      )
        .split('\n')
        .filter((line) => line.includes('--'))
        .map((line) => line.trim());
    expect(links('record<user>', { required: true })).toEqual(['t }o--|| user : f']);
    expect(links('record<user>', { value: { kind: 'expr', text: '$auth' } })).toEqual(['t }o--|| user : f']);
    expect(links('record<user>')).toEqual(['t }o--o| user : f']);
    // .required() takes NONE out of the type, as the compiler emits it.
    expect(links('option<record<user>>', { required: true })).toEqual(['t }o--|| user : f']);
    expect(links('record<user> | string', { required: true })).toEqual(['t }o--o| user : f']);
    expect(links('set<record<tag>, 5>', { required: true })).toEqual(['t }o--o{ tag : f']);
    expect(links('option<array<record<a | b>>>')).toEqual(['t }o--o{ a : f', 't }o--o{ b : f']);
    expect(links('record')).toEqual([]);
    expect(links('array<string>')).toEqual([]);
  });

  it('draws an empty schema as an empty diagram', async () => {
    expect(toMermaid(emptySchema, { detail: 'full' })).toBe('erDiagram\n');
    await parses('erDiagram\n');
  });

  it('is deterministic', () => {
    expect(toMermaid(blog, { detail: 'full' })).toBe(toMermaid(structuredClone(blog), { detail: 'full' }));
  });
});
