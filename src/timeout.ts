/**
 * Settles like `promise`, or rejects with `onTimeout()` after `ms` milliseconds. `ms` of 0 means no
 * limit. The timer is cleared as soon as the promise settles, so it never keeps the process alive.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  if (ms <= 0) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `1.5` → `1.5s`, for messages. */
export function secondsText(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}
