// A SurrealDB server for tests: the embedded engine served over the RPC protocol on 127.0.0.1, so that
// smig's remote path (ws://, http://) runs against a real SurrealDB 3 core without an external server.
// The native engine's `execute()` takes the CBOR request a server's /rpc endpoint takes and returns the
// result, or `{ error }`; this file only carries those bytes over WebSocket (subprotocol `cbor`) and HTTP.
//
//   node rpc-server.mjs <store url> [serve|silent]
//
// Prints `listening <port>` when ready, and `request <method> <text>` for every request it receives.
// `silent` accepts connections and requests and never answers them.
import { readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CborCodec, Uuid } from 'surrealdb';
import { WebSocketServer } from 'ws';

const [storeUrl = 'mem://', mode = 'serve'] = process.argv.slice(2);
const require = createRequire(import.meta.url);

function loadNativeEngine() {
  const dist = dirname(fileURLToPath(import.meta.resolve('@surrealdb/node')));
  const candidates = readdirSync(dist).filter(
    (f) => f.endsWith('.node') && f.includes(`.${process.platform}-${process.arch}`),
  );
  for (const file of candidates) {
    try {
      return require(join(dist, file)).SurrealNodeEngine;
    } catch {
      // A binary for another libc: try the next one.
    }
  }
  throw new Error(`No native SurrealDB engine for ${process.platform}-${process.arch} in ${dist}`);
}

const codec = CborCodec.DEFAULT ?? new CborCodec({});
const engine = await loadNativeEngine().connect(storeUrl, undefined);

function log(request) {
  const text = request.method === 'query' ? String(request.params?.[0] ?? '') : '';
  process.stdout.write(`request ${request.method} ${text.replace(/\s+/g, ' ').slice(0, 200)}\n`);
}

/** Runs one decoded request on the engine and returns the reply as the server would send it. */
async function answer(request) {
  try {
    const reply = codec.decode(await engine.execute(codec.encode(request)));
    if (reply && typeof reply === 'object' && 'error' in reply) return { id: request.id, error: reply.error };
    return { id: request.id, result: reply };
  } catch (error) {
    return { id: request.id, error: { code: -32000, message: String(error?.message ?? error) } };
  }
}

let sessions = 0;
/** Every connection gets a session of its own, as on a server: one client's `use` does not move another. */
async function newSession() {
  sessions += 1;
  const session = new Uuid(`00000000-0000-4000-8000-${String(sessions).padStart(12, '0')}`);
  await answer({ id: `attach-${sessions}`, method: 'attach', session });
  return session;
}

const http = createServer(async (req, res) => {
  if (req.method !== 'POST' || !req.url?.startsWith('/rpc')) {
    res.writeHead(req.url === '/health' ? 200 : 404).end();
    return;
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const request = codec.decode(new Uint8Array(Buffer.concat(chunks)));
  log(request);
  if (mode === 'silent') return;
  // HTTP is stateless: the namespace, database and token come with every request.
  const session = await newSession();
  const ns = req.headers['surreal-ns'];
  const db = req.headers['surreal-db'];
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (token) await answer({ id: 'auth', method: 'authenticate', params: [token], session });
  if (ns || db) await answer({ id: 'use', method: 'use', params: [ns, db], session });
  const reply = await answer({ ...request, session: request.session ?? session });
  await answer({ id: 'detach', method: 'detach', session });
  res.writeHead(200, { 'content-type': 'application/cbor' }).end(codec.encode(reply));
});

const wss = new WebSocketServer({
  server: http,
  path: '/rpc',
  handleProtocols: (protocols) => (protocols.has('cbor') ? 'cbor' : false),
});
wss.on('connection', (socket) => {
  const session = newSession();
  socket.on('message', async (data) => {
    const request = codec.decode(new Uint8Array(data));
    log(request);
    if (mode === 'silent') return;
    const reply = await answer({ ...request, session: request.session ?? (await session) });
    socket.send(codec.encode(reply));
  });
});

http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${http.address().port}\n`);
});
