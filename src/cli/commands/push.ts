import type { PushEvent } from '../../app/push.js';
import { push } from '../../app/push.js';
import { refuseEphemeral } from '../../app/target.js';
import { announceTarget, type GlobalOptions, outputFor, seconds, withProject } from '../context.js';
import { InterruptGuard } from '../interrupt.js';
import { jsonSchemaVersion, type PushOutput } from '../json-output.js';
import { type Output, stopProgress } from '../output.js';
import { phaseText } from '../phase-text.js';

export interface PushFlags {
  readonly lockTimeout?: string;
  readonly dryRun?: boolean;
  readonly allowDrift?: boolean;
  readonly allowOutOfOrder?: boolean;
  readonly allowDataLoss?: boolean;
  readonly allowEphemeral?: boolean;
}

/** Reports an event of push, rollback, resolve or baseline; `doing` names what `applying` does. */
export function reportEvent(out: Output, event: PushEvent, doing = 'applying'): void {
  switch (event.kind) {
    case 'phase':
    case 'phases':
      out.progress(phaseText(event));
      break;
    case 'lock-waiting':
      out.note(
        `Waiting for the migration lock held by ${event.holder.owner}@${event.holder.host} (pid ${event.holder.pid}, ${event.holder.command})…`,
      );
      break;
    case 'lock-takeover':
      out.note(
        out.paint.yellow(
          event.holder.gone
            ? `Took over the migration lock left by ${event.holder.owner}@${event.holder.host} (pid ${event.holder.pid}, ${event.holder.command}): that process no longer runs.`
            : `Took over an expired migration lock left by ${event.holder.owner}@${event.holder.host} (pid ${event.holder.pid}, ${event.holder.command}, expired ${event.holder.expiresAt}).`,
        ),
      );
      break;
    case 'applying':
      out.progress(`${doing} ${event.index + 1}/${event.total} ${event.id}…`);
      break;
    case 'applied':
    case 'staged':
      break;
    case 'stored-rollback':
      out.note(
        out.paint.yellow(
          `The file of ${event.id} is missing: its rollback runs as stored in the database's ledger.`,
        ),
      );
      break;
  }
}

export async function pushCommand(options: GlobalOptions & PushFlags): Promise<number> {
  const out = outputFor(options);
  return withProject(options, async (project) => {
    announceTarget(out, project);
    refuseEphemeral(project.config, 'push', options.allowEphemeral ?? false);
    const result = await new InterruptGuard(out).run(
      (e) => reportEvent(out, e),
      (hooks) =>
        push(project, {
          ...hooks,
          dryRun: options.dryRun ?? false,
          allowDrift: options.allowDrift ?? false,
          allowOutOfOrder: options.allowOutOfOrder ?? false,
          allowDataLoss: options.allowDataLoss ?? false,
          lockWaitMs: seconds(options.lockTimeout, 'lock-timeout') * 1000,
        }),
    );
    stopProgress();
    const output: PushOutput = {
      schemaVersion: jsonSchemaVersion,
      dryRun: result.dryRun,
      database: `${project.config.namespace}/${project.config.database}`,
      migrations: result.migrations.map((m) => ({
        id: m.id,
        message: m.message,
        durationMs: m.durationMs ?? null,
      })),
      drift: result.drift,
      dataLoss: result.dataLoss,
      rebased: result.rebased.map((r) => ({ id: r.id, replaces: r.replaces })),
    };
    out.result(output);
    for (const d of result.dataLoss) out.note(out.paint.yellow(`Data loss (allowed): ${d.message}`));
    for (const d of result.drift) out.note(out.paint.yellow(`Drift (allowed): ${d.message}`));
    const where = `${project.config.namespace}/${project.config.database}`;
    for (const r of result.rebased) {
      const verb = result.dryRun ? 'Would record' : 'Recorded';
      out.line(
        `${out.paint.green('✓')} ${verb} ${r.id} in place of ${r.replaces} (the same change, rebased)`,
      );
    }
    if (result.migrations.length === 0 && result.rebased.length > 0) {
      // Nothing ran: the database already had the rebased change.
    } else if (result.migrations.length === 0) {
      out.line(`Nothing to push: ${where} is up to date.`);
    } else if (result.dryRun) {
      out.line(`Would apply ${result.migrations.length} migration(s) to ${where}:`);
      for (const m of result.migrations) {
        out.line();
        out.line(`-- ${m.id} (${m.message})`);
        out.line(m.forward.trim());
      }
    } else {
      for (const m of result.migrations)
        out.line(`${out.paint.green('✓')} ${m.id} - ${m.message} (${m.durationMs} ms)`);
      out.line(`Applied ${result.migrations.length} migration(s) to ${where}.`);
    }
    return 0;
  });
}
