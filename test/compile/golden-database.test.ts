import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/compile/index.js';
import { Shadow } from '../../src/engine/connection.js';
import {
  access,
  analyzer,
  type ComposeOptions,
  composeSchema,
  config,
  fn,
  param,
  sequence,
  surql,
  toSchemaModel,
  user,
} from '../../src/schema/index.js';
import { applyStatements, infoForDb, missingFromInfo } from './support.js';

interface DatabaseCase {
  readonly name: string;
  readonly schema: ComposeOptions;
  readonly sql: readonly string[];
  /** What INFO FOR DB stores for the first entity, when worth pinning. */
  readonly stored?: readonly [group: string, name: string, text: string];
}

const cases: DatabaseCase[] = [
  {
    name: 'function',
    schema: {
      functions: {
        greet: fn('fn::greet').param('name', 'string').returns('string').body('RETURN "Hi " + $name;'),
      },
    },
    sql: ['DEFINE FUNCTION fn::greet($name: string) -> string { RETURN "Hi " + $name; }'],
    stored: [
      'functions',
      'greet',
      "DEFINE FUNCTION fn::greet($name: string) -> string { RETURN 'Hi ' + $name } PERMISSIONS FULL",
    ],
  },
  {
    name: 'function with every clause',
    schema: {
      functions: [
        fn('auth::check')
          .param('$a', 'int')
          .param('b', 'option<int>')
          .body('{ RETURN $a + ($b ?? 0); }')
          .comment('adds')
          .permissions('WHERE $auth.admin = true'),
      ],
    },
    sql: [
      "DEFINE FUNCTION fn::auth::check($a: int, $b: option<int>) { RETURN $a + ($b ?? 0); } COMMENT 'adds' PERMISSIONS WHERE $auth.admin = true",
    ],
  },
  {
    name: 'analyzer with a function',
    schema: {
      functions: { pre: fn('fn::pre').param('s', 'string').body('RETURN string::lowercase($s);') },
      analyzers: {
        a: analyzer('simple')
          .function('fn::pre')
          .tokenizers(['blank'])
          .filters(['ascii', 'edgengram(2,10)'])
          .comment('x'),
      },
    },
    sql: [
      'DEFINE FUNCTION fn::pre($s: string) { RETURN string::lowercase($s); }',
      "DEFINE ANALYZER simple FUNCTION fn::pre TOKENIZERS blank FILTERS ascii, edgengram(2,10) COMMENT 'x'",
    ],
  },
  {
    name: 'params',
    schema: {
      params: {
        appName: param('appName').value("'blog'"),
        limits: param('$limits')
          .value({ posts: 10, tags: ['a'] })
          .comment('caps')
          .permissions('FULL'),
        started: param('started').value(surql`d'2024-01-01T00:00:00Z'`),
        plain: param('plain').value('hello'),
      },
    },
    sql: [
      "DEFINE PARAM $appName VALUE 'blog'",
      "DEFINE PARAM $limits VALUE { posts: 10, tags: ['a'] } COMMENT 'caps' PERMISSIONS FULL",
      "DEFINE PARAM $started VALUE d'2024-01-01T00:00:00Z'",
      "DEFINE PARAM $plain VALUE 'hello'",
    ],
    stored: ['params', 'appName', "DEFINE PARAM $appName VALUE 'blog' PERMISSIONS FULL"],
  },
  {
    name: 'sequences',
    schema: {
      sequences: {
        a: sequence('orderNo').start(1000),
        b: sequence('ticket').start(-5).batch(10).timeout('5s'),
      },
    },
    sql: ['DEFINE SEQUENCE orderNo START 1000', 'DEFINE SEQUENCE ticket BATCH 10 START -5 TIMEOUT 5s'],
    stored: ['sequences', 'orderNo', 'DEFINE SEQUENCE orderNo BATCH 1000 START 1000'],
  },
  {
    name: 'record access',
    schema: {
      accesses: {
        account: access('account')
          .record()
          .signup('CREATE user SET email = $email')
          .signin('SELECT * FROM user WHERE email = $email')
          .authenticate('$auth.id != NONE')
          .token('15m')
          .session('7d')
          .comment('users'),
      },
    },
    sql: [
      "DEFINE ACCESS account ON DATABASE TYPE RECORD SIGNUP (CREATE user SET email = $email) SIGNIN (SELECT * FROM user WHERE email = $email) AUTHENTICATE $auth.id != NONE DURATION FOR TOKEN 15m, FOR SESSION 7d COMMENT 'users'",
    ],
  },
  {
    name: 'record access with its own JWT key',
    schema: { accesses: [access('r').record().signin('SELECT * FROM user').algorithm('hs256').key('k')] },
    sql: [
      "DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM user) WITH JWT ALGORITHM HS256 KEY 'k'",
    ],
  },
  {
    name: 'jwt accesses',
    schema: {
      accesses: [
        access('api').jwt().algorithm('HS512').key('secret').session('1d'),
        access('sso').jwt().url('https://example.com/jwks.json'),
      ],
    },
    sql: [
      "DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS512 KEY 'secret' DURATION FOR SESSION 1d",
      "DEFINE ACCESS sso ON DATABASE TYPE JWT URL 'https://example.com/jwks.json'",
    ],
  },
  {
    name: 'bearer access',
    schema: { accesses: [access('keys').bearer('record').grant('30d').token('1h').session('2h')] },
    sql: [
      'DEFINE ACCESS keys ON DATABASE TYPE BEARER FOR RECORD DURATION FOR GRANT 30d, FOR TOKEN 1h, FOR SESSION 2h',
    ],
    stored: [
      'accesses',
      'keys',
      'DEFINE ACCESS keys ON DATABASE TYPE BEARER FOR RECORD DURATION FOR GRANT 4w2d, FOR TOKEN 1h, FOR SESSION 2h',
    ],
  },
  {
    name: 'users',
    schema: {
      users: {
        ci: user('ci')
          .password('s3cret')
          .roles(['editor', 'viewer'])
          .duration({ token: '1h', session: '1d' })
          .comment('c'),
        fixed: user('fixed')
          .passhash('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo')
          .roles('owner'),
      },
    },
    sql: [
      "DEFINE USER ci ON DATABASE PASSWORD 's3cret' ROLES EDITOR, VIEWER DURATION FOR TOKEN 1h, FOR SESSION 1d COMMENT 'c'",
      "DEFINE USER fixed ON DATABASE PASSHASH '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo' ROLES OWNER",
    ],
  },
  {
    name: 'configs',
    schema: {
      configs: [
        config('graphql', 'TABLES INCLUDE user FUNCTIONS NONE'),
        config('API MIDDLEWARE api::timeout(10s) PERMISSIONS FULL'),
      ],
    },
    sql: [
      'DEFINE CONFIG GRAPHQL TABLES INCLUDE user FUNCTIONS NONE',
      'DEFINE CONFIG API MIDDLEWARE api::timeout(10s) PERMISSIONS FULL',
    ],
    stored: ['configs', 'GraphQL', 'GRAPHQL TABLES INCLUDE user FUNCTIONS NONE'],
  },
];

let shadow: Shadow;
beforeAll(async () => {
  shadow = await Shadow.open();
});
afterAll(async () => {
  await shadow.close();
});

describe('database-level statements', () => {
  it.each(cases)('$name', async ({ schema, sql, stored }) => {
    const compiled = compileSchema(toSchemaModel(composeSchema(schema)));
    expect(compiled.map((s) => s.sql)).toEqual(sql);
    const db = await shadow.database('db');
    expect(await applyStatements(db, compiled)).toEqual([]);
    expect(await missingFromInfo(db, compiled)).toEqual([]);
    if (stored) {
      const [group, name, text] = stored;
      expect((await infoForDb(db))[group]?.[name]).toBe(text);
    }
  });

  it('names refs as INFO does: functions without fn::, params without $, configs by INFO key', () => {
    const compiled = compileSchema(
      toSchemaModel(composeSchema({ ...cases[1]!.schema, ...cases[3]!.schema, ...cases[10]!.schema })),
    );
    expect(compiled.map((s) => `${s.ref.kind}:${s.ref.name}`)).toEqual([
      'function:auth::check',
      'param:appName',
      'param:limits',
      'param:started',
      'param:plain',
      'config:GraphQL',
      'config:API',
    ]);
  });

  it('writes OVERWRITE after the kind keyword for every kind', () => {
    const all = cases.flatMap((c) => compileSchema(toSchemaModel(composeSchema(c.schema))));
    for (const s of all) {
      const keyword = /^DEFINE (\w+) /.exec(s.sql)![1];
      expect(s.overwrite.startsWith(`DEFINE ${keyword} OVERWRITE `)).toBe(true);
      expect(s.overwrite.replace(' OVERWRITE', '')).toBe(s.sql);
    }
  });
});
