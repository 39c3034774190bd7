import type { Clock } from '../../../shared/time/clock';

/** Time as a dependency of the walls features (saving, carousels): the shared Clock, so unit tests drive time. */
export type Timers = Clock;

export const browserTimers: Timers = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};
