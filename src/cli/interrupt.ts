import type { PushEvent } from '../app/push.js';
import type { Output } from './output.js';
import { stopProgress } from './output.js';

/**
 * Ctrl-C (SIGINT) during a command that changes the database. Before the migration lock is taken only
 * scratch copies and reads have happened, so it stops at once: nothing was changed. Once the lock is
 * taken, it stops before the next migration (the running one commits with its record or not at all) and
 * the command releases the lock and says what ran; a second Ctrl-C stops at once.
 */
export class InterruptGuard {
  private readonly controller = new AbortController();
  private locking = false;
  private readonly handler = () => this.interrupt();

  /** `work`: what runs under the lock, migrations one after the other (push, rollback) or one sync. */
  constructor(
    private readonly out: Output,
    private readonly work: 'migrations' | 'sync' = 'migrations',
  ) {
    process.on('SIGINT', this.handler);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Watches the command's events for the moment the database may start to change. */
  watch(event: PushEvent): void {
    if (event.kind === 'phase' && event.phase === 'locking') this.locking = true;
  }

  dispose(): void {
    process.off('SIGINT', this.handler);
  }

  /**
   * Runs the command's work under this guard: each event is watched, then given to `report`; the guard
   * is removed when the work ends.
   */
  async run<T>(
    report: (event: PushEvent) => void,
    work: (hooks: {
      readonly signal: AbortSignal;
      readonly onEvent: (event: PushEvent) => void;
    }) => Promise<T>,
  ): Promise<T> {
    try {
      return await work({
        signal: this.signal,
        onEvent: (event) => {
          this.watch(event);
          report(event);
        },
      });
    } finally {
      this.dispose();
    }
  }

  private interrupt(): void {
    stopProgress();
    if (!this.locking) {
      process.stderr.write('\nCancelled; nothing was changed.\n');
      process.exit(130);
    }
    if (!this.controller.signal.aborted) {
      this.out.note(
        `\nStopping before the ${this.work === 'sync' ? 'sync runs' : 'next migration'}… (Ctrl-C again to stop at once)`,
      );
      this.controller.abort();
      return;
    }
    if (this.work === 'sync') {
      process.stderr.write(
        '\nStopped at once. The sync runs in one transaction: it was either applied completely or not at all (`smig status` shows the database). The migration lock stays held until the next smig command on this machine takes it over (its process no longer runs), or `smig unlock` releases it.\n',
      );
      process.exit(130);
    }
    process.stderr.write(
      '\nStopped at once. The migration that was running either committed together with its ledger record or not at all: `smig status` shows which. The migration lock stays held until the next smig command on this machine takes it over (its process no longer runs), or `smig unlock` releases it.\n',
    );
    process.exit(130);
  }
}
