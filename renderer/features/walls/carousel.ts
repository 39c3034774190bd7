import { cameraKey, type CameraRef } from '../../../shared/model/camera';
import type { TileCarousel } from '../../../shared/model/wall';
import type { Timers } from './timers';

/**
 * How long a carousel holds still after the operator last touched what it cycles (moved
 * the pointer over it, pressed it, a key while it is selected): long enough to look at a
 * picture and act on it, short enough that an unattended wall resumes on its own.
 */
export const INTERACTION_PAUSE_MS = 15_000;

export interface CyclerStatus {
  /** 0-based position of the item shown. */
  readonly position: number;
  readonly count: number;
  readonly paused: boolean;
}

export interface CyclerOptions {
  readonly count: number;
  readonly dwellMs: number;
  /** The item shown when it starts. */
  readonly start: number;
  readonly timers: Timers;
  readonly pauseMs?: number;
  /** Shows the item at this position. */
  readonly show: (position: number) => void;
  /** Called when the position or the pause changes (for the indicator). */
  readonly onStatus?: (status: CyclerStatus) => void;
}

/**
 * Steps through `count` items, one every `dwellMs`. An interaction holds it for
 * `pauseMs` from the last one; the next step comes a whole dwell after the previous one
 * and never before the pause is over. One timer at a time; `dispose()` cancels it.
 */
export class Cycler {
  private position: number;
  private lastStepAt: number;
  private lastInteractionAt = Number.NEGATIVE_INFINITY;
  private paused = false;
  private cancel: (() => void) | undefined;
  private readonly pauseMs: number;

  constructor(private readonly options: CyclerOptions) {
    this.position = Math.min(Math.max(0, options.start), options.count - 1);
    this.pauseMs = options.pauseMs ?? INTERACTION_PAUSE_MS;
    this.lastStepAt = options.timers.now();
    this.schedule();
  }

  status(): CyclerStatus {
    return { position: this.position, count: this.options.count, paused: this.paused };
  }

  /** The operator touched it. Cheap: called on every pointer move. */
  interacted(): void {
    this.lastInteractionAt = this.options.timers.now();
    if (!this.paused) this.schedule();
  }

  dispose(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  private schedule(): void {
    this.cancel?.();
    const now = this.options.timers.now();
    const pauseEnd = this.lastInteractionAt + this.pauseMs;
    const paused = now < pauseEnd;
    if (paused !== this.paused) {
      this.paused = paused;
      this.options.onStatus?.(this.status());
    }
    let due = Math.max(this.lastStepAt + this.options.dwellMs, pauseEnd);
    if (now >= due) {
      this.position = (this.position + 1) % this.options.count;
      this.lastStepAt = now;
      this.options.show(this.position);
      this.options.onStatus?.(this.status());
      due = now + this.options.dwellMs;
    }
    // While paused, wake when the pause ends, to say so even if no step is due yet.
    this.cancel = this.options.timers.after((paused ? Math.min(pauseEnd, due) : due) - now, () => this.schedule());
  }
}

export interface TileCarouselsOptions {
  readonly timers: Timers;
  readonly pauseMs?: number;
  /** Puts a carousel's next camera on its tile. */
  readonly show: (index: number, camera: CameraRef) => void;
  /** Each tile carousel's position and pause, for the indicators. */
  readonly onStatus: (statuses: Readonly<Record<number, CyclerStatus>>) => void;
}

/** Identity of a carousel's settings: the same cameras and dwell keep the running cycler. */
const carouselKey = (carousel: TileCarousel): string => `${carousel.dwellMs}|${carousel.cameras.map(cameraKey).join(',')}`;

/**
 * Runs the tile carousels of a wall: one Cycler per carousel, kept while its settings
 * stay the same, started from the camera its tile shows, disposed when it goes.
 */
export class TileCarousels {
  private readonly running = new Map<number, { readonly key: string; readonly cycler: Cycler }>();
  private statuses: Record<number, CyclerStatus> = {};

  constructor(private readonly options: TileCarouselsOptions) {}

  /** The wall's carousels and what its tiles show now. */
  update(carousels: Readonly<Record<number, TileCarousel>>, shown: readonly (CameraRef | null)[]): void {
    for (const [index, { key, cycler }] of this.running) {
      const carousel = carousels[index];
      if (carousel && carouselKey(carousel) === key) continue;
      cycler.dispose();
      this.running.delete(index);
    }
    this.statuses = Object.fromEntries(Object.entries(this.statuses).filter(([index]) => this.running.has(Number(index))));
    for (const [at, carousel] of Object.entries(carousels)) {
      const index = Number(at);
      if (this.running.has(index)) continue;
      const tile = shown[index] ?? null;
      const start = Math.max(0, carousel.cameras.findIndex((camera) => tile !== null && cameraKey(camera) === cameraKey(tile)));
      const cycler = new Cycler({
        count: carousel.cameras.length,
        dwellMs: carousel.dwellMs,
        start,
        timers: this.options.timers,
        pauseMs: this.options.pauseMs,
        show: (position) => {
          const camera = carousel.cameras[position];
          if (camera) this.options.show(index, camera);
        },
        onStatus: (status) => this.publish(index, status),
      });
      this.running.set(index, { key: carouselKey(carousel), cycler });
      this.statuses[index] = cycler.status();
    }
    this.options.onStatus({ ...this.statuses });
  }

  /** The operator touched this tile. */
  interacted(index: number): void {
    this.running.get(index)?.cycler.interacted();
  }

  dispose(): void {
    for (const { cycler } of this.running.values()) cycler.dispose();
    this.running.clear();
  }

  private publish(index: number, status: CyclerStatus): void {
    if (!this.running.has(index) && !(index in this.statuses)) return;
    this.statuses = { ...this.statuses, [index]: status };
    this.options.onStatus(this.statuses);
  }
}

/** The indicator's text: "⟳ 3/5", or "❚❚ 3/5" while the operator holds it. */
export function cyclerLabel(status: CyclerStatus): string {
  return `${status.paused ? '❚❚' : '⟳'} ${status.position + 1}/${status.count}`;
}
