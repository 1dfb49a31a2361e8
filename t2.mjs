import { createNodeEngines } from '@surrealdb/node';
import { Surreal } from 'surrealdb';

const db = new Surreal({ engines: createNodeEngines() });
await db.connect('mem://');
await db.use({ namespace: 'a', database: 'b' });
await db
  .query(
    'DEFINE TABLE `weird-t`; DEFINE TABLE `where`; DEFINE FIELD `value` ON `where` TYPE string; DEFINE FIELD `type` ON `where` TYPE string; DEFINE FIELD in ON `where` TYPE string; DEFINE FIELD `a-b`.`c d` ON `where` TYPE string; DEFINE FIELD tags ON `where` TYPE array<string>; DEFINE INDEX `from` ON `where` FIELDS `value`; DEFINE EVENT `select` ON `where` THEN {}; ',
  )
  .collect();
const r = await db
  .query('INFO FOR DB; INFO FOR DB STRUCTURE; INFO FOR TABLE `where`; INFO FOR TABLE `where` STRUCTURE')
  .collect();
console.log(JSON.stringify(r[0].tables), JSON.stringify(r[1].tables.map((t) => t.name)));
console.log(JSON.stringify(r[2]));
console.log(
  JSON.stringify(r[3].fields.map((f) => f.name)),
  JSON.stringify(r[3].indexes.map((f) => f.name)),
  JSON.stringify(r[3].events.map((f) => f.name)),
);
await db.close();
