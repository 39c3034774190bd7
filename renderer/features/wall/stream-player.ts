import Hls, { ErrorDetails, ErrorTypes, Events, type ErrorData, type HlsConfig } from 'hls.js';
import type { TileState } from './tile-state';

/** States the player itself can be in; `empty` and `offline` are decided by the tile. */
export type PlayerState = Extract<TileState, 'connecting' | 'playing' | 'stalled' | 'reconnecting' | 'error'>;

export type PlayerStateListener = (state: PlayerState, reason?: string) => void;

/**
 * hls.js tuned for a live wall: short buffers (a wall tile never needs minutes of
 * video, and many tiles multiply memory), close to the live edge, and quick retries
 * because the media proxy is on the same machine.
 */
export const LIVE_HLS_CONFIG: Partial<HlsConfig> = {
  enableWorker: true,
  lowLatencyMode: false,
  liveSyncDurationCount: 2,
  liveMaxLatencyDurationCount: 6,
  maxLiveSyncPlaybackRate: 1.2,
  backBufferLength: 4,
  maxBufferLength: 8,
  maxMaxBufferLength: 12,
  startFragPrefetch: true,
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
 * Recorded video: the playlist grows from the asked moment on, so hls.js must not jump
 * to its "live edge"; loading starts where the asked moment is, found by program date-time.
 */
export const ARCHIVE_HLS_CONFIG: Partial<HlsConfig> = {
  enableWorker: true,
  manifestLoadPolicy: LIVE_HLS_CONFIG.manifestLoadPolicy,
  autoStartLoad: false,
  // hls.js's defaults never "catch up" to the newest segment (no live sync rate, no max
  // latency): right for recorded video, where the operator chose the moment.
  backBufferLength: 30,
  maxBufferLength: 20,
  maxMaxBufferLength: 40,
};

export interface PlayOptions {
  /** Archive: the wall-clock moment (epoch ms) to start at. Live when absent. */
  readonly startAt?: number;
}

/** How long the picture may stand still before the tile says so. */
export const STALL_AFTER_MS = 3000;
/** How long a stall lasts before the player reloads the stream by itself. */
const RELOAD_AFTER_MS = 6000;
const WATCHDOG_MS = 500;
const MAX_RETRY_DELAY_MS = 15_000;

/**
 * One hls.js player on one <video>, with the recovery a wall tile needs: fatal network
 * errors reload with backoff, media errors try hls.js's own recovery first, and a
 * watchdog turns a picture that stopped advancing into `stalled` and then a reload.
 * `dispose()` destroys the player, its MediaSource and every timer.
 */
export class StreamPlayer {
  private hls: Hls | undefined;
  private state: PlayerState | undefined;
  private url: string | undefined;
  private options: PlayOptions = {};
  private watchdog: number | undefined;
  private retryTimer: number | undefined;
  private retries = 0;
  private mediaRecoveries = 0;
  private lastTime = -1;
  private lastProgressAt = 0;
  private disposed = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly onState: PlayerStateListener,
  ) {}

  load(url: string, options: PlayOptions = {}): void {
    this.url = url;
    this.options = options;
    this.retries = 0;
    this.attach();
  }

  /** Starts over on the same URL, e.g. after the core restarted the VMS session behind it. */
  reload(): void {
    if (this.url) this.attach();
  }

  /** The wall-clock time (epoch ms) of the frame on screen, from the stream's program date-time. */
  position(): number | undefined {
    return this.hls?.playingDate?.getTime() ?? undefined;
  }

  dispose(): void {
    this.disposed = true;
    window.clearInterval(this.watchdog);
    window.clearTimeout(this.retryTimer);
    this.destroyHls();
  }

  private attach(): void {
    if (this.disposed || !this.url) return;
    window.clearTimeout(this.retryTimer);
    this.destroyHls();
    this.mediaRecoveries = 0;
    this.lastTime = -1;
    this.lastProgressAt = performance.now();
    this.setState('connecting');
    const startAt = this.options.startAt;
    const hls = new Hls(startAt === undefined ? LIVE_HLS_CONFIG : ARCHIVE_HLS_CONFIG);
    this.hls = hls;
    hls.on(Events.MANIFEST_PARSED, () => {
      this.video.play().catch(() => undefined);
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
    window.clearInterval(this.watchdog);
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
    // An archive resumes where it was, not where it started.
    const position = this.position();
    if (this.options.startAt !== undefined && position !== undefined) this.options = { startAt: position };
    this.destroyHls();
    this.setState('reconnecting', reason);
    const delay = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** this.retries++);
    this.retryTimer = window.setTimeout(() => this.attach(), delay);
  }

  private checkProgress(): void {
    const now = performance.now();
    const time = this.video.currentTime;
    if (time > this.lastTime + 0.01 && !this.video.paused) {
      if (this.lastTime >= 0) {
        this.retries = 0;
        this.setState('playing');
      }
      this.lastTime = time;
      this.lastProgressAt = now;
      return;
    }
    const stillFor = now - this.lastProgressAt;
    if (this.state === 'playing' && stillFor > STALL_AFTER_MS) this.setState('stalled', `No new video for ${Math.round(stillFor / 1000)} s`);
    if (this.state === 'stalled' && stillFor > RELOAD_AFTER_MS) this.retryLater('The video stopped; reloading the stream');
    if (this.state === 'connecting' && stillFor > 20_000) this.retryLater('The stream did not start within 20 s');
  }

  private setState(state: PlayerState, reason?: string): void {
    if (this.state === state && state !== 'stalled' && state !== 'reconnecting') return;
    this.state = state;
    this.onState(state, reason);
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
