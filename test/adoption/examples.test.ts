import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, TempProject } from '../helpers/project.js';
import { typeCheckSource } from '../helpers/type-check.js';

const examples = ['blog', 'ecommerce', 'social', 'ai'];

describe('examples/', () => {
  it('has the four example projects', () => {
    expect(readdirSync(join(repoRoot, 'examples')).sort()).toEqual([...examples].sort());
  });

  for (const name of examples) {
    describe(name, () => {
      const project = new TempProject(`smig-example-${name}-`);
      afterAll(() => project.remove());

      it('validates, migrates, applies, and then has no changes', () => {
        expect(project.smig(['init']).code).toBe(0);
        project.copy(join(repoRoot, 'examples', name, 'schema.ts'), 'schema.ts');
        const validate = project.smig(['validate']);
        expect(validate.stderr).toBe('');
        expect(validate.code).toBe(0);
        const diff = project.smig(['diff', '-m', `Create ${name}`]);
        expect(diff.code).toBe(0);
        expect(project.migrations()).toHaveLength(1);
        const push = project.smig(['push']);
        expect(push.stderr).toBe('');
        expect(push.code).toBe(0);
        const again = project.smig(['diff', '--exit-code']);
        expect(again.code).toBe(0);
        expect(again.stdout).toContain('No changes');
        expect(project.smig(['status', '--check']).code).toBe(0);
      });
    });
  }
});

/** The TypeScript and JavaScript code blocks of docs/*.md, numbered per file. */
function codeBlocks(): { doc: string; index: number; code: string }[] {
  const dir = join(repoRoot, 'docs');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .flatMap((doc) => {
      const text = readFileSync(join(dir, doc), 'utf8');
      const blocks = [...text.matchAll(/```(?:ts|js|typescript|javascript)\n([\s\S]*?)```/g)].map(
        (m) => m[1] ?? '',
      );
      return blocks.map((code, index) => ({ doc, index, code }));
    });
}

/** Code blocks whose first line is `// schema.ts` (or `// schema.js`): complete schema files. */
function schemaBlocks() {
  return codeBlocks().filter((b) => /^\/\/ schema\.(ts|js)\b/.test(b.code));
}

describe('schema files in docs/', () => {
  const blocks = schemaBlocks();
  const project = new TempProject('smig-docs-');
  afterAll(() => project.remove());

  it('has some', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it.each(blocks.map((b) => [`${b.doc} #${b.index}`, b] as const))('%s validates', (_label, block) => {
    rmSync(join(project.dir, 'schema.ts'), { force: true });
    project.write('schema.ts', block.code);
    const result = project.smig(['validate', '--schema', 'schema.ts', '--url', 'mem://']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('code in docs/ that uses the package', () => {
  // Complete modules that import from 'smig' (schema files are validated above): checked by the compiler
  // against the package's exported API, as a user's editor would.
  const blocks = codeBlocks().filter(
    (b) => /from 'smig'/.test(b.code) && !/^\/\/ schema\.(ts|js)\b/.test(b.code),
  );

  it('has some', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it('type-checks', () => {
    const failures = blocks.flatMap((b) => {
      const diagnostics = typeCheckSource(`${b.code}\nexport {};\n`);
      return diagnostics === '' ? [] : [`${b.doc} #${b.index}:\n${diagnostics}`];
    });
    expect(failures.join('\n\n')).toBe('');
  });
});
