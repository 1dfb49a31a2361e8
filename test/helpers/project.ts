import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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

  constructor(prefix = 'smig-test-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    mkdirSync(join(this.dir, 'node_modules'));
    symlinkSync(repoRoot, join(this.dir, 'node_modules', 'smig'), 'dir');
  }

  write(name: string, text: string): void {
    const path = join(this.dir, name);
    mkdirSync(resolve(path, '..'), { recursive: true });
    writeFileSync(path, text);
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

  /** Runs the CLI as a user would: a process of its own, in this folder, with no terminal. */
  smig(args: readonly string[], env: Record<string, string> = {}): RunResult {
    const r = spawnSync(process.execPath, [cli, ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: 'true', ...env },
      timeout: 120_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /**
   * Queries the project's on-disk database from a separate process (a store can be opened by one
   * process at a time, and reopening it inside a test worker hangs).
   */
  query(sql: string, store = '.smig/dev.db', ns = 'test', db = 'test'): unknown[] {
    const absolute = `surrealkv://${resolve(this.dir, store)}`;
    const script = `
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
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      // Run from the repository so that the SDK resolves.
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.status !== 0) throw new Error(`query failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as unknown[];
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
