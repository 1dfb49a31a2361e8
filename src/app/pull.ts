import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { compileSchema } from '../compile/index.js';
import { UsageError } from '../errors.js';
import { readUnmanaged, type UnmanagedReport } from '../introspect/unmanaged.js';
import { generateSchema } from '../pull/generate-schema.js';
import type { PullNote } from '../pull/pull-note.js';
import { type Counts, snapshotCounts } from './counts.js';
import { type DriftItem, driftItems, liveSnapshot } from './live-state.js';
import { loadSchemaFile } from './load-schema.js';
import type { Project } from './project.js';
import { applySchema } from './shadow-state.js';

export interface PullOptions {
  /** The file to write (absolute); the configured schema path by default. */
  readonly output?: string;
  /** Overwrite an existing file. */
  readonly force?: boolean;
}

export interface PullResult {
  readonly path: string;
  readonly database: string;
  /** How many entities of each kind the database has. */
  readonly counts: Counts;
  /** What the DSL could only approximate. */
  readonly notes: readonly PullNote[];
  /**
   * What differs between the database and the pulled file, found by applying the file to the shadow
   * engine and comparing what the engine prints: empty when the file reproduces the database exactly.
   */
  readonly differences: readonly DriftItem[];
  /** Definitions the file cannot hold because smig does not manage them (APIs, buckets, …). */
  readonly unmanaged: UnmanagedReport;
}

/**
 * Writes a schema file in the DSL that reproduces the live database, then proves it: the file is
 * loaded, compiled and applied to an empty shadow database, and the result compared with the live one.
 */
export async function pull(project: Project, options: PullOptions = {}): Promise<PullResult> {
  const { config } = project;
  const path = options.output ?? config.schemaPath;
  if (existsSync(path) && !options.force) {
    throw new UsageError(`${path} exists already; smig pull does not overwrite it.`, {
      where: path,
      hint: 'Run again with --force to replace it, or write elsewhere with -o <file>.',
    });
  }
  const database = `${config.namespace}/${config.database}`;
  const shadow = await project.shadow();
  const db = await project.connect();
  const [live, unmanaged] = await Promise.all([liveSnapshot(shadow, db), readUnmanaged(db, config)]);
  const generated = generateSchema(live, { header: `Schema of ${database}, written by smig pull.` });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, generated.source);

  const schema = await loadSchemaFile(path);
  const desired = await applySchema(shadow, compileSchema(schema), path);
  return {
    path,
    database,
    counts: snapshotCounts(live),
    notes: generated.notes,
    differences: driftItems(desired.snapshot, live),
    unmanaged,
  };
}
