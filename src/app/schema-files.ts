import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';

const extensions = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'];

/** `import … from './x'`, `export … from './x'`, `import './x'`, `import('./x')`, `require('./x')`. */
const specifierPattern =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])(\.{1,2}\/[^'"\n]*)\1/g;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The file a relative specifier names, resolved as TypeScript does: as written, with an extension
 * added, a `.js` written for its `.ts` source, or a folder's index.
 */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, ...extensions.map((e) => base + e)];
  const ext = extname(base);
  if (['.js', '.mjs', '.cjs'].includes(ext)) {
    const stem = base.slice(0, -ext.length);
    candidates.push(...['.ts', '.mts', '.cts', '.tsx'].map((e) => stem + e));
  }
  candidates.push(...extensions.map((e) => resolve(base, `index${e}`)));
  return candidates.find(isFile);
}

/**
 * The schema file and the files it imports by a relative path, found by reading them (what a change
 * to should re-sync). Packages (`import … from 'smig'`) and files in node_modules are left out; so is
 * an import written so that it cannot be read without running the code.
 */
export function schemaFiles(schemaPath: string): string[] {
  const found = new Set<string>();
  const visit = (path: string) => {
    if (found.has(path) || path.split(/[\\/]/).includes('node_modules')) return;
    found.add(path);
    if (!existsSync(path) || extname(path) === '.json') return;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return;
    }
    for (const match of text.matchAll(specifierPattern)) {
      const file = resolveSpecifier(path, match[2] ?? '');
      if (file !== undefined) visit(file);
    }
  };
  visit(resolve(schemaPath));
  return [...found];
}
