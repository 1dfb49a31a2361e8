import { unlock } from '../../app/unlock.js';
import { UsageError } from '../../errors.js';
import { describeLockHolder, type HeldLock } from '../../history/lock.js';
import { announceTarget, canPrompt, type GlobalOptions, outputFor, withProject } from '../context.js';
import { jsonSchemaVersion, type UnlockOutput } from '../json-output.js';
import { lockOutput } from '../json-parts.js';
import { confirm } from '../prompt.js';

/** How a lock's holder stands, in words. */
export function lockState(lock: HeldLock): string {
  if (lock.holder.gone) return 'its process no longer runs';
  if (lock.expired) return 'it has expired';
  return 'its process may still be running';
}

/** `smig unlock`: shows the migration lock and releases it, after confirmation. */
export async function unlockCommand(options: GlobalOptions): Promise<number> {
  const out = outputFor(options);
  return withProject(options, async (project) => {
    announceTarget(out, project);
    const result = await unlock(project, {
      confirm: async (lock) => {
        out.line(`Lock: held by ${describeLockHolder(lock.holder)}; ${lockState(lock)}.`);
        if (options.yes) return true;
        if (!canPrompt(options)) {
          throw new UsageError(
            'Releasing the migration lock needs confirmation, and there is no terminal to ask on.',
            {
              hint: 'Make sure no migration is running, then run again with --yes to confirm.',
            },
          );
        }
        const warning =
          lock.holder.gone || lock.expired ? '' : ' A migration it runs would no longer be protected.';
        return confirm(`Release it?${warning}`);
      },
    });
    const output: UnlockOutput = {
      schemaVersion: jsonSchemaVersion,
      lock: result.lock ? lockOutput(result.lock) : null,
      released: result.released,
      cancelled: result.cancelled,
    };
    out.result(output);
    if (!result.lock) {
      out.line('No migration lock is held.');
      return 0;
    }
    if (result.cancelled) {
      out.line('Unlock cancelled; the lock is still held.');
      return 1;
    }
    out.line(
      result.released
        ? `${out.paint.green('✓')} Released the migration lock.`
        : 'The lock was released or taken over by another process meanwhile; nothing was changed.',
    );
    return 0;
  });
}
