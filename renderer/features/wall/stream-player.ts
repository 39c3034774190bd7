import Hls, { ErrorDetails, ErrorTypes, Events, type ErrorData, type Fragment, type HlsConfig } from 'hls.js';
// One transmuxer worker shared by every player: hls.js keeps a reference-counted worker per
// workerPath. The ESM build has no inline worker, so without this every tile would
// transmux on the main thread.
import workerPath from 'hls.js/dist/hls.worker.js?url';
import { withResourceHeaders } from '../../ipc/resources';
import type { TileState } from './tile-state';

/** States the player itself can be in; `empty` and `offline` are decided by the tile. */
export type PlayerState = Extract<TileState, 'connecting' | 'playing' | 'stalled' | 'reconnecting' | 'error'>;

export interface PlayerEvents {
  readonly onState: (state: PlayerState, reason?: string) => void;
  /** Reloading did not help: the VMS session itself should be restarted. */
  readonly onEscalate: (reason: string) => void;
  /** Recorded or replayed video reached its end. */
  readonly onEnded?: () => void;
}

/**
 * hls.js tuned for a live wall: short buffers (a wall tile never needs minutes of video,
 * and many tiles multiply memory), two segments from the live edge, and a slightly faster
 * rate to catch up when it falls behind; quick retries because the media proxy is local.
 */
export const LIVE_HLS_CONFIG: Partial<HlsConfig> = {
  enableWorker: true,
  workerPath,
  // Playlists and segments come from the core's media route, which asks for the launch key.
  xhrSetup: withResourceHeaders,
  lowLatencyMode: false,
  // In seconds behind the playlist's last segment, which is itself about one segment
  // behind real time (a segment is listed once complete): 1.25 s keeps the picture under
  // 2.5 s from live with 1 s segments (the proxy fetches segments ahead, so they arrive at
  // once). Fall further behind than 5 s and hls.js jumps back; in between it plays up to
  // 25 % faster to catch up.
  liveSyncDuration: 1.25,
  liveMaxLatencyDuration: 5,
  maxLiveSyncPlaybackRate: 1.25,
  backBufferLength: 4,
  maxBufferLength: 6,
  maxMaxBufferLength: 10,
  maxBufferSize: 8 * 1024 * 1024,
  startFragPrefetch: true,
  // A live tile that cannot get its segments should give up within seconds (the watchdog
  // then reloads, and escalates to a session restart), not retry for half a minute.
  fragLoadPolicy: {
    default: {
      maxTimeToFirstByteMs: 8000,
      maxLoadTimeMs: 15_000,
      timeoutRetry: { maxNumRetry: 2, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: 2, retryDelayMs: 500, maxRetryDelayMs: 2000 },
    },
  },
  manifestLoadPolicy: {
    default: {
      maxTimeToFirstByteMs: 15_000,
      maxLoadTimeMs: 20_000,
      timeoutRetry: { maxNumRetry: 2, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: 2, retryDelayMs: 500, maxRetryDelayMs: 4000 },
    },
  },
};

/**
 * Recorded or replayed video: loading starts where the asked moment is, found by program
 * date-time. hls.js's defaults never "catch up" (no live sync rate, no max latency), which
 * is right here: the operator chose the moment.
 */
export const RECORDED_HLS_CONFIG: Partial<HlsConfig> = {
  enableWorker: true,
  workerPath,
  xhrSetup: withResourceHeaders,
  manifestLoadPolicy: LIVE_HLS_CONFIG.manifestLoadPolicy,
  autoStartLoad: false,
  backBufferLength: 30,
  maxBufferLength: 20,
  maxMaxBufferLength: 40,
};

export interface PlayOptions {
  /** Recorded or replayed video: the wall-clock moment (epoch ms) to start at. Live when absent. */
  readonly startAt?: number;
}

/** How long the picture may stand still before the tile says so. */
export const STALL_AFTER_MS = 3000;
/** How long a stall lasts before the player reloads the stream by itself. */
const RELOAD_AFTER_MS = 6000;
/** Reloads that did not bring the picture back before the session itself is restarted. */
const RELOADS_BEFORE_ESCALATION = 2;
const WATCHDOG_MS = 500;
const MAX_RETRY_DELAY_MS = 15_000;

/**
 * One hls.js player on one <video>, with the recovery a wall tile needs: fatal network
 * errors reload with backoff, media errors try hls.js's own recovery first, a watchdog
 * turns a picture that stopped advancing into `stalled` and then a reload, and reloads
 * that do not help escalate to a session restart. `dispose()` destroys the player, its
 * MediaSource and every timer.
 */
export class StreamPlayer {
  private hls: Hls | undefined;
  private state: PlayerState | undefined;
  private url: string | undefined;
  private options: PlayOptions = {};
  private watchdog: number | undefined;
  private retryTimer: number | undefined;
  private retries = 0;
  private failedReloads = 0;
  private mediaRecoveries = 0;
  private lastTime = -1;
  private lastProgressAt = 0;
  private paused = false;
  /** Recorded video held on one frame by the operator (not a tile out of sight: loading goes on). */
  private held = false;
  private rate = 1;
  private disposed = false;
  private readonly frames = new FrameSampler();
  /** Frames actually presented (requestVideoFrameCallback), so a clock that runs over a stuck decoder is not taken for progress. */
  private presented = 0;
  private lastPresented = 0;
  private lastMediaTime = 0;
  private frameStep: number | undefined;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly events: PlayerEvents,
  ) {
    video.addEventListener('ended', this.onEnded);
    video.addEventListener('loadeddata', this.onFrameReady);
    video.addEventListener('seeked', this.onFrameReady);
    this.countFrames();
  }

  load(url: string, options: PlayOptions = {}): void {
    this.url = url;
    this.options = options;
    this.retries = 0;
    this.failedReloads = 0;
    this.paused = false;
    this.attach();
  }

  /**
   * Recorded video: shows the frame of `epochMs` if the playlist of this session covers
   * it (loading what is not buffered yet from the same session), and says false if not,
   * so the caller opens a session there instead.
   */
  seekTo(epochMs: number): boolean {
    const fragments = this.fragments();
    if (!fragments || fragments.length === 0) return false;
    const fragment = fragments.find((candidate) => candidate.programDateTime !== null && epochMs >= candidate.programDateTime && epochMs < candidate.programDateTime + candidate.duration * 1000);
    if (!fragment?.programDateTime) return false;
    this.video.currentTime = fragment.start + (epochMs - fragment.programDateTime) / 1000;
    this.lastProgressAt = performance.now();
    return true;
  }

  /** The span (epoch ms) this session's playlist covers now, from its first to its last frame. */
  covered(): { from: number; to: number } | undefined {
    const fragments = this.fragments();
    const first = fragments?.[0];
    const last = fragments?.at(-1);
    const from = first?.programDateTime ?? undefined;
    const lastStart = last?.programDateTime ?? undefined;
    if (from === undefined || lastStart === undefined || !last) return undefined;
    return { from, to: lastStart + last.duration * 1000 };
  }

  /** Playback speed of recorded video (the tile is muted, so any rate the browser can decode). */
  setRate(rate: number): void {
    this.rate = rate;
    if (this.video.playbackRate !== rate) this.video.playbackRate = rate;
  }

  /** Holds recorded video on its frame, or lets it play on. */
  hold(held: boolean): void {
    if (this.held === held) return;
    this.held = held;
    if (held) this.video.pause();
    else if (!this.paused) this.video.play().catch(() => undefined);
  }

  /**
   * The wall-clock moment (epoch ms) of media time 0, so that a frame's moment is this
   * plus `video.currentTime` (tests sample every tile at one instant with it).
   */
  mediaEpoch(): number | undefined {
    const position = this.position();
    return position === undefined ? undefined : position - this.video.currentTime * 1000;
  }

  /** Starts over on the same URL, e.g. after the core restarted the VMS session behind it. */
  reload(): void {
    if (this.url) this.attach();
  }

  /** Stops loading and decoding, keeping the player (a tile out of sight, within its grace period). */
  pause(): void {
    if (this.paused || !this.hls) return;
    this.paused = true;
    this.hls.stopLoad();
    this.video.pause();
    window.clearInterval(this.watchdog);
    // The tile reports `paused`; forget our state so progress after `resume` is announced again.
    this.state = undefined;
  }

  /** Resumes after `pause`: live jumps to the live edge, recorded video goes on where it was. */
  resume(): void {
    if (!this.paused || !this.hls) return;
    this.paused = false;
    const live = this.options.startAt === undefined;
    this.hls.startLoad(live ? -1 : this.video.currentTime);
    if (live && this.hls.liveSyncPosition !== null) this.video.currentTime = this.hls.liveSyncPosition;
    if (!this.held) this.video.play().catch(() => undefined);
    this.startWatchdog();
  }

  /**
   * Stops for good but keeps the last decoded frame on screen (the camera went offline:
   * its last picture is worth more than a black tile). Returns when that frame was taken.
   */
  freeze(): number | undefined {
    const at = this.position();
    window.clearInterval(this.watchdog);
    window.clearTimeout(this.retryTimer);
    this.hls?.stopLoad();
    this.video.pause();
    return at;
  }

  /**
   * The wall-clock time (epoch ms) of the frame on screen, from the program date-time of
   * the fragment under the playhead. Computed from the playlist rather than taken from
   * hls.js's `playingDate`, which stays empty for a video held before it ever played.
   */
  position(): number | undefined {
    const time = this.video.currentTime;
    const fragment = this.fragments()?.find((candidate) => time >= candidate.start && time < candidate.start + candidate.duration);
    const start = fragment?.programDateTime ?? undefined;
    if (fragment && start !== undefined && this.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) return start + (time - fragment.start) * 1000;
    return this.hls?.playingDate?.getTime() ?? undefined;
  }

  private fragments(): readonly Fragment[] | undefined {
    return this.hls?.levels[this.hls.currentLevel >= 0 ? this.hls.currentLevel : 0]?.details?.fragments;
  }

  /** How old the picture on screen is (ms): now minus its program date-time. */
  age(): number | undefined {
    const position = this.position();
    return position === undefined ? undefined : Date.now() - position;
  }

  /**
   * How long (ms) the picture has stayed identical while playing. A real scene has noise
   * and an on-screen clock, so a long stretch means a frozen camera; shown, not acted on,
   * because a very still scene can look the same.
   */
  unchangedFor(): number {
    return this.state === 'playing' ? this.frames.unchangedFor(this.video, performance.now()) : 0;
  }

  dispose(): void {
    this.disposed = true;
    this.video.removeEventListener('ended', this.onEnded);
    this.video.removeEventListener('loadeddata', this.onFrameReady);
    this.video.removeEventListener('seeked', this.onFrameReady);
    window.clearInterval(this.watchdog);
    window.clearTimeout(this.retryTimer);
    this.destroyHls();
  }

  /**
   * The duration of one frame (ms), learnt from the media times of presented frames (the
   * smallest step seen: dropped frames only make steps longer). 40 ms until known.
   */
  frameMs(): number {
    return this.frameStep ?? 40;
  }

  private countFrames(): void {
    if (this.disposed || !('requestVideoFrameCallback' in this.video)) return;
    this.video.requestVideoFrameCallback((_now, metadata) => {
      this.presented += 1;
      const step = (metadata.mediaTime - this.lastMediaTime) * 1000;
      if (step > 5 && step < 1000) this.frameStep = Math.min(this.frameStep ?? step, step);
      this.lastMediaTime = metadata.mediaTime;
      this.countFrames();
    });
  }

  /** A held picture is ready the moment its frame is: say so without waiting for the watchdog. */
  private readonly onFrameReady = (): void => {
    if (this.held && !this.disposed) this.checkProgress();
  };

  private readonly onEnded = (): void => {
    if (this.options.startAt !== undefined) this.events.onEnded?.();
  };

  private attach(): void {
    if (this.disposed || !this.url) return;
    window.clearTimeout(this.retryTimer);
    this.destroyHls();
    this.mediaRecoveries = 0;
    this.lastTime = -1;
    this.lastProgressAt = performance.now();
    this.frames.reset();
    this.setState('connecting');
    const startAt = this.options.startAt;
    const hls = new Hls(startAt === undefined ? LIVE_HLS_CONFIG : RECORDED_HLS_CONFIG);
    this.hls = hls;
    hls.on(Events.MANIFEST_PARSED, () => {
      this.video.playbackRate = this.rate;
      if (!this.held) this.video.play().catch(() => undefined);
    });
    if (startAt !== undefined) {
      hls.once(Events.LEVEL_LOADED, (_event, data) => {
        const first = data.details.fragments[0];
        const offset = first?.programDateTime ? Math.max(0, (startAt - first.programDateTime) / 1000) : 0;
        hls.startLoad(first ? first.start + offset : 0);
      });
    }
    hls.on(Events.ERROR, (_event, data) => this.handleError(hls, data));
    hls.attachMedia(this.video);
    hls.loadSource(this.url);
    this.startWatchdog();
  }

  private startWatchdog(): void {
    window.clearInterval(this.watchdog);
    this.lastProgressAt = performance.now();
    this.watchdog = window.setInterval(() => this.checkProgress(), WATCHDOG_MS);
  }

  private destroyHls(): void {
    if (!this.hls) return;
    this.hls.destroy();
    this.hls = undefined;
    // Detach fully so the old MediaSource is released before a new one is made.
    this.video.removeAttribute('src');
    this.video.load();
  }

  private handleError(hls: Hls, data: ErrorData): void {
    if (!data.fatal || hls !== this.hls) return;
    if (data.type === ErrorTypes.MEDIA_ERROR && this.mediaRecoveries < 2) {
      this.mediaRecoveries += 1;
      hls.recoverMediaError();
      return;
    }
    this.retryLater(describeError(data));
  }

  private retryLater(reason: string): void {
    window.clearInterval(this.watchdog);
    // Recorded video resumes where it was, not where it started.
    const position = this.position();
    if (this.options.startAt !== undefined && position !== undefined) this.options = { startAt: position };
    this.destroyHls();
    this.setState('reconnecting', reason);
    if (this.failedReloads++ >= RELOADS_BEFORE_ESCALATION) {
      this.failedReloads = 0;
      this.events.onEscalate(reason);
    }
    const delay = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** this.retries++);
    this.retryTimer = window.setTimeout(() => this.attach(), delay);
  }

  private checkProgress(): void {
    const now = performance.now();
    const time = this.video.currentTime;
    if (this.held) {
      // Held by the operator: a still picture is what was asked for, not a stall.
      this.lastProgressAt = now;
      if (this.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
        this.retries = 0;
        this.setState('playing');
      }
      return;
    }
    const framesMoved = this.presented === 0 || this.presented > this.lastPresented;
    if (time > this.lastTime + 0.01 && !this.video.paused && framesMoved) {
      this.lastPresented = this.presented;
      if (this.lastTime >= 0) {
        this.retries = 0;
        this.failedReloads = 0;
        this.setState('playing');
      }
      this.lastTime = time;
      this.lastProgressAt = now;
      return;
    }
    const stillFor = now - this.lastProgressAt;
    if (this.state === 'playing' && stillFor > STALL_AFTER_MS) this.setState('stalled', `No new video for ${Math.round(stillFor / 1000)} s`);
    if (this.state === 'stalled' && stillFor > RELOAD_AFTER_MS) this.retryLater('The video stopped; reloading the stream');
    if (this.state === 'connecting' && stillFor > 12_000) this.retryLater('The stream did not start within 12 s');
  }

  private setState(state: PlayerState, reason?: string): void {
    if (this.state === state && state !== 'stalled' && state !== 'reconnecting') return;
    this.state = state;
    this.events.onState(state, reason);
  }
}

/**
 * Notices a picture that stopped changing while playback time runs on (an encoder
 * repeating its last frame): a 16×9 thumbnail of the frame, compared once a second.
 */
class FrameSampler {
  private readonly canvas = document.createElement('canvas');
  private readonly context = this.canvas.getContext('2d', { willReadFrequently: true });
  private previous: Uint8ClampedArray | undefined;
  private sameSince = 0;
  private sampledAt = 0;

  constructor() {
    this.canvas.width = 16;
    this.canvas.height = 9;
  }

  reset(): void {
    this.previous = undefined;
    this.sameSince = 0;
  }

  /** Milliseconds the picture has stayed identical (0 when it changes). */
  unchangedFor(video: HTMLVideoElement, now: number): number {
    if (!this.context || video.videoWidth === 0 || now - this.sampledAt < 1000) return this.previous ? now - this.sameSince : 0;
    this.sampledAt = now;
    this.context.drawImage(video, 0, 0, 16, 9);
    const pixels = this.context.getImageData(0, 0, 16, 9).data;
    const same = this.previous !== undefined && pixels.every((value, index) => value === this.previous?.[index]);
    if (!same) this.sameSince = now;
    this.previous = pixels;
    return now - this.sameSince;
  }
}

/** Words for a fatal hls.js error, including what the media proxy said about the upstream. */
export function describeError(data: ErrorData): string {
  const code = data.response?.code;
  const body = proxyMessage(data);
  const http = code ? ` (HTTP ${code}${body ? `: ${body}` : ''})` : '';
  switch (data.details) {
    case ErrorDetails.MANIFEST_LOAD_ERROR:
    case ErrorDetails.LEVEL_LOAD_ERROR:
      return code === 404 ? `The VMS has no video for this camera right now${http}` : `The stream playlist could not be loaded${http}`;
    case ErrorDetails.MANIFEST_LOAD_TIMEOUT:
    case ErrorDetails.LEVEL_LOAD_TIMEOUT:
      return 'The stream playlist timed out';
    case ErrorDetails.FRAG_LOAD_ERROR:
      return `Video segments are not arriving${http}`;
    case ErrorDetails.FRAG_LOAD_TIMEOUT:
      return 'Video segments timed out';
    case ErrorDetails.MANIFEST_PARSING_ERROR:
      return 'The VMS sent a playlist that is not valid HLS';
    case ErrorDetails.BUFFER_STALLED_ERROR:
      return 'The video stalled';
    default:
      return data.type === ErrorTypes.MEDIA_ERROR ? `The video could not be decoded (${data.details})` : `Playback failed (${data.details})`;
  }
}

function proxyMessage(data: ErrorData): string | undefined {
  const details = data.networkDetails as unknown;
  if (details instanceof XMLHttpRequest && (details.responseType === '' || details.responseType === 'text')) {
    const text = details.responseText.trim();
    return text.length > 0 && text.length < 300 ? text : undefined;
  }
  return undefined;
}
