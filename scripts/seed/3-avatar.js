// schema.js
import {
  string,
  datetime,
  bool,
  array,
  record,
  index,
  defineSchema,
  composeSchema,
} from 'smig';

const userSchema = defineSchema({
  table: 'user',
  fields: {
    email: string()
      .required()
      .assert('string::is_email($value)'),
    name: string()
      .required()
      .length(2, 100),
    bio: string(),
    isActive: bool().default(true),
    createdAt: datetime().default('time::now()'),
    updatedAt: datetime().value('time::now()'),
    avatar: string(),  // NEW FIELD
    role: string().default('user'),  // NEW FIELD
  },
  indexes: {
    email: index(['email']).unique(),
    active: index(['isActive', 'createdAt']),
  },
});

const postSchema = defineSchema({
  table: 'post',
  fields: {
    author: record('user').required(),
    title: string().required().length(1, 200),
    content: string().required(),
    published: bool().default(false),
    publishedAt: datetime(),
    createdAt: datetime().default('time::now()'),
  },
  indexes: {
    author: index(['author']),
    published: index(['published', 'publishedAt']),
  },
});

const commentSchema = defineSchema({
  table: 'comment',
  fields: {
    post: record('post').required(),
    author: record('user').required(),
    content: string().required(),
    createdAt: datetime().default('time::now()'),
  },
  indexes: {
    post: index(['post', 'createdAt']),
  },
});

export default composeSchema({
  models: {
    user: userSchema,
    post: postSchema,
    comment: commentSchema,
  },
});
