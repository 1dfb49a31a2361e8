import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cliHost } from './cli-host.js';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
const cli = join(repoRoot, 'bin', 'smig.js');

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A user's project in a temporary folder: smig installed in its node_modules (a link to this
 * repository, built by `npm test`), and whatever files the test writes.
 */
export class TempProject {
  readonly dir: string;

  /**
   * With `processes`, every command and query runs in a process of its own: for a test that also has
   * other processes (a terminal, a watcher) open the project's store, which one process at a time can.
   */
  constructor(
    prefix = 'smig-test-',
    private readonly options: { readonly processes?: boolean } = {},
  ) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    mkdirSync(join(this.dir, 'node_modules'));
    symlinkSync(repoRoot, join(this.dir, 'node_modules', 'smig'), 'dir');
  }

  write(name: string, text: string): void {
    const path = join(this.dir, name);
    mkdirSync(resolve(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }

  /** A symbolic link `name` to `target` (both relative to the project). */
  link(target: string, name: string): void {
    const path = join(this.dir, name);
    mkdirSync(resolve(path, '..'), { recursive: true });
    symlinkSync(join(this.dir, target), path, 'dir');
  }

  removeLink(name: string): void {
    rmSync(join(this.dir, name));
  }

  /**
   * Writes a migration merged from another branch, made one second before the migration file `later`
   * (it creates table `other`); returns its id.
   */
  writeMigrationBefore(later: string): string {
    const id = `${String(Number(later.slice(0, 14)) - 1)}_from_branch`;
    this.write(
      `migrations/${id}.surql`,
      [
        `-- smig migration ${id}`,
        '-- message: from branch',
        '',
        '-- Forward migration',
        'DEFINE TABLE other TYPE NORMAL SCHEMAFULL;',
        '',
        '-- Rollback migration',
        'REMOVE TABLE other;',
        '',
      ].join('\n'),
    );
    return id;
  }

  read(name: string): string {
    return readFileSync(join(this.dir, name), 'utf8');
  }

  copy(from: string, name: string): void {
    copyFileSync(from, join(this.dir, name));
  }

  migrations(): string[] {
    try {
      return readdirSync(join(this.dir, 'migrations')).sort();
    } catch {
      return [];
    }
  }

  /**
   * Runs the CLI as a user would, in this folder, with no terminal: in this test process (see
   * cli-host.ts), or as a process of its own with `smigProcess`.
   */
  smig(args: readonly string[], env: Record<string, string> = {}): RunResult {
    if (this.options.processes) return this.smigProcess(args, env);
    return cliHost.run(args, this.dir, { ...process.env, NO_COLOR: '1', CI: 'true', ...env }, 120_000);
  }

  /** `smig()` as a process of its own: for what only a whole process shows (exit, signals, stdin). */
  smigProcess(args: readonly string[], env: Record<string, string> = {}): RunResult {
    const r = spawnSync(process.execPath, [cli, ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: 'true', ...env },
      timeout: 120_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /** `smig()` without blocking the test worker, so that several can run at once. */
  smigAsync(args: readonly string[], env: Record<string, string> = {}): Promise<RunResult> {
    return runAsync(process.execPath, [cli, ...args], {
      cwd: this.dir,
      env: { ...process.env, NO_COLOR: '1', CI: 'true', ...env },
    });
  }

  /**
   * Queries the project's on-disk database from a separate process (a store can be opened by one
   * process at a time, and reopening it inside a test worker hangs).
   */
  query(sql: string, store = '.smig/dev.db', ns = 'test', db = 'test'): unknown[] {
    if (this.options.processes) return this.queryProcess(sql, store, ns, db);
    return cliHost.query(sql, `surrealkv://${resolve(this.dir, store)}`, ns, db);
  }

  /** `query()` from a process of its own. */
  queryProcess(sql: string, store = '.smig/dev.db', ns = 'test', db = 'test'): unknown[] {
    const r = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', this.queryScript(sql, store, ns, db)],
      {
        // Run from the repository so that the SDK resolves.
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    if (r.status !== 0) throw new Error(`query failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as unknown[];
  }

  /** `query()` without blocking the test worker. */
  async queryAsync(sql: string, store = '.smig/dev.db', ns = 'test', db = 'test'): Promise<unknown[]> {
    // In this process, a query is as quick as it is short: only a process of its own is worth awaiting.
    if (!this.options.processes) return this.query(sql, store, ns, db);
    const r = await runAsync(
      process.execPath,
      ['--input-type=module', '-e', this.queryScript(sql, store, ns, db)],
      {
        cwd: repoRoot,
      },
    );
    if (r.code !== 0) throw new Error(`query failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as unknown[];
  }

  private queryScript(sql: string, store: string, ns: string, db: string): string {
    const absolute = `surrealkv://${resolve(this.dir, store)}`;
    return `
      import { Surreal } from 'surrealdb';
      import { createNodeEngines } from '@surrealdb/node';
      const url = ${JSON.stringify(absolute)};
      const db = new Surreal({ engines: createNodeEngines() });
      await db.connect(url);
      await db.use({ namespace: ${JSON.stringify(ns)}, database: ${JSON.stringify(db)} });
      const out = await db.query(${JSON.stringify(sql)}).json().responses();
      process.stdout.write(JSON.stringify(out.map((r) => (r.success ? r.result : { error: r.error.message }))));
      await db.close();
      process.exit(0);
    `;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function runAsync(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}
