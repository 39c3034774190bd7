import type { Clock } from '../../shared/time/clock';

export type { Clock };

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/** Resolves after `ms` on the given clock, or rejects when `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      cancel();
      reject(signal?.reason as Error);
    };
    const cancel = clock.after(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * What `promise` gives within `ms` on the given clock, or undefined if it has not settled by
 * then (it runs on; its rejection within the time rejects). The timer is cancelled either way.
 */
export function settleWithin<T>(clock: Clock, promise: Promise<T>, ms: number): Promise<T | undefined> {
  let cancel: (() => void) | undefined;
  const late = new Promise<undefined>((resolve) => (cancel = clock.after(ms, () => resolve(undefined))));
  return Promise.race([promise, late]).finally(() => cancel?.());
}
