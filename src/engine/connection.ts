import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeEngines } from '@surrealdb/node';
import {
  CallTerminatedError,
  ConnectionUnavailableError,
  createRemoteEngines,
  type Engines,
  type QueryResponse,
  Surreal,
  type SurrealQueryable,
  type SurrealSession,
  type SurrealTransaction,
} from 'surrealdb';
import { ConnectionError } from '../errors.js';
import { quoteIdent } from '../surql/ident.js';
import { secondsText, withTimeout } from '../timeout.js';
import { prepareStoreFolder } from './store-folder.js';
import { type ParsedUrl, redactUrl } from './url.js';

export type AuthLevel = 'root' | 'namespace' | 'database';

export interface ConnectOptions {
  readonly url: ParsedUrl;
  readonly namespace: string;
  readonly database: string;
  readonly username?: string;
  readonly password?: string;
  readonly authLevel?: AuthLevel;
  /** How long to wait for the engine to open or the server to answer. */
  readonly timeoutMs?: number;
  /**
   * How long to wait for an on-disk store that another process has open (one process at a time can);
   * `timeoutMs` when not given. Commands that wait for the migration lock pass their lock timeout.
   */
  readonly storeWaitMs?: number;
  /** Called once when the store is in use by another process and the connection waits for it. */
  readonly onStoreBusy?: () => void;
}

/** One statement's outcome, as the engine reported it. */
export type StatementResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: Error };

/** Anything that runs SurrealQL in a selected namespace and database. */
export interface Queryable {
  /** Runs the text and reports every statement's outcome; rejects only when the text does not parse. */
  results(sql: string, bindings?: Record<string, unknown>): Promise<StatementResult[]>;
  /** Runs the text; rejects with the first failing statement's error. */
  query(sql: string, bindings?: Record<string, unknown>): Promise<unknown[]>;
}

/**
 * An SDK instance for the embedded engines. `onEngineError` hears what the engine reports while opening
 * (a store locked by another process, a path that cannot be created): the SDK itself drops that and
 * leaves `connect` pending.
 */
function createEmbedded(onEngineError?: (error: Error) => void): Surreal {
  const engines = createNodeEngines();
  return new Surreal({ engines: onEngineError ? withErrorListener(engines, onEngineError) : engines });
}

/** The engines, each telling `listener` of the errors it reports. */
function withErrorListener<T extends Engines>(engines: T, listener: (error: Error) => void): T {
  return Object.fromEntries(
    Object.entries(engines).map(([scheme, create]) => [
      scheme,
      (context: Parameters<typeof create>[0]) => {
        const engine = create(context);
        engine.subscribe('error', listener);
        return engine;
      },
    ]),
  ) as T;
}

/**
 * The errors an engine reports while connecting (the SDK leaves `connect` pending on them): `listener`
 * hears them, and `failure` rejects with the first, to race against the connection.
 */
function engineFailures(): { readonly listener: (error: Error) => void; readonly failure: Promise<never> } {
  let listener: (error: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => {
    listener = reject;
  });
  // Nobody may be waiting on it any more once the connection is made.
  failure.catch(() => undefined);
  return { listener, failure };
}

/**
 * An SDK instance for a server (ws, wss, http, https). `onEngineError` hears a connection that fails
 * (refused, unknown host), which the SDK reports only as an event, leaving `connect` pending.
 */
async function createRemote(onEngineError: (error: Error) => void): Promise<Surreal> {
  // Node 20 has no global WebSocket; `ws` is loaded only then, and only for a server.
  const websocketImpl = globalThis.WebSocket ?? (await import('ws')).default;
  return new Surreal({
    engines: withErrorListener(createRemoteEngines(), onEngineError),
    websocketImpl: websocketImpl as unknown as typeof WebSocket,
  });
}

function toResults(responses: QueryResponse[]): StatementResult[] {
  return responses.map((r) => (r.success ? { ok: true, value: r.result } : { ok: false, error: r.error }));
}

class SessionQueryable<S extends SurrealQueryable = SurrealQueryable> implements Queryable {
  constructor(protected session: S) {}

  async results(sql: string, bindings?: Record<string, unknown>): Promise<StatementResult[]> {
    return toResults(await this.session.query(sql, bindings).responses());
  }

  async query(sql: string, bindings?: Record<string, unknown>): Promise<unknown[]> {
    const results = await this.results(sql, bindings);
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) throw failed.error;
    return results.map((r) => (r.ok ? r.value : undefined));
  }
}

/** A connection to the target database. */
export class Connection extends SessionQueryable<SurrealSession> {
  constructor(
    private readonly db: Surreal,
    readonly url: ParsedUrl,
    readonly namespace: string,
    readonly database: string,
    private readonly release: () => Promise<unknown> = () => db.close(),
  ) {
    super(db);
  }

  /**
   * Works through an application's own open SDK instance, in a session of its own (so the app's
   * namespace and database stay selected). Closing it ends only that session.
   */
  static async borrow(db: Surreal, url: ParsedUrl, namespace: string, database: string): Promise<Connection> {
    const session = await db.newSession();
    await session.use({ namespace, database });
    return new BorrowedConnection(db, session, url, namespace, database);
  }

  override async results(sql: string, bindings?: Record<string, unknown>): Promise<StatementResult[]> {
    try {
      return await super.results(sql, bindings);
    } catch (error) {
      throw lostConnection(error, this.url);
    }
  }

  /**
   * A transaction that stays open across requests until `commit()` or `cancel()`; undefined over HTTP,
   * where every request is a transaction of its own.
   */
  async transaction(): Promise<OpenTransaction | undefined> {
    if (this.url.scheme === 'http' || this.url.scheme === 'https') return undefined;
    try {
      return new OpenTransaction(await this.session.beginTransaction(), this.url);
    } catch (error) {
      throw lostConnection(error, this.url);
    }
  }

  async version(): Promise<string> {
    const v = await this.db.version();
    return v.version;
  }

  async close(): Promise<void> {
    await this.release().catch(() => undefined);
  }
}

/**
 * A transaction of the SDK's own, open until committed or cancelled. Unlike a `BEGIN … COMMIT` block,
 * a statement that fails in it does not fail the transaction: `commit()` would keep the statements that
 * succeeded, so the caller judges every result before it commits.
 */
export class OpenTransaction extends SessionQueryable {
  constructor(
    private readonly tx: SurrealTransaction,
    private readonly url: ParsedUrl,
  ) {
    super(tx);
  }

  override async results(sql: string, bindings?: Record<string, unknown>): Promise<StatementResult[]> {
    try {
      return await super.results(sql, bindings);
    } catch (error) {
      throw lostConnection(error, this.url);
    }
  }

  async commit(): Promise<void> {
    try {
      await this.tx.commit();
    } catch (error) {
      throw lostConnection(error, this.url);
    }
  }

  async cancel(): Promise<void> {
    try {
      await this.tx.cancel();
    } catch (error) {
      throw lostConnection(error, this.url);
    }
  }
}

/** A request cut off by a lost connection, as a ConnectionError; any other error as it is. */
function lostConnection(error: unknown, url: ParsedUrl): unknown {
  if (!(error instanceof CallTerminatedError || error instanceof ConnectionUnavailableError)) return error;
  const shown = redactUrl(url.url);
  return new ConnectionError(
    `The connection to ${shown} was lost before the database answered (the server stopped or closed it).`,
    {
      where: shown,
      hint: 'Check the server, then run `smig status` to see where the database stands.',
      cause: error,
    },
  );
}

class BorrowedConnection extends Connection {
  constructor(db: Surreal, session: SurrealSession, url: ParsedUrl, namespace: string, database: string) {
    super(db, url, namespace, database, () => session.closeSession());
    this.session = session;
  }
}

function connectionHint(url: ParsedUrl): string {
  if (url.path) {
    return `Another process (a running app, another smig) has the store at ${url.path} open: an embedded store can be opened by one process at a time. Stop it, wait longer (--lock-timeout, --connect-timeout), or point --url at a server.`;
  }
  return 'Check that the server is running and reachable at this address, or pass another --url.';
}

const storeLocked = /already locked by another process/i;

/** Why a server could not be reached, as the network layer says it (refused, unknown host). */
function connectionReason(error: Error): string {
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return `${e.message} (${code})`;
  }
  const cause = (error as { cause?: unknown }).cause;
  if (typeof cause === 'string' && cause.trim() !== '') return cause.trim();
  return cause instanceof Error ? cause.message : error.message;
}

/** The engine's own reason, without the SDK's generic wrapper. */
function engineReason(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const text = cause instanceof Error ? cause.message : error.message;
  return text.replace(/^There was a problem with the datastore:\s*/i, '').replace(/^Other error:\s*/i, '');
}

/**
 * Opens an embedded store. Another process that has the store open makes the engine fail at once (its
 * lock file is taken); the attempt is then repeated until `waitMs`, so a second process gets in as soon
 * as the first is done. Any other failure (a path that cannot be created or written) is reported as is.
 */
async function openEmbedded(options: ConnectOptions, timeoutMs: number): Promise<Surreal> {
  const { url } = options;
  const shown = redactUrl(url.url);
  const waitMs = options.storeWaitMs ?? timeoutMs;
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    const { listener, failure: engineFailure } = engineFailures();
    const db = createEmbedded(listener);
    try {
      await withTimeout(
        Promise.race([db.connect(url.url), engineFailure]),
        timeoutMs,
        () =>
          new ConnectionError(
            `The database store ${url.path ?? shown} did not open within ${secondsText(timeoutMs)}.`,
            {
              where: shown,
              hint: connectionHint(url),
            },
          ),
      );
      return db;
    } catch (error) {
      // This attempt's instance is given up (the next one is a new instance): closed, not left behind.
      // Not awaited: an instance that never connected has nothing to wait for.
      void db.close().catch(() => undefined);
      if (error instanceof ConnectionError) throw error;
      const reason = engineReason(error as Error);
      if (!storeLocked.test(reason)) {
        throw new ConnectionError(`The database store ${url.path ?? shown} could not be opened: ${reason}`, {
          where: url.path ?? shown,
          hint: 'Check that the path is a folder smig may create and write (or an existing store), or pass another --url.',
          cause: error,
        });
      }
      if (Date.now() >= deadline) {
        throw new ConnectionError(
          `The database store ${url.path} is in use by another process, and stayed in use for ${secondsText(waitMs)}.`,
          { where: shown, hint: connectionHint(url), cause: error },
        );
      }
      if (!told) options.onStoreBusy?.();
      told = true;
      await new Promise((done) => setTimeout(done, 250));
    }
  }
}

/**
 * Opens the target database. The SDK never rejects an embedded connection that cannot be made, and a
 * server may accept a connection and never answer: every step runs under a timeout. A remote connection
 * does not reconnect: a query cut off by a lost connection fails at once instead of waiting to be resent.
 */
export async function connect(options: ConnectOptions): Promise<Connection> {
  const { url, namespace, database } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const shown = redactUrl(url.url);
  if (url.embedded && url.path && keptStores) return keptConnection(options, url.path, timeoutMs);
  let db: Surreal;
  if (url.embedded) {
    if (url.path) prepareStoreFolder(url.path);
    db = await openEmbedded(options, timeoutMs);
  } else {
    const { listener, failure: engineFailure } = engineFailures();
    db = await createRemote(listener);
    try {
      await withTimeout(
        Promise.race([db.connect(url.url, { reconnect: false }), engineFailure]),
        timeoutMs,
        () =>
          new ConnectionError(`The database at ${shown} did not answer within ${secondsText(timeoutMs)}.`, {
            where: shown,
            hint: connectionHint(url),
          }),
      );
    } catch (error) {
      // A connection that never opened cannot be closed cleanly; leave it to process exit.
      if (error instanceof ConnectionError) throw error;
      throw new ConnectionError(`Could not connect to ${shown}: ${connectionReason(error as Error)}`, {
        where: shown,
        hint: connectionHint(url),
        cause: error,
      });
    }
  }
  try {
    await signInAndUse(db, options, timeoutMs);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return new Connection(db, url, namespace, database);
}

/**
 * Stores kept open by this process (see `keepStoresOpen`), by the identity of their folder (device and
 * inode), so that a folder moved away is still recognised and a new folder at the old path is not
 * taken for it. A connection to one of them is a session of its own on the one engine instance.
 */
const openStores = new Map<string, Surreal>();
let keptStores = false;

/**
 * From now on, an embedded on-disk store this process opens stays open until the process exits, and
 * later connections to it in the same process share it. For a process that runs several commands: the
 * engine does not release a store in which it has defined an index (the store's lock stays taken by
 * this process after it is closed), so closing and reopening it would leave the next command waiting
 * for a lock nobody will release.
 */
export function keepStoresOpen(): void {
  keptStores = true;
}

async function keptConnection(options: ConnectOptions, path: string, timeoutMs: number): Promise<Connection> {
  prepareStoreFolder(path);
  const folderKey = () => {
    const folder = statSync(path);
    return `${folder.dev}:${folder.ino}`;
  };
  // A store that does not exist yet is not open; the engine creates its folder.
  let db = existsSync(path) ? openStores.get(folderKey()) : undefined;
  if (!db) {
    db = await openEmbedded(options, timeoutMs);
    openStores.set(folderKey(), db);
  }
  const session = await db.newSession();
  try {
    await signInAndUse(session, options, timeoutMs);
  } catch (error) {
    await session.closeSession().catch(() => undefined);
    throw error;
  }
  return new BorrowedConnection(db, session, options.url, options.namespace, options.database);
}

/** Signs in (when a user is given) and selects the namespace and database, each under the timeout. */
async function signInAndUse(
  db: Surreal | SurrealSession,
  options: ConnectOptions,
  timeoutMs: number,
): Promise<void> {
  const { url, namespace, database } = options;
  const shown = redactUrl(url.url);
  try {
    if (options.username !== undefined) {
      const level = options.authLevel ?? 'root';
      const auth = {
        username: options.username,
        password: options.password ?? '',
        ...(level !== 'root' ? { namespace } : {}),
        ...(level === 'database' ? { database } : {}),
      };
      await withTimeout(
        db.signin(auth),
        timeoutMs,
        () =>
          new ConnectionError(`Signing in to ${shown} timed out after ${secondsText(timeoutMs)}.`, {
            where: shown,
          }),
      );
    }
    await withTimeout(
      db.use({ namespace, database }),
      timeoutMs,
      () =>
        new ConnectionError(`The database at ${shown} did not answer within ${secondsText(timeoutMs)}.`, {
          where: shown,
          hint: connectionHint(url),
        }),
    );
  } catch (error) {
    if (error instanceof ConnectionError) throw error;
    throw new ConnectionError(
      `Could not sign in to ${shown} as '${options.username}': ${(error as Error).message}`,
      {
        where: shown,
        hint: 'Check the username, password and auth level (root, namespace or database), e.g. in SMIG_USERNAME / SMIG_PASSWORD.',
        cause: error,
      },
    );
  }
}

let shadowCounter = 0;

/**
 * An in-memory engine that hands out empty scratch databases: the *shadow* on which schemas are applied
 * and migrations replayed, so that both sides of every comparison are printed by the same engine.
 */
export class Shadow {
  private creating: Promise<unknown> = Promise.resolve();
  private versionRead: Promise<string> | undefined;

  private constructor(private readonly db: Surreal) {}

  static async open(): Promise<Shadow> {
    const db = createEmbedded();
    await db.connect('mem://');
    return new Shadow(db);
  }

  /** A fresh, empty database in its own session. */
  database(label = 'scratch'): Promise<Queryable> {
    // Creating namespaces and databases at the same moment makes the engine report a write conflict:
    // they are created one after the other, and each in a namespace of its own, so that the work on
    // them can then run at the same time.
    const next = this.creating.then(async () => {
      const session = await this.db.newSession();
      shadowCounter += 1;
      await session.use({ namespace: `smig_shadow_${shadowCounter}`, database: label });
      return new SessionQueryable(session);
    });
    this.creating = next.catch(() => undefined);
    return next;
  }

  /** The engine's version as it reports it (as a server reports its own: `Connection.version`); asked once. */
  version(): Promise<string> {
    this.versionRead ??= this.db.version().then((v) => v.version);
    return this.versionRead;
  }

  /** The engine's version as it reports it, with the version of the package that embeds it. */
  async engineVersion(): Promise<string> {
    return `${await this.version()} (@surrealdb/node ${embeddedPackageVersion()})`;
  }

  /**
   * Closes the engine, after removing what the scratch databases hold unless the process is about to
   * exit anyway (`{ clear: false }`). The engine keeps a thread running for every index it holds, even
   * once closed, and that thread keeps the Node process from ending; removing the namespaces first
   * stops them, so a script that used smig ends by itself.
   */
  async close({ clear = true }: { readonly clear?: boolean } = {}): Promise<void> {
    if (clear) await this.clear();
    await this.db.close().catch(() => undefined);
  }

  private async clear(): Promise<void> {
    try {
      const [root] = (await this.db.query('INFO FOR ROOT').collect()) as [{ namespaces?: object }];
      const namespaces = Object.keys(root.namespaces ?? {});
      if (namespaces.length > 0) {
        await this.db
          .query(namespaces.map((n) => `REMOVE NAMESPACE IF EXISTS ${quoteIdent(n)};`).join('\n'))
          .collect();
      }
    } catch {
      // Closing goes on: the worst outcome is a process that the caller has to end.
    }
  }
}

function embeddedPackageVersion(): string {
  try {
    const main = fileURLToPath(import.meta.resolve('@surrealdb/node'));
    const manifest = join(
      main.slice(0, main.lastIndexOf('@surrealdb/node') + '@surrealdb/node'.length),
      'package.json',
    );
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
