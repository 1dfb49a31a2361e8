import pc from 'picocolors';
import yoctoSpinner, { type Spinner } from 'yocto-spinner';
import type { SmigJsonOutput } from './json-output.js';

export interface OutputOptions {
  readonly json: boolean;
  readonly color: boolean;
}

type Paint = (text: string) => string;

/**
 * Where a command's words go. Human output goes to stdout; with --json stdout carries exactly one JSON
 * document and anything meant for people goes to stderr. Colour follows --no-color, NO_COLOR and the TTY.
 */
export class Output {
  readonly json: boolean;
  private readonly colors: ReturnType<typeof pc.createColors>;

  constructor(options: OutputOptions) {
    this.json = options.json;
    this.colors = pc.createColors(options.color);
  }

  get paint(): Record<'bold' | 'dim' | 'green' | 'red' | 'yellow' | 'cyan', Paint> {
    const c = this.colors;
    return { bold: c.bold, dim: c.dim, green: c.green, red: c.red, yellow: c.yellow, cyan: c.cyan };
  }

  /** A line for people: stdout normally, stderr in JSON mode. */
  line(text = ''): void {
    (this.json ? process.stderr : process.stdout).write(`${text}\n`);
  }

  /** A note for people that is never part of the result (progress, warnings): always stderr. */
  note(text: string): void {
    process.stderr.write(`${text}\n`);
  }

  /**
   * Names the phase the command is in, with a spinner and the phase's elapsed time: on a terminal only
   * (stderr a TTY, not CI, not --json); otherwise nothing at all.
   */
  progress(text: string): void {
    if (!showsProgress(this.json)) return;
    const started = performance.now();
    const render = () => `${text} ${this.colors.dim(elapsed(performance.now() - started))}`;
    clearInterval(progressState.ticker);
    if (!progressState.spinner) {
      progressState.spinner = yoctoSpinner({ text: render(), handleSignals: false }).start();
    } else {
      progressState.spinner.text = render();
    }
    progressState.ticker = setInterval(() => {
      if (progressState.spinner) progressState.spinner.text = render();
    }, 250);
    progressState.ticker.unref();
  }

  /** The command's machine-readable result (only in JSON mode): a document of the `--json` contract. */
  result(value: SmigJsonOutput): void {
    if (this.json) process.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
  }
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export function colorEnabled(
  flag: boolean | undefined,
  env: NodeJS.ProcessEnv,
  stream: NodeJS.WriteStream,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

/** The one spinner of the process (a command shows one phase at a time). */
const progressState: { spinner?: Spinner | undefined; ticker?: NodeJS.Timeout | undefined } = {};

/** Whether phases are shown: on a terminal (stderr), never with --json or in CI. */
export function showsProgress(
  json: boolean,
  env: NodeJS.ProcessEnv = process.env,
  stream: NodeJS.WriteStream = process.stderr,
): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return Boolean(stream.isTTY) && !json && !ci && env.TERM !== 'dumb';
}

/** Removes the spinner line, if any: before a prompt, at the end of a command, on an error. */
export function stopProgress(): void {
  clearInterval(progressState.ticker);
  progressState.spinner?.stop();
  progressState.spinner = undefined;
  progressState.ticker = undefined;
}

function elapsed(ms: number): string {
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)}s`
    : `${Math.floor(ms / 60_000)}m${Math.floor((ms % 60_000) / 1000)}s`;
}
