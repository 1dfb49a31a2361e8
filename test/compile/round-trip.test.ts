import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/compile/index.js';
import { Shadow } from '../../src/engine/connection.js';
import { introspect } from '../../src/introspect/introspect.js';
import { entityId } from '../../src/model/entity.js';
import {
  access,
  analyzer,
  array,
  bool,
  composeSchema,
  config,
  datetime,
  defineRelation,
  defineSchema,
  event,
  fn,
  index,
  int,
  object,
  param,
  record,
  sequence,
  string,
  toSchemaModel,
  user,
} from '../../src/schema/index.js';
import { applyStatements } from './support.js';

const person = defineSchema({
  table: 'person',
  comment: 'People',
  permissions: { select: 'FULL', create: 'WHERE $auth.id != NONE' },
  fields: {
    email: string().required().email().unique(),
    name: string().required().length(2, 100),
    tags: array(string().maxLength(20)).default([]),
    address: object(),
    'address.city': string(),
    'weird-key': int().min(0),
    value: bool().default(false),
    createdAt: datetime().default('time::now()').readonly(),
  },
  indexes: { name: index(['name']).fulltext('english').bm25() },
  events: { audit: event().onCreate().then('CREATE audit SET who = $after.id') },
});
const post = defineSchema({
  table: 'post',
  fields: { author: record('person').required().reference({ onDelete: 'cascade' }), body: string() },
});
const wrote = defineRelation({
  name: 'wrote',
  from: 'person',
  to: 'post',
  enforced: true,
  fields: { out: record('post').required() },
});
const byAuthor = defineSchema({
  table: 'by_author',
  view: 'SELECT count() AS n, author FROM post GROUP BY author',
});

const everything = composeSchema({
  models: { byAuthor, person, post },
  relations: { wrote },
  functions: { slug: fn('fn::slug').param('s', 'string').returns('string').body('RETURN string::slug($s);') },
  analyzers: {
    english: analyzer('english').tokenizers(['blank', 'class']).filters(['lowercase', 'snowball(english)']),
  },
  params: { app: param('app').value("'blog'") },
  sequences: { orders: sequence('orders').start(1000) },
  accesses: {
    account: access('account').record().signin('SELECT * FROM person WHERE email = $email').session('7d'),
  },
  users: { ci: user('ci').password('secret').roles(['editor']) },
  configs: { graphql: config('GRAPHQL AUTO') },
});

let shadow: Shadow;
beforeAll(async () => {
  shadow = await Shadow.open();
});
afterAll(async () => {
  await shadow.close();
});

describe('a whole schema on the engine', () => {
  const compiled = compileSchema(toSchemaModel(everything));

  it('applies in the compiled order on an empty database', async () => {
    const db = await shadow.database('all');
    expect(await applyStatements(db, compiled)).toEqual([]);
  });

  it('names every statement the way introspection keys the entity', async () => {
    const db = await shadow.database('refs');
    await applyStatements(db, compiled);
    const snapshot = await introspect(db);
    const missing = compiled.map((s) => entityId(s.ref)).filter((id) => !snapshot.entities.has(id));
    expect(missing).toEqual([]);
  });

  it('accepts every OVERWRITE form over the existing definitions', async () => {
    const db = await shadow.database('overwrite');
    await applyStatements(db, compiled);
    const before = await introspect(db);
    expect(
      await applyStatements(
        db,
        compiled.map((s) => s.overwrite),
      ),
    ).toEqual([]);
    const after = await introspect(db);
    const changed = [...after.entities.values()]
      .filter((e) => e.ref.kind !== 'user' && e.ref.kind !== 'access')
      .filter((e) => before.entities.get(entityId(e.ref))?.fingerprint !== e.fingerprint)
      .map((e) => entityId(e.ref));
    expect(changed).toEqual([]);
  });

  it('is deterministic', () => {
    expect(compileSchema(toSchemaModel(everything))).toEqual(compiled);
    expect(JSON.stringify(compileSchema(toSchemaModel(everything)))).toBe(JSON.stringify(compiled));
  });

  it('orders dependencies first: functions, analyzers, params, sequences, tables, views, accesses, users, configs', () => {
    const kinds = compiled.map((s) =>
      s.ref.kind === 'table' && s.ref.name === 'by_author' ? 'view' : s.ref.kind,
    );
    const order = ['function', 'analyzer', 'param', 'sequence', 'table', 'view', 'access', 'user', 'config'];
    const ranks = kinds.filter((k) => order.includes(k)).map((k) => order.indexOf(k));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });
});
