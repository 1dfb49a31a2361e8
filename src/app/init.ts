import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';

const starterSchema = `import { bool, composeSchema, datetime, defineSchema, index, string } from 'smig';

const user = defineSchema({
  table: 'user',
  fields: {
    email: string().required().email(),
    name: string().required().length(2, 100),
    isActive: bool().default(true),
    createdAt: datetime().default('time::now()'),
  },
  indexes: {
    email: index(['email']).unique(),
  },
});

export default composeSchema({
  models: { user },
});
`;

const starterConfig = `import { defineConfig } from 'smig';

// Which database a command changes, highest first: flags (--url, -n, -d, ...), then SMIG_* variables
// (SMIG_URL, SMIG_NAMESPACE, SMIG_DATABASE, SMIG_USERNAME, SMIG_PASSWORD; also from .env, which is
// loaded before this file runs), then this file (with --env <name> applying one of its environments).
export default defineConfig({
  schema: './schema.ts',
  migrations: './migrations',
  // An embedded database on disk: the whole workflow runs without a server.
  url: 'surrealkv://.smig/dev.db',
  namespace: 'test',
  database: 'test',
  environments: {
    // \`smig --env production push\`: credentials come from the environment (or .env), never from this file.
    production: {
      url: 'wss://db.example.com',
      namespace: 'app',
      database: 'prod',
      username: process.env.PROD_DB_USER,
      password: process.env.PROD_DB_PASSWORD,
    },
  },
});
`;

export interface InitResult {
  readonly created: readonly string[];
  /** Existing files given lines they lacked (a project's own `.gitignore`). */
  readonly updated: readonly string[];
}

/** What version control should not see: the local store and smig's cache, and secrets in `.env`. */
const ignoredPaths = ['.smig/', '.env'];

/**
 * Adds to `.gitignore` the lines it lacks (or writes one): the user's own lines stay as they are, and
 * running init again adds nothing.
 */
function ignoreLocalFiles(dir: string): 'created' | 'updated' | undefined {
  const path = join(dir, '.gitignore');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  const present = new Set((text ?? '').split(/\r?\n/).map((line) => line.trim()));
  const missing = ignoredPaths.filter((p) => !present.has(p) && !present.has(p.replace(/\/$/, '')));
  if (missing.length === 0) return undefined;
  if (text === undefined) {
    writeFileSync(path, `${missing.join('\n')}\n`);
    return 'created';
  }
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  appendFileSync(path, `${separator}${missing.join('\n')}\n`);
  return 'updated';
}

/**
 * Writes a starter schema, config and migrations folder, and keeps local files out of version control;
 * refuses to overwrite the starter files unless forced.
 */
export function init(dir: string, options: { force?: boolean } = {}): InitResult {
  const files = [
    { path: join(dir, 'schema.ts'), text: starterSchema },
    { path: join(dir, 'smig.config.ts'), text: starterConfig },
  ];
  const existing = files.filter((f) => existsSync(f.path)).map((f) => f.path);
  if (existing.length > 0 && !options.force) {
    throw new ConfigError(`${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}.`, {
      where: dir,
      hint: 'Run smig init --force to overwrite them.',
    });
  }
  for (const f of files) writeFileSync(f.path, f.text);
  const migrations = join(dir, 'migrations');
  mkdirSync(migrations, { recursive: true });
  const ignore = ignoreLocalFiles(dir);
  const gitignore = join(dir, '.gitignore');
  return {
    created: [...files.map((f) => f.path), `${migrations}/`, ...(ignore === 'created' ? [gitignore] : [])],
    updated: ignore === 'updated' ? [gitignore] : [],
  };
}
