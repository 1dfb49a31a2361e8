import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { RunResult } from './project.js';

/**
 * Runs smig command lines in this test process, on a worker thread that keeps the CLI, the engine and
 * the loader loaded from one command to the next (a process per command spends most of its time
 * starting). The call blocks until the command is done, like `spawnSync`.
 */
class CliHost {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private readonly signal = new SharedArrayBuffer(4);

  run(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): RunResult {
    const previous = process.cwd();
    process.chdir(cwd);
    try {
      return (
        (this.request({ args: [...args], env }, timeoutMs) as RunResult | undefined) ?? {
          code: -1,
          stdout: '',
          stderr: `timed out after ${timeoutMs} ms`,
        }
      );
    } finally {
      process.chdir(previous);
    }
  }

  /** Runs SurrealQL on an on-disk store (`surrealkv:///abs/path`) and returns each statement's result. */
  query(sql: string, url: string, namespace: string, database: string): unknown[] {
    const reply = this.request({ sql, url, namespace, database }, 60_000) as
      | { result?: unknown[]; error?: string }
      | undefined;
    if (reply === undefined) throw new Error(`query timed out: ${sql}`);
    if (reply.error !== undefined) throw new Error(`query failed: ${reply.error}`);
    return reply.result ?? [];
  }

  /** Sends one request to the worker and waits for its reply; undefined when it did not come in time. */
  private request(message: object, timeoutMs: number): unknown {
    const port = this.start();
    const done = new Int32Array(this.signal);
    Atomics.store(done, 0, 0);
    port.postMessage(message);
    if (Atomics.wait(done, 0, 0, timeoutMs) === 'timed-out') {
      this.abandon();
      return undefined;
    }
    const reply = receiveMessageOnPort(port);
    if (reply === undefined) throw new Error('the CLI worker finished without a reply');
    return reply.message;
  }

  private start(): MessagePort {
    if (this.port) return this.port;
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(new URL('./cli-worker.mjs', import.meta.url), {
      workerData: { port: port2, signal: this.signal },
      transferList: [port2],
      stdout: false,
      stderr: false,
    });
    // Neither keeps the test process alive once its tests are done.
    this.worker.unref();
    port1.unref();
    this.port = port1;
    return port1;
  }

  /**
   * Leaves a worker that did not answer in time to the end of the test process (stopping a thread
   * while the engine works in it can crash the process); the next request starts a new one.
   */
  private abandon(): void {
    this.port?.close();
    this.worker = undefined;
    this.port = undefined;
  }
}

export const cliHost = new CliHost();
