import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { Project } from '../../app/project.js';
import { schemaFiles } from '../../app/schema-files.js';
import { type SyncResult, sync } from '../../app/sync.js';
import { describeTarget, refuseEphemeral, refuseRemote } from '../../app/target.js';
import type { ResolvedConfig } from '../../config/index.js';
import { keepStoresOpen } from '../../engine/connection.js';
import { statementText } from '../../history/migration-file.js';
import type { PlannedStatement } from '../../plan/plan.js';
import {
  announceTarget,
  type GlobalOptions,
  outputFor,
  projectsFor,
  seconds,
  withProject,
} from '../context.js';
import { errorOutput } from '../error-output.js';
import { formatError } from '../format-error.js';
import { InterruptGuard } from '../interrupt.js';
import { jsonSchemaVersion, type SyncOutput } from '../json-output.js';
import { colorEnabled, type Output, stopProgress } from '../output.js';
import { reportEvent } from './push.js';

export interface SyncFlags {
  readonly watch?: boolean;
  readonly dryRun?: boolean;
  readonly allowDataLoss?: boolean;
  readonly allowEphemeral?: boolean;
  readonly force?: boolean;
  readonly lockTimeout?: string;
}

/** How long the files must be quiet after a save before the sync runs (editors write in bursts). */
const debounceMs = 150;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The JSON document of one sync. */
function syncJson(result: SyncResult): SyncOutput {
  return {
    schemaVersion: jsonSchemaVersion,
    database: result.database,
    dryRun: result.dryRun,
    statements: result.statements.map(statementText),
    dataLoss: result.dataLoss,
    applied: result.applied,
  };
}

/** A statement's head, for a one-line summary: `DEFINE FIELD age ON TABLE user …`. */
function head(statement: PlannedStatement): string {
  const words = (statement.sql.trim().split('\n')[0] ?? '').split(/\s+/);
  return words.length > 6 ? `${words.slice(0, 6).join(' ')} …` : words.join(' ');
}

/** `synced: 2 statements (DEFINE FIELD age ON TABLE user …, DEFINE INDEX email ON TABLE user …)`. */
export function syncSummary(result: SyncResult): string {
  const n = result.statements.length;
  if (n === 0) return 'in sync';
  const shown = result.statements.slice(0, 3).map(head);
  const more = n > shown.length ? `, and ${n - shown.length} more` : '';
  return `${result.dryRun ? 'would sync' : 'synced'}: ${plural(n, 'statement')} (${shown.join(', ')}${more})`;
}

function checkTarget(config: ResolvedConfig, options: SyncFlags, command: string): void {
  refuseRemote(config, command, options.force ?? false);
  refuseEphemeral(config, command, options.allowEphemeral ?? false);
}

/** `smig sync [--watch]`: the schema file applied straight to a development database. */
export async function syncCommand(options: GlobalOptions & SyncFlags): Promise<number> {
  const out = outputFor(options);
  // Checked before anything is loaded or opened.
  const lockWaitMs = seconds(options.lockTimeout, 'lock-timeout') * 1000;
  if (options.watch) return watchSync(options, out, lockWaitMs);
  return withProject(options, async (project) => {
    announceTarget(out, project);
    checkTarget(project.config, options, 'sync');
    const result = await new InterruptGuard(out, 'sync').run(
      (e) => reportEvent(out, e),
      (hooks) =>
        sync(project, {
          ...hooks,
          dryRun: options.dryRun ?? false,
          allowDataLoss: options.allowDataLoss ?? false,
          lockWaitMs,
        }),
    );
    stopProgress();
    out.result(syncJson(result));
    for (const d of result.dataLoss) out.note(out.paint.yellow(`Data loss (allowed): ${d.message}`));
    const n = result.statements.length;
    if (n === 0) {
      out.line(`In sync: ${result.database} already matches ${result.schema}.`);
      return 0;
    }
    out.line(
      result.dryRun
        ? `Would apply ${plural(n, 'statement')} to ${result.database}:`
        : `Applied to ${result.database}:`,
    );
    for (const s of result.statements) out.line(`${statementText(s)};`);
    if (!result.applied) return 0;
    out.line(
      `${out.paint.green('✓')} Synced ${result.database} from ${result.schema}: ${plural(n, 'statement')}. No migration was written; \`smig diff -m "…"\` writes one from the migration history.`,
    );
    return 0;
  });
}

/**
 * Files watched for a change to one of them, through their folders (not the files: an editor that saves
 * by replacing the file would end a watch on the file). The burst of events one save makes is one
 * change: `onChange` runs once, `debounceMs` after the last of them.
 */
class FileWatcher {
  private readonly folders = new Map<string, FSWatcher>();
  private files = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly onChange: () => void) {}

  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.onChange, debounceMs);
  }

  /** Watches exactly these files from now on. */
  watch(files: readonly string[]): void {
    this.files = new Set(files);
    const wanted = new Set(files.map((f) => dirname(f)));
    for (const [folder, watcher] of this.folders) {
      if (wanted.has(folder)) continue;
      watcher.close();
      this.folders.delete(folder);
    }
    for (const folder of wanted) {
      if (this.folders.has(folder)) continue;
      try {
        const watcher = watch(folder, (_event, name) => {
          if (name === null || this.files.has(join(folder, name.toString()))) this.changed();
        });
        // A folder removed while watched: watched again when a later sync finds it.
        watcher.on('error', () => {
          watcher.close();
          this.folders.delete(folder);
        });
        this.folders.set(folder, watcher);
      } catch {
        // A folder that does not exist (yet): nothing to watch in it.
      }
    }
  }

  /** Stops watching; a change not yet reported is dropped. */
  close(): void {
    clearTimeout(this.timer);
    for (const watcher of this.folders.values()) watcher.close();
    this.folders.clear();
  }
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

/**
 * Syncs, then syncs again whenever the schema file or a file it imports is saved, until Ctrl-C (exit
 * 130). Each sync prints one line (`synced: …`, `in sync`) or its error as one paragraph, and the watch
 * goes on; with --json, one JSON document per line. A server connection is opened for each sync and
 * closed after it. An embedded database stays open for the whole watch: closing `mem://` would discard
 * it, and the engine keeps an on-disk store locked by this process once it has defined an index there,
 * so a closed store could not be opened again for the next sync.
 */
async function watchSync(
  options: GlobalOptions & SyncFlags,
  out: Output,
  lockWaitMs: number,
): Promise<number> {
  // Every sync reads the edited files again.
  const { config, open } = await projectsFor(options, { freshSchema: true });
  out.line(`Target: ${describeTarget(config)}`);
  checkTarget(config, options, 'sync --watch');
  if (config.url.path) keepStoresOpen();
  const shared = config.url.scheme === 'mem' ? open() : undefined;
  const color = colorEnabled(options.color, process.env, process.stderr);
  const name = relative(config.projectDir, config.schemaPath) || basename(config.schemaPath);

  let running = false;
  let again = false;
  let locking = false;
  let stopping = false;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });

  const report = (result: SyncResult) => {
    if (out.json) process.stdout.write(`${JSON.stringify(syncJson(result))}\n`);
    else out.line(`${clock()} ${syncSummary(result)}`);
    for (const d of result.dataLoss) out.note(out.paint.yellow(`Data loss (allowed): ${d.message}`));
  };
  const fail = (error: unknown) => {
    process.stderr.write(`${formatError(error, { debug: options.debug ?? false, color })}\n`);
    if (out.json) process.stdout.write(`${JSON.stringify(errorOutput(error))}\n`);
  };

  // The settings are read once: a target that changed under a running watch would be a surprise.
  const configWatcher = new FileWatcher(() => {
    const file = config.configFile ?? '';
    out.note(
      `${clock()} ${relative(config.projectDir, file) || basename(file)} changed; this watch keeps the settings it started with (target ${describeTarget(config)}). Stop it (Ctrl-C) and start it again to use the new ones.`,
    );
  });

  const watcher = new FileWatcher(() => {
    if (stopping) return;
    if (running) again = true;
    else void once();
  });

  const once = async (): Promise<void> => {
    running = true;
    locking = false;
    const project: Project = shared ?? open();
    try {
      report(
        await sync(project, {
          dryRun: options.dryRun ?? false,
          allowDataLoss: options.allowDataLoss ?? false,
          lockWaitMs,
          onEvent: (e) => {
            if (e.kind === 'phase' && e.phase === 'locking') locking = true;
            reportEvent(out, e);
          },
        }).finally(stopProgress),
      );
    } catch (error) {
      fail(error);
    } finally {
      if (project !== shared) await project.close();
      running = false;
    }
    // The imports may have changed with the files.
    watcher.watch(schemaFiles(config.schemaPath));
    if (stopping) finish(130);
    else if (again) {
      again = false;
      void once();
    }
  };

  const interrupt = () => {
    stopProgress();
    if (stopping || (running && !locking)) {
      // Before the lock only reads and scratch copies have happened; a second Ctrl-C stops at once.
      process.stderr.write(
        `\n${running && !locking ? 'Stopped watching; nothing was being changed.' : 'Stopped at once.'}\n`,
      );
      process.exit(130);
    }
    stopping = true;
    if (running) out.note('\nStopping after the running sync… (Ctrl-C again to stop at once)');
    else finish(130);
  };
  process.on('SIGINT', interrupt);
  // Watched before the first sync starts, so that a save made as soon as its result is printed is seen.
  watcher.watch(schemaFiles(config.schemaPath));
  if (config.configFile) configWatcher.watch([config.configFile]);
  try {
    await once();
    const files = schemaFiles(config.schemaPath);
    const imported = files.length - 1;
    out.line(
      `Watching ${name}${imported > 0 ? ` and ${plural(imported, 'file')} it imports` : ''} for changes (Ctrl-C to stop)…`,
    );
    return await finished;
  } finally {
    process.off('SIGINT', interrupt);
    watcher.close();
    configWatcher.close();
    await shared?.close();
    out.note('Stopped watching.');
  }
}
