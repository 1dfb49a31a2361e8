import { Project } from '../app/project.js';
import { describeTarget } from '../app/target.js';
import { type ConfigFlags, loadConfig, type ResolvedConfig, settingNames } from '../config/index.js';
import { UsageError } from '../errors.js';
import { colorEnabled, Output, stopProgress } from './output.js';

/** The global options every command accepts (DESIGN §2). */
export interface GlobalOptions {
  readonly config?: string;
  readonly env?: string;
  readonly url?: string;
  readonly namespace?: string;
  readonly database?: string;
  readonly username?: string;
  readonly password?: string;
  readonly authLevel?: string;
  readonly schema?: string;
  readonly migrations?: string;
  readonly json?: boolean;
  readonly yes?: boolean;
  readonly color?: boolean;
  readonly debug?: boolean;
  readonly connectTimeout?: string;
  readonly loadTimeout?: string;
}

export function outputFor(options: GlobalOptions): Output {
  return new Output({
    json: options.json ?? false,
    color: colorEnabled(options.color, process.env, process.stdout),
  });
}

/** The configuration flags among the global options. */
export function configFlags(o: GlobalOptions): ConfigFlags {
  const flags: Record<string, string> = {};
  for (const key of ['config', 'env', ...settingNames] as const) {
    const value = o[key];
    if (value !== undefined) flags[key] = value;
  }
  return flags as ConfigFlags;
}

/**
 * Resolves the configuration, and returns it with a way to open a project on it (several, one after
 * the other, for a command that runs its work more than once: `sync --watch`).
 */
export async function projectsFor(
  options: GlobalOptions,
  { freshSchema = false } = {},
): Promise<{ readonly config: ResolvedConfig; open(): Project }> {
  const config = await loadConfig({ cwd: process.cwd(), flags: configFlags(options), env: process.env });
  const connectTimeoutMs = seconds(options.connectTimeout ?? '10', 'connect-timeout') * 1000;
  // Commands that wait for the migration lock also wait that long for an embedded store in use.
  const { lockTimeout } = options as { lockTimeout?: string };
  const storeWaitMs = lockTimeout === undefined ? undefined : seconds(lockTimeout, 'lock-timeout') * 1000;
  const out = outputFor(options);
  return {
    config,
    open: () =>
      new Project(config, {
        connectTimeoutMs,
        cache: true,
        freshSchema,
        // `main` exits once the command is done; a watch runs command after command in one process, and
        // each shadow engine left with its index threads running would add to them.
        exitsWhenDone: !freshSchema,
        ...(storeWaitMs === undefined ? {} : { storeWaitMs }),
        // Progress on a terminal only: in logs the error (or the result) says it all.
        onStoreBusy: () => {
          if (process.stderr.isTTY && !out.json)
            out.note(`Waiting for the database store ${config.url.path ?? ''}: another process has it open…`);
        },
      }),
  };
}

/** Resolves the configuration and opens a project for one command; closes it afterwards. */
export async function withProject<T>(
  options: GlobalOptions,
  work: (project: Project) => Promise<T>,
): Promise<T> {
  const project = (await projectsFor(options)).open();
  try {
    return await work(project);
  } finally {
    stopProgress();
    await project.close();
  }
}

/** The first line of every command that changes a database: what it is about to change. */
export function announceTarget(out: Output, project: Project): void {
  out.line(`Target: ${describeTarget(project.config)}`);
}

/** Whether a question may be asked: only on a terminal, and never with --yes or --json. */
export function canPrompt(options: GlobalOptions): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !options.yes && !options.json;
}

/** A number of seconds given on the command line. */
export function seconds(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n < 0) {
    throw new UsageError(`--${flag} takes a number of seconds (got '${value}').`, {
      where: `--${flag}`,
      hint: `For example --${flag} 30.`,
    });
  }
  return n;
}
