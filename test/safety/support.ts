import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { whileHeld } from '../helpers/hold-store.js';
import { TempProject } from '../helpers/project.js';

/** A stack frame line, as Node prints them. */
export const stackLine = /^\s+at .+:\d+:\d+\)?$/m;

export const schemaOf = (fields: string, extra = '') => `
import { composeSchema, defineSchema, event, index, int, string } from 'smig';
export default composeSchema({
  models: { item: defineSchema({ table: 'item', fields: { ${fields} }${extra} }) },
});
`;

/** A copy of a prepared project (files and on-disk store) in a new temporary folder. */
export function cloneProject(
  template: TempProject,
  prefix = 'smig-safety-',
  options: { readonly processes?: boolean } = {},
): TempProject {
  const p = new TempProject(prefix, options);
  cpSync(template.dir, p.dir, {
    recursive: true,
    filter: (source) => !source.startsWith(join(template.dir, 'node_modules')),
  });
  return p;
}

/** Every file of the migrations folder with its text. */
export function migrationFiles(p: TempProject): Record<string, string> {
  const dir = join(p.dir, 'migrations');
  if (!existsSync(dir)) return {};
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

export const storeExists = (p: TempProject) => existsSync(join(p.dir, '.smig', 'dev.db'));

/** The database as seen from outside: its definitions, the ledger, the lock and the data. */
export function databaseState(p: TempProject): Promise<unknown[]> {
  return p.queryAsync(
    'INFO FOR DB; SELECT id, checksum, up, down FROM _smig_migrations ORDER BY id; SELECT * FROM _smig_lock; INFO FOR TABLE item; SELECT * FROM item ORDER BY id;',
  );
}

/** Runs `work` while another process holds the project's on-disk store open. */
export function whileStoreHeld<T>(p: TempProject, work: () => T | Promise<T>): Promise<T> {
  return whileHeld(`surrealkv://${resolve(p.dir, '.smig/dev.db')}`, work);
}
