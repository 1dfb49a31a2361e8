import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { SchemaError } from '../errors.js';
import type { Schema } from '../model/schema.js';
import { schemaModelOf } from '../schema/index.js';
import { secondsText, withTimeout } from '../timeout.js';
import { importUserModule } from '../user-module.js';

const schemaExtensions = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

function loadTimeoutError(path: string, timeoutMs: number): SchemaError {
  return new SchemaError(
    `The schema file did not finish loading within ${secondsText(timeoutMs)}: its top-level code (an \`await\` that never settles, a slow network call) is still running.`,
    {
      where: path,
      hint: 'Make the schema file finish loading, or give it more time with --load-timeout <seconds>, SMIG_LOAD_TIMEOUT or the config key loadTimeout (0 means no limit).',
    },
  );
}

function locate(error: Error, file: string): string {
  const text = `${error.message}\n${error.stack ?? ''}`;
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match =
    new RegExp(`${escaped}:(\\d+)(?::(\\d+))?`).exec(text) ?? /\((\d+):(\d+)\)/.exec(error.message);
  return match ? `${file}:${match[1]}${match[2] ? `:${match[2]}` : ''}` : file;
}

export interface LoadSchemaOptions {
  /** How long the file's top-level code may run; 0 is no limit. Default 30 s. */
  readonly timeoutMs?: number;
  /** Read the file and what it imports afresh, not from this process's module cache (watch modes). */
  readonly fresh?: boolean;
}

/**
 * Loads a schema file (`.ts .mts .js .mjs`) without a build step and returns its Schema model. The
 * file's `import … from 'smig'` is pointed at this package, so a schema works whether smig is installed
 * in the project, globally, or run through npx. Its top-level code runs under a time limit: an `await`
 * that never settles must fail the command, not leave it waiting (or let Node exit as if it succeeded).
 */
export async function loadSchemaFile(path: string, options: LoadSchemaOptions = {}): Promise<Schema> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!existsSync(path)) {
    throw new SchemaError(`The schema file ${path} does not exist.`, {
      where: path,
      hint: 'Create it (smig init writes a starter), or point --schema / the config\'s "schema" at your file.',
    });
  }
  if (!schemaExtensions.includes(extname(path))) {
    throw new SchemaError(`The schema file ${path} is not a TypeScript or JavaScript file.`, {
      where: path,
      hint: `Name it with one of ${schemaExtensions.join(' ')} (for example schema.ts).`,
    });
  }
  let exported: unknown;
  const timedOut = loadTimeoutError(path, timeoutMs);
  try {
    const loading = (async () => {
      const module = await importUserModule(path, { interopDefault: true, fresh: options.fresh ?? false });
      return module.default ?? module;
    })();
    exported = await withTimeout(loading, timeoutMs, () => timedOut);
  } catch (error) {
    if (error === timedOut) throw error;
    const e = error as Error & { hint?: unknown };
    // The schema file runs its own copy of smig, so its SchemaError is recognised by shape, not class.
    const hint = typeof e.hint === 'string' ? `${e.hint} ` : '';
    throw new SchemaError(`The schema file could not be loaded: ${e.message.split('\n')[0]}`, {
      where: locate(e, path),
      hint: `${hint}Fix the error at that place in the schema file and run the command again.`,
      cause: e,
    });
  }
  const model = schemaModelOf(exported);
  if (!model) {
    throw new SchemaError('The schema file has no schema as its default export.', {
      where: path,
      hint: 'End the file with `export default composeSchema({ models: { … } })`.',
    });
  }
  return model;
}
