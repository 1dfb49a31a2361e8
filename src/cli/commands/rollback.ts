import { rollback } from '../../app/rollback.js';
import { refuseEphemeral } from '../../app/target.js';
import { UsageError } from '../../errors.js';
import {
  announceTarget,
  canPrompt,
  type GlobalOptions,
  outputFor,
  seconds,
  withProject,
} from '../context.js';
import { InterruptGuard } from '../interrupt.js';
import { jsonSchemaVersion, type RollbackOutput } from '../json-output.js';
import { stopProgress } from '../output.js';
import { confirm } from '../prompt.js';
import { reportEvent } from './push.js';

export interface RollbackFlags {
  readonly lockTimeout?: string;
  readonly to?: string;
  readonly steps?: string;
  readonly dryRun?: boolean;
  readonly allowDataLoss?: boolean;
  readonly allowEphemeral?: boolean;
}

export async function rollbackCommand(options: GlobalOptions & RollbackFlags): Promise<number> {
  const out = outputFor(options);
  const steps = options.steps === undefined ? undefined : wholeNumber(options.steps, 'steps');
  return withProject(options, async (project) => {
    announceTarget(out, project);
    refuseEphemeral(project.config, 'rollback', options.allowEphemeral ?? false);
    const result = await new InterruptGuard(out).run(
      (e) => reportEvent(out, e, 'rolling back'),
      (hooks) =>
        rollback(project, {
          ...hooks,
          ...(options.to === undefined ? {} : { to: options.to }),
          ...(steps === undefined ? {} : { steps }),
          dryRun: options.dryRun ?? false,
          allowDataLoss: options.allowDataLoss ?? false,
          confirm: async (migrations) => {
            if (options.yes) return true;
            const list = migrations.map((m) => `${m.id} (${m.message})`).join(', ');
            if (!canPrompt(options)) {
              throw new UsageError(
                `Rolling back ${list} needs confirmation, and there is no terminal to ask on.`,
                {
                  hint: 'Run again with --yes to confirm.',
                },
              );
            }
            stopProgress();
            out.line('It runs, newest first, each in one transaction with the removal of its ledger record:');
            for (const m of migrations) {
              out.line();
              out.line(out.paint.dim(`-- ${m.id} (${m.message})`));
              out.line(m.down.trim() === '' ? out.paint.dim('-- (no statements)') : m.down.trim());
            }
            out.line();
            return confirm(`Roll back ${list} on ${project.config.namespace}/${project.config.database}?`);
          },
          lockWaitMs: seconds(options.lockTimeout, 'lock-timeout') * 1000,
        }),
    );
    stopProgress();
    const output: RollbackOutput = {
      schemaVersion: jsonSchemaVersion,
      dryRun: result.dryRun,
      cancelled: result.cancelled,
      migrations: result.migrations.map((m) => ({ id: m.id, message: m.message })),
      dataLoss: result.dataLoss,
    };
    out.result(output);
    if (result.cancelled) {
      out.line('Rollback cancelled; nothing was changed.');
      return 1;
    }
    if (result.dryRun) {
      out.line(`Would roll back ${result.migrations.length} migration(s):`);
      for (const m of result.migrations) {
        out.line();
        out.line(`-- ${m.id} (${m.message})`);
        out.line(m.down.trim());
      }
      return 0;
    }
    for (const m of result.migrations) out.line(`${out.paint.green('✓')} Rolled back ${m.id} - ${m.message}`);
    return 0;
  });
}

/** A count typed on the command line: digits only, at least 1 (checked before the database is opened). */
function wholeNumber(value: string, flag: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--${flag} must be a whole number of at least 1 (got '${value}').`, {
      where: `--${flag}`,
      hint: `For example --${flag} 1 rolls back the newest migration.`,
    });
  }
  return n;
}
