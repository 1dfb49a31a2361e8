import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where `import … from 'smig'` in a user's file should resolve: this very package. */
function selfEntry(): string {
  const js = fileURLToPath(new URL('./index.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('./index.ts', import.meta.url));
}

/**
 * Whether Node itself can import the file as the user wrote it and get this copy of smig: `'smig'`
 * resolves from the file's folder to this package (not to another installed version, and not to
 * nothing, as for a global install), and the file is JavaScript, or TypeScript on a Node that strips
 * types. Otherwise the file goes through jiti, which points `'smig'` here and transforms TypeScript.
 */
function nativelyImportable(file: string): boolean {
  const ext = extname(file);
  const typescript = Boolean((process.features as { typescript?: unknown }).typescript);
  if (!(ext === '.js' || ext === '.mjs' || (typescript && (ext === '.ts' || ext === '.mts')))) return false;
  try {
    const resolved = createRequire(file).resolve('smig');
    return realpathSync(resolved) === realpathSync(selfEntry());
  } catch {
    return false;
  }
}

/**
 * Errors Node raises while reading, parsing or linking a module, before any of its code has run: the
 * file is then handed to jiti, which understands more (extensionless imports, CommonJS syntax in a
 * `.js` file, TypeScript Node cannot strip).
 */
const beforeEvaluation = new Set([
  'ERR_MODULE_NOT_FOUND',
  'ERR_UNKNOWN_FILE_EXTENSION',
  'ERR_UNSUPPORTED_DIR_IMPORT',
  'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX',
  'ERR_INVALID_TYPESCRIPT_SYNTAX',
  'ERR_REQUIRE_ESM',
]);

/**
 * Whether every frame of the error's stack is Node's own: a SyntaxError Node raises while parsing or
 * linking a module has only those, one thrown by the module's code as it runs (`JSON.parse`,
 * `new RegExp`) has the module's own frame too.
 */
function raisedByNode(error: Error): boolean {
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at\s/.test(line));
  return frames.every((frame) => /\(node:[^)]*\)$|^\s+at\s+(async\s+)?node:/.test(frame));
}

function failedBeforeEvaluation(error: unknown): boolean {
  // A SyntaxError thrown while the module ran is the module's own error: its code has run once already.
  if (error instanceof SyntaxError) return raisedByNode(error);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && beforeEvaluation.has(code);
}

export interface ImportOptions {
  /**
   * Read the file and everything it imports afresh (a watch mode reloading an edited schema). Native
   * imports are cached for the life of the process, so a fresh import always goes through jiti.
   */
  readonly fresh?: boolean;
  /** Through jiti, a CommonJS file's `module.exports` is also its default export. */
  readonly interopDefault?: boolean;
}

/**
 * Imports a user's schema or config file without a build step and returns its module namespace.
 * JavaScript is imported by Node itself when it resolves `'smig'` to this package (fast, and exactly
 * what Node would run); anything else goes through jiti with its transform cache, so a TypeScript file
 * is transformed once per content, not once per command.
 */
export async function importUserModule(
  file: string,
  options: ImportOptions = {},
): Promise<Record<string, unknown>> {
  if (!options.fresh && nativelyImportable(file)) {
    try {
      return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      if (!failedBeforeEvaluation(error)) throw error;
    }
  }
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url, {
    // `import … from 'smig'` gets this very copy, already loaded: jiti neither transforms nor runs it
    // again, and the schema's classes are the ones this copy checks for.
    virtualModules: { smig: await import('./index.js') },
    alias: { smig: selfEntry() },
    moduleCache: false,
    interopDefault: options.interopDefault ?? false,
  });
  return (await jiti.import(file)) as Record<string, unknown>;
}
