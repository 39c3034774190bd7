import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveSteering, PresentationGrid, STEER_MS, type LiveDistance, type SteeredVideo } from '../../../renderer/players/live-steering';

/** The page's clock (ms), which `performance.now` reads in these tests. */
let clock = 0;

/**
 * A playing <video> of a live stream at `frameMs` a frame, its frames' media times offset by
 * `ptsPhaseMs`: a media clock that runs at `playbackRate` against the page's clock, and frame
 * callbacks called as the clock passes each frame's media time.
 */
class FakeVideo implements SteeredVideo {
  paused = false;
  /** What hls.js would say of the tile's latency. */
  distance: LiveDistance | undefined;
  /** False: the tile is not steered (paused, held, recorded). */
  active = true;
  steering: LiveSteering | undefined;
  /** False: the page presents nothing (a window out of sight), though the video plays. */
  presenting = true;
  buffered = ranges([[0, 1e6]]);
  rateChanges = 0;
  callbacksAsked = 0;
  private rate = 1;
  private mediaAt0: number;
  private clockAt0 = clock;
  private callbacks = new Map<number, VideoFrameRequestCallback>();
  private nextHandle = 1;

  constructor(
    readonly frameMs: number,
    public ptsPhaseMs: number,
    startMedia = 10,
  ) {
    this.mediaAt0 = startMedia;
    this.lastMedia = startMedia;
  }

  get currentTime(): number {
    return this.mediaAt0 + ((clock - this.clockAt0) * this.rate) / 1000;
  }

  get playbackRate(): number {
    return this.rate;
  }

  set playbackRate(rate: number) {
    this.mediaAt0 = this.currentTime;
    this.clockAt0 = clock;
    this.rate = rate;
    this.rateChanges += 1;
  }

  requestVideoFrameCallback(callback: VideoFrameRequestCallback): number {
    this.callbacksAsked += 1;
    this.callbacks.set(this.nextHandle, callback);
    return this.nextHandle++;
  }

  cancelVideoFrameCallback(handle: number): void {
    this.callbacks.delete(handle);
  }

  /** The media time at the last `present`. */
  private lastMedia: number;

  /** Presents a frame whose time has come since the last call (the page's clock having moved on). */
  present(): void {
    const mediaBefore = this.lastMedia;
    this.lastMedia = this.currentTime;
    const frame = (this.frameMs / 1000);
    const phase = this.ptsPhaseMs / 1000;
    const before = Math.floor((mediaBefore - phase) / frame);
    const now = Math.floor((this.currentTime - phase) / frame);
    if (now === before || this.paused || !this.presenting) return;
    const callbacks = [...this.callbacks.values()];
    this.callbacks.clear();
    const mediaTime = now * frame + phase;
    for (const callback of callbacks) callback(clock, { mediaTime, expectedDisplayTime: clock + 16, presentationTime: clock, width: 320, height: 180, presentedFrames: now });
  }

  /** When (page clock, ms) this video's frames fall due, within ±frameMs/2 of `origin`. */
  dueOffset(grid: PresentationGrid): number {
    const next = Math.ceil((this.currentTime - this.ptsPhaseMs / 1000) / (this.frameMs / 1000)) * (this.frameMs / 1000) + this.ptsPhaseMs / 1000;
    return grid.offset(clock + ((next - this.currentTime) * 1000) / this.rate, this.frameMs);
  }
}

function ranges(list: Array<[number, number]>): TimeRanges {
  const edge = (index: number, side: 0 | 1): number => {
    const range = list[index];
    if (!range) throw new RangeError(`no range ${index}`);
    return range[side];
  };
  return { length: list.length, start: (index: number) => edge(index, 0), end: (index: number) => edge(index, 1) };
}

/** Tiles steered on one ticker, over one grid, as a window's wall is; `run` moves the page's clock by `ms`, a millisecond at a time. */
function wall(videos: FakeVideo[], grid = new PresentationGrid()): { grid: PresentationGrid; run: (ms: number) => void } {
  const listeners = new Set<() => void>();
  const tick = (_period: number, listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  for (const video of videos) video.steering = new LiveSteering(video, () => video.distance, () => video.frameMs, () => video.active, grid, tick);
  const run = (ms: number): void => {
    for (let step = 0; step < ms; step += 1) {
      clock += 1;
      for (const video of videos) video.present();
      if (clock % STEER_MS === 0) for (const listener of [...listeners]) listener();
    }
  };
  return { grid, run };
}

describe('LiveSteering: a live tile in phase with the wall, and caught up to its latency', () => {
  beforeEach(() => {
    clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('brings tiles whose frames fall due at their own phases into one phase, then plays them at rate 1', () => {
    const videos = [new FakeVideo(100, 0), new FakeVideo(100, 37), new FakeVideo(100, 81), new FakeVideo(100, 55, 3)];
    const { grid, run } = wall(videos);
    run(1);
    const before = videos.map((video) => video.dueOffset(grid));
    expect(Math.max(...before) - Math.min(...before)).toBeGreaterThan(30);
    run(6000);
    const after = videos.map((video) => video.dueOffset(grid));
    for (const offset of after) expect(Math.abs(offset)).toBeLessThanOrEqual(4);
    for (const video of videos) expect(video.playbackRate).toBe(1);
  });

  it('lines a 25 fps tile up with a 10 fps wall on the frames they share', () => {
    const ten = new FakeVideo(100, 0);
    const twentyFive = new FakeVideo(40, 13);
    const { grid, run } = wall([ten, twentyFive]);
    run(6000);
    expect(Math.abs(twentyFive.dueOffset(grid))).toBeLessThanOrEqual(4);
  });

  it('once in phase, leaves the rate alone, and asks for a frame callback only every few seconds', () => {
    const videos = [new FakeVideo(100, 0), new FakeVideo(100, 40)];
    const { run } = wall(videos);
    run(6000);
    const asked = videos.map((video) => video.callbacksAsked);
    const changes = videos.map((video) => video.rateChanges);
    run(30_000);
    expect(videos.map((video, index) => video.callbacksAsked - (asked[index] ?? 0))).toEqual([2, 2]);
    expect(videos.map((video) => video.rateChanges)).toEqual(changes);
  });

  it('moves a tile ahead of its target latency later and one behind it earlier, whichever way is shorter', () => {
    // The first tile sets the grid; the second's frames fall 30 ms after it, the third's 30 ms before.
    const first = new FakeVideo(100, 0);
    const ahead = new FakeVideo(100, 30);
    const behind = new FakeVideo(100, 70);
    const { grid, run } = wall([first, ahead, behind]);
    ahead.distance = { latency: 1.4, target: 1.5, catchUpWithin: 3.5 };
    behind.distance = { latency: 1.65, target: 1.5, catchUpWithin: 3.5 };
    const rates = { ahead: [] as number[], behind: [] as number[] };
    for (let ms = 0; ms < 4000; ms += 1) {
      run(1);
      rates.ahead.push(ahead.playbackRate);
      rates.behind.push(behind.playbackRate);
    }
    expect(Math.min(...rates.ahead), 'the tile ahead of its target slows').toBeLessThan(1);
    expect(Math.max(...rates.ahead), 'and never speeds up').toBe(1);
    expect(Math.max(...rates.behind), 'the tile behind speeds up').toBeGreaterThan(1);
    expect(Math.min(...rates.behind), 'and never slows').toBe(1);
    for (const video of [first, ahead, behind]) expect(Math.abs(video.dueOffset(grid))).toBeLessThanOrEqual(4);
  });

  it('does not keep the speed of a stream whose frames do not come at an even pace wavering', () => {
    const first = new FakeVideo(100, 0);
    const uneven = new FakeVideo(100, 0);
    const { run } = wall([first, uneven]);
    run(2000);
    const changes = uneven.rateChanges;
    // Its frames move by a third of a frame every 0.7 s: never in one phase for long.
    for (let moves = 0; moves < 60 / 0.7; moves += 1) {
      uneven.ptsPhaseMs = (uneven.ptsPhaseMs + 33) % 100;
      run(700);
    }
    // It relearns where its frames fall every 15 s, and is nudged into phase after each: a few
    // ticks of changed rate four times a minute, not a speed that keeps wavering.
    expect(uneven.rateChanges - changes, 'changes of rate in a minute').toBeLessThanOrEqual(5 * 4);
    expect(uneven.playbackRate).toBe(1);
  });

  it('catches a tile that fell behind back up to its target, faster the further behind, and stops there', () => {
    const video = new FakeVideo(100, 0);
    const { run } = wall([video]);
    video.distance = { latency: 2.5, target: 1.5, catchUpWithin: 3.5 };
    run(STEER_MS);
    const far = video.playbackRate;
    video.distance = { latency: 1.8, target: 1.5, catchUpWithin: 3.5 };
    run(STEER_MS);
    const near = video.playbackRate;
    expect(far).toBeGreaterThan(near);
    expect(near).toBeGreaterThan(1);
    // Within the dead band it goes on until close to the target...
    video.distance = { latency: 1.6, target: 1.5, catchUpWithin: 3.5 };
    run(STEER_MS);
    expect(video.playbackRate).toBeGreaterThan(1);
    // ...and there plays at rate 1 again (but for a nudge into phase, less than a catch-up's).
    video.distance = { latency: 1.52, target: 1.5, catchUpWithin: 3.5 };
    run(STEER_MS);
    expect(video.playbackRate).toBeLessThan(1.05);
  });

  it('does not start catching up for the jitter of the latency estimate', () => {
    const video = new FakeVideo(100, 0);
    const { run } = wall([video]);
    video.distance = { latency: 1.7, target: 1.5, catchUpWithin: 3.5 };
    run(STEER_MS * 4);
    expect(video.playbackRate).toBe(1);
  });

  it('does not catch up without video buffered ahead, nor a tile so far behind that hls.js jumps it to live', () => {
    const starved = new FakeVideo(100, 0);
    starved.buffered = ranges([[0, starved.currentTime + 0.5]]);
    const far = new FakeVideo(100, 0);
    const { run } = wall([starved, far]);
    starved.distance = { latency: 2.5, target: 1.5, catchUpWithin: 3.5 };
    far.distance = { latency: 5.5, target: 1.5, catchUpWithin: 3.5 };
    run(STEER_MS);
    expect(starved.playbackRate).toBe(1);
    expect(far.playbackRate).toBe(1);
  });

  it("never touches a rate it did not set: a paused tile, or one the operator's rate drives", () => {
    const video = new FakeVideo(100, 30);
    const { run } = wall([video]);
    video.active = false;
    video.playbackRate = 2;
    video.rateChanges = 0;
    run(5000);
    expect(video.playbackRate).toBe(2);
    expect(video.rateChanges).toBe(0);
    expect(video.callbacksAsked).toBe(0);
  });

  it('gives the rate back when the tile stops being steered mid-nudge, and stops ticking when disposed', () => {
    const first = new FakeVideo(100, 0);
    const second = new FakeVideo(100, 50);
    const { run } = wall([first, second]);
    let nudged = false;
    for (let ms = 0; ms < 5000 && !nudged; ms += 1) {
      run(1);
      nudged = second.playbackRate !== 1;
    }
    expect(nudged).toBe(true);
    second.steering?.dispose();
    expect(second.playbackRate).toBe(1);
    const asked = second.callbacksAsked;
    run(20_000);
    expect(second.callbacksAsked).toBe(asked);
    expect(second.playbackRate).toBe(1);
  });

  it('steers nothing while the page presents no frame to learn from (a window out of sight), and lines up once it does', () => {
    const first = new FakeVideo(100, 0);
    const hidden = new FakeVideo(100, 45);
    const { grid, run } = wall([first, hidden]);
    hidden.presenting = false;
    run(5000);
    expect(hidden.rateChanges).toBe(0);
    expect(hidden.callbacksAsked).toBe(1);
    hidden.presenting = true;
    run(3000);
    expect(Math.abs(hidden.dueOffset(grid))).toBeLessThanOrEqual(4);
  });
});

describe('PresentationGrid', () => {
  it('measures from the first time it is given, within half a frame either side', () => {
    const grid = new PresentationGrid();
    expect(grid.offset(1000, 100)).toBe(0);
    expect(grid.offset(1030, 100)).toBe(30);
    expect(grid.offset(1070, 100)).toBe(-30);
    expect(grid.offset(830, 100)).toBe(30);
    expect(grid.offset(1020, 40)).toBe(20);
    expect(grid.offset(1025, 40)).toBe(-15);
  });
});
