// The least a diff, status, push or rollback must do, as a process of its own: load the engine and the schema,
// run the schema's DEFINE statements (on mem://, or in one transaction on the given store), and read
// the database's definitions back.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeEngines } from '@surrealdb/node';
import { Surreal } from 'surrealdb';

const [mode, schemaPath, url = 'mem://'] = process.argv.slice(2);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { compileSchema } = await import(join(root, 'dist', 'compile', 'index.js'));
const { loadSchemaFile } = await import(join(root, 'dist', 'app', 'load-schema.js'));
const { quoteIdent } = await import(join(root, 'dist', 'surql', 'ident.js'));
const statements = compileSchema(await loadSchemaFile(schemaPath));
const db = new Surreal({ engines: createNodeEngines() });
await db.connect(mode === 'mem' ? 'mem://' : url);
if (mode === 'remove') {
  // A store smig pushed the schema to: remove every table it made, in one transaction.
  await db.use({ namespace: 'test', database: 'test' });
  const names = statements.filter((s) => s.ref.kind === 'table').map((s) => s.ref.name);
  await db
    .query(`BEGIN;\n${names.map((t) => `REMOVE TABLE ${quoteIdent(t)};`).join('\n')}\nCOMMIT;`)
    .collect();
} else if (mode === 'more') {
  // A store smig pushed the schema to: define the one table the edited schema adds, in one transaction.
  await db.use({ namespace: 'test', database: 'test' });
  const more = statements.filter((s) => (s.ref.kind === 'table' ? s.ref.name : s.ref.table) === 'extra');
  await db.query(`BEGIN;\n${more.map((s) => `${s.sql};`).join('\n')}\nCOMMIT;`).collect();
} else {
  await db.use({ namespace: 'bench', database: 'floor' });
  const body = statements.map((s) => `${s.sql};`).join('\n');
  await db.query(mode === 'tx' ? `BEGIN;\n${body}\nCOMMIT;` : body).collect();
}
const [info] = await db.query('INFO FOR DB').collect();
const tables = Object.keys(info.tables ?? {});
if (tables.length > 0)
  await db.query(tables.map((t) => `INFO FOR TABLE ${quoteIdent(t)};`).join('\n')).collect();
await db.close();
process.exit(0);
