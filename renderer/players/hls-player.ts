import Hls, { ErrorDetails, ErrorTypes, Events, type ErrorData, type Fragment, type HlsConfig } from 'hls.js';
// One transmuxer worker shared by every player: hls.js keeps a reference-counted worker per
// workerPath. The ESM build has no inline worker, so without this every tile would
// transmux on the main thread.
import workerPath from 'hls.js/dist/hls.worker.js?url';
import { withResourceHeaders } from '../ipc/resources';
import type { PictureSource, PlayerEvents, PlayOptions } from './player';
import { SupervisedPlayer } from './supervised-player';
import { LIVE_SYNC_DURATION_S, LIVE_TUNING } from './live-tuning';
import { LiveSteering, type LiveDistance } from './live-steering';
import { pushedPlaylistLoader } from './pushed-playlist-loader';
import { pushedSegmentLoader } from './pushed-segment-loader';
import { StallMargin } from './stall-margin';
import { StartConcealer } from './start-concealer';

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
  // Live playlist reloads come from the core's event channel, not HTTP polls, and so do the
  // segments each new version adds (see the loaders).
  pLoader: pushedPlaylistLoader(),
  fLoader: pushedSegmentLoader(),
  ...LIVE_TUNING,
  // The tile steers its own rate: hls.js's catch-up, and its frames' phase with the wall's
  // other tiles, which hls.js's would undo (see `LiveSteering`). With 1 here hls.js still
  // estimates the latency (`Hls.latency`), and only leaves the rate alone.
  maxLiveSyncPlaybackRate: 1,
  // The player trims what has played itself, in batches (see `trimBackBuffer`).
  backBufferLength: Infinity,
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

/**
 * Fetches the transmuxer worker's script into the browser's cache while the app starts.
 * hls.js starts its worker only when the first segment has arrived, and every tile's first
 * segment waits for that one worker: fetched then, the script queued behind the tiles' own
 * playlist and segment requests (a browser opens 6 connections per origin over HTTP/1.1),
 * and on a 16-tile wall all first frames waited 0.9-2 s for it (a busy 2-core machine). The app's assets are
 * served immutable, so the worker's own request is answered from the cache.
 */
export function preloadTransmuxer(): void {
  void fetch(workerPath).then((response) => response.arrayBuffer()).catch(() => undefined);
}

/** Seconds of played live video a tile keeps behind the picture (a live tile never seeks back: replay is the core's). */
const LIVE_BACK_BUFFER_S = 4;
/**
 * Played live video is removed once this many seconds beyond LIVE_BACK_BUFFER_S have
 * gathered, in one removal, rather than a segment's worth after every segment as hls.js's
 * `backBufferLength` does: Chromium repaints the page after every removal from a
 * SourceBuffer (the media element's loading progress), and on a 16-tile wall those were
 * about a sixth of the page's frames.
 */
const LIVE_TRIM_BATCH_S = 20;

/** Presented frames a new stream is watched for to learn its frame duration. */
const FRAME_STEP_SAMPLES = 30;

/**
 * HLS in a <video> through hls.js: fatal network errors reload (through the supervisor's
 * backoff), media errors try hls.js's own recovery first. Times come from the playlist's
 * program date-times, so the picture's moment is known to the frame.
 */
export class HlsPlayer extends SupervisedPlayer {
  readonly canReplay = true;
  private hls: Hls | undefined;
  private steering: LiveSteering | undefined;
  private stallMargin: StallMargin | undefined;
  private concealer: StartConcealer | undefined;
  private mediaRecoveries = 0;
  private lastTime = -1;
  /** Frames decoded and not dropped at the last look, so a clock that runs over a stuck decoder is not taken for progress. */
  private lastShownFrames = -1;
  private lastMediaTime = 0;
  /** The `presentedFrames` count of the last callback, to turn a media-time step into per-frame. */
  private lastPresentedFrames = 0;
  /** Frame callbacks still wanted to learn the frame duration (see `learnFrameStep`). */
  private stepSamples = 0;
  private frameStep: number | undefined;

  constructor(
    private readonly video: HTMLVideoElement,
    events: PlayerEvents,
  ) {
    super(events);
    video.addEventListener('ended', this.onEnded);
    video.addEventListener('loadeddata', this.onFrameReady);
    video.addEventListener('seeked', this.onFrameReady);
  }

  /**
   * Recorded video: shows the frame of `epochMs` if the playlist of this session covers
   * it (loading what is not buffered yet from the same session), and says false if not,
   * so the caller opens a session there instead.
   */
  override seekTo(epochMs: number): boolean {
    const fragments = this.fragments();
    if (!fragments || fragments.length === 0) return false;
    const fragment = fragments.find((candidate) => candidate.programDateTime !== null && epochMs >= candidate.programDateTime && epochMs < candidate.programDateTime + candidate.duration * 1000);
    if (!fragment?.programDateTime) return false;
    this.video.currentTime = fragment.start + (epochMs - fragment.programDateTime) / 1000;
    this.noteProgress();
    return true;
  }

  /** The span (epoch ms) this session's playlist covers now, from its first to its last frame. */
  override covered(): { from: number; to: number } | undefined {
    const fragments = this.fragments();
    const first = fragments?.[0];
    const last = fragments?.at(-1);
    const from = first?.programDateTime ?? undefined;
    const lastStart = last?.programDateTime ?? undefined;
    if (from === undefined || lastStart === undefined || !last) return undefined;
    return { from, to: lastStart + last.duration * 1000 };
  }

  override mediaEpoch(): number | undefined {
    const position = this.position();
    return position === undefined ? undefined : position - this.video.currentTime * 1000;
  }

  /**
   * The duration of one frame (ms), learnt from the media times of presented frames (the
   * smallest step seen per presented frame: dropped frames only make steps longer). Until
   * known, 100 ms: 10 fps is the usual recording rate, and a step of that size always shows
   * a new picture, where a guess shorter than the real frame could show the same one again.
   */
  override frameMs(): number {
    return this.frameStep ?? 100;
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

  override dispose(): void {
    this.video.removeEventListener('ended', this.onEnded);
    this.video.removeEventListener('loadeddata', this.onFrameReady);
    this.video.removeEventListener('seeked', this.onFrameReady);
    super.dispose();
  }

  protected begin(url: string, options: PlayOptions): void {
    this.mediaRecoveries = 0;
    this.lastTime = -1;
    this.lastShownFrames = -1;
    this.learnFrameStep();
    const startAt = options.startAt;
    const hls = new Hls(startAt === undefined ? LIVE_HLS_CONFIG : RECORDED_HLS_CONFIG);
    this.hls = hls;
    hls.on(Events.MANIFEST_PARSED, () => {
      this.video.playbackRate = this.rate;
      if (!this.held) this.video.play().catch(() => undefined);
    });
    if (startAt === undefined) {
      hls.on(Events.FRAG_CHANGED, () => this.trimBackBuffer(hls));
      const margin = new StallMargin(hls, LIVE_SYNC_DURATION_S);
      this.stallMargin = margin;
      this.steering = new LiveSteering(
        this.video,
        () => {
          // The steering's tick: where the target it steers to may come back down.
          margin.check();
          return liveDistance(hls);
        },
        () => this.frameStep,
        () => !this.paused && !this.held && this.rate === 1,
      );
    }
    if (startAt !== undefined) {
      hls.once(Events.LEVEL_LOADED, (_event, data) => {
        const first = data.details.fragments[0];
        const offset = first?.programDateTime ? Math.max(0, (startAt - first.programDateTime) / 1000) : 0;
        const position = first ? first.start + offset : 0;
        // Set on the element before any media arrives (readyState HAVE_NOTHING), this is its
        // default playback start position (HTML: "setting currentTime"): the element seeks
        // there as soon as the stream's metadata is known, so its first picture is the asked
        // moment. hls.js seeks to `startLoad`'s position only once media is buffered, and
        // Chromium had by then shown the buffer's first frame, up to 2 s early, for a moment.
        // It still does now and then on a busy machine (1 tile in 40): that frame is kept
        // out of sight.
        this.video.currentTime = position;
        if (position > 0) this.concealer = new StartConcealer(this.video, position);
        hls.startLoad(position);
      });
    }
    hls.on(Events.ERROR, (_event, data) => this.handleError(hls, data));
    hls.attachMedia(this.video);
    hls.loadSource(url);
  }

  protected end(): void {
    this.steering?.dispose();
    this.steering = undefined;
    this.stallMargin = undefined;
    this.concealer?.dispose();
    this.concealer = undefined;
    if (!this.hls) return;
    this.hls.destroy();
    this.hls = undefined;
    // Detach fully so the old MediaSource is released before a new one is made.
    this.video.removeAttribute('src');
    this.video.load();
  }

  protected suspend(): void {
    this.hls?.stopLoad();
    this.video.pause();
  }

  protected unsuspend(): void {
    if (!this.hls) return;
    const live = this.options.startAt === undefined;
    this.hls.startLoad(live ? -1 : this.video.currentTime);
    if (live && this.hls.liveSyncPosition !== null) this.video.currentTime = this.hls.liveSyncPosition;
    if (!this.held) this.video.play().catch(() => undefined);
  }

  protected halt(): void {
    this.hls?.stopLoad();
    this.video.pause();
  }

  protected advanced(): boolean {
    const time = this.video.currentTime;
    const shown = this.shownFrames();
    const framesMoved = shown === undefined || shown !== this.lastShownFrames;
    if (!(time > this.lastTime + 0.01 && !this.video.paused && framesMoved)) return false;
    const first = this.lastTime < 0;
    this.lastShownFrames = shown ?? -1;
    this.lastTime = time;
    return !first;
  }

  protected hasPicture(): boolean {
    return this.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && this.video.videoWidth > 0;
  }

  protected pictureImage(): PictureSource | undefined {
    return this.video.videoWidth > 0 ? { image: this.video, width: this.video.videoWidth, height: this.video.videoHeight } : undefined;
  }

  protected override applyRate(rate: number): void {
    if (this.video.playbackRate !== rate) this.video.playbackRate = rate;
  }

  protected override applyHold(held: boolean): void {
    if (held) this.video.pause();
    else if (!this.paused) this.video.play().catch(() => undefined);
  }

  protected override beforeRetry(): void {
    const position = this.position();
    if (this.options.startAt !== undefined && position !== undefined) this.options = { startAt: position };
  }

  private fragments(): readonly Fragment[] | undefined {
    return this.hls?.levels[this.hls.currentLevel >= 0 ? this.hls.currentLevel : 0]?.details?.fragments;
  }

  /**
   * Frames the decoder produced and the compositor did not drop since the media was
   * attached (undefined where the browser does not count). Read from the playback quality
   * counters on the watchdog's tick rather than counted with a callback per presented
   * frame: such a callback makes the page run a rendering step for every frame of every
   * tile, which on a 16-tile wall cost more main-thread time than everything else a tile does.
   */
  private shownFrames(): number | undefined {
    if (typeof this.video.getVideoPlaybackQuality !== 'function') return undefined;
    const quality = this.video.getVideoPlaybackQuality();
    return quality.totalVideoFrames - quality.droppedVideoFrames;
  }

  /**
   * Learns the frame duration from the media times of the first presented frames of each
   * new stream (the smallest step per presented frame: dropped frames only make steps
   * longer), then stops asking for frame callbacks (see `shownFrames`).
   */
  private learnFrameStep(): void {
    if (!('requestVideoFrameCallback' in this.video)) return;
    // A new stream counts its presented frames from 0 again; a watch still running goes on with it.
    const watching = this.stepSamples > 0;
    this.stepSamples = FRAME_STEP_SAMPLES;
    this.lastPresentedFrames = 0;
    if (watching) return;
    const sample = (_now: number, metadata: VideoFrameCallbackMetadata): void => {
      if (this.disposed) return;
      // Callbacks can be skipped on a busy machine: divide by the frames presented in between.
      const frames = metadata.presentedFrames - this.lastPresentedFrames;
      const step = frames > 0 && this.lastPresentedFrames > 0 ? ((metadata.mediaTime - this.lastMediaTime) * 1000) / frames : 0;
      if (step > 5 && step < 1000) this.frameStep = Math.min(this.frameStep ?? step, step);
      this.lastMediaTime = metadata.mediaTime;
      this.lastPresentedFrames = metadata.presentedFrames;
      // The tile says it plays with its second frame (progress needs two), not at the
      // watchdog's next ticks: up to a second more of "Connecting" over a moving picture.
      // (The first two callbacks of this stream: on a busy page callbacks can skip frames.)
      if (this.stepSamples > FRAME_STEP_SAMPLES - 2) this.checkNow();
      if (--this.stepSamples > 0) this.video.requestVideoFrameCallback(sample);
    };
    this.video.requestVideoFrameCallback(sample);
  }

  /** Removes played live video older than LIVE_BACK_BUFFER_S, once a batch of it has gathered. */
  private trimBackBuffer(hls: Hls): void {
    const buffered = this.video.buffered;
    if (buffered.length === 0) return;
    const keepFrom = this.video.currentTime - LIVE_BACK_BUFFER_S;
    if (keepFrom - buffered.start(0) < LIVE_TRIM_BATCH_S) return;
    hls.trigger(Events.BUFFER_FLUSHING, { startOffset: 0, endOffset: keepFrom, type: null });
  }

  /** A held picture is ready the moment its frame is: say so without waiting for the watchdog. */
  private readonly onFrameReady = (): void => {
    if (this.held) this.checkNow();
  };

  private readonly onEnded = (): void => {
    if (this.options.startAt !== undefined) this.events.onEnded?.();
  };

  private handleError(hls: Hls, data: ErrorData): void {
    if (data.details === ErrorDetails.BUFFER_STALLED_ERROR && hls === this.hls) this.stallMargin?.stalled();
    if (!data.fatal || hls !== this.hls) return;
    if (data.type === ErrorTypes.MEDIA_ERROR && this.mediaRecoveries < 2) {
      this.mediaRecoveries += 1;
      hls.recoverMediaError();
      return;
    }
    this.fail(describeError(data));
  }
}

/** How far a live tile is behind, as hls.js estimates it; undefined until it knows. */
function liveDistance(hls: Hls): LiveDistance | undefined {
  const target = hls.targetLatency;
  const details = hls.latestLevelDetails;
  // hls.js says 0 until the element has played (it estimates on `timeupdate`).
  if (target === null || !details?.live || hls.latency === 0) return undefined;
  // hls.js itself catches up only within a segment of the target, taking a tile further
  // behind for one the viewer sent back; a live tile is never sent back (replay is the
  // core's), so it catches up all the way to where hls.js jumps (liveMaxLatencyDuration).
  return { latency: hls.latency, target, catchUpWithin: hls.maxLatency - target };
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
