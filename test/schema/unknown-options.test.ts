import { describe, expect, it } from 'vitest';
import {
  composeSchema,
  defineRelation,
  defineSchema,
  event,
  index,
  record,
  string,
} from '../../src/schema/index.js';

/** Untyped, as a `.js` schema passes them: the runtime check is what stands between a typo and a silent loss. */
const loose = (x: unknown) => x as never;

function failure(build: () => unknown): { message: string; hint?: string; where?: string } {
  try {
    build();
  } catch (error) {
    expect(error).toMatchObject({ name: 'SchemaError' });
    return error as { message: string; hint?: string; where?: string };
  }
  throw new Error('expected a SchemaError');
}

describe('an unknown option key is an error with a did-you-mean', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'defineSchema comment',
      () => defineSchema(loose({ table: 'user', coment: 'People' })),
      /table user: unknown option `coment`\. Did you mean `comment`\?/,
    ],
    [
      'defineSchema schemafull',
      () => defineSchema(loose({ table: 'user', schemaful: true })),
      /table user: unknown option `schemaful`\. Did you mean `schemafull`\?/,
    ],
    [
      'defineSchema index(es)',
      () => defineSchema(loose({ table: 'user', index: {} })),
      /unknown option `index`\. Did you mean `indexes`\?/,
    ],
    [
      'defineRelation enforced',
      () => defineRelation(loose({ name: 'wrote', from: 'user', to: 'post', enforce: true })),
      /relation wrote: unknown option `enforce`\. Did you mean `enforced`\?/,
    ],
    [
      'composeSchema models',
      () => composeSchema(loose({ model: {} })),
      /composeSchema\(\): unknown option `model`\. Did you mean `models`\?/,
    ],
    [
      'changefeed includeOriginal',
      () => defineSchema(loose({ table: 'log', changefeed: { expiry: '1d', includeOrig: true } })),
      /table log changefeed: unknown option `includeOrig`\. Did you mean `includeOriginal`\?/,
    ],
    [
      'hnsw dimension',
      () => index(['emb']).hnsw(loose({ dimensions: 3 })),
      /unknown option `dimensions`\. Did you mean `dimension`\?/,
    ],
    [
      'event async retry',
      () => event().async(loose({ retries: 2 })),
      /unknown option `retries`\. Did you mean `retry`\?/,
    ],
    [
      'reference onDelete',
      () => record('user').reference(loose({ ondelete: 'cascade' })),
      /unknown option `ondelete`\. Did you mean `onDelete`\?/,
    ],
    [
      'required assert',
      () => string().required(loose({ asert: false })),
      /unknown option `asert`\. Did you mean `assert`\?/,
    ],
  ];
  it.each(cases)('%s', (_name, build, message) => {
    expect(failure(build).message).toMatch(message);
  });

  it('a permission action that does not exist suggests the closest one', () => {
    const error = failure(() => defineSchema(loose({ table: 'post', permissions: { selct: 'FULL' } })));
    expect(error.message).toContain("'selct' is not a permission action");
    expect(error.hint).toContain('Did you mean `select`?');
  });

  it('a key far from every known one lists the known keys', () => {
    const error = failure(() => defineSchema(loose({ table: 'user', zzzzzz: 1 })));
    expect(error.message).toContain('Known keys: `table`, `type`, `view`, `fields`');
  });
});

describe('an option of the wrong kind is an error naming table and key', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'schemafull',
      () => defineSchema(loose({ table: 'user', schemafull: 'yes' })),
      /table user: `schemafull` must be true or false, not the string 'yes'/,
    ],
    ['comment', () => defineSchema(loose({ table: 'user', comment: 42 })), /`comment` must be a string/],
    [
      'comments',
      () => defineSchema(loose({ table: 'user', comments: [1] })),
      /`comments` must be a string or an array of strings/,
    ],
    [
      'enforced',
      () => defineRelation(loose({ name: 'wrote', enforced: 'true' })),
      /relation wrote: `enforced` must be true or false/,
    ],
    [
      'fields',
      () => defineSchema(loose({ table: 'user', fields: [string()] })),
      /table user: `fields` must be an object, not an array/,
    ],
    [
      'both comment and comments',
      () => defineSchema({ table: 'user', comment: 'a', comments: ['b'] }),
      /both comment and comments/,
    ],
    [
      'changefeedIncludeOriginal without a changefeed',
      () => defineSchema({ table: 'user', changefeedIncludeOriginal: true }),
      /changefeedIncludeOriginal needs a changefeed/,
    ],
  ];
  it.each(cases)('%s', (_name, build, message) => {
    expect(failure(build).message).toMatch(message);
  });
});
