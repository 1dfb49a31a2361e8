import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './project.js';

const script = join(repoRoot, 'test', 'helpers', 'rpc-server.mjs');

export type ServerMode = 'serve' | 'silent';

/**
 * A SurrealDB server for one test: the embedded engine over the RPC protocol on 127.0.0.1, in a child
 * process of its own so that it can be killed like a real server (see rpc-server.mjs).
 */
export class TestServer {
  /** Every request line the server printed (`request <method> <text>`). */
  readonly requests: string[] = [];
  private readonly waiters: { test: (line: string) => boolean; done: () => void }[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  /** Starts a server on `store` (`mem://`, `surrealkv:///abs/path`) and waits until it listens. */
  static start(store: string, mode: ServerMode = 'serve'): Promise<TestServer> {
    const child = spawn(process.execPath, [script, store, mode], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return new Promise((done, fail) => {
      let server: TestServer | undefined;
      let buffered = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const listening = /^listening (\d+)$/.exec(line);
          if (listening) {
            server = new TestServer(child, Number(listening[1]));
            done(server);
          } else server?.received(line);
        }
      });
      child.on('exit', (code) => fail(new Error(`the test server exited with ${code} before listening`)));
    });
  }

  get ws(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get http(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resolves when the server receives a request whose line matches. */
  waitForRequest(pattern: RegExp): Promise<void> {
    if (this.requests.some((l) => pattern.test(l))) return Promise.resolve();
    return new Promise((done) => this.waiters.push({ test: (l) => pattern.test(l), done }));
  }

  /** Kills the server at once (SIGKILL: no shutdown, as in a crash) and waits for it to be gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGKILL');
    await exited;
  }

  private received(line: string): void {
    this.requests.push(line);
    for (const waiter of [...this.waiters]) {
      if (waiter.test(line)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.done();
      }
    }
  }
}
