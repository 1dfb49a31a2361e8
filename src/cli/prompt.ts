import { createInterface } from 'node:readline/promises';
import { InterruptedError } from '../errors.js';
import { stopProgress } from './output.js';

/**
 * Asks a yes/no question on the terminal; anything but y/yes is no. Ctrl-C (or the end of input) at the
 * question cancels the command: nothing has been changed at that point.
 */
export async function confirm(question: string): Promise<boolean> {
  stopProgress();
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const closed = new Promise<never>((_, reject) =>
    rl.once('close', () => reject(new InterruptedError('Cancelled; nothing was changed.'))),
  );
  closed.catch(() => undefined);
  try {
    const answer = await Promise.race([rl.question(`${question} (y/N) `), closed]);
    return /^y(es)?$/i.test(answer.trim());
  } catch (error) {
    if (error instanceof InterruptedError || (error as Error).name === 'AbortError') {
      process.stderr.write('\n');
      throw new InterruptedError('Cancelled; nothing was changed.');
    }
    throw error;
  } finally {
    rl.close();
  }
}
