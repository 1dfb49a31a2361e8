import { type ChildProcess, spawn } from 'node:child_process';
import { repoRoot } from './project.js';

/**
 * Runs `work` while another process holds an on-disk store open (an embedded store can be opened by one
 * process at a time).
 */
export async function whileHeld<T>(url: string, work: () => T | Promise<T>): Promise<T> {
  const holder: ChildProcess = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { Surreal } from 'surrealdb'; import { createNodeEngines } from '@surrealdb/node';
       const db = new Surreal({ engines: createNodeEngines() });
       await db.connect(${JSON.stringify(url)}); console.log('open'); setInterval(() => {}, 1000);`,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((done, fail) => {
      holder.stdout?.on('data', (d: Buffer) => d.toString().includes('open') && done());
      holder.on('exit', () => fail(new Error('the holder process exited')));
    });
    return await work();
  } finally {
    const exited = new Promise((done) => holder.once('exit', done));
    holder.kill('SIGKILL');
    await exited;
  }
}
