import { backoffDelay, PLAYER_BACKOFF } from '../../shared/time/backoff';
import { FrameSampler, type KeptFrame } from './frame-sampler';
import type { PictureSource, Player, PlayerEvents, PlayerState, PlayOptions } from './player';

/** How long the picture may stand still before the tile says so. */
export const STALL_AFTER_MS = 3000;
/** How often the watchdog looks: a stall is reported at most this long after STALL_AFTER_MS. */
export const WATCHDOG_MS = 500;
/** How long a stall lasts before the player reloads the stream by itself. */
const RELOAD_AFTER_MS = 6000;
/** A stream that shows nothing for this long after loading starts is loaded again. */
const START_TIMEOUT_MS = 12_000;
/** Reloads that did not bring the picture back before the session itself is restarted. */
const RELOADS_BEFORE_ESCALATION = 2;

/**
 * The recovery every tile needs, whatever plays in it: a watchdog that turns a picture
 * that stopped advancing into `stalled` and then a reload, reloads with backoff, and
 * reloads that do not help escalated to a session restart; out-of-sight pausing, holding
 * recorded media on a frame, freezing on the last picture, frozen-picture detection.
 * Each media kind (HLS, JPEG, WebRTC) supplies only how to load, stop and observe its
 * media; `dispose()` stops every timer and releases the media.
 */
export abstract class SupervisedPlayer implements Player {
  abstract readonly canReplay: boolean;
  protected url: string | undefined;
  protected options: PlayOptions = {};
  protected paused = false;
  /** Recorded media held on one frame by the operator (not a tile out of sight: loading goes on). */
  protected held = false;
  protected rate = 1;
  protected disposed = false;
  private state: PlayerState | undefined;
  private watchdog: number | undefined;
  private retryTimer: number | undefined;
  private retries = 0;
  private failedReloads = 0;
  private lastProgressAt = 0;
  private loaded = false;
  private readonly frames = new FrameSampler();

  constructor(protected readonly events: PlayerEvents) {}

  /** Creates the media engine and starts loading `url` (the last attempt's engine is gone). */
  protected abstract begin(url: string, options: PlayOptions): void;
  /** Destroys the media engine and everything it holds. */
  protected abstract end(): void;
  /** Stops loading and decoding, keeping the engine (`pause`). */
  protected abstract suspend(): void;
  /** Goes on after `suspend`: live jumps to the live edge, recorded media where it was. */
  protected abstract unsuspend(): void;
  /** Stops loading for good, leaving the last picture on screen (`freeze`). */
  protected abstract halt(): void;
  /**
   * True when a newer picture is on screen than at the last call. The first call after
   * loading starts only takes note, so the first picture is not mistaken for playback.
   */
  protected abstract advanced(): boolean;
  /** A picture is on screen (for held media: ready means its frame is decoded). */
  protected abstract hasPicture(): boolean;
  /** The image drawn on screen, for snapshots and frozen-picture detection. */
  protected abstract pictureImage(): PictureSource | undefined;
  abstract position(): number | undefined;

  /** Holds or releases the picture in the engine (recorded media). */
  protected applyHold(_held: boolean): void {}
  /** Sets the playback speed in the engine (recorded media). */
  protected applyRate(_rate: number, _speed: number): void {}
  /** Before a reload: recorded media resumes where it was, not where it started. */
  protected beforeRetry(): void {}

  load(url: string, options: PlayOptions = {}): void {
    this.url = url;
    this.options = options;
    this.retries = 0;
    this.failedReloads = 0;
    this.paused = false;
    this.attach();
  }

  reload(): void {
    if (this.url) this.attach();
  }

  pause(): void {
    if (this.paused || !this.loaded) return;
    this.paused = true;
    this.suspend();
    window.clearInterval(this.watchdog);
    // The tile reports `paused`; forget our state so progress after `resume` is announced again.
    this.state = undefined;
  }

  resume(): void {
    if (!this.paused || !this.loaded) return;
    this.paused = false;
    this.unsuspend();
    this.startWatchdog();
  }

  freeze(): number | undefined {
    const at = this.position();
    window.clearInterval(this.watchdog);
    window.clearTimeout(this.retryTimer);
    this.halt();
    return at;
  }

  seekTo(_epochMs: number): boolean {
    return false;
  }

  covered(): { from: number; to: number } | undefined {
    return undefined;
  }

  setRate(rate: number, speed = rate): void {
    this.rate = rate;
    this.applyRate(rate, speed);
  }

  hold(held: boolean): void {
    if (this.held === held) return;
    this.held = held;
    this.applyHold(held);
  }

  mediaEpoch(): number | undefined {
    return undefined;
  }

  frameMs(): number {
    return 40;
  }

  unchangedFor(): number {
    return this.state === 'playing' ? this.frames.unchangedFor(this.pictureImage()?.image, performance.now(), () => this.position() ?? Date.now()) : 0;
  }

  lastFrame(): KeptFrame | undefined {
    return this.frames.lastFrame();
  }

  picture(): PictureSource | undefined {
    return this.hasPicture() ? this.pictureImage() : undefined;
  }

  dispose(): void {
    this.disposed = true;
    window.clearInterval(this.watchdog);
    window.clearTimeout(this.retryTimer);
    this.loaded = false;
    this.end();
  }

  /** For subclasses: a fatal failure of the media, with its reason in words. */
  protected fail(reason: string): void {
    this.retryLater(reason);
  }

  /** For subclasses: the picture moved on purpose (a seek), so the stillness before does not count as a stall. */
  protected noteProgress(): void {
    this.lastProgressAt = performance.now();
  }

  /** For subclasses: look now rather than at the next tick (a held frame that just became ready). */
  protected checkNow(): void {
    if (!this.disposed) this.checkProgress();
  }

  private attach(): void {
    if (this.disposed || !this.url) return;
    window.clearTimeout(this.retryTimer);
    this.end();
    this.loaded = false;
    this.frames.reset();
    this.setState('connecting');
    this.begin(this.url, this.options);
    this.loaded = true;
    this.startWatchdog();
  }

  private startWatchdog(): void {
    window.clearInterval(this.watchdog);
    this.lastProgressAt = performance.now();
    this.watchdog = window.setInterval(() => this.checkProgress(), WATCHDOG_MS);
  }

  private retryLater(reason: string): void {
    window.clearInterval(this.watchdog);
    this.beforeRetry();
    this.end();
    this.loaded = false;
    this.setState('reconnecting', reason);
    if (this.failedReloads++ >= RELOADS_BEFORE_ESCALATION) {
      this.failedReloads = 0;
      this.events.onEscalate(reason);
    }
    this.retryTimer = window.setTimeout(() => this.attach(), backoffDelay(this.retries++, PLAYER_BACKOFF));
  }

  private checkProgress(): void {
    const now = performance.now();
    if (this.held) {
      // Held by the operator: a still picture is what was asked for, not a stall.
      this.lastProgressAt = now;
      if (this.hasPicture()) {
        this.retries = 0;
        this.setState('playing');
      }
      return;
    }
    if (this.advanced()) {
      this.retries = 0;
      this.failedReloads = 0;
      this.setState('playing');
      this.lastProgressAt = now;
      return;
    }
    const stillFor = now - this.lastProgressAt;
    if (this.state === 'playing' && stillFor > STALL_AFTER_MS) this.setState('stalled', `No new picture for ${Math.round(stillFor / 1000)} s`);
    if (this.state === 'stalled' && stillFor > RELOAD_AFTER_MS) this.retryLater('The picture stopped; reloading the stream');
    if (this.state === 'connecting' && stillFor > START_TIMEOUT_MS) this.retryLater(`The stream did not start within ${START_TIMEOUT_MS / 1000} s`);
  }

  private setState(state: PlayerState, reason?: string): void {
    if (this.state === state && state !== 'stalled' && state !== 'reconnecting') return;
    this.state = state;
    this.events.onState(state, reason);
  }
}
