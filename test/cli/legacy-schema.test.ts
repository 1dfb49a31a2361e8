import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

/**
 * A schema written for smig 1.0 betas, unedited: the names and call shapes of that release's
 * documentation (`.computed()`, `fn().params()`, `access().type()`, `comments`, a whole PERMISSIONS
 * string, `event().on(…)`, `array(T, min, max)`, `param().value('3')`, `.references().onDelete()`, …).
 */
const legacySchema = `
import {
  access, analyzer, array, bool, composeSchema, datetime, defineRelation, defineSchema, event, fn,
  index, int, param, record, string,
} from 'smig';

const users = defineSchema({
  table: 'user',
  type: 'NORMAL',
  comments: ['Registered user accounts'],
  fields: {
    name: string().required(),
    handle: string().regex(/^[a-z0-9_]+$/),
    tags: array('string', 1, 10),
    isActive: bool().default(true),
    createdAt: datetime().default('time::now()').readonly(),
  },
  indexes: { handle: index(['handle']).hash() },
});

const posts = defineSchema({
  table: 'post',
  changefeed: '7d',
  changefeedIncludeOriginal: true,
  permissions: \`
    FOR select WHERE isPublished = true OR author = $auth.id
    FOR create WHERE $auth.id != NONE
    FOR update, delete WHERE author = $auth.id
  \`,
  fields: {
    title: string().required(),
    content: string(),
    excerpt: string().computed('string::slice(content ?? "", 0, 20)'),
    author: record('user').references('user').onDelete('CASCADE'),
    isPublished: bool().default(false),
    viewCount: int().default(0),
    embedding: array('float'),
  },
  indexes: {
    content: index(['content']).search('english').bm25(1.2, 0.75).highlights(),
    semantic: index(['embedding']).hnsw(3).dist('COSINE'),
  },
  events: {
    count: event('count_posts').on('CREATE', 'UPDATE').thenDo('UPDATE $after.author SET isActive = true'),
  },
});

const follows = defineRelation({
  name: 'follows',
  from: 'user',
  to: 'user',
  permissions: 'FOR select FULL FOR create, delete WHERE in = $auth.id',
  fields: { since: datetime().default('time::now()') },
});

export default composeSchema({
  models: { user: users, post: posts },
  relations: { follows },
  functions: [fn('fn::days_since').params({ date: 'datetime' }).returns('int').body('RETURN duration::days(time::now() - $date);')],
  analyzers: [analyzer('english').tokenizers(['blank', 'class']).filters(['lowercase', 'snowball(english)'])],
  params: [param('max_retries').value('3'), param('features').value('{ darkMode: true }')],
  scopes: [
    access('account')
      .type('RECORD')
      .signup('CREATE user SET name = $name')
      .signin('SELECT * FROM user WHERE name = $name')
      .session('7d'),
  ],
});
`;

describe('a schema written for smig 1.0 betas works unedited', () => {
  const p = new TempProject('smig-legacy-');
  afterAll(() => p.remove());

  it('diffs, pushes, re-diffs clean and is in sync', () => {
    expect(p.smig(['init']).code).toBe(0);
    p.write('schema.ts', legacySchema);
    const validate = p.smig(['validate']);
    expect(validate.code, validate.stderr).toBe(0);
    const diff = p.smig(['diff', '-m', 'Schema from smig 1.0']);
    expect(diff.code, diff.stderr).toBe(0);
    for (const line of [
      "DEFINE TABLE user TYPE NORMAL SCHEMAFULL COMMENT 'Registered user accounts'",
      'ASSERT (array::len($value) >= 1) AND (array::len($value) <= 10)',
      'CHANGEFEED 7d INCLUDE ORIGINAL',
      'FOR update, delete WHERE author = $auth.id',
      'REFERENCE ON DELETE CASCADE',
      "WHEN $event IN ['CREATE', 'UPDATE']",
      'DEFINE PARAM $max_retries VALUE 3',
      'DEFINE FUNCTION fn::days_since($date: datetime) -> int',
      'DEFINE ACCESS account ON DATABASE TYPE RECORD',
      'BM25(1.2,0.75)',
    ]) {
      expect(diff.stdout).toContain(line);
    }
    const push = p.smig(['push']);
    expect(push.code, push.stderr).toBe(0);
    const again = p.smig(['diff', '--exit-code']);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain('No changes');
    expect(p.smig(['status', '--check']).code).toBe(0);
  });

  it('accepts records that follow it and refuses ones that do not', () => {
    const results = p.query(
      [
        "CREATE user:ada SET name = 'Ada', handle = 'ada', tags = ['math'];",
        "CREATE post:1 SET title = 'Notes', content = 'On the analytical engine', author = user:ada, embedding = [1.0, 0.0, 0.0];",
        'SELECT excerpt, isPublished FROM post:1;',
        'RETURN $max_retries + 1;',
        'CREATE user:bob SET name = "Bob", tags = [];',
        'RETURN fn::days_since(time::now() - 2d);',
      ].join('\n'),
    ) as unknown[];
    expect(results.slice(0, 2).every((r) => Array.isArray(r))).toBe(true);
    expect(results[2]).toEqual([{ excerpt: 'On the analytical en', isPublished: false }]);
    expect(results[3]).toBe(4);
    expect(results[4]).toMatchObject({ error: expect.stringContaining('array::len($value) >= 1') });
    expect(results[5]).toBe(2);
  });

  it('rolls back to an empty database', () => {
    const rollback = p.smig(['rollback', '--yes', '--allow-data-loss']);
    expect(rollback.code, rollback.stderr).toBe(0);
    const status = p.smig(['status', '--check']);
    expect(status.code).toBe(2);
    const [tables] = p.query('RETURN object::keys((INFO FOR DB).tables);') as [string[]];
    expect(tables.filter((t) => !t.startsWith('_smig'))).toEqual([]);
  });
});
