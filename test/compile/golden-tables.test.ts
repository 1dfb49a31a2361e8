import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/compile/index.js';
import { Shadow } from '../../src/engine/connection.js';
import {
  analyzer,
  array,
  type ComposeOptions,
  ce,
  cf,
  ci,
  composeSchema,
  datetime,
  defineRelation,
  defineSchema,
  event,
  float,
  index,
  int,
  record,
  string,
  toSchemaModel,
} from '../../src/schema/index.js';
import { applyStatements, infoForDb, infoForTable, missingFromInfo } from './support.js';

interface TableCase {
  readonly name: string;
  readonly schema: ComposeOptions;
  readonly sql: readonly string[];
}

const post = defineSchema({
  table: 'post',
  fields: { body: string(), author: record('user'), published: int().default(0), embedding: array('float') },
});
const user = defineSchema({ table: 'user', fields: { email: string() } });
const base = { user, post };

function caseNamed(name: string): TableCase {
  const found = cases.find((c) => c.name === name);
  if (!found) throw new Error(`no case named ${name}`);
  return found;
}

const cases: TableCase[] = [
  {
    name: 'schemafull table',
    schema: { models: { user } },
    sql: ['DEFINE TABLE user TYPE NORMAL SCHEMAFULL', 'DEFINE FIELD email ON TABLE user TYPE option<string>'],
  },
  {
    name: 'schemaless any table',
    schema: { models: { t: defineSchema({ table: 'log', schemaless: true, type: 'any' }) } },
    sql: ['DEFINE TABLE log TYPE ANY SCHEMALESS'],
  },
  {
    name: 'every table clause',
    schema: {
      models: {
        t: defineSchema({
          table: 'audit',
          drop: true,
          comment: 'Audit trail',
          changefeed: { expiry: '3d', includeOriginal: true },
          permissions: { select: 'FULL', create: 'WHERE $auth.id != NONE', update: 'NONE', delete: 'NONE' },
        }),
      },
    },
    sql: [
      "DEFINE TABLE audit TYPE NORMAL DROP SCHEMAFULL COMMENT 'Audit trail' CHANGEFEED 3d INCLUDE ORIGINAL PERMISSIONS FOR select FULL, FOR create WHERE $auth.id != NONE, FOR update, delete NONE",
    ],
  },
  {
    name: 'one permission for all',
    schema: { models: { t: defineSchema({ table: 'open', permissions: 'FULL', changefeed: '1h' }) } },
    sql: ['DEFINE TABLE open TYPE NORMAL SCHEMAFULL CHANGEFEED 1h PERMISSIONS FULL'],
  },
  {
    name: 'one WHERE rule for every action (a bare PERMISSIONS WHERE does not parse)',
    schema: { models: { t: defineSchema({ table: 'owned', permissions: 'WHERE owner = $auth.id' }) } },
    sql: [
      'DEFINE TABLE owned TYPE NORMAL SCHEMAFULL PERMISSIONS FOR select, create, update, delete WHERE owner = $auth.id',
    ],
  },
  {
    name: 'relation',
    schema: {
      models: { user, post },
      relations: {
        wrote: defineRelation({
          name: 'wrote',
          from: 'user',
          to: ['post', 'user'],
          enforced: true,
          fields: { at: datetime().default('time::now()') },
        }),
      },
    },
    sql: [
      'DEFINE TABLE user TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD email ON TABLE user TYPE option<string>',
      'DEFINE TABLE post TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD body ON TABLE post TYPE option<string>',
      'DEFINE FIELD author ON TABLE post TYPE option<record<user>>',
      'DEFINE FIELD published ON TABLE post TYPE int DEFAULT 0',
      'DEFINE FIELD embedding ON TABLE post TYPE option<array<float>>',
      'DEFINE TABLE wrote TYPE RELATION IN user OUT post | user ENFORCED SCHEMAFULL',
      'DEFINE FIELD at ON TABLE wrote TYPE datetime DEFAULT time::now()',
    ],
  },
  {
    name: 'relation with its own in/out fields',
    schema: {
      models: { user },
      relations: [
        defineRelation({
          name: 'follows',
          from: 'user',
          to: 'user',
          fields: { in: record('user').required() },
        }),
      ],
    },
    sql: [
      'DEFINE TABLE user TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD email ON TABLE user TYPE option<string>',
      'DEFINE TABLE follows TYPE RELATION IN user OUT user SCHEMAFULL',
      'DEFINE FIELD OVERWRITE `in` ON TABLE follows TYPE record<user>\n  ASSERT $value != NONE',
    ],
  },
  {
    name: 'view after its source',
    schema: {
      models: {
        stats: defineSchema({
          table: 'stats',
          view: 'SELECT count() AS n, author FROM post GROUP BY author',
        }),
        post: defineSchema({ table: 'post', fields: { author: string() } }),
      },
    },
    sql: [
      'DEFINE TABLE post TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD author ON TABLE post TYPE option<string>',
      'DEFINE TABLE stats TYPE ANY SCHEMALESS AS SELECT count() AS n, author FROM post GROUP BY author',
    ],
  },
  {
    name: 'plain, unique and count indexes',
    schema: {
      models: {
        t: defineSchema({
          table: 't',
          fields: { a: string(), b: int(), tags: array('string'), 'address.city': string() },
          indexes: {
            ab: index(['a', 'b']),
            a: index(['a']).unique().concurrently().comment('one a'),
            n: index().count(),
            nb: index().count('b > 1'),
            tag: index(['tags[*]']),
            city: index('address.city').was('town'),
          },
        }),
      },
    },
    sql: [
      'DEFINE TABLE t TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD a ON TABLE t TYPE option<string>',
      'DEFINE FIELD b ON TABLE t TYPE option<int>',
      'DEFINE FIELD tags ON TABLE t TYPE option<array<string>>',
      'DEFINE FIELD address.city ON TABLE t TYPE option<string>',
      'DEFINE INDEX ab ON TABLE t FIELDS a, b',
      "DEFINE INDEX a ON TABLE t FIELDS a UNIQUE CONCURRENTLY COMMENT 'one a'",
      'DEFINE INDEX n ON TABLE t COUNT',
      'DEFINE INDEX nb ON TABLE t COUNT WHERE b > 1',
      'DEFINE INDEX tag ON TABLE t FIELDS tags.*',
      'DEFINE INDEX city ON TABLE t FIELDS address.city',
    ],
  },
  {
    name: 'fulltext and hnsw indexes',
    schema: {
      analyzers: {
        english: analyzer('english')
          .tokenizers(['blank', 'class'])
          .filters(['lowercase', 'snowball(english)']),
      },
      models: {
        doc: defineSchema({
          table: 'doc',
          fields: { body: string(), title: string(), emb: array(float()), v: array('float') },
          indexes: {
            body: index(['body']).fulltext('english').bm25().highlights(),
            title: index(['title']).search().bm25(1.2, 0.75),
            emb: index(['emb']).hnsw({ dimension: 4, dist: 'cosine', type: 'f32', efc: 150, m: 12 }),
            v: index(['v']).hnsw().dimension(3).dist('EUCLIDEAN').type('F64').efc(100).m(8).m0(16).lm(0.5),
          },
        }),
      },
    },
    sql: [
      'DEFINE ANALYZER english TOKENIZERS blank, class FILTERS lowercase, snowball(english)',
      'DEFINE TABLE doc TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD body ON TABLE doc TYPE option<string>',
      'DEFINE FIELD title ON TABLE doc TYPE option<string>',
      'DEFINE FIELD emb ON TABLE doc TYPE option<array<float>>',
      'DEFINE FIELD v ON TABLE doc TYPE option<array<float>>',
      'DEFINE INDEX body ON TABLE doc FIELDS body FULLTEXT ANALYZER english BM25 HIGHLIGHTS',
      'DEFINE INDEX title ON TABLE doc FIELDS title FULLTEXT BM25(1.2,0.75)',
      'DEFINE INDEX emb ON TABLE doc FIELDS emb HNSW DIMENSION 4 DIST COSINE TYPE F32 EFC 150 M 12',
      'DEFINE INDEX v ON TABLE doc FIELDS v HNSW DIMENSION 3 DIST EUCLIDEAN TYPE F64 EFC 100 M 8 M0 16 LM 0.5',
    ],
  },
  {
    name: 'events',
    schema: {
      models: {
        t: defineSchema({
          table: 't',
          fields: { email: string(), seen: datetime() },
          events: {
            touch: event().onUpdate().then('UPDATE $after.id SET seen = time::now()'),
            both: event('renamed')
              .onUpdate()
              .onCreate()
              .when('$before.email != $after.email')
              .then(['CREATE log SET a = 1', 'CREATE log SET b = 2']),
            always: event().then('{ CREATE log SET c = 3; }').comment('every write'),
            later: event().onDelete().async({ retry: 2, maxDepth: 5 }).then('CREATE log SET d = 4'),
          },
        }),
      },
    },
    sql: [
      'DEFINE TABLE t TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD email ON TABLE t TYPE option<string>',
      'DEFINE FIELD seen ON TABLE t TYPE option<datetime>',
      "DEFINE EVENT touch ON TABLE t WHEN $event = 'UPDATE' THEN (UPDATE $after.id SET seen = time::now())",
      "DEFINE EVENT renamed ON TABLE t WHEN ($event IN ['CREATE', 'UPDATE']) AND ($before.email != $after.email) THEN (CREATE log SET a = 1), (CREATE log SET b = 2)",
      "DEFINE EVENT always ON TABLE t WHEN true THEN { CREATE log SET c = 3; } COMMENT 'every write'",
      "DEFINE EVENT later ON TABLE t ASYNC RETRY 2 MAXDEPTH 5 WHEN $event = 'DELETE' THEN (CREATE log SET d = 4)",
    ],
  },
  {
    name: 'presets',
    schema: {
      models: {
        p: defineSchema({
          table: 'note',
          fields: {
            owner: cf.owner('user'),
            stamp: cf.timestamp(),
            createdAt: cf.createdAt(),
            updatedAt: cf.updatedAt(),
          },
          indexes: { createdAt: ci.createdAt() },
          events: { touch: ce.updateTimestamp('note') },
        }),
      },
    },
    sql: [
      'DEFINE TABLE note TYPE NORMAL SCHEMAFULL',
      'DEFINE FIELD owner ON TABLE note TYPE record<user> READONLY\n  ASSERT $value != NONE',
      'DEFINE FIELD stamp ON TABLE note TYPE datetime DEFAULT time::now()',
      'DEFINE FIELD createdAt ON TABLE note TYPE datetime DEFAULT time::now() READONLY',
      'DEFINE FIELD updatedAt ON TABLE note TYPE datetime VALUE time::now()',
      'DEFINE INDEX createdAt ON TABLE note FIELDS createdAt',
      "DEFINE EVENT touch ON TABLE note WHEN ($event = 'UPDATE') AND ($before.updatedAt = $after.updatedAt) THEN (UPDATE note SET updatedAt = time::now() WHERE id = $after.id)",
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

describe('table, index and event statements', () => {
  it.each(cases)('$name', async ({ schema, sql }) => {
    const compiled = compileSchema(toSchemaModel(composeSchema(schema)));
    expect(compiled.map((s) => s.sql)).toEqual(sql);
    const db = await shadow.database('table');
    expect(await applyStatements(db, compiled)).toEqual([]);
    expect(await missingFromInfo(db, compiled)).toEqual([]);
  });

  it('stores relation endpoints and enforcement as written', async () => {
    const compiled = compileSchema(toSchemaModel(composeSchema(caseNamed('relation').schema)));
    const db = await shadow.database('relation');
    await applyStatements(db, compiled);
    expect((await infoForDb(db)).tables?.wrote).toBe(
      'DEFINE TABLE wrote TYPE RELATION IN user OUT post | user ENFORCED SCHEMAFULL PERMISSIONS NONE',
    );
  });

  it('runs the preset event without recursing', async () => {
    const compiled = compileSchema(toSchemaModel(composeSchema(caseNamed('presets').schema)));
    const db = await shadow.database('preset');
    await applyStatements(db, compiled);
    await db.query('CREATE note:1 SET owner = user:1');
    const results = await db.results('UPDATE note:1 SET stamp = time::now()');
    expect(results.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual(['ok']);
    expect((await infoForTable(db, 'note')).events?.touch).toContain('WHEN $event = ');
  });

  it('keeps the base tables reusable (builders are immutable)', () => {
    const a = compileSchema(toSchemaModel(composeSchema({ models: base })));
    const b = compileSchema(toSchemaModel(composeSchema({ models: base })));
    expect(a).toEqual(b);
  });
});
