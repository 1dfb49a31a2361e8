import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './project.js';

/** A value to check against one of the types smig exports, as a `const` of that type. */
export interface TypedValue {
  readonly type: string;
  readonly value: unknown;
  /** A value that must NOT type-check: written under `// @ts-expect-error`, so that passing fails. */
  readonly wrong?: boolean;
}

/**
 * Type-checks values against the package entry's exported types: a file in a temporary folder imports
 * the types from src/index.ts and declares `const v0: StatusOutput = <the value as JSON>;` for each,
 * checked strictly with `exactOptionalPropertyTypes`, so a missing key, an extra key (object literals
 * are checked for excess properties) or a value of another type is an error. Returns the diagnostics of
 * that file as text, empty when everything checks.
 */
export function typeCheckValues(values: readonly TypedValue[]): string {
  const types = [...new Set(values.map((v) => v.type))].sort();
  const lines = [
    `import type { ${types.join(', ')} } from 'smig';`,
    '',
    ...values.flatMap((v, i) =>
      v.wrong
        ? // One line, so that the directive covers wherever in the value the error is reported.
          ['// @ts-expect-error', `export const v${i}: ${v.type} = ${JSON.stringify(v.value)};`]
        : [`export const v${i}: ${v.type} = ${JSON.stringify(v.value, null, 2)};`],
    ),
    '',
  ];
  return typeCheckSource(lines.join('\n'));
}

/**
 * Type-checks one TypeScript module as a user of the package would write it (`import … from 'smig'`,
 * resolved to this repository's src/index.ts), strictly; returns its diagnostics as text, empty when
 * it checks.
 */
export function typeCheckSource(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'smig-types-'));
  try {
    const file = join(dir, 'module.ts');
    const source = text.replace(/from 'smig'/g, `from ${JSON.stringify(join(repoRoot, 'src', 'index.js'))}`);
    writeFileSync(file, source);
    const program = ts.createProgram([file], {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      typeRoots: [join(repoRoot, 'node_modules', '@types')],
    });
    const checked = program.getSourceFile(file);
    if (checked === undefined) return `${file} was not part of the program`;
    const diagnostics = [
      ...program.getSyntacticDiagnostics(checked),
      ...program.getSemanticDiagnostics(checked),
    ];
    // Each with its line of the file, which is gone by the time anyone reads this.
    const lines = text.split('\n');
    return diagnostics
      .map((d) => {
        const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
        if (d.file === undefined || d.start === undefined) return `TS${d.code}: ${message}`;
        const { line } = d.file.getLineAndCharacterOfPosition(d.start);
        return `line ${line + 1}: TS${d.code}: ${message}\n    ${(lines[line] ?? '').trim().slice(0, 300)}`;
      })
      .join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
