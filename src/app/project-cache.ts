import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CborCodec } from 'surrealdb';
import { digestOf, sha256 } from '../digest.js';
import type { Snapshot, SnapshotEntity } from '../model/snapshot.js';
import type { CompiledStatement } from '../model/statement.js';
import { smigVersion } from '../version.js';

/** Bumped whenever the stored form of a snapshot or the way keys are made changes. */
const format = 3;
/** How many snapshots a project keeps; the least recently used beyond that are removed. */
const kept = 32;
/** How many tables' proofs that they take a record a project keeps (a few schemas' worth). */
const keptProofs = 20_000;

/**
 * The statements of a schema in parts, each with one digest of its statements in order: every table's
 * own (its DEFINE TABLE, fields, indexes and events), keyed `table <name>`, and the database-level ones
 * together, keyed `database`.
 */
export function statementParts(statements: readonly CompiledStatement[]): Map<string, string> {
  const texts = new Map<string, string[]>();
  for (const { ref, sql } of statements) {
    const table = ref.kind === 'table' ? ref.name : ref.table;
    const part = table === undefined ? 'database' : `table ${table}`;
    let some = texts.get(part);
    if (some === undefined) {
      some = [];
      texts.set(part, some);
    }
    some.push(sql);
  }
  return new Map([...texts].map(([part, some]) => [part, digestOf(some)]));
}

/**
 * Whether JSON gives the value back exactly: strings, finite numbers (not -0), booleans, null, arrays and
 * plain objects of such values. Values of the SDK's own types (record ids, durations) are not.
 */
function plain(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(plain);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(plain);
}

/** One stored entity: as JSON when that gives it back exactly, otherwise in the engine's binary form. */
type StoredEntity =
  | readonly [id: string, form: 'json', entity: SnapshotEntity]
  | readonly [string, 'cbor', string];

/**
 * The entities as kept: each as JSON when JSON gives it back exactly (fast to write and read), otherwise
 * in SurrealDB's own binary form (CBOR, as the engine sends it), so that the values of the engine's
 * STRUCTURE output (record ids, durations) come back as the same types; undefined when something in
 * them has neither form.
 */
function encode(entities: readonly (readonly [string, SnapshotEntity])[]): string | undefined {
  try {
    const stored = entities.map(([id, entity]): StoredEntity => {
      if (plain(entity)) return [id, 'json', entity];
      const bytes = codec().encode(entity);
      // Only what decodes to exactly the same values (types included) is kept.
      if (!isDeepStrictEqual(codec().decode(bytes), entity)) throw new Error(`${id} has no exact form`);
      return [id, 'cbor', Buffer.from(bytes).toString('base64')];
    });
    return JSON.stringify(stored);
  } catch {
    return undefined;
  }
}

function decode(body: string): [string, SnapshotEntity][] | undefined {
  const stored = JSON.parse(body) as unknown;
  if (!Array.isArray(stored)) return undefined;
  return (stored as StoredEntity[]).map(([id, form, value]) => [
    id,
    form === 'json'
      ? (value as SnapshotEntity)
      : (codec().decode(Buffer.from(value as string, 'base64')) as SnapshotEntity),
  ]);
}

function codec(): CborCodec {
  return CborCodec.DEFAULT ?? new CborCodec({});
}

/** What a kept snapshot is the state of. */
type SnapshotKind = 'history' | 'schema';

/** The sections of a pending migration push rehearses. */
interface RehearsedMigration {
  readonly forward: string;
  readonly rollback: string;
}

function rehearsalInputs(applied: readonly string[], pending: readonly RehearsedMigration[]) {
  return [digestOf(applied), digestOf(pending.flatMap((m) => [m.forward, m.rollback]))];
}

/**
 * What the shadow engine found before, kept under `.smig/cache/`: the schema each migration history
 * gives (so that a command does not replay a history it has seen) and the one a schema file's
 * statements give, which schemas were proven to take a record in every table, and which pending
 * migrations push rehearsed with success on which state. An entry is keyed by everything it depends
 * on: the statements in order, the shadow engine's version and smig's own (which decides how a schema
 * is read); a snapshot holds a digest of its content, so a damaged file is a miss, never a wrong answer.
 * A miss is recomputed by the caller; a folder that cannot be written only means nothing is kept.
 */
export class ProjectCache {
  constructor(
    private readonly dir: string,
    private readonly engineVersion: string,
  ) {}

  /** `history`: the forward sections of a migration history; `schema`: a schema file's statements. */
  private key(forwards: readonly string[], kind: SnapshotKind): string {
    return digestOf([String(format), smigVersion, this.engineVersion, kind, ...forwards]);
  }

  private file(key: string): string {
    return join(this.dir, `history-${key}.json`);
  }

  get(forwards: readonly string[], kind: SnapshotKind = 'history'): Snapshot | undefined {
    return this.read(this.key(forwards, kind));
  }

  private read(key: string): Snapshot | undefined {
    let text: string;
    try {
      text = readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    // A line of JSON naming the entry and the digest of its body, then the body as it was written.
    const headerEnd = text.indexOf('\n');
    if (headerEnd === -1) return undefined;
    let header: { key?: unknown; digest?: unknown };
    try {
      header = JSON.parse(text.slice(0, headerEnd)) as typeof header;
    } catch {
      return undefined;
    }
    const body = text.slice(headerEnd + 1);
    if (header.key !== key || header.digest !== sha256(body)) return undefined;
    let entities: [string, SnapshotEntity][] | undefined;
    try {
      entities = decode(body);
    } catch {
      return undefined;
    }
    if (entities === undefined) return undefined;
    // Used now: the last to be pruned.
    try {
      const now = new Date();
      utimesSync(this.file(key), now, now);
    } catch {
      // Read-only: it stays as old as it was.
    }
    return { entities: new Map(entities) };
  }

  /** Whether a state is kept for these statements (its file is there; `get` checks its content). */
  keeps(forwards: readonly string[], kind: SnapshotKind = 'history'): boolean {
    return existsSync(this.file(this.key(forwards, kind)));
  }

  put(forwards: readonly string[], snapshot: Snapshot, kind: SnapshotKind = 'history'): void {
    this.write(this.key(forwards, kind), snapshot);
  }

  /** Whether the snapshot was kept under `key`. */
  private write(key: string, snapshot: Snapshot): boolean {
    const body = encode([...snapshot.entities]);
    // A value with no exact stored form is not kept: the history is replayed instead.
    if (body === undefined) return false;
    const digest = sha256(body);
    try {
      mkdirSync(this.dir, { recursive: true });
      // Written aside and renamed, so that a reader never sees half a file.
      const temporary = `${this.file(key)}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ key, digest })}\n${body}`);
      renameSync(temporary, this.file(key));
      this.prune();
      return true;
    } catch {
      // Nothing kept: the next command replays the history again.
      return false;
    }
  }

  /**
   * Keeps the state a schema file's statements gave (as `put` does), and notes it as the last one with
   * the digest of each part of those statements (see `statementParts`): the next schema state can be
   * read for the parts that changed only.
   */
  putSchema(statements: readonly CompiledStatement[], snapshot: Snapshot): void {
    const key = this.key(
      statements.map((s) => s.sql),
      'schema',
    );
    if (!this.write(key, snapshot)) return;
    try {
      const file = join(this.dir, 'schema-last.json');
      const temporary = `${file}.${process.pid}.tmp`;
      const made = this.madeBy();
      writeFileSync(temporary, `${JSON.stringify({ made, key, parts: [...statementParts(statements)] })}\n`);
      renameSync(temporary, file);
    } catch {
      // Not noted: the next schema state is read whole.
    }
  }

  /** What a kept state was made by: the stored form, smig and the shadow engine. */
  private madeBy(): string {
    return `${format} ${smigVersion} ${this.engineVersion}`;
  }

  /**
   * The schema state `putSchema` kept last, with the digest of each part of its statements; undefined
   * when another engine or smig made it.
   */
  lastSchema(): { snapshot: Snapshot; parts: ReadonlyMap<string, string> } | undefined {
    let noted: { made?: unknown; key?: unknown; parts?: unknown };
    try {
      noted = JSON.parse(readFileSync(join(this.dir, 'schema-last.json'), 'utf8')) as typeof noted;
    } catch {
      return undefined;
    }
    const { made, key, parts } = noted;
    // Kept by another engine or smig, its tables may read otherwise now.
    if (made !== this.madeBy() || typeof key !== 'string' || !/^[0-9a-f]{64}$/.test(key)) return undefined;
    if (!Array.isArray(parts)) return undefined;
    if (!parts.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string'))) {
      return undefined;
    }
    const snapshot = this.read(key);
    return snapshot === undefined ? undefined : { snapshot, parts: new Map(parts as [string, string][]) };
  }

  /** A check that passed, kept as a file named by everything its outcome depends on. */
  private marker(kind: 'rehearsal', inputs: unknown): { file: string; text: string } {
    const key = sha256(JSON.stringify([format, kind, smigVersion, this.engineVersion, inputs]));
    return { file: join(this.dir, `${kind}-${key}.json`), text: JSON.stringify({ key }) };
  }

  private has(marker: { file: string; text: string }): boolean {
    try {
      return readFileSync(marker.file, 'utf8').trim() === marker.text;
    } catch {
      return false;
    }
  }

  private mark(marker: { file: string; text: string }): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(marker.file, `${marker.text}\n`);
      this.prune();
    } catch {
      // Nothing kept: the check runs again next time.
    }
  }

  /** The proofs made, by digest, most recent last (read once). */
  private proofs: Set<string> | undefined;

  private proofDigest(inputs: readonly string[]): string {
    return digestOf([String(format), 'writes', smigVersion, this.engineVersion, ...inputs]);
  }

  private provenWrites(): Set<string> {
    if (this.proofs === undefined) {
      let proven: unknown;
      try {
        proven = (JSON.parse(readFileSync(join(this.dir, 'writes.json'), 'utf8')) as { proven?: unknown })
          .proven;
      } catch {
        proven = [];
      }
      const digests = Array.isArray(proven) ? proven.filter((d): d is string => typeof d === 'string') : [];
      this.proofs = new Set(digests);
    }
    return this.proofs;
  }

  /**
   * Whether a table was proven to take a record (see `proveWrites`) by this engine and this smig, with
   * exactly these statements around it (see `proofInputs`): the proof depends on nothing else.
   */
  writesProven(inputs: readonly string[]): boolean {
    return this.provenWrites().has(this.proofDigest(inputs));
  }

  /** Keeps proofs that passed, in one file (the most recent `keptProofs`). */
  markWritesProven(...proofs: (readonly string[])[]): void {
    const proven = this.provenWrites();
    for (const inputs of proofs) {
      const digest = this.proofDigest(inputs);
      // Moved to the end: the most recently proven are the last to go.
      proven.delete(digest);
      proven.add(digest);
    }
    const kept = [...proven].slice(-keptProofs);
    this.proofs = new Set(kept);
    try {
      mkdirSync(this.dir, { recursive: true });
      const file = join(this.dir, 'writes.json');
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ proven: kept })}\n`);
      renameSync(temporary, file);
    } catch {
      // Nothing kept: the proofs run again next time.
    }
  }

  /**
   * Whether these pending migrations (forward and rollback sections, in order) were rehearsed with
   * success on the state these applied forward sections give, by this engine and this smig: each forward
   * applied, and each rollback restored the state before it (see push). The outcome depends on nothing else.
   */
  rehearsed(applied: readonly string[], pending: readonly RehearsedMigration[]): boolean {
    return this.has(this.marker('rehearsal', rehearsalInputs(applied, pending)));
  }

  markRehearsed(applied: readonly string[], pending: readonly RehearsedMigration[]): void {
    this.mark(this.marker('rehearsal', rehearsalInputs(applied, pending)));
  }

  private prune(): void {
    const entries = readdirSync(this.dir)
      .filter((name) => /^(history|writes|rehearsal)-[0-9a-f]+\.json$/.test(name))
      .map((name) => ({ name, at: statSync(join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const { name } of entries.slice(kept)) rmSync(join(this.dir, name), { force: true });
  }
}
