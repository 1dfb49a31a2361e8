import { stat, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { toMermaidHtml } from '../visualize/html.js';
import { type MermaidDetail, toMermaid } from '../visualize/mermaid.js';
import type { Project } from './project.js';

export interface MermaidRequest {
  readonly detail: MermaidDetail;
  /** Write a self-contained HTML page instead of the diagram text. */
  readonly html: boolean;
  /** The file to write, relative to `cwd`; without it nothing is written. */
  readonly output?: string;
  /** Defaults to the process's working directory. */
  readonly cwd?: string;
}

export interface MermaidResult {
  /** The `erDiagram` text. */
  readonly diagram: string;
  /** The HTML page, when asked for. */
  readonly html?: string;
  /** The absolute path written, when `output` was given. */
  readonly written?: string;
}

/**
 * The schema file as a Mermaid entity-relationship diagram, optionally wrapped in an HTML page and
 * written to a file.
 *
 * @example
 * await mermaid(project, { detail: 'full', html: true, output: 'schema.html' })
 * // { diagram: 'erDiagram\n  user {…}\n…', html: '<!doctype html>…', written: '/repo/schema.html' }
 */
export async function mermaid(project: Project, request: MermaidRequest): Promise<MermaidResult> {
  const schema = await project.loadSchema();
  const diagram = toMermaid(schema, { detail: request.detail });
  const html = request.html
    ? await toMermaidHtml(
        diagram,
        `${basename(project.config.schemaPath)} — entity-relationship diagram`,
        dirname(project.config.schemaPath),
      )
    : undefined;
  if (request.output === undefined) return html === undefined ? { diagram } : { diagram, html };
  const path = resolve(request.cwd ?? process.cwd(), request.output);
  await ensureFolder(dirname(path), request.output);
  await writeFile(path, html ?? diagram);
  return html === undefined ? { diagram, written: path } : { diagram, html, written: path };
}

async function ensureFolder(folder: string, output: string): Promise<void> {
  const found = await stat(folder).catch(() => undefined);
  if (found?.isDirectory()) return;
  throw new ConfigError(`Cannot write ${output}: the folder ${folder} does not exist.`, {
    where: '-o',
    hint: 'Create the folder first, or name a file in an existing folder.',
  });
}
