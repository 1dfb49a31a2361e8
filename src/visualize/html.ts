import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';

/**
 * The browser bundle of the `mermaid` package: one IIFE that sets `globalThis.mermaid`, no imports.
 * mermaid is an optional peer dependency (about 150 MB installed), resolved from the user's project, so
 * that only those who draw HTML diagrams install it.
 */
async function mermaidBundle(projectDir: string): Promise<{ code: string; version: string }> {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve('mermaid/package.json', { paths: [projectDir] });
  } catch {
    throw new ConfigError(
      'smig mermaid --html inlines the mermaid library into the page, and it is not installed.',
      {
        hint: 'Install it in your project (npm install --save-dev mermaid), or draw the diagram as text without --html.',
      },
    );
  }
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
  const code = await readFile(join(dirname(manifest), 'dist', 'mermaid.min.js'), 'utf8');
  return { code, version };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Makes JavaScript safe inside `<script>…</script>`: `</script` would end the element and `<!--` with
 * `<script` would switch the HTML parser into its escaped states. In the bundle these only occur inside
 * strings, regular expressions and comments, where `\x3C` stands for the same `<`.
 */
function inlineScript(code: string): string {
  return code.replace(/<(\/script|!--|script)/gi, '\\x3C$1');
}

// Mermaid refuses diagrams over 50,000 characters or 500 edges by default; a large schema is neither.
const renderScript = `(async () => {
  const source = document.getElementById('source').textContent;
  const target = document.getElementById('diagram');
  const dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: dark ? 'dark' : 'default',
    maxTextSize: 10000000,
    maxEdges: 100000,
  });
  try {
    const { svg } = await mermaid.render('smig-diagram', source);
    target.innerHTML = svg;
  } catch (error) {
    target.textContent = 'The diagram could not be rendered: ' + (error && error.message ? error.message : error);
    document.getElementById('source-box').open = true;
  }
})();`;

const legend = [
  '<details id="legend"><summary>How to read it</summary><ul>',
  '<li><b>PK</b> the record id, <b>FK</b> a record link, <b>UK</b> covered by a UNIQUE index; the last column is the SurrealQL type.</li>',
  '<li>Line ends: <b>||</b> exactly one, <b>o|</b> zero or one, <b>o{</b> any number (read from the box outwards).</li>',
  '<li>A dashed grey box is a view (<code>AS SELECT …</code>); an amber box is a relation table.</li>',
  '<li>A relation between named tables is drawn as a line labelled with its name, from its IN tables to its OUT tables.</li>',
  '</ul></details>',
].join('');

const style = `
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1f2328; background: #fff; }
  h1 { font-size: 1.25rem; font-weight: 600; }
  #diagram { overflow: auto; }
  #diagram svg { max-width: none; height: auto; }
  pre { background: #f6f8fa; padding: 1rem; overflow: auto; }
  @media (prefers-color-scheme: dark) {
    body { color: #e6edf3; background: #0d1117; }
    pre { background: #161b22; }
  }`;

/**
 * A single HTML page that renders a Mermaid diagram with no network: the mermaid library is inlined,
 * the diagram source is kept in a `<pre>` (also shown on request, and when rendering fails).
 *
 * @example
 * await toMermaidHtml('erDiagram\n  user {\n    record_user id PK\n  }\n', 'schema.ts')
 * // <!doctype html>
 * // <html lang="en">
 * // <head>…<title>schema.ts</title>…</head>
 * // <body>
 * // <h1>schema.ts</h1>
 * // <div id="diagram">Rendering…</div>
 * // <details id="source-box"><summary>Mermaid source</summary><pre id="source">erDiagram …</pre></details>
 * // <script>…the mermaid 11 library…</script>
 * // <script>(async () => { … mermaid.render('smig-diagram', source) … })();</script>
 * // </body>
 * // </html>
 */
export async function toMermaidHtml(
  diagram: string,
  title: string,
  projectDir = process.cwd(),
): Promise<string> {
  const { code, version } = await mermaidBundle(projectDir);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="smig">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}\n</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    '<div id="diagram" role="img" aria-label="Entity-relationship diagram">Rendering…</div>',
    legend,
    `<details id="source-box"><summary>Mermaid source</summary><pre id="source">${escapeHtml(diagram)}</pre></details>`,
    `<script>/* mermaid ${version}, MIT licence, https://github.com/mermaid-js/mermaid */\n${inlineScript(code)}\n</script>`,
    `<script>\n${renderScript}\n</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
