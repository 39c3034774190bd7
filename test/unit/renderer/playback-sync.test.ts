import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clockTime, setPaused, setSpeed, startClock, stepClock, type PlaybackClock } from '../../../renderer/features/playback/playback-clock';
import { HOLD_LIMIT_MS, PlaybackSync, planSync, type SyncMember } from '../../../renderer/features/playback/playback-sync';

const T = 1_800_000_000_000;

describe('the playback clock', () => {
  it('runs at its speed, and changing speed or pausing does not jump', () => {
    let clock = startClock(T, 0);
    expect(clockTime(clock, 1000)).toBe(T + 1000);
    clock = setSpeed(clock, 4, 1000);
    expect(clockTime(clock, 1000)).toBe(T + 1000);
    expect(clockTime(clock, 2000)).toBe(T + 5000);
    clock = setPaused(clock, true, 2000);
    expect(clockTime(clock, 9000)).toBe(T + 5000);
  });

  it('steps whole frames and pauses', () => {
    const clock = stepClock(startClock(T, 0), -3, 100, 500);
    expect(clock.paused).toBe(true);
    expect(clockTime(clock, 10_000)).toBe(T + 500 - 300);
  });
});

describe('planSync', () => {
  const playing: PlaybackClock = { anchor: T, anchorAt: 0, speed: 1, paused: false };
  it('leaves a tile within a frame alone', () => {
    expect(planSync(T, playing, T + 40)).toEqual({ rate: 1 });
  });
  it('slows a tile that is ahead and speeds one that is behind, without a jump', () => {
    expect(planSync(T, playing, T + 400).rate).toBeCloseTo(0.8);
    expect(planSync(T, playing, T - 400).rate).toBeCloseTo(1.2);
    expect(planSync(T, { ...playing, speed: 4 }, T + 400).rate).toBeCloseTo(3.2);
  });
  it('jumps a tile that is far off, a little ahead to allow for loading', () => {
    expect(planSync(T, playing, T - 5000)).toEqual({ seek: T + 150, rate: 1 });
  });
  it('puts a paused tile exactly on the frame', () => {
    expect(planSync(T, { ...playing, paused: true }, T + 100)).toEqual({ seek: T, rate: 1 });
  });
  it('moves a paused tile by a frame step shorter than the deadband of a playing one (25 fps: 40 ms)', () => {
    expect(planSync(T + 40, { ...playing, paused: true }, T)).toEqual({ seek: T + 40, rate: 1 });
    expect(planSync(T, { ...playing, paused: true }, T + 2)).toEqual({ rate: 1 });
  });
});

class Member implements SyncMember {
  archiveReady = true;
  held = false;
  rate = 1;
  seeks: number[] = [];
  constructor(public at: number | undefined) {}
  position(): number | undefined {
    return this.at;
  }
  seek(epochMs: number): void {
    this.seeks.push(epochMs);
    this.at = epochMs;
  }
  setRate(rate: number): void {
    this.rate = rate;
  }
  hold(held: boolean): void {
    this.held = held;
  }
  frameMs(): number {
    return 100;
  }
}

describe('PlaybackSync', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(members: Member[], clock: PlaybackClock) {
    const state = { clock: clock as PlaybackClock | undefined, now: 0, live: 0 };
    const sync = new PlaybackSync({
      members: () => members,
      clock: () => state.clock,
      setClock: (next) => (state.clock = next),
      onReachedLive: () => (state.live += 1),
      now: () => state.now,
    });
    return { sync, state };
  }

  /** Wall-clock "now" an hour after the recorded moment T. */
  const N = T + 3_600_000;

  it('holds the clock while a tile loads, so the group starts together', () => {
    const ready = new Member(T);
    const loading = new Member(undefined);
    loading.archiveReady = false;
    const { sync, state } = setup([ready, loading], startClock(T, N));
    state.now = N + 1000;
    sync.tick();
    expect(clockTime(state.clock as PlaybackClock, state.now)).toBe(T + 1000);
    state.now = N + 3000;
    sync.tick();
    expect(clockTime(state.clock as PlaybackClock, state.now), 'held while loading').toBe(T + 1000);
    expect(ready.held).toBe(true);

    loading.archiveReady = true;
    loading.at = T + 1000;
    state.now = N + 3200;
    sync.tick();
    expect(ready.held).toBe(false);
    expect(clockTime(state.clock as PlaybackClock, N + 3400)).toBe(T + 1200);
  });

  it('stops holding for a tile that never loads', () => {
    const loading = new Member(undefined);
    loading.archiveReady = false;
    const { sync, state } = setup([new Member(T), loading], startClock(T, N));
    for (state.now = N; state.now <= N + HOLD_LIMIT_MS + 1000; state.now += 200) sync.tick();
    expect(clockTime(state.clock as PlaybackClock, state.now)).toBeGreaterThan(T + 900);
  });

  it('holds for as long as it takes while no tile shows a picture yet: the first frame is the moment asked for', () => {
    const loading = new Member(undefined);
    loading.archiveReady = false;
    const { sync, state } = setup([loading], startClock(T, N));
    for (state.now = N; state.now <= N + 3 * HOLD_LIMIT_MS; state.now += 200) sync.tick();
    sync.tick();
    expect(clockTime(state.clock as PlaybackClock, state.now), 'still the moment asked for').toBe(T);
    loading.archiveReady = true;
    loading.at = T;
    sync.tick();
    expect(loading.seeks, 'the tile is not sent past it').toEqual([]);
    expect(clockTime(state.clock as PlaybackClock, state.now + 1000)).toBe(T + 1000);
  });

  it('sends the group live when the clock reaches the present', () => {
    const now = Date.now();
    const { sync, state } = setup([new Member(now - 2000)], startClock(now - 2000, now));
    state.now = now;
    sync.tick();
    expect(state.live).toBe(1);
  });

  it('seeks a paused group to the stepped frame', () => {
    const member = new Member(T);
    const { sync, state } = setup([member], stepClock(startClock(T, N), 1, 100, N));
    state.now = N + 500;
    sync.tick();
    expect(member.held).toBe(true);
    expect(member.seeks).toEqual([T + 100]);
  });
});
