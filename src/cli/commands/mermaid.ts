import { mermaid } from '../../app/mermaid.js';
import { UsageError } from '../../errors.js';
import type { MermaidDetail } from '../../visualize/mermaid.js';
import { type GlobalOptions, outputFor, withProject } from '../context.js';
import { jsonSchemaVersion, type MermaidOutput } from '../json-output.js';

export interface MermaidOptions extends GlobalOptions {
  readonly output?: string;
  readonly detail?: string;
  readonly html?: boolean;
}

/**
 * `smig mermaid [-o file] [--detail minimal|full] [--html]`: prints the schema's `erDiagram`, or writes
 * it (as text, or with `--html` as a page that renders it offline).
 */
export async function mermaidCommand(options: MermaidOptions): Promise<number> {
  const out = outputFor(options);
  const detail = detailLevel(options.detail);
  const html = options.html ?? false;
  if (html && options.output === undefined) {
    throw new UsageError('--html writes a page, so it needs a file to write it to.', {
      hint: 'Name one with -o, for example: smig mermaid --html -o schema.html',
    });
  }
  return withProject(options, async (project) => {
    const result = await mermaid(project, {
      detail,
      html,
      ...(options.output === undefined ? {} : { output: options.output }),
    });
    const output: MermaidOutput = {
      schemaVersion: jsonSchemaVersion,
      diagram: result.diagram,
      path: result.written ?? null,
    };
    out.result(output);
    if (result.written !== undefined) {
      out.line(
        `${out.paint.green('✓')} wrote ${html ? 'an HTML page of ' : ''}the diagram to ${result.written}`,
      );
    } else if (!out.json) {
      out.line(result.diagram.replace(/\n$/, ''));
    }
    return 0;
  });
}

function detailLevel(value: string | undefined): MermaidDetail {
  if (value === undefined || value === 'full') return 'full';
  if (value === 'minimal') return 'minimal';
  throw new UsageError(`--detail takes minimal or full (got '${value}').`, {
    hint: 'minimal shows only keys and links; full shows every field with its type.',
  });
}
