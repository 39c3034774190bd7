import type { Timers } from '../../../renderer/features/walls/timers';

/** Timers driven by the test: `advance` runs what falls due, in order. */
export class ManualTimers implements Timers {
  private time = 1_800_000_000_000;
  private timers: Array<{ id: number; at: number; fn: () => void }> = [];
  private nextId = 0;

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): () => void {
    const id = this.nextId++;
    this.timers.push({ id, at: this.time + Math.max(0, ms), fn });
    return () => {
      this.timers = this.timers.filter((timer) => timer.id !== id);
    };
  }

  get pending(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer.id !== due.id);
      this.time = due.at;
      due.fn();
    }
    this.time = target;
  }
}
