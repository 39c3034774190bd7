import type { Clock } from '../../../electron/common/clock';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** A Clock driven by the test: `advance` runs due timers in order and lets promises settle. */
export class ManualClock implements Clock {
  private time: number;
  private timers: Timer[] = [];
  private nextId = 0;

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((candidate) => candidate.id !== timer.id);
    };
  }

  get pending(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer.id !== due.id);
      this.time = due.at;
      due.fn();
      await settle();
    }
    this.time = target;
  }
}

/** Lets pending promise chains (and their I/O-free continuations) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
