import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';
import {
  cloneProject,
  databaseState,
  migrationFiles,
  schemaOf,
  stackLine,
  storeExists,
  whileStoreHeld,
} from './support.js';

/**
 * Bad input of every kind: each gets exit 1, one paragraph on stderr naming what and where with a hint,
 * no stack trace, and leaves the migrations folder and the database exactly as they were.
 */
interface BadInput {
  readonly name: string;
  readonly args: readonly string[];
  /** What the project looks like: one migration applied (default), or one written and never pushed. */
  readonly base?: 'applied' | 'pending';
  /** Files to write over the base project. */
  readonly files?: Readonly<Record<string, string>>;
  /** SurrealQL run on the store before the command (the state compared afterwards includes it). */
  readonly prepare?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Another process holds the store while the command runs. */
  readonly held?: boolean;
  /** Each must appear in stderr: the file, table, field, flag or id concerned, and the cause. */
  readonly says: readonly (string | RegExp)[];
}

const migration = (id: string, forward: string, rollback: string, header?: string) =>
  `${header ?? `-- smig migration ${id}\n-- message: ${id}\n-- created: 2999-01-01T00:00:00.000Z`}\n\n-- Forward migration\n${forward}\n\n-- Rollback migration\n${rollback}\n`;

const future = '29990101000000_later';

const cases: readonly BadInput[] = [
  // The schema file
  {
    name: 'missing schema file',
    args: ['-s', 'missing-schema.ts', 'diff', '-m', 'next'],
    says: ['missing-schema.ts', 'does not exist'],
  },
  {
    name: 'schema file that throws when imported',
    args: ['diff', '-m', 'next'],
    files: { 'schema.js': "\n\nthrow new Error('settings are not loaded');\n" },
    says: ['schema.js:3', 'settings are not loaded'],
  },
  {
    name: 'syntax error in the schema file names file and line',
    args: ['-s', 'schema.ts', 'diff', '-m', 'next'],
    files: { 'schema.ts': "import { composeSchema } from 'smig';\n\nconst broken = ;\nexport default 1;\n" },
    says: ['schema.ts:3'],
  },
  {
    name: 'schema file without a default export',
    args: ['validate'],
    files: { 'schema.js': 'export const item = 1;\n' },
    says: ['schema.js', 'default export'],
  },
  {
    name: 'schema file that is not TypeScript or JavaScript',
    args: ['-s', 'schema.py', 'validate'],
    files: { 'schema.py': 'item = {}\n' },
    says: ['schema.py'],
  },
  {
    name: 'unknown type',
    args: ['diff', '-m', 'next'],
    files: {
      'schema.js': schemaOf('name: string().required(), tags: array("strng")').replace(
        'event, index',
        'array, event, index',
      ),
    },
    says: ["'strng'", 'schema.js'],
  },
  // A table name with an inner space is valid (smig escapes it as ⟨my item⟩), so the bad identifiers
  // are the ones smig refuses: surrounding spaces, reserved prefixes and field names the engine breaks on.
  {
    name: 'table name with surrounding spaces',
    args: ['diff', '-m', 'next'],
    files: { 'schema.js': schemaOf('name: string().required()').replace("table: 'item'", "table: ' item'") },
    says: ["' item'", 'surrounding spaces', 'schema.js'],
  },
  {
    name: 'table name reserved for smig',
    args: ['validate'],
    files: { 'schema.js': schemaOf('name: string()').replace("table: 'item'", "table: '_smig_notes'") },
    says: ['_smig_notes', 'reserved'],
  },
  {
    name: 'field named select',
    args: ['diff', '-m', 'next'],
    files: { 'schema.js': schemaOf('name: string().required(), select: string()') },
    says: ['table item, field select', 'schema.js'],
  },
  {
    name: 'index on a missing field',
    args: ['diff', '-m', 'next'],
    files: { 'schema.js': schemaOf('name: string().required()', ", indexes: { byCode: index(['code']) }") },
    says: ['table item, index byCode', "'code'"],
  },
  {
    name: 'two models for one table',
    args: ['diff', '-m', 'next'],
    files: {
      'schema.js': `import { composeSchema, defineSchema, string } from 'smig';
const a = defineSchema({ table: 'item', fields: { name: string() } });
const b = defineSchema({ table: 'item', fields: { code: string() } });
export default composeSchema({ models: { a, b } });
`,
    },
    says: ['table item', 'two models'],
  },
  // An event whose THEN refers to a field that does not exist is not an error anywhere: SurrealDB
  // evaluates THEN only when the event fires, so there is nothing to validate up front.
  {
    name: 'ASSERT the engine rejects',
    args: ['diff', '-m', 'next'],
    files: { 'schema.js': schemaOf("name: string().required(), code: string().assert('$value >>> 3')") },
    says: ['table item, field code', 'schema.js', 'Parse error'],
  },
  {
    name: 'VALUE the engine rejects',
    args: ['validate'],
    files: { 'schema.js': schemaOf("name: string().required().value('string::lowercase(($value)')") },
    says: ['table item, field name', 'schema.js'],
  },
  {
    name: 'event THEN the engine rejects',
    args: ['diff', '-m', 'next'],
    files: {
      'schema.js': schemaOf(
        'name: string().required()',
        ", events: { audit: event().onCreate().then('CREATE log SET at = ((time::now()') }",
      ),
    },
    says: ['table item, event audit', 'schema.js'],
  },
  // Configuration
  {
    name: 'missing config file given with --config',
    args: ['--config', 'conf/missing.json', 'status'],
    says: ['conf/missing.json', 'does not exist'],
  },
  {
    name: 'config file that is not valid JSON',
    args: ['push'],
    files: { 'smig.config.json': '{ "url": "surrealkv://.smig/dev.db", }' },
    says: ['smig.config.json', 'JSON'],
  },
  {
    name: 'config file with a syntax error names the line',
    args: ['push'],
    files: { 'smig.config.ts': "export default {\n  url: 'surrealkv://.smig/dev.db',\n  namespace: ,\n};\n" },
    says: ['smig.config.ts:3'],
  },
  {
    name: 'unknown config key',
    args: ['push'],
    files: { 'smig.config.json': '{ "urll": "surrealkv://.smig/dev.db" }' },
    says: ["'urll'", 'smig.config.json', "Did you mean 'url'"],
  },
  {
    name: 'unknown --env lists the known ones',
    args: ['--env', 'prod', 'push'],
    files: {
      'smig.config.json': JSON.stringify({
        environments: { staging: { database: 'staging' }, production: { database: 'prod' } },
      }),
    },
    says: ["'prod'", '--env', 'staging, production'],
  },
  {
    name: 'invalid SMIG_AUTH_LEVEL',
    args: ['push'],
    env: { SMIG_AUTH_LEVEL: 'superuser' },
    says: ['SMIG_AUTH_LEVEL', "'superuser'"],
  },
  // Connections
  {
    name: 'unreachable server',
    args: ['--url', 'http://127.0.0.1:9', '--connect-timeout', '2', 'push'],
    says: ['http://127.0.0.1:9'],
  },
  {
    name: 'unsupported URL scheme',
    args: ['--url', 'postgres://localhost:5432/app', 'push'],
    says: ['postgres://localhost:5432/app', '--url', 'surrealkv://'],
  },
  {
    name: 'store in use by another process',
    args: ['--connect-timeout', '2', 'push', '--lock-timeout', '2'],
    held: true,
    says: ['.smig/dev.db', 'in use by another process'],
  },
  {
    // The embedded engine does not enforce authentication, but a sign-in is checked against its users.
    name: 'wrong credentials',
    args: ['-u', 'root', '-p', 'not-the-password', 'push'],
    prepare: "DEFINE USER root ON ROOT PASSWORD 'the-password' ROLES OWNER;",
    says: ["'root'", 'authentication', 'SMIG_PASSWORD'],
  },
  // The command line
  { name: 'unknown command', args: ['bogus'], says: ["Unknown command 'bogus'", 'smig --help'] },
  { name: 'misspelt command', args: ['psh'], says: ["'psh'", 'Did you mean push?'] },
  { name: 'unknown flag', args: ['push', '--bogus'], says: ["'--bogus'", 'smig push'] },
  { name: 'misspelt flag', args: ['push', '--dry-rn'], says: ["'--dry-rn'", 'Did you mean --dry-run?'] },
  {
    name: 'value outside the choices',
    args: ['--auth-level', 'admin', 'push'],
    says: ['--auth-level', "'admin'", 'root, namespace, database'],
  },
  {
    name: '--connect-timeout that is not a number',
    args: ['--connect-timeout', 'soon', 'push'],
    says: ['--connect-timeout', "'soon'"],
  },
  {
    name: '--lock-timeout that is not a number',
    args: ['push', '--lock-timeout', 'x'],
    says: ['--lock-timeout'],
  },
  {
    name: 'empty migration message',
    args: ['diff', '-m', ''],
    files: { 'schema.js': schemaOf('name: string().required(), qty: int()') },
    says: ['-m', 'empty'],
  },
  {
    name: 'blank migration message',
    args: ['diff', '-m', '   '],
    files: { 'schema.js': schemaOf('name: string().required(), qty: int()') },
    says: ['-m', 'empty'],
  },
  // Rollback
  {
    name: 'rollback --to an unknown migration',
    args: ['rollback', '--to', '20000101000000_nope', '--yes'],
    says: ['--to', '20000101000000_nope'],
  },
  {
    name: 'rollback with nothing applied',
    args: ['rollback', '--yes'],
    base: 'pending',
    says: ['nothing to roll back'],
  },
  {
    name: 'rollback needing a prompt without a TTY',
    args: ['rollback'],
    // Without its record the table can go without losing data, so the question is what stops it.
    prepare: 'DELETE item;',
    says: ['confirmation', '--yes'],
  },
  { name: 'rollback --steps 0', args: ['rollback', '--steps', '0', '--yes'], says: ['--steps', "'0'"] },
  { name: 'rollback --steps abc', args: ['rollback', '--steps', 'abc', '--yes'], says: ['--steps', "'abc'"] },
  {
    name: 'rollback --steps beyond the applied ones',
    args: ['rollback', '--steps', '9', '--yes'],
    says: ['--steps 9', '1 applied'],
  },
  {
    name: 'rollback --to with --steps',
    args: ['rollback', '--to', '20000101000000_nope', '--steps', '1', '--yes'],
    says: ['--to', '--steps'],
  },
  // Migration files
  {
    name: 'migration file without markers',
    args: ['push'],
    files: { [`migrations/${future}.surql`]: 'DEFINE TABLE later;\n' },
    says: [`${future}.surql`, "'-- Forward migration'"],
  },
  {
    name: 'migration file with a broken header (creation time)',
    args: ['push'],
    files: {
      [`migrations/${future}.surql`]: migration(
        future,
        'DEFINE TABLE later;',
        'REMOVE TABLE later;',
        `-- smig migration ${future}\n-- created: last tuesday`,
      ),
    },
    says: [`${future}.surql:2`, "'last tuesday'"],
  },
  {
    name: 'migration file whose header names another id',
    args: ['status'],
    files: {
      [`migrations/${future}.surql`]: migration(
        future,
        'DEFINE TABLE later;',
        'REMOVE TABLE later;',
        '-- smig migration 29990101000000_other',
      ),
    },
    says: [`${future}.surql:1`, '29990101000000_other'],
  },
  {
    name: 'migration file with SurrealQL before the forward marker',
    args: ['push'],
    files: {
      [`migrations/${future}.surql`]: `DEFINE TABLE early;\n${migration(future, 'DEFINE TABLE later;', 'REMOVE TABLE later;')}`,
    },
    says: [`${future}.surql`, 'before its'],
  },
  {
    name: 'file in the migrations folder not named like a migration',
    args: ['push'],
    files: { 'migrations/notes.surql': migration('notes', 'DEFINE TABLE later;', '') },
    says: ["'notes.surql'"],
  },
  {
    name: 'forward section that does not parse (push)',
    args: ['push'],
    files: { [`migrations/${future}.surql`]: migration(future, 'DEFINE TABL later;', 'REMOVE TABLE later;') },
    says: [`${future}.surql`, 'Parse error', 'nothing was run'],
  },
  {
    name: 'forward section that does not parse (diff)',
    args: ['diff', '-m', 'next'],
    files: { [`migrations/${future}.surql`]: migration(future, 'DEFINE TABL later;', 'REMOVE TABLE later;') },
    says: [future, 'Parse error'],
  },
  {
    name: 'forward section the engine rejects when run (push)',
    args: ['push'],
    files: {
      [`migrations/${future}.surql`]: migration(future, 'DEFINE FIELD qty ON TABLE nowhere TYPE int;', ''),
    },
    says: [`${future}.surql`, 'nowhere'],
  },
];

const templates: Partial<Record<'applied' | 'pending', { project: TempProject; state?: unknown[] }>> = {};
const made: TempProject[] = [];

beforeAll(async () => {
  const applied = new TempProject('smig-bad-input-');
  applied.write('schema.js', schemaOf('name: string().required()'));
  expect(applied.smig(['diff', '-m', 'items']).code).toBe(0);
  expect(applied.smig(['push']).code).toBe(0);
  applied.query("CREATE item:1 SET name = 'kept';");
  templates.applied = { project: applied, state: await databaseState(applied) };
  const pending = new TempProject('smig-bad-input-');
  pending.write('schema.js', schemaOf('name: string().required()'));
  expect(pending.smig(['diff', '-m', 'items']).code).toBe(0);
  templates.pending = { project: pending };
});

afterAll(() => {
  for (const t of Object.values(templates)) t?.project.remove();
  for (const p of made) p.remove();
});

function expectOneParagraph(stderr: string): void {
  const text = stderr.trim();
  expect(text).toMatch(/^Error: /);
  expect(text, 'one paragraph: no blank line').not.toMatch(/\n\s*\n/);
  expect(text, 'a hint').toMatch(/^ {2}→ \S/m);
  expect(text, 'no stack trace').not.toMatch(stackLine);
}

describe('bad input', () => {
  it('the catalogue has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  // A case whose store is held runs in processes of its own: those run while the others go on.
  it.concurrent.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const template = templates[c.base ?? 'applied']!;
    // With the store held by another process, everything runs in processes of their own (the holder
    // could not open a store this process holds).
    const p = cloneProject(template.project, undefined, { processes: c.held === true });
    made.push(p);
    for (const [name, text] of Object.entries(c.files ?? {})) p.write(name, text);
    if (c.prepare !== undefined) await p.queryAsync(c.prepare);
    const hadStore = storeExists(p);
    const files = migrationFiles(p);
    const before = c.prepare === undefined ? template.state : hadStore ? await databaseState(p) : undefined;

    const run = async () => (c.held ? p.smigAsync(c.args, { ...c.env }) : p.smig(c.args, { ...c.env }));
    const r = c.held ? await whileStoreHeld(p, run) : await run();

    expect(r.code, r.stderr).toBe(1);
    expectOneParagraph(r.stderr);
    for (const s of c.says) {
      if (typeof s === 'string') expect(r.stderr).toContain(s);
      else expect(r.stderr).toMatch(s);
    }
    expect(migrationFiles(p)).toEqual(files);
    if (before !== undefined) {
      expect(await databaseState(p)).toEqual(before);
    } else if (storeExists(p)) {
      // Opening a new store creates it empty; nothing of the project may be in it.
      const [info, ledger] = (await databaseState(p)) as [{ tables: object }, unknown];
      expect(info.tables).toEqual({});
      expect(ledger).toMatchObject({ error: expect.stringContaining('does not exist') });
    }
  });

  it('shows the stack with --debug, still as exit 1', () => {
    const p = cloneProject(templates.applied!.project);
    made.push(p);
    const r = p.smig(['--debug', 'rollback', '--steps', 'abc']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: --steps/);
    expect(r.stderr).toMatch(stackLine);
    const unknown = p.smig(['--debug', 'bogus']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(stackLine);
  });

  it('--json errors also put the error on stdout as JSON', () => {
    const p = cloneProject(templates.applied!.project);
    made.push(p);
    const r = p.smig(['--json', 'rollback', '--steps', '0']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'USAGE', where: '--steps' } });
  });
});
