import { onTick } from '../ui/shared-ticker';

/** How often a live tile's playback rate is looked at and set. */
export const STEER_MS = 500;
/** Fastest catch-up towards the target latency (a quarter faster is not noticed on a surveillance picture). */
const MAX_CATCH_UP_RATE = 1.25;
/** Seconds behind the target latency before the tile catches up: the latency estimate jitters by a few tenths with playlist arrivals, and each catch-up throws the tile's frames out of phase with the wall. */
const CATCH_UP_FROM_S = 0.25;
/** Once catching up, it goes on until this close to the target, so it does not stop and start around CATCH_UP_FROM_S. */
const CATCH_UP_UNTIL_S = 0.05;
/** Buffered video ahead of the picture that catching up needs: faster playback must not run the buffer dry. */
const CATCH_UP_MIN_BUFFER_S = 1;
/**
 * How far (ms) a tile's frames may fall due from the wall's phase and still count as in it:
 * well within a display refresh (16.7 ms at 60 Hz), so tiles within it present in the same
 * display frame unless the grid lies right at a refresh's edge.
 */
const IN_PHASE_MS = 4;
/** The largest change of rate that moves a tile's phase (over one STEER_MS: ±50 ms). */
const MAX_PHASE_NUDGE = 0.1;
/**
 * How often (ms) a tile relearns where its frames fall in media time, with one video frame
 * callback: a stream's frames keep their spacing, but a new stream or a discontinuity can
 * move them. (A callback for every frame of every tile would make the page run a rendering
 * step for each.)
 */
const RELEARN_FRAMES_MS = 15_000;

/**
 * The phase the tiles of one window line up to: a time (performance.now, ms) a frame was
 * due on screen. Tiles' frames fall due at this time plus whole frame durations; the first
 * tile measured sets it.
 */
export class PresentationGrid {
  private origin: number | undefined;

  /** How far (ms, within ±frameMs/2) `due` lies after the grid's nearest time for frames of `frameMs`. */
  offset(due: number, frameMs: number): number {
    this.origin ??= due;
    const within = (((due - this.origin) % frameMs) + frameMs) % frameMs;
    return within > frameMs / 2 ? within - frameMs : within;
  }
}

/** The grid every live tile of this window lines up to. */
export const WALL_GRID = new PresentationGrid();

/** How far the picture is behind live, as hls.js estimates it (seconds). */
export interface LiveDistance {
  /** Behind the live edge now. */
  readonly latency: number;
  /** Where it should be. */
  readonly target: number;
  /** Further behind the target than this (s), the tile is not caught up: hls.js jumps it to the live edge. */
  readonly catchUpWithin: number;
}

/** The parts of a <video> the steering uses (a fake in unit tests). */
export type SteeredVideo = Pick<HTMLVideoElement, 'playbackRate' | 'paused' | 'currentTime' | 'buffered' | 'requestVideoFrameCallback' | 'cancelVideoFrameCallback'>;

/**
 * Steers a live tile's playback rate, which hls.js's own catch-up would otherwise own
 * (`maxLiveSyncPlaybackRate` is 1 for live tiles):
 *
 * - **Catch-up.** More than CATCH_UP_FROM_S behind its target latency, with video buffered
 *   ahead, the tile plays faster (hls.js's rate curve, up to MAX_CATCH_UP_RATE) until it is
 *   back within CATCH_UP_UNTIL_S.
 * - **Phase.** Otherwise it lines its frame presentations up with the window's grid, by
 *   playing up to MAX_PHASE_NUDGE faster or slower for one tick. Chromium's compositor makes
 *   a display frame whenever any video on the page has a new frame: with 16 tiles at 10 fps
 *   presenting at their own phases that is up to every refresh, each a frame of the display
 *   compositor, and tiles in phase share one. Measured on a plain hls.js page of 16 tiles,
 *   moving its tiles off phase cost 1.22x the page's CPU, its display compositor 0.100 cores
 *   against 0.056 (`bench/README.md`, "Live tiles in phase"). The phase moves the picture by
 *   at most a frame, nothing an operator sees.
 *
 * Where the tile's frames fall is known from the element's clock, read on each tick against
 * the page's clock, and one frame's media time, learnt with a video frame callback now and
 * then (RELEARN_FRAMES_MS). Not from frame callbacks' display times: those are rounded to
 * the display's refresh (33 ms on a busy headless page), and tiles steered by them, whose
 * frames fell near a refresh's edge, were nudged back and forth for good.
 */
export class LiveSteering {
  private catchingUp = false;
  /** The rate is one the steering set (the operator's own rate is never touched). */
  private steered = false;
  /** The media time (s) of one frame of this stream, and when (performance.now) it was learnt. */
  private frame: { readonly mediaTime: number; readonly learntAt: number } | undefined;
  /** The frame callback asked for to learn `frame`. */
  private learning: number | undefined;
  private readonly stopTicking: () => void;

  constructor(
    private readonly video: SteeredVideo,
    private readonly distance: () => LiveDistance | undefined,
    /** One frame's duration (ms), once known. */
    private readonly frameMs: () => number | undefined,
    /** False while the tile is not steered (paused, held, or not live). */
    private readonly active: () => boolean,
    private readonly grid: PresentationGrid = WALL_GRID,
    tick: (periodMs: number, listener: () => void) => () => void = onTick,
  ) {
    this.stopTicking = tick(STEER_MS, () => this.step());
  }

  /** One steering tick. */
  private step(): void {
    if (!this.active() || this.video.paused) {
      this.reset();
      return;
    }
    const distance = this.distance();
    const behind = distance ? distance.latency - distance.target : undefined;
    const catchUp = this.catchUpRate(behind, distance?.catchUpWithin);
    if (catchUp > 1) {
      this.setRate(catchUp);
      return;
    }
    this.learnFrames();
    this.setRate(this.phaseRate(behind));
  }

  dispose(): void {
    this.stopTicking();
    this.reset();
  }

  /**
   * The rate that brings this tile's frames into the grid's phase by the next tick (1 when
   * they are, or where they fall is not known yet). `behind`: seconds behind the target
   * latency, which says which way to move: a tile ahead of its target is moved later and
   * one behind it earlier, even where the other way is shorter. Moved the short way only,
   * a tile close to the live edge was moved closer still, ran out of video at each
   * segment's end, fell out of phase by the wait, and was moved closer again.
   */
  private phaseRate(behind: number | undefined): number {
    const frameMs = this.frameMs();
    if (frameMs === undefined || this.frame === undefined) return 1;
    const frameS = frameMs / 1000;
    const now = performance.now();
    const time = this.video.currentTime;
    // The next frame's media time, and when it falls due at rate 1.
    const next = this.frame.mediaTime + Math.ceil((time - this.frame.mediaTime) / frameS) * frameS;
    // Positive: this tile's frames fall after the grid's; playing faster brings them earlier.
    let late = this.grid.offset(now + (next - time) * 1000, frameMs);
    if (Math.abs(late) <= IN_PHASE_MS) return 1;
    if (behind !== undefined && behind < 0 && late > 0) late -= frameMs;
    if (behind !== undefined && behind > 0 && late < 0) late += frameMs;
    return 1 + Math.max(-MAX_PHASE_NUDGE, Math.min(MAX_PHASE_NUDGE, late / STEER_MS));
  }

  /**
   * hls.js's rate curve towards the target latency (LatencyController), with a dead band on
   * either side; 1 when not catching up. `behind`: seconds behind the target, `within`: how
   * far behind it still catches up (both undefined until hls.js knows).
   */
  private catchUpRate(behind: number | undefined, within: number | undefined): number {
    if (behind === undefined || within === undefined) {
      this.catchingUp = false;
      return 1;
    }
    const threshold = this.catchingUp ? CATCH_UP_UNTIL_S : CATCH_UP_FROM_S;
    this.catchingUp = behind > threshold && behind < within && this.bufferedAhead() > CATCH_UP_MIN_BUFFER_S;
    if (!this.catchingUp) return 1;
    const rate = Math.round((2 / (1 + Math.exp(-0.75 * behind))) * 20) / 20;
    return Math.min(MAX_CATCH_UP_RATE, Math.max(1.05, rate));
  }

  private bufferedAhead(): number {
    const { buffered, currentTime } = this.video;
    for (let index = 0; index < buffered.length; index += 1) {
      if (currentTime >= buffered.start(index) && currentTime <= buffered.end(index)) return buffered.end(index) - currentTime;
    }
    return 0;
  }

  /** Asks for one presented frame's media time when none is known, or it is RELEARN_FRAMES_MS old. */
  private learnFrames(): void {
    if (this.learning !== undefined) return;
    if (this.frame && performance.now() - this.frame.learntAt < RELEARN_FRAMES_MS) return;
    this.learning = this.video.requestVideoFrameCallback((_now, metadata) => {
      this.learning = undefined;
      this.frame = { mediaTime: metadata.mediaTime, learntAt: performance.now() };
    });
  }

  private reset(): void {
    if (this.learning !== undefined) this.video.cancelVideoFrameCallback(this.learning);
    this.learning = undefined;
    this.catchingUp = false;
    if (this.steered) this.setRate(1);
  }

  private setRate(rate: number): void {
    this.steered = rate !== 1;
    if (this.video.playbackRate !== rate) this.video.playbackRate = rate;
  }
}
