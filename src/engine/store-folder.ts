import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConnectionError } from '../errors.js';
import { describeFsError } from '../fs-error.js';

/**
 * Makes sure the folder of an on-disk store exists and can be written, before the engine opens it: the
 * engine reports such problems badly (or hangs), and a store that is not writable would otherwise be
 * mistaken for one in use by another process. Folders are created one level at a time (Node's recursive
 * mkdir loops forever under /proc).
 *
 * @throws ConnectionError naming the path and the real cause
 */
export function prepareStoreFolder(storePath: string): void {
  const missing: string[] = [];
  let existing = dirname(storePath);
  while (!exists(existing)) {
    missing.unshift(existing);
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const fail = (path: string, error: unknown) =>
    new ConnectionError(
      `The database store ${storePath} cannot be created or written: ${describeFsError(error)}.`,
      {
        where: path,
        hint: 'Point --url (or SMIG_URL, or the config file) at a folder smig may write, or fix the permissions of this one.',
        cause: error,
      },
    );
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Another process (a second smig on the same project) may have created it a moment ago.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && isFolder(folder)) continue;
      throw fail(folder, error);
    }
  }
  const target = exists(storePath) ? storePath : dirname(storePath);
  try {
    if (!statSync(target).isDirectory()) {
      throw Object.assign(new Error(`${target} is not a folder`), { code: 'ENOTDIR' });
    }
    accessSync(target, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw fail(target, error);
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
