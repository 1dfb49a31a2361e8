import type { Command } from 'commander';
import { type CompletionShell, completionScript } from '../completion.js';
import { type CompletionOutput, jsonSchemaVersion } from '../json-output.js';
import { Output } from '../output.js';

/**
 * Prints the completion script on stdout: `source <(smig completion bash)`. With --json the script is
 * the `script` of a document, like every command's result.
 */
export function completionCommand(
  program: Command,
  shell: CompletionShell,
  options: { json: boolean },
): number {
  const script = completionScript(program, shell);
  if (options.json) {
    const output: CompletionOutput = { schemaVersion: jsonSchemaVersion, shell, script };
    new Output({ json: true, color: false }).result(output);
  } else {
    process.stdout.write(script);
  }
  return 0;
}
