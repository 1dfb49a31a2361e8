import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayInto } from '../../src/app/shadow-state.js';
import { diffSnapshots } from '../../src/diff/diff-snapshots.js';
import { Shadow } from '../../src/engine/connection.js';
import { readMigrations } from '../../src/history/migration-file.js';
import { introspect } from '../../src/introspect/introspect.js';
import type { Snapshot, SnapshotEntity } from '../../src/model/snapshot.js';
import { repoRoot, TempProject } from '../helpers/project.js';

/**
 * Kills `smig push` with SIGKILL at random moments and checks that the store is always left at a
 * migration boundary: the ledger is a prefix of the migrations, and the live schema is exactly what
 * replaying those migrations gives. Then a new push must finish the job.
 */
const trials = Number(process.env.SMIG_CRASH_TRIALS ?? 20);
const seed = Number(process.env.SMIG_CRASH_SEED ?? 20_261_201);

/** mulberry32: small, seeded, good enough to spread kill times. */
function random(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const versions: readonly { message: string; models: string; forward?: string }[] = [
  {
    message: 'items',
    models: "item: defineSchema({ table: 'item', fields: { name: string().required() } })",
    forward: "FOR $i IN 1..600 { CREATE item SET name = 'item ' + <string> $i; };",
  },
  {
    message: 'tags',
    models: "tag: defineSchema({ table: 'tag', fields: { label: string(), weight: int() } })",
  },
  {
    message: 'item codes',
    models: "item: defineSchema({ table: 'item', fields: { name: string().required(), code: string() } })",
    forward: "UPDATE item SET code = string::concat('c-', name);",
  },
  {
    message: 'orders',
    models:
      "order: defineSchema({ table: 'order', fields: { ref: string(), qty: int(), note: string(), placedAt: datetime() } })",
  },
  {
    message: 'item scores',
    models:
      "item: defineSchema({ table: 'item', fields: { name: string().required(), code: string(), score: int() } })",
    forward: 'UPDATE item SET score = string::len(name);',
  },
  {
    message: 'audit and tag index',
    models:
      "audit: defineSchema({ table: 'audit', fields: { what: string(), who: string(), at: datetime() } }), tag: defineSchema({ table: 'tag', fields: { label: string(), weight: int() }, indexes: { byLabel: index(['label']) } })",
  },
  {
    message: 'people',
    models:
      "person: defineSchema({ table: 'person', fields: { first: string(), last: string(), email: string(), age: int() } })",
  },
];

function schemaUpTo(n: number): string {
  const models = new Map<string, string>();
  for (const v of versions.slice(0, n)) {
    // Later versions of a model replace the earlier ones.
    for (const m of v.models.split(/, (?=\w+: defineSchema)/)) models.set(m.slice(0, m.indexOf(':')), m);
  }
  return `import { composeSchema, datetime, defineSchema, index, int, string } from 'smig';
export default composeSchema({ models: { ${[...models.values()].join(', ')} } });
`;
}

let project: TempProject;
let ids: string[];
let shadow: Shadow;
/** The schema after replaying the first k migrations, by k. */
const expected = new Map<number, Snapshot>();

beforeAll(async () => {
  project = new TempProject('smig-crash-');
  for (const [i, v] of versions.entries()) {
    project.write('schema.js', schemaUpTo(i + 1));
    const diff = project.smig(['diff', '-m', v.message]);
    expect(diff.code, diff.stderr).toBe(0);
    if (v.forward) {
      // A reviewer's data step, added to the forward section.
      const path = join(project.dir, 'migrations', project.migrations().at(-1)!);
      const text = readFileSync(path, 'utf8');
      writeFileSync(path, text.replace('\n-- Rollback migration', `${v.forward}\n\n-- Rollback migration`));
    }
  }
  const migrations = await readMigrations(join(project.dir, 'migrations'));
  ids = migrations.map((m) => m.id);
  expect(ids).toHaveLength(versions.length);
  shadow = await Shadow.open();
  for (let k = 0; k <= migrations.length; k++) {
    const db = await shadow.database('expected');
    await replayInto(db, migrations.slice(0, k));
    expected.set(k, await introspect(db));
  }
}, 120_000);

afterAll(async () => {
  await shadow?.close();
  project?.remove();
});

const storeUrl = (n: number | string) => `surrealkv://.smig/trial-${n}.db`;

/** The ledger and live schema of a store, read by a process of its own. */
function readStore(n: number | string): Promise<{ ids: string[]; snapshot: Snapshot }> {
  const script = `
    import { connect } from './dist/engine/connection.js';
    import { parseDatabaseUrl } from './dist/engine/url.js';
    import { introspect } from './dist/introspect/introspect.js';
    import { readLedger } from './dist/history/ledger.js';
    const db = await connect({ url: parseDatabaseUrl(${JSON.stringify(storeUrl(n))}, ${JSON.stringify(project.dir)}), namespace: 'test', database: 'test' });
    const ledger = await readLedger(db);
    const snapshot = await introspect(db);
    process.stdout.write(JSON.stringify({ ids: ledger.map((e) => e.id), entities: [...snapshot.entities] }));
    await db.close();
    process.exit(0);
  `;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`reading the store failed: ${err}`));
      const parsed = JSON.parse(out) as { ids: string[]; entities: [string, SnapshotEntity][] };
      done({ ids: parsed.ids, snapshot: { entities: new Map(parsed.entities) } });
    });
  });
}

/** Starts a push on a store; with `killAfterMs`, kills it with SIGKILL after that long. */
function push(
  n: number | string,
  killAfterMs?: number,
  flags: readonly string[] = [],
): Promise<{ ms: number; code: number | null }> {
  const started = performance.now();
  const args = [join(repoRoot, 'bin', 'smig.js'), '--url', storeUrl(n), 'push', ...flags];
  const child = spawn(process.execPath, args, {
    cwd: project.dir,
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    stdio: 'ignore',
  });
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((done) => {
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ ms: performance.now() - started, code });
    });
  });
}

async function expectAtBoundary(n: number | string, context: string): Promise<number> {
  const live = await readStore(n);
  expect(live.ids, `${context}: the ledger is a prefix of the migrations`).toEqual(
    ids.slice(0, live.ids.length),
  );
  const changes = diffSnapshots(live.snapshot, expected.get(live.ids.length)!);
  expect(changes, `${context}: the schema is what ${live.ids.length} migration(s) give`).toEqual([]);
  return live.ids.length;
}

describe('crash safety', () => {
  it(`a push killed at any moment leaves the store at a migration boundary (seed ${seed})`, async () => {
    console.log(`crash test: seed ${seed} (rerun with SMIG_CRASH_SEED=${seed}), ${trials} trials`);
    // A dry run makes every check and applies nothing: the migrations run between its end and the end
    // of a full push.
    const full = await push('measure');
    expect(full.code).toBe(0);
    const checks = await push('measure-dry', undefined, ['--dry-run']);
    expect(checks.code).toBe(0);
    expect(await expectAtBoundary('measure', 'a full push')).toBe(ids.length);
    console.log(
      `crash test: a full push takes ${Math.round(full.ms)} ms, its checks ${Math.round(checks.ms)} ms`,
    );

    const next = random(seed);
    const seen = new Map<number, number>();
    for (let trial = 0; trial < trials; trial++) {
      // Every other kill lands anywhere in the push (start-up, checks, lock), the others while the
      // migrations are being applied.
      const from = trial % 2 === 0 ? 0 : Math.min(checks.ms, full.ms) * 0.9;
      const delay = Math.round(from + next() * (full.ms - from));
      const context = `trial ${trial} (seed ${seed}, killed after ${delay} ms)`;
      await push(trial, delay);
      const applied = await expectAtBoundary(trial, context);
      seen.set(applied, (seen.get(applied) ?? 0) + 1);

      // Pushing again finishes the job (taking over the lock of the killed process).
      const again = await project.smigAsync(['--url', storeUrl(trial), '--json', 'push']);
      expect(again.code, `${context}: ${again.stderr}`).toBe(0);
      const pushed = JSON.parse(again.stdout) as { migrations: { id: string }[] };
      expect(
        pushed.migrations.map((m) => m.id),
        `${context}: pushing again applies the rest`,
      ).toEqual(ids.slice(applied));
      // Every few trials, also the full picture: nothing pending, the schema file matches the store.
      if (trial % 5 === 4) {
        const status = project.smig(['--url', storeUrl(trial), 'status', '--check']);
        expect(status.code, `${context}: ${status.stdout}${status.stderr}`).toBe(0);
        expect(status.stdout).toContain('Schema: In sync');
      }
    }
    console.log(
      `crash test: migrations applied when killed -> trials: ${[...seen.entries()]
        .sort(([a], [b]) => a - b)
        .map(([k, n]) => `${k}:${n}`)
        .join(' ')}`,
    );
  }, 180_000);
});
