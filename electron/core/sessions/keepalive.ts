import type { Clock } from '../../common/clock';

export interface KeepaliveSchedulerOptions<T> {
  readonly clock: Clock;
  readonly intervalMs: number;
  /** Sends one keepalive; a rejection is reported to `onFailure` and does not stop the others. */
  readonly send: (item: T) => Promise<void>;
  readonly onFailure: (item: T, error: unknown) => void;
  readonly onSuccess?: (item: T) => void;
}

/**
 * One timer for every session of a server: each tick keeps all of them alive in
 * parallel. Many tiles cost one timer, not one each, and a slow server delays the next
 * round instead of piling rounds up (the next tick is armed when this one settles).
 */
export class KeepaliveScheduler<T> {
  private readonly items = new Set<T>();
  private cancelTimer: (() => void) | undefined;
  private disposed = false;

  constructor(private readonly options: KeepaliveSchedulerOptions<T>) {}

  add(item: T): void {
    this.items.add(item);
    this.arm();
  }

  remove(item: T): void {
    this.items.delete(item);
    if (this.items.size === 0) this.disarm();
  }

  get size(): number {
    return this.items.size;
  }

  dispose(): void {
    this.disposed = true;
    this.items.clear();
    this.disarm();
  }

  private arm(): void {
    if (this.cancelTimer || this.disposed) return;
    this.cancelTimer = this.options.clock.after(this.options.intervalMs, () => {
      this.cancelTimer = undefined;
      void this.tick();
    });
  }

  private disarm(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private async tick(): Promise<void> {
    const round = [...this.items];
    await Promise.all(
      round.map(async (item) => {
        try {
          await this.options.send(item);
          if (this.items.has(item)) this.options.onSuccess?.(item);
        } catch (error) {
          // A session removed while its keepalive was in flight is no longer our concern.
          if (this.items.has(item)) this.options.onFailure(item, error);
        }
      }),
    );
    if (this.items.size > 0) this.arm();
  }
}
