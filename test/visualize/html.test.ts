import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { toMermaidHtml } from '../../src/visualize/html.js';

const diagram =
  'erDiagram\n  user {\n    record_user id PK "record<user>"\n  }\n  post }o--|| user : author\n';

describe('toMermaidHtml', () => {
  it('asks for mermaid when the project has not installed it', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'smig-no-mermaid-'));
    try {
      await expect(toMermaidHtml(diagram, 'schema', bare)).rejects.toThrow(ConfigError);
      await expect(toMermaidHtml(diagram, 'schema', bare)).rejects.toMatchObject({
        hint: expect.stringContaining('npm install --save-dev mermaid'),
      });
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('explains the notation in a legend', async () => {
    const page = await toMermaidHtml(diagram, 'schema');
    expect(page).toContain('<details id="legend"><summary>How to read it</summary>');
    expect(page).toContain('a relation table');
  });

  it('holds the diagram source, escaped for HTML', async () => {
    const page = await toMermaidHtml(diagram, 'schema.ts <draft>');
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<title>schema.ts &lt;draft&gt;</title>');
    expect(page).toContain(
      '<pre id="source">erDiagram\n  user {\n    record_user id PK &quot;record&lt;user&gt;&quot;\n  }\n  post }o--|| user : author\n</pre>',
    );
  });

  it('inlines the mermaid library so the page renders with no network', async () => {
    const page = await toMermaidHtml(diagram, 'schema');
    expect(page.length).toBeGreaterThan(500_000);
    expect(page.includes('globalThis["mermaid"]')).toBe(true);
    expect(page.includes("mermaid.render('smig-diagram', source)")).toBe(true);
    // Booleans, so that a failure does not print 3.5 MB of page.
    expect(/<script[^>]*\ssrc\s*=/i.test(page)).toBe(false);
    expect(/<link\b/i.test(page)).toBe(false);
    // Apart from the inlined library, nothing on the page names a URL.
    expect(/https?:|@import|url\(/i.test(page.replace(/<script>\/\* mermaid [\s\S]*?<\/script>/, ''))).toBe(
      false,
    );
  });

  it('keeps the inlined code from ending its script element early', async () => {
    const page = await toMermaidHtml(diagram, 'schema');
    const opened = page.match(/<script\b/gi) ?? [];
    const closed = page.match(/<\/script/gi) ?? [];
    expect(opened.length).toBe(2);
    expect(closed.length).toBe(2);
    expect(page.includes('<!--')).toBe(false);
    // Each script, cut where the HTML parser ends it, is still valid JavaScript.
    for (const [, code] of page.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
      expect(() => new Script(code ?? '')).not.toThrow();
    }
  });
});
