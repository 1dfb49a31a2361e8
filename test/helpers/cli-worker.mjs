// The other half of cli-host.ts: a worker thread that runs smig command lines in-process, one at a
// time, with the environment given for each, capturing what they print. Plain JavaScript, so that the
// built CLI (and whatever a user's schema imports from 'smig') is loaded by Node itself.
import { register } from 'node:module';
import { workerData } from 'node:worker_threads';

const { port, signal } = workerData;
const done = new Int32Array(signal);
const generation = new Int32Array(new SharedArrayBuffer(4));
register(new URL('./fresh-imports.mjs', import.meta.url), {
  data: { generation: generation.buffer, repository: new URL('../../', import.meta.url).href },
});
const { run } = await import(new URL('../../dist/cli/main.js', import.meta.url).href);
const { connect, keepStoresOpen } = await import(
  new URL('../../dist/engine/connection.js', import.meta.url).href
);
keepStoresOpen();
const { parseDatabaseUrl } = await import(new URL('../../dist/engine/url.js', import.meta.url).href);

/** Runs SurrealQL on an on-disk store the way an application would, and returns each statement's result. */
async function query({ sql, url, namespace, database }) {
  const connection = await connect({
    url: parseDatabaseUrl(url, '/'),
    namespace,
    database,
    timeoutMs: 60_000,
  });
  try {
    const raw = await connection.session.query(sql).json().responses();
    // As printed by a process of its own: JSON, where a missing value in a list is null.
    return JSON.parse(JSON.stringify(raw.map((r) => (r.success ? r.result : { error: r.error.message }))));
  } finally {
    await connection.close();
  }
}

let out = '';
let err = '';
const capture = (append) =>
  function write(chunk, encoding, callback) {
    append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') queueMicrotask(() => cb());
    return true;
  };
process.stdout.write = capture((s) => {
  out += s;
});
process.stderr.write = capture((s) => {
  err += s;
});

class Exited extends Error {
  constructor(code) {
    super(`process.exit(${code})`);
    this.code = code;
  }
}
process.exit = (code) => {
  throw new Exited(code ?? 0);
};

function setEnvironment(env) {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
}

port.on('message', async (request) => {
  if (request.sql !== undefined) {
    let reply;
    try {
      reply = { result: await query(request) };
    } catch (error) {
      reply = { error: String(error?.stack ?? error) };
    }
    port.postMessage(reply);
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
    return;
  }
  const { args, env } = request;
  Atomics.add(generation, 0, 1);
  out = '';
  err = '';
  setEnvironment(env);
  let code;
  try {
    code = await run(args);
  } catch (error) {
    if (error instanceof Exited) code = error.code;
    else {
      err += `${error?.stack ?? error}\n`;
      code = -1;
    }
  }
  port.postMessage({ code, stdout: out, stderr: err });
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
