import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/compile/index.js';
import { Shadow } from '../../src/engine/connection.js';
import {
  access,
  array,
  type ComposeOptions,
  composeSchema,
  datetime,
  defineRelation,
  defineSchema,
  event,
  fn,
  index,
  param,
  range,
  record,
  sequence,
  set,
  string,
  surql,
  toSchemaModel,
} from '../../src/schema/index.js';
import { applyStatements, missingFromInfo } from '../compile/support.js';

/**
 * Schemas written for smig 1.0 betas: each earlier form must compile to exactly what the current form
 * compiles to (and that must be what `sql` says, and apply on the engine).
 */
interface LegacyCase {
  readonly name: string;
  readonly legacy: () => ComposeOptions;
  readonly current: () => ComposeOptions;
  readonly sql: readonly string[];
}

const user = defineSchema({ table: 'user', fields: { name: string() } });
const table = (fields: Parameters<typeof defineSchema>[0]['fields']) =>
  defineSchema({ table: 'post', fields: fields ?? {} });

const cases: LegacyCase[] = [
  {
    name: '.computed(expr) is .value(expr)',
    legacy: () => ({ models: { t: table({ excerpt: string().computed('string::slice(title, 0, 200)') }) } }),
    current: () => ({
      models: { t: table({ excerpt: string().value(surql`string::slice(title, 0, 200)`) }) },
    }),
    sql: [
      'DEFINE TABLE post TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD excerpt ON TABLE post TYPE string VALUE string::slice(title, 0, 200)',
    ],
  },
  {
    name: '.computed() with several statements is one block',
    legacy: () => ({
      models: { t: table({ n: string().computed('LET $x = 1; RETURN <string> $x;') }) },
    }),
    current: () => ({
      models: { t: table({ n: string().value(surql`{ LET $x = 1; RETURN <string> $x; }`) }) },
    }),
    sql: [
      'DEFINE TABLE post TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD n ON TABLE post TYPE string VALUE { LET $x = 1; RETURN <string> $x; }',
    ],
  },
  {
    name: "fn().params({ a: 'int', b: 'string' }) is .param() twice",
    legacy: () => ({
      functions: [
        fn('fn::label').params({ a: 'int', b: 'string' }).returns('string').body('RETURN $b + <string> $a;'),
      ],
    }),
    current: () => ({
      functions: [
        fn('fn::label')
          .param('a', 'int')
          .param('b', 'string')
          .returns('string')
          .body('RETURN $b + <string> $a;'),
      ],
    }),
    sql: ['DEFINE FUNCTION fn::label($a: int, $b: string) -> string { RETURN $b + <string> $a; }'],
  },
  {
    name: "access().type('RECORD' | 'JWT' | 'BEARER') and .duration()",
    legacy: () => ({
      accesses: [
        access('account')
          .type('RECORD')
          .signin('SELECT * FROM user WHERE name = $name')
          .duration('1h')
          .session('7d'),
        access('sso').type('JWT').url('https://example.com/jwks.json'),
        access('keys').type('BEARER'),
      ],
    }),
    current: () => ({
      accesses: [
        access('account').record().signin('SELECT * FROM user WHERE name = $name').token('1h').session('7d'),
        access('sso').jwt().url('https://example.com/jwks.json'),
        access('keys').bearer(),
      ],
    }),
    sql: [
      'DEFINE ACCESS account ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM user WHERE name = $name) DURATION FOR TOKEN 1h, FOR SESSION 7d',
      "DEFINE ACCESS sso ON DATABASE TYPE JWT URL 'https://example.com/jwks.json'",
      'DEFINE ACCESS keys ON DATABASE TYPE BEARER FOR USER',
    ],
  },
  {
    name: 'composeSchema({ scopes }) is accesses',
    legacy: () => ({ scopes: [access('keys').type('BEARER')] }),
    current: () => ({ accesses: [access('keys').bearer()] }),
    sql: ['DEFINE ACCESS keys ON DATABASE TYPE BEARER FOR USER'],
  },
  {
    name: 'index().hash() / .btree() / .hnsw(n) / .search(analyzer).bm25(k1, b)',
    legacy: () => ({
      models: {
        t: defineSchema({
          table: 'doc',
          fields: { key: string(), body: string(), emb: array('float') },
          indexes: {
            key: index(['key']).hash(),
            keyB: index(['key']).btree(),
            body: index(['body']).search('english').bm25(1.2, 0.75).highlights(),
            emb: index(['emb']).hnsw(4).dist('COSINE'),
          },
        }),
      },
    }),
    current: () => ({
      models: {
        t: defineSchema({
          table: 'doc',
          fields: { key: string(), body: string(), emb: array('float') },
          indexes: {
            key: index(['key']),
            keyB: index(['key']),
            body: index(['body']).fulltext('english').bm25(1.2, 0.75).highlights(),
            emb: index(['emb']).hnsw({ dimension: 4, dist: 'COSINE' }),
          },
        }),
      },
    }),
    sql: [
      'DEFINE TABLE doc TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD key ON TABLE doc TYPE option<string>',
      'DEFINE FIELD body ON TABLE doc TYPE option<string>',
      'DEFINE FIELD emb ON TABLE doc TYPE option<array<float>>',
      'DEFINE INDEX key ON TABLE doc FIELDS key',
      'DEFINE INDEX keyB ON TABLE doc FIELDS key',
      'DEFINE INDEX body ON TABLE doc FIELDS body FULLTEXT ANALYZER english BM25(1.2,0.75) HIGHLIGHTS',
      'DEFINE INDEX emb ON TABLE doc FIELDS emb HNSW DIMENSION 4 DIST COSINE',
    ],
  },
  {
    name: ".references('user').onDelete('CASCADE' | 'RESTRICT' | 'SET NULL')",
    legacy: () => ({
      models: {
        user,
        t: table({
          a: record('user').references('user').onDelete('CASCADE'),
          b: record('user').references('user').onDelete('RESTRICT'),
          c: record('user').references('user').onDelete('SET NULL'),
          d: record('user').references('user'),
        }),
      },
    }),
    current: () => ({
      models: {
        user,
        t: table({
          a: record('user').reference({ onDelete: 'cascade' }),
          b: record('user').reference({ onDelete: 'reject' }),
          c: record('user').reference({ onDelete: 'unset' }),
          d: record('user').reference(),
        }),
      },
    }),
    sql: [
      'DEFINE TABLE user TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD name ON TABLE user TYPE option<string>',
      'DEFINE TABLE post TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD a ON TABLE post TYPE option<record<user>> REFERENCE ON DELETE CASCADE',
      'DEFINE FIELD b ON TABLE post TYPE option<record<user>> REFERENCE ON DELETE REJECT',
      'DEFINE FIELD c ON TABLE post TYPE option<record<user>> REFERENCE ON DELETE UNSET',
      'DEFINE FIELD d ON TABLE post TYPE option<record<user>> REFERENCE ON DELETE IGNORE',
    ],
  },
  {
    name: 'comments: [...] and changefeedIncludeOriginal table options',
    legacy: () => ({
      models: {
        t: defineSchema({
          table: 'orders',
          comments: ['Customer orders'],
          changefeed: '7d',
          changefeedIncludeOriginal: true,
        }),
      },
    }),
    current: () => ({
      models: {
        t: defineSchema({
          table: 'orders',
          comment: 'Customer orders',
          changefeed: { expiry: '7d', includeOriginal: true },
        }),
      },
    }),
    sql: [
      "DEFINE TABLE orders TYPE NORMAL SCHEMAFULL COMMENT 'Customer orders' CHANGEFEED 7d INCLUDE ORIGINAL",
    ],
  },
  {
    name: "type: 'NORMAL' | 'ANY'",
    legacy: () => ({
      models: {
        a: defineSchema({ table: 'a', type: 'NORMAL' }),
        b: defineSchema({ table: 'b', type: 'ANY' }),
      },
    }),
    current: () => ({
      models: {
        a: defineSchema({ table: 'a', type: 'normal' }),
        b: defineSchema({ table: 'b', type: 'any' }),
      },
    }),
    sql: ['DEFINE TABLE a TYPE NORMAL SCHEMAFULL', 'DEFINE TABLE b TYPE ANY SCHEMAFULL'],
  },
  {
    name: "event().on('CREATE', 'UPDATE', 'DELETE') keeps all three; .thenDo() is .then()",
    legacy: () => ({
      models: {
        t: defineSchema({
          table: 'audited',
          events: {
            log: event('log').on('CREATE', 'UPDATE', 'DELETE').thenDo('CREATE audit SET at = time::now()'),
          },
        }),
      },
    }),
    current: () => ({
      models: {
        t: defineSchema({
          table: 'audited',
          events: {
            log: event('log').onCreate().onUpdate().onDelete().then('CREATE audit SET at = time::now()'),
          },
        }),
      },
    }),
    sql: [
      'DEFINE TABLE audited TYPE NORMAL SCHEMAFULL',
      "DEFINE EVENT log ON TABLE audited WHEN $event IN ['CREATE', 'UPDATE', 'DELETE'] THEN (CREATE audit SET at = time::now())",
    ],
  },
  {
    name: "array('string', 1, 10) and set('string', 0, 5) bound the number of elements",
    legacy: () => ({ models: { t: table({ tags: array('string', 1, 10), labels: set('string', 0, 5) }) } }),
    current: () => ({
      models: {
        t: table({
          tags: array('string').assert('array::len($value) >= 1').assert('array::len($value) <= 10'),
          labels: set('string').assert('set::len($value) <= 5'),
        }),
      },
    }),
    sql: [
      'DEFINE TABLE post TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD tags ON TABLE post TYPE option<array<string>>\n  ASSERT (array::len($value) >= 1) AND (array::len($value) <= 10)',
      'DEFINE FIELD labels ON TABLE post TYPE option<set<string>>\n  ASSERT set::len($value) <= 5',
    ],
  },
  {
    name: "param().value('3') is SurrealQL text, as earlier smig read it",
    legacy: () => ({
      params: [
        param('maxRetries').value('3'),
        param('enabled').value('true'),
        param('features').value('{ darkMode: true, maxMb: 100 }'),
        param('origins').value("['https://a.example']"),
        param('version').value("'2.0.0'"),
      ],
    }),
    current: () => ({
      params: [
        param('maxRetries').value(3),
        param('enabled').value(true),
        param('features').value({ darkMode: true, maxMb: 100 }),
        param('origins').value(['https://a.example']),
        param('version').value("'2.0.0'"),
      ],
    }),
    sql: [
      'DEFINE PARAM $maxRetries VALUE 3',
      'DEFINE PARAM $enabled VALUE true',
      'DEFINE PARAM $features VALUE { darkMode: true, maxMb: 100 }',
      "DEFINE PARAM $origins VALUE ['https://a.example']",
      "DEFINE PARAM $version VALUE '2.0.0'",
    ],
  },
  {
    name: 'a whole PERMISSIONS string on a table, a relation and a field',
    legacy: () => ({
      models: {
        user,
        t: defineSchema({
          table: 'post',
          permissions: `
            FOR select WHERE published = true OR author = $auth.id
            FOR create WHERE $auth.id != NONE
            FOR update, delete WHERE author = $auth.id
          `,
          fields: {
            published: string(),
            author: record('user'),
            secret: string().permissions('FOR select WHERE author = $auth.id FOR update NONE'),
          },
        }),
      },
      relations: {
        follows: defineRelation({
          name: 'follows',
          from: 'user',
          to: 'user',
          permissions: 'FOR select FULL FOR create, delete WHERE in = $auth.id',
        }),
      },
    }),
    current: () => ({
      models: {
        user,
        t: defineSchema({
          table: 'post',
          permissions: {
            select: 'WHERE published = true OR author = $auth.id',
            create: 'WHERE $auth.id != NONE',
            update: 'WHERE author = $auth.id',
            delete: 'WHERE author = $auth.id',
          },
          fields: {
            published: string(),
            author: record('user'),
            secret: string().permissions({ select: 'WHERE author = $auth.id', update: 'NONE' }),
          },
        }),
      },
      relations: {
        follows: defineRelation({
          name: 'follows',
          from: 'user',
          to: 'user',
          permissions: { select: 'FULL', create: 'WHERE in = $auth.id', delete: 'WHERE in = $auth.id' },
        }),
      },
    }),
    sql: [
      'DEFINE TABLE user TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD name ON TABLE user TYPE option<string>',
      'DEFINE TABLE post TYPE NORMAL SCHEMAFULL PERMISSIONS FOR select WHERE published = true OR author = $auth.id, FOR create WHERE $auth.id != NONE, FOR update, delete WHERE author = $auth.id',
      'DEFINE FIELD published ON TABLE post TYPE option<string>',
      'DEFINE FIELD author ON TABLE post TYPE option<record<user>>',
      'DEFINE FIELD secret ON TABLE post TYPE option<string> PERMISSIONS FOR select WHERE author = $auth.id, FOR update NONE',
      'DEFINE TABLE follows TYPE RELATION IN user OUT user SCHEMAFULL PERMISSIONS FOR select FULL, FOR create, delete WHERE in = $auth.id',
    ],
  },
  {
    name: '.regex(pattern) is .matches(pattern)',
    legacy: () => ({ models: { t: table({ slug: string().regex(/^[a-z-]+$/, 'a slug') }) } }),
    current: () => ({ models: { t: table({ slug: string().matches(/^[a-z-]+$/) }) } }),
    sql: [
      'DEFINE TABLE post TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD slug ON TABLE post TYPE option<string>\n  ASSERT string::matches($value, "^[a-z-]+$")',
    ],
  },
];

let shadow: Shadow;
beforeAll(async () => {
  shadow = await Shadow.open();
});
afterAll(async () => {
  await shadow.close();
});

const compile = (options: ComposeOptions) => compileSchema(toSchemaModel(composeSchema(options)));

describe('schemas written for smig 1.0 betas', () => {
  it.each(cases)('$name', async ({ legacy, current, sql }) => {
    const earlier = compile(legacy());
    expect(earlier.map((s) => s.sql)).toEqual(compile(current()).map((s) => s.sql));
    expect(earlier.map((s) => s.sql)).toEqual(sql);
    const db = await shadow.database('legacy');
    expect(await applyStatements(db, earlier)).toEqual([]);
    expect(await missingFromInfo(db, earlier)).toEqual([]);
  });

  it("array('string', 1, 10) takes 1 to 10 elements on the engine, not exactly 1", async () => {
    const db = await shadow.database('legacy-array');
    const schema = compile({
      models: { t: defineSchema({ table: 'bag', fields: { tags: array('string', 1, 10) } }) },
    });
    expect(await applyStatements(db, schema)).toEqual([]);
    const outcome = async (sql: string) => (await db.results(sql)).map((r) => r.ok);
    expect(await outcome("CREATE bag SET tags = ['a', 'b', 'c']")).toEqual([true]);
    expect(await outcome('CREATE bag SET tags = []')).toEqual([false]);
    expect(await outcome(`CREATE bag SET tags = ${JSON.stringify(Array(11).fill('x'))}`)).toEqual([false]);
    const sets = compile({
      models: { t: defineSchema({ table: 'pouch', fields: { labels: set('string', 0, 2) } }) },
    });
    expect(await applyStatements(db, sets)).toEqual([]);
    expect(await outcome("CREATE pouch SET labels = <set> ['a', 'b']")).toEqual([true]);
    expect(await outcome("CREATE pouch SET labels = <set> ['a', 'b', 'c']")).toEqual([false]);
  });

  it('a .computed() block and a record access work on the engine', async () => {
    const db = await shadow.database('legacy-computed');
    const schema = compile({
      models: {
        t: defineSchema({
          table: 'stamp',
          fields: {
            at: datetime().default('time::now()'),
            label: string().computed('LET $y = 1; RETURN "n" + <string> $y;'),
          },
        }),
      },
    });
    expect(await applyStatements(db, schema)).toEqual([]);
    const [rows] = await db.query('CREATE stamp:1 RETURN label');
    expect(rows).toEqual([{ label: 'n1' }]);
  });
});

describe('earlier forms SurrealDB 3 cannot express fail with the current form', () => {
  const refused: [string, () => unknown, RegExp][] = [
    [
      'sequence().comments([...])',
      () => sequence('orderNo').start(1000).comments(['Order numbers']),
      /cannot store a comment on a sequence/,
    ],
    [
      "onDelete('SET DEFAULT')",
      () => record('user').onDelete('SET DEFAULT' as 'CASCADE'),
      /reference\(\{ onDelete/,
    ],
    ["references('post') on a link to user", () => record('user').references('post'), /record\('post'\)/],
    ['index().mtree()', () => (index(['e']) as unknown as { mtree(): unknown }).mtree(), /hnsw/],
    [
      'index().docIdsCache()',
      () => (index(['e']) as unknown as { docIdsCache(n: number): unknown }).docIdsCache(10),
      /fulltext/,
    ],
    [
      'field.ifNotExists()',
      () => (string() as unknown as { ifNotExists(): unknown }).ifNotExists(),
      /OVERWRITE/,
    ],
    [
      'a FULLTEXT index over two columns',
      () => index(['title', 'body']).search('english'),
      /exactly one column/,
    ],
    ["array('string', 5, 2)", () => array('string', 5, 2), /minimum is above the maximum/],
    ["event().on('INSERT')", () => event().on('INSERT' as 'CREATE'), /CREATE, UPDATE or DELETE/],
  ];
  it.each(refused)('%s', (_name, build, hint) => {
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'SchemaError' });
    const { message, hint: shown } = error as { message: string; hint?: string };
    expect(`${message} ${shown ?? ''}`).toMatch(hint);
  });
});

describe('earlier forms with no SurrealDB 3 meaning are refused, never ignored', () => {
  it('range() with an element type shows the current form', () => {
    expect(() => (range as (...a: unknown[]) => unknown)('datetime')).toThrow(
      /range type takes no element type/,
    );
    expect(range().def.type).toBe('range');
  });

  it('access().key() with more than the key is refused; onDatabase() is what smig always writes', () => {
    const keyed = access('api') as unknown as { key: (...a: unknown[]) => unknown };
    expect(() => keyed.key('secret', 'HS512')).toThrow(/takes one argument/);
    const plain = access('account').record().signin('SELECT * FROM user').session('1d');
    const earlier = access('account').onDatabase().record().signin('SELECT * FROM user').session('1d');
    expect(earlier.toModel()).toEqual(plain.toModel());
  });
});
