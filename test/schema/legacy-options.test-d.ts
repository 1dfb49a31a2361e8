import { describe, expectTypeOf, it } from 'vitest';
import {
  access,
  array,
  composeSchema,
  defineRelation,
  defineSchema,
  event,
  fn,
  index,
  record,
  string,
  type TableSchema,
} from '../../src/schema/index.js';

describe('the types accept what smig 1.0 betas documented, and nothing unknown', () => {
  it('accepts the earlier option names', () => {
    const t = defineSchema({
      table: 'orders',
      type: 'NORMAL',
      comments: ['Customer orders'],
      changefeed: '7d',
      changefeedIncludeOriginal: true,
      permissions: 'FOR select FULL FOR create WHERE $auth.id != NONE',
      fields: { excerpt: string().computed('string::slice(title, 0, 10)'), tags: array('string', 1, 10) },
    });
    expectTypeOf(t).toMatchTypeOf<TableSchema>();
    composeSchema({ scopes: [access('a').type('RECORD')] });
    fn('fn::f').params({ a: 'int' });
    event().on('CREATE', 'UPDATE', 'DELETE').thenDo('CREATE log');
    index(['emb']).hnsw(384);
    index(['key']).hash();
    record('user').references('user').onDelete('CASCADE');
  });

  it('refuses unknown keys in the editor', () => {
    // @ts-expect-error `coment` is not an option (did you mean `comment`?)
    defineSchema({ table: 'user', coment: 'People' });
    // @ts-expect-error `enforce` is not an option
    defineRelation({ name: 'wrote', from: 'user', to: 'post', enforce: true });
    // @ts-expect-error `model` is not an option
    composeSchema({ model: {} });
    // @ts-expect-error `dimensions` is not an HNSW option
    index(['emb']).hnsw({ dimensions: 3 });
    // @ts-expect-error `retries` is not an async option
    event().async({ retries: 2 });
    // @ts-expect-error `includeOrig` is not a changefeed option
    defineSchema({ table: 'log', changefeed: { expiry: '1d', includeOrig: true } });
  });

  it('refuses values of the wrong kind and forms SurrealDB 3 cannot express', () => {
    // @ts-expect-error schemafull is a boolean
    defineSchema({ table: 'user', schemafull: 'yes' });
    // @ts-expect-error SET DEFAULT has no SurrealDB 3 equivalent
    record('user').onDelete('SET DEFAULT');
    // @ts-expect-error MTREE indexes were removed in SurrealDB 3
    index(['emb']).mtree();
    // @ts-expect-error array() takes at most a minimum and a maximum
    array('string', 1, 2, 3);
  });
});
