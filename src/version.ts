import { readFileSync } from 'node:fs';

function readVersion(): string {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { version: string })
        .version;
    } catch {
      // not at this depth (source vs. build layout)
    }
  }
  return '0.0.0';
}

/** This package's version, recorded with every applied migration. */
export const smigVersion = readVersion();
