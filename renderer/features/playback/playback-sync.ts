import { clockTime, type PlaybackClock, seekClock } from './playback-clock';

/** One archive tile as the sync loop drives it (a TileStreamController). */
export interface SyncMember {
  /** The moment of the frame on screen (epoch ms), undefined while nothing is shown yet. */
  position(): number | undefined;
  readonly archiveReady: boolean;
  seek(epochMs: number): void;
  /** `rate` steers (the clock's speed times a catch-up factor); `speed` is the clock's own. */
  setRate(rate: number, speed: number): void;
  hold(held: boolean): void;
  frameMs(): number;
}

/** What the loop should do with one member. */
export interface SyncAction {
  readonly seek?: number;
  readonly rate: number;
}

/** Under this drift nothing is corrected (a frame at 10 fps is 100 ms). */
const DEADBAND_MS = 60;
/**
 * A paused tile is put on the clock's moment when it is further off than this: a frame step
 * (40 ms at 25 fps) is an operator's explicit move and must never fall inside the deadband.
 * A seek lands the playhead exactly, so this cannot make a paused tile seek over and over.
 */
const PAUSED_DEADBAND_MS = 5;
/** Over this (scaled by speed) the player jumps instead of catching up by rate. */
const JUMP_MS = 1500;
/** How far ahead of the clock a jump lands, per unit of speed: loading the frame takes a moment. */
const JUMP_LEAD_MS = 150;
/** A member still loading after this long no longer holds back the others that are ready. */
export const HOLD_LIMIT_MS = 5000;
/** The clock this close to "now" has caught up with live. */
export const LIVE_MARGIN_MS = 3000;

/**
 * How one member follows the clock. Small drift is absorbed by playing a little faster
 * or slower (no visible jump); large drift, or any drift while paused, is a seek.
 */
export function planSync(target: number, clock: PlaybackClock, position: number | undefined): SyncAction {
  if (position === undefined) return { rate: clock.speed };
  const drift = position - target;
  if (clock.paused) return Math.abs(drift) > PAUSED_DEADBAND_MS ? { seek: target, rate: clock.speed } : { rate: clock.speed };
  if (Math.abs(drift) > JUMP_MS * Math.max(1, clock.speed / 2)) return { seek: target + JUMP_LEAD_MS * clock.speed, rate: clock.speed };
  if (Math.abs(drift) <= DEADBAND_MS) return { rate: clock.speed };
  // 400 ms ahead at 1x plays at 0.8x until level: about two seconds to close any gap.
  const factor = Math.min(1.5, Math.max(0.5, 1 - drift / 2000));
  return { rate: clock.speed * factor };
}

export interface PlaybackSyncDeps {
  readonly members: () => readonly SyncMember[];
  readonly clock: () => PlaybackClock | undefined;
  readonly setClock: (clock: PlaybackClock) => void;
  /** The clock played into the present: the archive tiles should go live. */
  readonly onReachedLive: () => void;
  readonly now: () => number;
}

/**
 * Keeps every archive tile on the wall's clock. While a member is still loading (a new
 * session, a jump outside what is buffered) the clock holds, so the group starts together
 * instead of the fast ones running ahead — up to HOLD_LIMIT_MS once some member is ready,
 * for as long as it takes while none is; then each member is steered by `planSync`. One tick every `intervalMs`; `dispose()` stops it.
 */
export class PlaybackSync {
  private timer: number | undefined;
  private waitingSince: number | undefined;
  /** The moment held while members load, and the clock this loop set to hold it (any other is the operator's). */
  private held: { moment: number; clock: PlaybackClock } | undefined;

  constructor(private readonly deps: PlaybackSyncDeps) {}

  start(intervalMs = 200): void {
    this.timer ??= window.setInterval(() => this.tick(), intervalMs);
  }

  tick(): void {
    let clock = this.deps.clock();
    const members = this.deps.members();
    if (!clock || members.length === 0) {
      this.waitingSince = undefined;
      this.held = undefined;
      return;
    }
    const now = this.deps.now();
    const loading = members.some((member) => !member.archiveReady);
    // The limit is there so one slow tile does not hold the others back; while none shows
    // a picture yet there is nobody to hold back, and running the clock on would only make
    // every tile start later than the moment asked for (a lone tile on a loaded machine
    // came up seconds past it).
    const someoneWaits = members.some((member) => member.archiveReady);
    if (loading && !clock.paused) {
      this.waitingSince ??= now;
      if (now - this.waitingSince < HOLD_LIMIT_MS || !someoneWaits) {
        // Hold the moment where it is (or where the operator just put it); the ready ones wait on it.
        const moment = this.held && this.held.clock === clock ? this.held.moment : clockTime(clock, now);
        clock = seekClock(clock, moment, now);
        this.held = { moment, clock };
        this.deps.setClock(clock);
        for (const member of members) if (member.archiveReady) member.hold(true);
        this.steer(members, clock, now);
        return;
      }
    } else {
      this.waitingSince = undefined;
    }
    if (this.held && this.held.clock === clock) {
      // Released: the moment runs on from where it was held, not from when the hold began.
      clock = seekClock(clock, this.held.moment, now);
      this.deps.setClock(clock);
    }
    this.held = undefined;
    if (!clock.paused && clock.speed >= 1 && clockTime(clock, now) > now - LIVE_MARGIN_MS) {
      this.deps.onReachedLive();
      return;
    }
    for (const member of members) member.hold(clock.paused);
    this.steer(members, clock, now);
  }

  dispose(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
  }

  private steer(members: readonly SyncMember[], clock: PlaybackClock, now: number): void {
    const target = clockTime(clock, now);
    for (const member of members) {
      if (!member.archiveReady) continue;
      const action = planSync(target, clock, member.position());
      member.setRate(action.rate, clock.speed);
      if (action.seek !== undefined) member.seek(action.seek);
    }
  }
}
