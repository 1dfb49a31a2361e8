import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from '../errors.js';

/**
 * Reads the `.env` file of a project folder (a missing file is no variables). Uses Node's own parser so
 * quoting, comments and `export` lines behave as in `node --env-file`. The variables are returned, never
 * put into `process.env`: the real environment must keep winning over the file.
 */
export function readEnvFile(projectDir: string): Record<string, string> {
  const file = join(projectDir, '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`The .env file cannot be read: ${(error as Error).message}`, {
      where: file,
      hint: 'Make it a readable text file of NAME=value lines, or remove it.',
      cause: error,
    });
  }
  return parseEnv(text) as Record<string, string>;
}
