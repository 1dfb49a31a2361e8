import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

/** A schema or config file whose top-level `await` never settles must not pass for a result. */
const neverSettles = `
import { composeSchema, defineSchema, string } from 'smig';
await new Promise(() => {});
export default composeSchema({ models: { item: defineSchema({ table: 'item', fields: { name: string() } }) } });
`;

// Each case waits for its timeout in a process of its own: they wait together.
describe.concurrent('loading is bounded', () => {
  const project = new TempProject('smig-loading-');
  project.write('schema.ts', neverSettles);
  afterAll(() => project.remove());

  it.each([['validate'], ['diff', '--exit-code'], ['diff', '-m', 'never']])(
    'smig %s with a schema that never finishes loading fails after --load-timeout',
    async (...args) => {
      const r = await project.smigAsync(['--load-timeout', '1', ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('did not finish loading within 1s');
      expect(r.stderr).toContain('schema.ts');
      expect(r.stderr).toContain('--load-timeout');
      expect(project.migrations()).toEqual([]);
    },
  );

  it('status --check says the schema could not be compared, and exits 2', async () => {
    const r = await project.smigAsync(['--load-timeout', '1', '--url', 'mem://', 'status', '--check']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('cannot compare');
    expect(r.stdout).toContain('did not finish loading within 1s');
  });

  it('SMIG_LOAD_TIMEOUT sets it too, and the config file is bounded by it', async () => {
    const p = new TempProject('smig-loading-config-');
    try {
      p.write('smig.config.ts', "await new Promise(() => {});\nexport default { url: 'mem://' };\n");
      const r = await p.smigAsync(['validate'], { SMIG_LOAD_TIMEOUT: '1' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('smig.config.ts');
      expect(r.stderr).toContain('did not finish loading within 1s');
    } finally {
      p.remove();
    }
  });

  it('with no timeout, a load that can never finish is an error, never a silent exit 0', async () => {
    const r = await project.smigAsync(['--load-timeout', '0', 'diff', '--exit-code']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stopped before the command finished');
  });
});

describe('how schema and config files are imported', () => {
  const schema = (extra = '') => `
import { composeSchema, defineSchema, string } from 'smig';
${extra}
export default composeSchema({ models: { item: defineSchema({ table: 'item', fields: { name: string() } }) } });
`;

  it('a .js schema runs its top-level code once', async () => {
    const p = new TempProject('smig-loading-once-');
    try {
      p.write('package.json', '{ "type": "module" }\n');
      p.write(
        'schema.js',
        schema(
          "import { appendFileSync } from 'node:fs';\nappendFileSync(new URL('./ran.txt', import.meta.url), 'x');",
        ),
      );
      const r = await p.smigAsync(['validate']);
      expect(r.code, r.stderr).toBe(0);
      expect(p.read('ran.txt')).toBe('x');
    } finally {
      p.remove();
    }
  });

  it("'smig' in a .js schema is this smig, even where the project resolves it to another package", async () => {
    const p = new TempProject('smig-loading-other-');
    try {
      // The project's own node_modules/smig is something else entirely.
      p.write('vendor/smig/package.json', '{ "name": "smig", "type": "module", "exports": "./index.js" }\n');
      p.write('vendor/smig/index.js', "throw new Error('the wrong smig was imported');\n");
      p.removeLink('node_modules/smig');
      p.link('vendor/smig', 'node_modules/smig');
      p.write('package.json', '{ "type": "module" }\n');
      p.write('schema.js', schema());
      const r = await p.smigAsync(['validate']);
      expect(r.stderr).not.toContain('wrong smig');
      expect(r.code, r.stderr).toBe(0);
    } finally {
      p.remove();
    }
  });

  it('a .js schema Node cannot import as written (an extensionless import) still loads', async () => {
    const p = new TempProject('smig-loading-extless-');
    try {
      p.write('package.json', '{ "type": "module" }\n');
      p.write(
        'models.js',
        "import { defineSchema, string } from 'smig';\nexport const item = defineSchema({ table: 'item', fields: { name: string() } });\n",
      );
      p.write(
        'schema.js',
        "import { composeSchema } from 'smig';\nimport { item } from './models';\nexport default composeSchema({ models: { item } });\n",
      );
      const r = await p.smigAsync(['validate']);
      expect(r.code, r.stderr).toBe(0);
    } finally {
      p.remove();
    }
  });

  it('an error thrown by a .js schema is reported once, at its line', async () => {
    const p = new TempProject('smig-loading-throws-');
    try {
      p.write('package.json', '{ "type": "module" }\n');
      p.write('schema.js', schema("throw new Error('schema top-level failure');"));
      const r = await p.smigAsync(['validate']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('schema top-level failure');
      expect(r.stderr).toMatch(/schema\.js:3/);
    } finally {
      p.remove();
    }
  });

  it('a SyntaxError a .js schema throws while running (not a parse error) runs its code once, and is reported', async () => {
    const p = new TempProject('smig-loading-runtime-syntax-');
    try {
      p.write('package.json', '{ "type": "module" }\n');
      p.write(
        'schema.js',
        schema(
          "import { appendFileSync } from 'node:fs';\nappendFileSync(new URL('./ran.txt', import.meta.url), 'x');\nJSON.parse('{ not json');",
        ),
      );
      const r = await p.smigAsync(['validate']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/JSON/);
      expect(p.read('ran.txt')).toBe('x');
    } finally {
      p.remove();
    }
  });

  it('a .js schema that does not parse is reported at its line, and nothing of it runs', async () => {
    const p = new TempProject('smig-loading-parse-error-');
    try {
      p.write('package.json', '{ "type": "module" }\n');
      p.write(
        'schema.js',
        schema(
          "import { appendFileSync } from 'node:fs';\nappendFileSync(new URL('./ran.txt', import.meta.url), 'x');\nconst = 1;",
        ),
      );
      const r = await p.smigAsync(['validate']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/schema\.js:5/);
      expect(existsSync(join(p.dir, 'ran.txt'))).toBe(false);
    } finally {
      p.remove();
    }
  });

  it('a .mjs config file is read', async () => {
    const p = new TempProject('smig-loading-mjs-config-');
    try {
      p.write('smig.config.mjs', "export default { url: 'mem://', namespace: 'from_mjs' };\n");
      const r = await p.smigAsync(['config', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('from_mjs');
    } finally {
      p.remove();
    }
  });
});
