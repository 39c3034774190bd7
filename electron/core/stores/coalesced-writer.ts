import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';

/**
 * Writes a store's file at most once per `everyMs`, however often it changes: the first
 * change after a quiet spell is written at once (a crash right after loses nothing), the
 * changes that follow within the interval are written together at its end. `flush`
 * writes what is pending now; `dispose` flushes and stops.
 */
export class CoalescedWriter {
  private dirty = false;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private cancelTimer: (() => void) | undefined;
  private disposed = false;

  constructor(
    private readonly write: () => void,
    private readonly clock: Clock,
    private readonly everyMs: number,
    private readonly log: Logger,
  ) {}

  /** Something changed. */
  schedule(): void {
    this.dirty = true;
    if (this.cancelTimer || this.disposed) return;
    const wait = this.lastWriteAt + this.everyMs - this.clock.now();
    if (wait <= 0) this.flush();
    else
      this.cancelTimer = this.clock.after(wait, () => {
        this.cancelTimer = undefined;
        this.flush();
      });
  }

  flush(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    this.lastWriteAt = this.clock.now();
    try {
      this.write();
    } catch (error) {
      // Kept dirty: the next change (or dispose) tries again.
      this.dirty = true;
      this.log.error('could not write the store file', { error });
    }
  }

  dispose(): void {
    this.flush();
    this.disposed = true;
  }
}
