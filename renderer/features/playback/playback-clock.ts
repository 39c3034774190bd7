/**
 * The wall's playback clock: which recorded moment (epoch ms) the archive tiles show
 * now. Every archive tile chases this one clock, which is what keeps a group of cameras
 * on the same moment (Nx Witness's SYNC). It is plain data, so the wall can save and
 * restore it: the moment `anchor` was shown at wall-clock time `anchorAt`, running at
 * `speed` unless paused.
 */
export interface PlaybackClock {
  readonly anchor: number;
  readonly anchorAt: number;
  readonly speed: number;
  readonly paused: boolean;
}

/** The speeds an operator can pick (Frigate's and Nx's forward range). */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;

export function startClock(at: number, now: number): PlaybackClock {
  return { anchor: at, anchorAt: now, speed: 1, paused: false };
}

/** The recorded moment the clock shows at wall-clock time `now`. */
export function clockTime(clock: PlaybackClock, now: number): number {
  return clock.paused ? clock.anchor : clock.anchor + (now - clock.anchorAt) * clock.speed;
}

export function seekClock(clock: PlaybackClock, to: number, now: number): PlaybackClock {
  return { ...clock, anchor: to, anchorAt: now };
}

/** Re-anchors at the current moment so a change of speed or pause does not jump. */
export function setSpeed(clock: PlaybackClock, speed: number, now: number): PlaybackClock {
  return { ...clock, anchor: clockTime(clock, now), anchorAt: now, speed };
}

export function setPaused(clock: PlaybackClock, paused: boolean, now: number): PlaybackClock {
  return { ...clock, anchor: clockTime(clock, now), anchorAt: now, paused };
}

/** Pauses and moves by whole frames (negative: back). */
export function stepClock(clock: PlaybackClock, frames: number, frameMs: number, now: number): PlaybackClock {
  return { ...clock, anchor: clockTime(clock, now) + frames * frameMs, anchorAt: now, paused: true };
}
