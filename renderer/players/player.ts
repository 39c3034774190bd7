import type { TileState } from '../features/wall/tile-state';
import type { KeptFrame } from './frame-sampler';

/** States a player itself can be in; `empty`, `offline` and `gap` are decided by the tile. */
export type PlayerState = Extract<TileState, 'connecting' | 'playing' | 'stalled' | 'reconnecting' | 'error'>;

export interface PlayerEvents {
  readonly onState: (state: PlayerState, reason?: string) => void;
  /** Reloading did not help: the VMS session itself should be restarted. */
  readonly onEscalate: (reason: string) => void;
  /** Recorded or replayed video reached its end. */
  readonly onEnded?: () => void;
}

export interface PlayOptions {
  /** Recorded or replayed video: the wall-clock moment (epoch ms) to start at. Live when absent. */
  readonly startAt?: number;
}

/** The picture a snapshot is made of: a video or the canvas a JPEG stream is drawn on, at its own size. */
export interface PictureSource {
  readonly image: CanvasImageSource;
  readonly width: number;
  readonly height: number;
}

/**
 * One tile's player, whatever the media: hls.js for HLS, a JPEG frame loop for preview
 * streams, an RTCPeerConnection for WebRTC. The tile's controller drives it through this
 * interface only (a fake in unit tests), so every kind gets the same recovery, freshness,
 * stall detection and snapshot.
 */
export interface Player {
  load(url: string, options?: PlayOptions): void;
  /** Starts over on the same URL, e.g. after the core restarted the VMS session behind it. */
  reload(): void;
  /** Stops loading and decoding, keeping the player (a tile out of sight, within its grace period). */
  pause(): void;
  resume(): void;
  /** Stops for good, keeping the last picture on screen; returns when it was taken. */
  freeze(): number | undefined;
  /** The wall-clock moment (epoch ms) of the picture on screen. */
  position(): number | undefined;
  /** Recorded media: shows `epochMs` if this session covers it; false when a new session is needed. */
  seekTo(epochMs: number): boolean;
  covered(): { from: number; to: number } | undefined;
  /**
   * How fast recorded media plays: `rate` is what the wall's clock steers with (its speed
   * times a small catch-up factor), `speed` the clock's own speed (a WebRTC session is opened
   * at a speed, and cannot follow the steering).
   */
  setRate(rate: number, speed?: number): void;
  hold(held: boolean): void;
  /** The wall-clock moment of media time 0 (tests sample every tile at one instant with it). */
  mediaEpoch(): number | undefined;
  /** One frame's duration (ms). */
  frameMs(): number;
  /** How long (ms) the picture has stayed identical while playing: a frozen camera. */
  unchangedFor(): number;
  /**
   * The last copy of a video picture taken while it played (the frozen-picture check takes
   * it every 2 s), for the still a tile shows when its stream drops; undefined for pictures
   * that are a canvas already (JPEG), and before the first copy.
   */
  lastFrame(): KeptFrame | undefined;
  /** The picture on screen, for a snapshot; undefined before the first one. */
  picture(): PictureSource | undefined;
  /** Whether this kind can replay the last seconds from the core's cache (HLS). */
  readonly canReplay: boolean;
  dispose(): void;
}
