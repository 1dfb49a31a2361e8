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
  },
  indexes: {
    email: index(['email']).unique(),
    active: index(['isActive', 'createdAt']),
  },
});

export default composeSchema({
  models: { user: userSchema },
});
