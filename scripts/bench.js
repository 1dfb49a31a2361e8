#!/usr/bin/env node
// Benchmark (not a test): how long diff, push and status take for schemas of 50, 200 and 1000 tables
// (12 fields and 3 indexes each), next to the time the engine alone needs for the same statements.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeEngines } from '@surrealdb/node';
import { Surreal } from 'surrealdb';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const smig = await import(join(root, 'dist', 'index.js'));
const { compileSchema } = await import(join(root, 'dist', 'compile', 'index.js'));
const { loadSchemaFile } = await import(join(root, 'dist', 'app', 'load-schema.js'));

const sizes = (process.env.SMIG_BENCH_SIZES ?? '50,200,1000').split(',').map(Number);

function schemaSource(tables) {
  const lines = [
    "import { array, bool, composeSchema, datetime, defineSchema, float, index, int, object, record, string } from 'smig';",
    'const models = {};',
    `for (let i = 0; i < ${tables}; i++) {`,
    `  const other = \`t\${(i + 1) % ${tables}}\`;`,
    '  models[`t${i}`] = defineSchema({',
    '    table: `t${i}`,',
    '    fields: {',
    '      name: string().required().length(1, 200), email: string().email(), age: int().min(0),',
    "      score: float(), active: bool().default(true), createdAt: datetime().default('time::now()'),",
    "      updatedAt: datetime().value('time::now()'), owner: record(other), tags: array(string()),",
    '      links: array(record(other)), meta: object().flexible(), note: string(),',
    '    },',
    "    indexes: { name: index(['name']), email: index(['email']).unique(), created: index(['createdAt', 'active']) },",
    '  });',
    '}',
    'export default composeSchema({ models });',
  ];
  return `${lines.join('\n')}\n`;
}

async function time(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function engineFloor(statements, url, transaction) {
  const db = new Surreal({ engines: createNodeEngines() });
  await db.connect(url);
  await db.use({ namespace: 'bench', database: 'floor' });
  const body = statements.map((s) => `${s.sql};`).join('\n');
  const sql = transaction ? `BEGIN;\n${body}\nCOMMIT;` : body;
  const ms = await time(() => db.query(sql).collect());
  await db.close();
  return ms;
}

const rows = [];
for (const tables of sizes) {
  const dir = mkdtempSync(join(tmpdir(), `smig-bench-${tables}-`));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'smig'), 'dir');
  writeFileSync(join(dir, 'schema.js'), schemaSource(tables));
  const statements = compileSchema(await loadSchemaFile(join(dir, 'schema.js')));
  // As smig runs them: one query on the in-memory shadow; one transaction on the target store.
  const memFloor = await engineFloor(statements, 'mem://', false);
  const diskFloor = await engineFloor(statements, `surrealkv://${join(dir, 'floor.db')}`, true);
  // One connection to the store for the whole run, as an application would hold it.
  const surreal = new Surreal({ engines: createNodeEngines() });
  await surreal.connect(`surrealkv://${join(dir, '.smig', 'dev.db')}`);
  const options = { cwd: dir, environment: {}, surreal };
  const diffAll = await time(() => smig.diff(options));
  const write = await time(() => smig.diff({ ...options, message: 'bench' }));
  const diffNone = await time(() => smig.diff(options));
  const push = await time(() => smig.migrate(options));
  const status = await time(() => smig.getStatus(options));
  await surreal.close();
  rows.push(
    { tables, statements: statements.length, op: 'diff (whole schema)', ms: diffAll, floor: memFloor },
    { tables, statements: statements.length, op: 'diff -m (write file)', ms: write, floor: memFloor },
    { tables, statements: statements.length, op: 'diff (no changes)', ms: diffNone, floor: memFloor },
    { tables, statements: statements.length, op: 'push', ms: push, floor: diskFloor },
    { tables, statements: statements.length, op: 'status', ms: status, floor: memFloor },
  );
  rmSync(dir, { recursive: true, force: true });
}

console.log('tables  statements  operation              time (ms)  engine floor (ms)  ratio');
for (const r of rows) {
  console.log(
    `${String(r.tables).padStart(6)}  ${String(r.statements).padStart(10)}  ${r.op.padEnd(21)}  ${r.ms.toFixed(0).padStart(9)}  ${r.floor.toFixed(0).padStart(17)}  ${(r.ms / r.floor).toFixed(1).padStart(5)}x`,
  );
}
console.log(
  '\nengine floor: the same DEFINE statements run once by the engine alone: one query on mem:// (diff, status), one transaction on surrealkv:// (push).',
);
process.exit(0);
