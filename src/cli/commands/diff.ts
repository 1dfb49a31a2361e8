import { describeFork, projectForks } from '../../app/forks.js';
import { makeMigration } from '../../app/make-migration.js';
import { statementText } from '../../history/migration-file.js';
import type { PlannedStatement } from '../../plan/plan.js';
import { type GlobalOptions, outputFor, withProject } from '../context.js';
import { type DiffOutput, jsonSchemaVersion } from '../json-output.js';
import { forkOutput } from '../json-parts.js';
import { stopProgress } from '../output.js';
import { phaseText } from '../phase-text.js';

export interface DiffFlags {
  readonly message?: string;
  readonly exitCode?: boolean;
}

function section(statements: readonly PlannedStatement[]): string[] {
  return statements.map((s) => `${statementText(s)};`);
}

export async function diffCommand(options: GlobalOptions & DiffFlags): Promise<number> {
  const out = outputFor(options);
  return withProject(options, async (project) => {
    const dir = project.config.migrationsDir;
    if (options.exitCode && options.message === undefined) {
      // A check: a forked history fails it whatever the schema file says.
      const forks = await projectForks(project);
      if (forks.length > 0) {
        const output: DiffOutput = {
          schemaVersion: jsonSchemaVersion,
          changes: null,
          forward: [],
          rollback: [],
          irreversible: [],
          warnings: [],
          migration: null,
          forks: forks.map((f) => forkOutput(f, dir)),
        };
        out.result(output);
        for (const fork of forks) out.note(out.paint.red(describeFork(fork, dir)));
        return 2;
      }
    }
    const { result, written, forks } = await makeMigration(project, {
      ...(options.message === undefined ? {} : { message: options.message }),
      now: new Date(),
      // A spinner on a terminal only; nothing extra in logs and pipes.
      onEvent: (e) => out.progress(phaseText(e)),
    });
    stopProgress();
    const changed = result.forward.length > 0;
    const output: DiffOutput = {
      schemaVersion: jsonSchemaVersion,
      changes: changed,
      forward: result.forward.map(statementText),
      rollback: result.rollback.map(statementText),
      irreversible: result.irreversible,
      warnings: result.warnings,
      migration: written ? { id: written.id, path: written.path } : null,
      forks: forks.map((f) => forkOutput(f, dir)),
    };
    out.result(output);
    for (const fork of forks) out.note(out.paint.yellow(`Warning: ${describeFork(fork, dir)}`));
    if (!changed) {
      out.line('No changes: the schema file matches the migration history.');
    } else {
      out.line('-- Forward migration');
      for (const line of section(result.forward)) out.line(line);
      out.line();
      out.line('-- Rollback migration');
      for (const line of section(result.rollback)) out.line(line);
      for (const note of result.irreversible) out.note(out.paint.yellow(`Warning: ${note.message}`));
      if (written) {
        out.line();
        out.line(out.paint.green(`Created ${written.path}`));
      }
    }
    return changed && options.exitCode ? 2 : 0;
  });
}
