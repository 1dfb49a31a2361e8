import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createNodeEngines } from '@surrealdb/node';
import { createRemoteEngines, type QueryResponse, Surreal, type SurrealSession } from 'surrealdb';
import WebSocketImpl from 'ws';
import { ConnectionError } from '../errors.js';
import { withTimeout } from '../timeout.js';
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

function createSurreal(): Surreal {
  return new Surreal({
    engines: { ...createRemoteEngines(), ...createNodeEngines() },
    // Node 20 has no global WebSocket.
    websocketImpl: (globalThis.WebSocket ?? WebSocketImpl) as unknown as typeof WebSocket,
  });
}

function toResults(responses: QueryResponse[]): StatementResult[] {
  return responses.map((r) => (r.success ? { ok: true, value: r.result } : { ok: false, error: r.error }));
}

class SessionQueryable implements Queryable {
  constructor(protected session: SurrealSession | Surreal) {}

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
export class Connection extends SessionQueryable {
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

  async version(): Promise<string> {
    const v = await this.db.version();
    return v.version;
  }

  async close(): Promise<void> {
    await this.release().catch(() => undefined);
  }
}

class BorrowedConnection extends Connection {
  constructor(db: Surreal, session: SurrealSession, url: ParsedUrl, namespace: string, database: string) {
    super(db, url, namespace, database, () => session.closeSession());
    this.session = session;
  }
}

function connectionHint(url: ParsedUrl): string {
  if (url.path) {
    return `Another process (a running app, another smig) may have the store at ${url.path} open: an embedded store can be opened by one process at a time. Stop it, or point --url at a server.`;
  }
  return 'Check that the server is running and reachable at this address, or pass another --url.';
}

/**
 * Opens the target database. The embedded engines never reject a connection that cannot be made (a
 * store locked by another process hangs forever), so every connect runs under a timeout.
 */
export async function connect(options: ConnectOptions): Promise<Connection> {
  const { url, namespace, database } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (url.path) mkdirSync(dirname(url.path), { recursive: true });
  const db = createSurreal();
  const shown = redactUrl(url.url);
  try {
    await withTimeout(
      // `reconnect: false` makes a later reopen of the same on-disk store in this process hang.
      db.connect(url.url),
      timeoutMs,
      () =>
        new ConnectionError(
          url.path
            ? `The database store ${url.path} could not be opened within ${timeoutMs / 1000}s: it is in use by another process or unavailable.`
            : `The database at ${shown} did not answer within ${timeoutMs / 1000}s.`,
          { where: shown, hint: connectionHint(url) },
        ),
    );
  } catch (error) {
    // A store that never opened cannot be closed cleanly; leave it to process exit.
    if (error instanceof ConnectionError) throw error;
    throw new ConnectionError(`Could not connect to ${shown}: ${(error as Error).message}`, {
      where: shown,
      hint: connectionHint(url),
      cause: error,
    });
  }
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
        () => new ConnectionError(`Signing in to ${shown} timed out.`, { where: shown }),
      );
    }
    await db.use({ namespace, database });
  } catch (error) {
    await db.close().catch(() => undefined);
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
  return new Connection(db, url, namespace, database);
}

let shadowCounter = 0;

/**
 * An in-memory engine that hands out empty scratch databases: the *shadow* on which schemas are applied
 * and migrations replayed, so that both sides of every comparison are printed by the same engine.
 */
export class Shadow {
  private creating: Promise<unknown> = Promise.resolve();

  private constructor(private readonly db: Surreal) {}

  static async open(): Promise<Shadow> {
    const db = createSurreal();
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

  async close(): Promise<void> {
    await this.db.close().catch(() => undefined);
  }
}
