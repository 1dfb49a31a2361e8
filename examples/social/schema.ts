// schema.ts — a social graph: people follow each other, write posts and like them (RELATE … ->likes-> …).
import { composeSchema, datetime, defineRelation, defineSchema, index, int, record, string } from 'smig';

const person = defineSchema({
  table: 'person',
  fields: {
    handle: string()
      .required()
      .matches(/^[a-z0-9_]{3,30}$/),
    displayName: string().required(),
    joinedAt: datetime().default('time::now()').readonly(),
  },
  indexes: {
    handle: index(['handle']).unique(),
  },
});

const post = defineSchema({
  table: 'post',
  fields: {
    author: record('person').required(),
    text: string().required().maxLength(500),
    createdAt: datetime().default('time::now()'),
  },
  indexes: {
    author: index(['author', 'createdAt']),
  },
});

const follows = defineRelation({
  name: 'follows',
  from: 'person',
  to: 'person',
  enforced: true,
  fields: {
    since: datetime().default('time::now()'),
  },
  indexes: {
    pair: index(['in', 'out']).unique(),
  },
});

const likes = defineRelation({
  name: 'likes',
  from: 'person',
  to: 'post',
  fields: {
    at: datetime().default('time::now()'),
  },
  indexes: {
    pair: index(['in', 'out']).unique(),
  },
});

const popularity = defineSchema({
  table: 'popularity',
  view: 'SELECT count() AS likes, out AS post FROM likes GROUP BY post',
});

const stats = defineSchema({
  table: 'person_stats',
  schemaless: true,
  fields: {
    person: record('person').required(),
    followers: int().default(0),
  },
});

export default composeSchema({
  models: { person, post, popularity, stats },
  relations: { follows, likes },
});
