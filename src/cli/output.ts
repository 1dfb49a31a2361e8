import pc from 'picocolors';

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

  /** The command's machine-readable result (only in JSON mode). */
  result(value: unknown): void {
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
