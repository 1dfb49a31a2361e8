// Module resolution hooks for cli-worker.mjs: a file in the temporary folder is imported afresh by each
// command, as it would be by a new smig process (Node keeps an imported module for the life of the
// process, and a test edits a project's schema between commands).
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';

let generation;
let repository;
const temporary = pathToFileURL(tmpdir()).href;

export function initialize(data) {
  generation = new Int32Array(data.generation);
  repository = data.repository;
}

/** A file of a test's project: in the temporary folder, neither this repository (which may be there too) nor a package. */
function projectFile(url) {
  return url.startsWith(temporary) && !url.startsWith(repository) && !url.includes('/node_modules/');
}

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (!projectFile(resolved.url)) return resolved;
  const url = new URL(resolved.url);
  url.searchParams.set('smig-test-run', String(Atomics.load(generation, 0)));
  return { ...resolved, url: url.href };
}
