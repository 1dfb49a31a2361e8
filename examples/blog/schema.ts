// schema.ts — a blog: users, posts, comments and tags.
import { array, bool, composeSchema, datetime, defineSchema, event, index, record, string } from 'smig';

const user = defineSchema({
  table: 'user',
  fields: {
    email: string().required().email(),
    name: string().required().length(2, 100),
    bio: string(),
    isActive: bool().default(true),
    createdAt: datetime().default('time::now()').readonly(),
  },
  indexes: {
    email: index(['email']).unique(),
  },
});

const post = defineSchema({
  table: 'post',
  fields: {
    author: record('user').required(),
    title: string().required().length(1, 200),
    slug: string()
      .required()
      .matches(/^[a-z0-9-]+$/),
    content: string().required(),
    tags: array('string').default([]),
    published: bool().default(false),
    publishedAt: datetime(),
    updatedAt: datetime().value('time::now()'),
  },
  indexes: {
    slug: index(['slug']).unique(),
    author: index(['author']),
    published: index(['published', 'publishedAt']),
  },
  events: {
    stampPublication: event()
      .onUpdate()
      .when('$before.published = false AND $after.published = true')
      .then('UPDATE $after.id SET publishedAt = time::now()'),
  },
});

const comment = defineSchema({
  table: 'comment',
  fields: {
    post: record('post').required().reference({ onDelete: 'cascade' }),
    author: record('user').required(),
    content: string().required().maxLength(5000),
    createdAt: datetime().default('time::now()'),
  },
  indexes: {
    post: index(['post', 'createdAt']),
  },
});

export default composeSchema({
  models: { user, post, comment },
});
