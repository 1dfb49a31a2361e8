import pc from 'picocolors';
import { InterruptedError, SmigError } from '../errors.js';

/**
 * One paragraph: what went wrong, where, what to do. Errors smig did not anticipate say so, and show
 * their stack only with --debug.
 */
export function formatError(error: unknown, options: { debug: boolean; color: boolean }): string {
  const c = pc.createColors(options.color);
  const e = error instanceof Error ? error : new Error(String(error));
  const lines: string[] = [];
  if (e instanceof InterruptedError) {
    // Not a failure: the user stopped the command, and the message says what state it left.
    lines.push(paragraph(e.message));
    if (e.hint) lines.push(`  ${c.cyan('→')} ${paragraph(e.hint)}`);
  } else if (e instanceof SmigError) {
    lines.push(`${c.red('Error:')} ${paragraph(e.message)}`);
    if (e.where) lines.push(`  ${c.dim('where:')} ${e.where}`);
    if (e.hint) lines.push(`  ${c.cyan('→')} ${paragraph(e.hint)}`);
  } else {
    lines.push(`${c.red('Unexpected error:')} ${e.message.split('\n')[0]}`);
    lines.push(`  ${c.cyan('→')} Run again with --debug for details; if it persists, please report it.`);
  }
  if (options.debug && e.stack) lines.push('', c.dim(e.stack));
  return lines.join('\n');
}

/** Engine messages (parse errors with their caret diagrams) contain blank lines; keep the paragraph whole. */
function paragraph(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join('\n');
}
