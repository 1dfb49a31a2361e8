import type { Command } from 'commander';
import { type CompletionShell, completionScript } from '../completion.js';

/** Prints the completion script on stdout: `source <(smig completion bash)`. */
export function completionCommand(program: Command, shell: CompletionShell): number {
  process.stdout.write(completionScript(program, shell));
  return 0;
}
