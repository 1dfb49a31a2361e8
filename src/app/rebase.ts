import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { compileSchema } from '../compile/index.js';
import { diffSnapshots } from '../diff/diff-snapshots.js';
import type { Queryable, Shadow } from '../engine/connection.js';
import { IntegrityError, InternalError, SchemaError } from '../errors.js';
import { findLineage, historyChecksum } from '../history/lineage.js';
import {
  formatMigration,
  type Migration,
  type MigrationDraft,
  migrationExtension,
  parseMigration,
  writeMigration,
} from '../history/migration-file.js';
import { sealed } from '../history/seal.js';
import { introspect } from '../introspect/introspect.js';
import { describeEntity } from '../model/entity.js';
import type { Snapshot, SnapshotEntity } from '../model/snapshot.js';
import { tableNames } from '../plan/classify.js';
import { planMigration, storedOnly } from '../plan/plan.js';
import { isSchemaStatement, splitStatements } from '../surql/statements.js';
import { applyAndVerify } from './converge.js';
import { chainTo, changedEntities } from './forks.js';
import { describeDrift } from './live-state.js';
import { nextId } from './make-migration.js';
import type { Project } from './project.js';
import { applySchema, replayInto } from './shadow-state.js';

export interface RebaseOptions {
  /** The clock, passed in: the rebased migrations' ids come from it. */
  readonly now: Date;
}

export interface RebasedMigration {
  /** The migration rewritten, and the id of the file that replaces it. */
  readonly from: string;
  readonly to: string;
  /** The migration it now follows. */
  readonly parent: string;
  readonly path: string;
  /** `kept`: its statements apply as written on the new parent; `replanned`: smig wrote them anew. */
  readonly statements: 'kept' | 'replanned';
  /** Entities both branches change, taken as the schema file has them. */
  readonly fromSchema: readonly string[];
}

export interface RebaseResult {
  readonly rebased: readonly RebasedMigration[];
}

/**
 * Re-plans the later branch of each fork on top of the other, so that the history is linear again. A
 * migration whose statements give, on the new parent, exactly its own change is kept as written (with its
 * message and any statement a person added); otherwise it is planned anew from the engine's states, with
 * the entities both branches change taken from the schema file. Every rewritten migration is verified
 * forward and back on the shadow before any file is written.
 */
export async function rebase(project: Project, options: RebaseOptions): Promise<RebaseResult> {
  const dir = project.config.migrationsDir;
  const original = await project.migrations();
  let current: Migration[] = [...original];
  const shadow = await project.shadow();
  const engineVersion = await shadow.engineVersion();
  let desired: Snapshot | undefined;
  const rebased: RebasedMigration[] = [];
  const drafts = new Map<string, MigrationDraft>();

  // Each round makes one fork linear; more rounds than migrations would mean a fork that does not go away.
  for (let round = 0; ; round += 1) {
    if (round > original.length) {
      throw new InternalError('smig rebase does not converge on a linear history.', {
        where: dir,
        hint: 'This is a bug in smig. Nothing was written. Please report it with the migrations folder.',
      });
    }
    const lineage = findLineage(current);
    // The deepest fork first: the branch kept at a fork above it must already be linear.
    const fork = [...lineage.forks].sort((a, b) => compareIds(b.parent ?? '', a.parent ?? '')).at(0);
    if (fork === undefined) break;
    const [kept, ...later] = fork.branches;
    let parent = kept?.at(-1) ?? '';
    for (const branch of later) {
      for (const id of branch) {
        const migration = current.find((m) => m.id === id);
        if (migration === undefined) continue;
        // The state it was made from: its parent's, as the files were before this rebase.
        const source = original.some((m) => m.id === id) ? original : current;
        const sourceLineage = findLineage(source);
        const oldBase = await replayed(
          shadow,
          source,
          chainTo(sourceLineage, sourceLineage.parentOf.get(id) ?? null),
        );
        const newBase = await replayed(shadow, current, chainTo(findLineage(current), parent));
        const own = await replayed(shadow, source, [...oldBase.ids, migration.id]);
        const ownChanges = changedEntities(oldBase.snapshot, own.snapshot);
        const theirs = changedEntities(oldBase.snapshot, newBase.snapshot);
        const both = [...ownChanges].filter((e) => theirs.has(e));
        if (both.length > 0 && desired === undefined) desired = await schemaState(project, both, migration);
        const target = merged(newBase.snapshot, own.snapshot, ownChanges, both, desired);
        const fromSchema = both.map((e) => describeEntity(refOf(e)));
        const newId = nextId(
          options.now,
          migration.message,
          [...current, ...original].map((m) => m.id),
        );
        const earlier = rebased.find((r) => r.to === migration.id);
        const origin = earlier?.from ?? migration.id;
        const history = historyChecksum(newBase.snapshot);
        const sections = (await keepsAsWritten(
          shadow,
          newBase.ids,
          current,
          migration,
          target,
          newBase.snapshot,
        ))
          ? { forward: [migration.forward], rollback: [migration.rollback], statements: 'kept' as const }
          : {
              ...(await replan(shadow, current, newBase, target, migration, dir)),
              statements: 'replanned' as const,
            };
        // Either way its sections were verified on the new parent's state: forward gives the target,
        // rollback gives that state back. Nothing here proves that the target's tables take records.
        const draft = sealed(
          {
            id: newId,
            message: migration.message,
            created: options.now,
            parent: { id: parent, history },
            rebasedFrom: origin,
            forward: sections.forward,
            rollback: sections.rollback,
          },
          { engineVersion, before: newBase.snapshot, after: target, writable: false },
        );
        const path = join(dir, `${newId}${migrationExtension}`);
        const next = parseMigration(formatMigration(draft), path);
        current = [...current.filter((m) => m.id !== migration.id), next];
        drafts.set(newId, draft);
        drafts.delete(migration.id);
        if (earlier !== undefined) rebased.splice(rebased.indexOf(earlier), 1);
        rebased.push({
          from: origin,
          to: newId,
          parent,
          path,
          statements: sections.statements,
          fromSchema,
        });
        parent = newId;
      }
    }
  }
  // Everything is proven: now the files. New ones first, so that an interruption loses nothing.
  for (const r of rebased) await writeMigration(dir, drafts.get(r.to) as MigrationDraft);
  for (const r of rebased) await unlink(join(dir, `${r.from}${migrationExtension}`));
  return { rebased };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function refOf(id: string): SnapshotEntity['ref'] {
  const [kind = '', table = '', ...name] = id.split(':');
  return { kind: kind as never, ...(table === '' ? {} : { table }), name: name.join(':') };
}

async function replayed(
  shadow: Shadow,
  migrations: readonly Migration[],
  ids: readonly string[],
): Promise<{ db: Queryable; snapshot: Snapshot; ids: readonly string[] }> {
  const byId = new Map(migrations.map((m) => [m.id, m]));
  const db = await shadow.database('rebase');
  await replayInto(
    db,
    ids.flatMap((id) => byId.get(id) ?? []),
  );
  return { db, snapshot: await introspect(db), ids };
}

/**
 * The schema the rebased migration must leave: the new parent's, with this migration's own changes on
 * top; an entity both branches change is taken as the schema file has it.
 */
function merged(
  base: Snapshot,
  own: Snapshot,
  ownChanges: ReadonlySet<string>,
  both: readonly string[],
  desired: Snapshot | undefined,
): Snapshot {
  const entities = new Map(base.entities);
  for (const id of ownChanges) {
    const from = both.includes(id) && desired !== undefined ? desired : own;
    const entity = from.entities.get(id);
    if (entity === undefined) entities.delete(id);
    else entities.set(id, entity);
  }
  return { entities: new Map([...entities].sort(([a], [b]) => compareIds(a, b))) };
}

/** The schema file's state, which decides entities both branches change; refused when it does not load. */
async function schemaState(
  project: Project,
  both: readonly string[],
  migration: Migration,
): Promise<Snapshot> {
  try {
    const schema = await project.loadSchema();
    const db = await applySchema(await project.shadow(), compileSchema(schema), project.config.schemaPath);
    return db.snapshot;
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    throw new IntegrityError(
      `${migration.id} and the other branch both change ${both.map((e) => describeEntity(refOf(e))).join(', ')}, and the schema file that would decide them does not load: ${error.message}`,
      {
        where: project.config.schemaPath,
        hint: 'Fix the schema file (resolve its merge conflict), then run smig rebase again. Nothing was written.',
      },
    );
  }
}

/** Whether the migration's own statements, run on the new parent, give exactly the target and come back. */
async function keepsAsWritten(
  shadow: Shadow,
  baseIds: readonly string[],
  current: readonly Migration[],
  migration: Migration,
  target: Snapshot,
  base: Snapshot,
): Promise<boolean> {
  const scratch = await replayed(shadow, current, baseIds);
  try {
    await replayInto(scratch.db, [migration]);
    if (describeDrift(await introspect(scratch.db), target).length > 0) return false;
    await replayInto(scratch.db, [{ id: migration.id, forward: migration.rollback }]);
    return describeDrift(await introspect(scratch.db), base).length === 0;
  } catch (error) {
    if (error instanceof IntegrityError) return false;
    throw error;
  }
}

/** A migration planned anew from the new parent's state to the target, verified both ways. */
async function replan(
  shadow: Shadow,
  current: readonly Migration[],
  base: { snapshot: Snapshot; ids: readonly string[] },
  target: Snapshot,
  migration: Migration,
  dir: string,
) {
  const written = splitStatements(migration.forward).filter((s) => !isSchemaStatement(s));
  if (written.length > 0) {
    throw new IntegrityError(
      `${dir}/${migration.id}.surql cannot be rebased: its statements do not apply as written on top of the other branch, and smig cannot place these statements of it in a new plan safely:\n${written.map((s) => `  ${s.replace(/\n/g, '\n  ')}`).join('\n')}`,
      {
        where: `${dir}/${migration.id}.surql`,
        hint: 'Nothing was written. Move those statements into a migration of their own (smig new, or a file you write) after rebasing, or delete the file, roll it back where it was applied, and make one migration of the merged schema file with smig diff -m.',
      },
    );
  }
  const scratch = await replayed(shadow, current, base.ids);
  const plan = planMigration(
    diffSnapshots(base.snapshot, target),
    storedOnly,
    tableNames(base.snapshot.entities.values()),
  );
  const forward = await applyAndVerify(scratch.db, plan.forward, target, storedOnly, 'forward');
  const rollback = await applyAndVerify(scratch.db, plan.rollback, base.snapshot, storedOnly, 'rollback');
  return { forward: forward.statements, rollback: rollback.statements };
}
