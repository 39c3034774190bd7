/**
 * Time as a dependency of the walls features (saving, carousels), so unit tests drive
 * time instead of sleeping; the same shape as the core's Clock.
 */
export interface Timers {
  now(): number;
  /** Runs `fn` once after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const browserTimers: Timers = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};
