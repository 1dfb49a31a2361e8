#!/usr/bin/env node
// Benchmark (not a test). Every figure is a whole process, as a user runs it: wall time and the
// process's own CPU time, measured in pairs with a "floor" process that does the least the operation
// must do (load the engine, run the same statements, read them back). The two sides of a pair run one
// after the other, alternating which goes first; each figure is the minimum (and median) of several
// pairs. The machine may be shared: read the ratios, not the times.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'smig.js');
const cpuHook = join(root, 'scripts', 'bench-cpu.mjs');
const pairs = Number(process.env.SMIG_BENCH_PAIRS ?? 3);
const sizes = (process.env.SMIG_BENCH_SIZES ?? '1,200,1000,2000').split(',').map(Number);

function schemaSource(tables) {
  return `import { array, bool, composeSchema, datetime, defineSchema, float, index, int, object, record, string } from 'smig';
const models = {};
for (let i = 0; i < ${tables}; i++) {
  const other = \`t\${(i + 1) % ${tables}}\`;
  models[\`t\${i}\`] = defineSchema({
    table: \`t\${i}\`,
    fields: {
      name: string().required().length(1, 200), email: string().email(), age: int().min(0),
      score: float(), active: bool().default(true), createdAt: datetime().default('time::now()'),
      updatedAt: datetime().value('time::now()'), owner: record(other), tags: array(string()),
      links: array(record(other)), meta: object().flexible(), note: string(),
    },
    indexes: { name: index(['name']), email: index(['email']).unique(), created: index(['createdAt', 'active']) },
  });
}
export default composeSchema({ models });
`;
}

/** One process: its wall time and its own CPU time, in ms. */
function measure(args, cwd, env = {}) {
  const cpuFile = join(cwd, `.cpu-${process.pid}`);
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', cpuHook, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1', SMIG_BENCH_CPU_FILE: cpuFile, ...env },
    // A 1000-table migration prints megabytes.
    maxBuffer: 1 << 30,
  });
  const wall = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const cpu = Number(readFileSync(cpuFile, 'utf8'));
  return { wall, cpu };
}

const floorScript = join(root, 'scripts', 'bench-floor.mjs');

/** Pairs of (operation, floor), alternating which runs first; `prepare` resets state before each run. */
function pairUp(op, floor, prepare = () => {}) {
  const ops = [];
  const floors = [];
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 === 0 ? [op, floor] : [floor, op];
    for (const side of order) {
      prepare(side === op ? 'op' : 'floor');
      (side === op ? ops : floors).push(side());
    }
  }
  return { op: summary(ops), floor: summary(floors) };
}

function summary(runs) {
  const by = (k) => runs.map((r) => r[k]).sort((a, b) => a - b);
  const median = (xs) => xs[Math.floor(xs.length / 2)];
  return {
    wallMin: by('wall')[0],
    wallMedian: median(by('wall')),
    cpuMin: by('cpu')[0],
    cpuMedian: median(by('cpu')),
  };
}

function project(tables) {
  const dir = mkdtempSync(join(tmpdir(), `smig-bench-${tables}-`));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'smig'), 'dir');
  writeFileSync(join(dir, 'schema.js'), schemaSource(tables));
  return dir;
}

const rows = [];
/** `diff()` in one process at 200 tables, nothing to do: ms per call after the first. */
let inProcess;
const row = (name, tables, result) => rows.push({ name, tables, ...result });

// --version against `node -e 0`.
{
  const dir = project(1);
  row(
    'smig --version',
    0,
    pairUp(
      () => measure([cli, '--version'], dir),
      () => measure(['-e', '0'], dir),
    ),
  );
  rmSync(dir, { recursive: true, force: true });
}

for (const tables of sizes) {
  const dir = project(tables);
  const store = (name) => `surrealkv://${join(dir, name)}`;
  // The floor: load the engine, run the schema's DEFINE statements on mem://, read INFO back.
  const floorMem = () => measure([floorScript, 'mem', join(dir, 'schema.js')], dir);
  measure([cli, 'diff', '-m', 'bench'], dir);
  // What `smig diff -m` leaves in .smig/cache: what a push right after it starts from.
  const cache = join(dir, '.smig', 'cache');
  const afterDiff = join(dir, 'cache-after-diff');
  cpSync(cache, afterDiff, { recursive: true });
  const only = (kept) => {
    rmSync(cache, { recursive: true, force: true });
    if (kept) cpSync(kept, cache, { recursive: true });
  };
  row(
    'diff, nothing to do',
    tables,
    pairUp(() => measure([cli, 'diff'], dir), floorMem),
  );
  if (tables === 200) {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'bench-api.mjs'), dir, '5'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    if (r.status !== 0) throw new Error(`bench-api failed: ${r.stderr}`);
    inProcess = JSON.parse(r.stdout);
  }
  // The same without the history cache: every run replays the migration history.
  row(
    'diff, no cache',
    tables,
    pairUp(
      () => measure([cli, 'diff'], dir),
      floorMem,
      (side) => side === 'op' && only(undefined),
    ),
  );
  // The everyday loop: the schema file was just edited (one table added) and the history is kept, as
  // after the last `smig diff -m`; against the edited schema's floor.
  const edited = join(dir, 'schema-edited.js');
  writeFileSync(
    edited,
    schemaSource(tables).replace(
      'export default composeSchema',
      "models.extra = defineSchema({ table: 'extra', fields: { x: string() } });\nexport default composeSchema",
    ),
  );
  row(
    'diff after an edit',
    tables,
    pairUp(
      () => measure([cli, 'diff', '--schema', edited], dir),
      () => measure([floorScript, 'mem', edited], dir),
      (side) => side === 'op' && only(afterDiff),
    ),
  );
  // push onto a fresh store each time, right after the `smig diff -m` that wrote the migration (with
  // what it kept and nothing more), against the same DDL in one transaction on a fresh store.
  let n = 0;
  const fresh = () => store(`push-${n++}.db`);
  row(
    'push after diff -m',
    tables,
    pairUp(
      () => measure([cli, 'push', '--url', fresh(), '--yes'], dir),
      () => measure([floorScript, 'tx', join(dir, 'schema.js'), fresh()], dir),
      (side) => side === 'op' && only(afterDiff),
    ),
  );
  // The same with nothing kept (a fresh checkout): the push rehearses the migration on a scratch copy.
  row(
    'push, no cache',
    tables,
    pairUp(
      () => measure([cli, 'push', '--url', fresh(), '--yes'], dir),
      () => measure([floorScript, 'tx', join(dir, 'schema.js'), fresh()], dir),
      (side) => side === 'op' && only(undefined),
    ),
  );
  only(afterDiff);
  const target = store('status.db');
  measure([cli, 'push', '--url', target], dir);
  row(
    'status',
    tables,
    pairUp(() => measure([cli, 'status', '--url', target], dir), floorMem),
  );
  // rollback of the one migration on a freshly pushed store, against removing the same tables in one
  // transaction on such a store and reading the definitions back.
  let pushed = '';
  row(
    'rollback',
    tables,
    pairUp(
      () => measure([cli, 'rollback', '--url', pushed, '--yes'], dir),
      () => measure([floorScript, 'remove', join(dir, 'schema.js'), pushed], dir),
      () => {
        pushed = fresh();
        measure([cli, 'push', '--url', pushed], dir);
      },
    ),
  );
  // A push of one table more onto a store that has all the others (the everyday deploy of a small
  // change to a large database): right after the `smig diff -m` that wrote it, and with nothing kept
  // (a CI job), against defining that table in one transaction on a copy of the store, read back.
  only(afterDiff);
  const base = join(dir, 'base.db');
  measure([cli, 'push', '--url', `surrealkv://${base}`], dir);
  measure([cli, 'diff', '-m', 'one more', '--schema', edited], dir);
  const afterMore = join(dir, 'cache-after-more');
  cpSync(cache, afterMore, { recursive: true });
  const copy = join(dir, 'copy.db');
  const copyBase = () => {
    rmSync(copy, { recursive: true, force: true });
    cpSync(base, copy, { recursive: true });
  };
  for (const [name, kept] of [
    ['push one more table', afterMore],
    ['one more, no cache', undefined],
  ]) {
    row(
      name,
      tables,
      pairUp(
        () => measure([cli, 'push', '--url', `surrealkv://${copy}`, '--schema', edited], dir),
        () => measure([floorScript, 'more', edited, `surrealkv://${copy}`], dir),
        (side) => {
          copyBase();
          if (side === 'op') only(kept);
        },
      ),
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

/** `npm pack`, then a production install of the tarball in an empty folder, as a user gets it. */
function packedInstallSize() {
  const tmp = mkdtempSync(join(tmpdir(), 'smig-bench-install-'));
  try {
    const pack = spawnSync('npm', ['pack', '--pack-destination', tmp, '--silent'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (pack.status !== 0) return `not measured (npm pack failed: ${pack.stderr.trim()})`;
    const tarball = join(tmp, pack.stdout.trim().split('\n').at(-1));
    const app = join(tmp, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }\n');
    const install = spawnSync(
      'npm',
      ['install', tarball, '--omit=dev', '--no-audit', '--no-fund', '--silent'],
      {
        cwd: app,
        encoding: 'utf8',
      },
    );
    if (install.status !== 0) return `not measured (npm install failed: ${install.stderr.trim()})`;
    const kb = (args) =>
      Number(spawnSync('du', ['-sk', ...args], { encoding: 'utf8' }).stdout.split('\t')[0]);
    const modules = join(app, 'node_modules');
    const total = kb([modules]);
    const without = kb(['--exclude=@surrealdb', modules]);
    return `${(without / 1024).toFixed(1)} MB (${(total / 1024).toFixed(0)} MB with the engine)`;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const fmt = (ms) => (ms / 1000).toFixed(2).padStart(7);
console.log(
  'operation              tables   wall s (min / median)   cpu s (min / median)   floor wall / cpu s   ratio wall / cpu',
);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(22)} ${String(r.tables).padStart(6)}   ${fmt(r.op.wallMin)} / ${fmt(r.op.wallMedian)}    ${fmt(r.op.cpuMin)} / ${fmt(r.op.cpuMedian)}    ${fmt(r.floor.wallMin)} / ${fmt(r.floor.cpuMin)}   ${(r.op.wallMin / r.floor.wallMin).toFixed(1).padStart(5)}x / ${(r.op.cpuMin / r.floor.cpuMin).toFixed(1)}x`,
  );
}
const push = rows.filter((r) => r.name === 'push after diff -m');
const at = (t) => push.find((r) => r.tables === t);
if (at(1000) && at(2000)) {
  console.log(
    `\npush growth 1000 → 2000 tables: ${(at(2000).op.wallMin / at(1000).op.wallMin).toFixed(2)}x (linear is 2x)`,
  );
}
if (inProcess) {
  console.log(
    `\ndiff() in one process, 200 tables, nothing to do: ${(inProcess.min / 1000).toFixed(2)} s per call (median ${(inProcess.median / 1000).toFixed(2)} s, 5 calls after a first); 0.36 s was reported for smig 1.0.0-beta.2 on this machine`,
  );
}
console.log(`\ninstall of the packed package, without @surrealdb/*: ${packedInstallSize()}`);
console.log(
  `\n${pairs} pairs per figure; floors: node -e 0 (--version); the schema's statements on mem:// and INFO read back (diff, status); the same statements in one transaction on a fresh surrealkv store and read back (push); REMOVE TABLE for each table in one transaction on a pushed store and read back (rollback); the one table more defined in one transaction on a copy of the pushed store, read back (one more). What smig keeps in .smig/cache (history states, proofs, rehearsals) is what smig diff -m left for the push rows, and what the runs before left for the others; nothing in the no-cache rows.`,
);
process.exit(0);
