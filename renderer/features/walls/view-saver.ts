import type { MonitorView } from '../../../shared/model/wall';
import type { Timers } from './timers';
import { viewKey } from './view-key';

export interface ViewSaverOptions {
  /** Stores the view in the core; resolves when the core has it. */
  readonly send: (view: MonitorView) => Promise<unknown>;
  readonly timers: Timers;
  /** Quiet time after a change before it is saved. */
  readonly delayMs?: number;
  /** Changes that never pause (a running playback clock) are still saved this often. */
  readonly maxWaitMs?: number;
}

/**
 * Saves what this monitor shows as it changes: `delayMs` after the last change, and at
 * the latest `maxWaitMs` after the first unsaved one. It remembers what the core holds
 * from it (the last save it confirmed, and saves still on their way) so that the sync
 * can tell its own echo from another window switching the wall.
 */
export class ViewSaver {
  private pending: { readonly view: MonitorView; readonly key: string } | undefined;
  private lastKey: string | undefined;
  private confirmedKey: string | undefined;
  private readonly inFlight = new Map<string, number>();
  private cancelDelay: (() => void) | undefined;
  private cancelMaxWait: (() => void) | undefined;
  private readonly delayMs: number;
  private readonly maxWaitMs: number;

  constructor(private readonly options: ViewSaverOptions) {
    this.delayMs = options.delayMs ?? 300;
    this.maxWaitMs = options.maxWaitMs ?? 1000;
  }

  /** This is what the monitor shows now. */
  change(view: MonitorView): void {
    const key = viewKey(view);
    if (key === this.lastKey) {
      // Back to what was saved last: nothing to save.
      this.pending = undefined;
      this.cancelTimers();
      return;
    }
    this.pending = { view, key };
    this.cancelDelay?.();
    this.cancelDelay = this.options.timers.after(this.delayMs, () => this.flush());
    this.cancelMaxWait ??= this.options.timers.after(this.maxWaitMs, () => this.flush());
  }

  /** Saves a pending change now (the page is going away). */
  flush(): void {
    this.cancelTimers();
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    this.lastKey = pending.key;
    this.inFlight.set(pending.key, (this.inFlight.get(pending.key) ?? 0) + 1);
    const settle = (): void => {
      const left = (this.inFlight.get(pending.key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(pending.key, left);
      else this.inFlight.delete(pending.key);
      this.confirmedKey = pending.key;
    };
    void this.options.send(pending.view).then(settle, settle);
  }

  /** The monitor now shows a view the core already holds (restored or switched to): nothing to save. */
  baseline(view: MonitorView): void {
    this.cancelTimers();
    this.pending = undefined;
    this.lastKey = viewKey(view);
    this.confirmedKey = this.lastKey;
  }

  /** True when the core holds this view because this window saved it (or is saving it). */
  isOwn(view: MonitorView): boolean {
    const key = viewKey(view);
    return key === this.confirmedKey || this.inFlight.has(key);
  }

  dispose(): void {
    this.cancelTimers();
  }

  private cancelTimers(): void {
    this.cancelDelay?.();
    this.cancelMaxWait?.();
    this.cancelDelay = undefined;
    this.cancelMaxWait = undefined;
  }
}
