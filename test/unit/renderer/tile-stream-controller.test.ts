import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName, InvokeChannel } from '../../../shared/ipc/channels';
import type { TesseraBridge } from '../../../renderer/ipc/bridge';
import { TesseraClient } from '../../../renderer/ipc/client';
import type { Player, PlayerEvents } from '../../../renderer/players/player';
import { type TileInputs, TileStreamController, type TileStatus } from '../../../renderer/features/wall/tile-stream-controller';

class FakePlayer implements Player {
  readonly calls: string[] = [];
  readonly canReplay = true;
  picture(): undefined {
    return undefined;
  }
  at: number | undefined = 1_700_000_000_000;
  constructor(readonly events: PlayerEvents) {}
  load(url: string, options?: { startAt?: number }): void {
    this.calls.push(`load ${url}${options?.startAt === undefined ? '' : ` @${options.startAt}`}`);
  }
  reload(): void {
    this.calls.push('reload');
  }
  pause(): void {
    this.calls.push('pause');
  }
  resume(): void {
    this.calls.push('resume');
  }
  freeze(): number | undefined {
    this.calls.push('freeze');
    return this.at;
  }
  position(): number | undefined {
    return this.at;
  }
  unchangedFor(): number {
    return 0;
  }
  lastFrame(): undefined {
    return undefined;
  }
  /** What the fake's playlist covers, for seeks. */
  covers: readonly [number, number] = [0, 0];
  seekTo(epochMs: number): boolean {
    const inside = epochMs >= this.covers[0] && epochMs < this.covers[1];
    if (inside) this.calls.push(`seek @${epochMs}`);
    return inside;
  }
  covered(): { from: number; to: number } | undefined {
    return this.covers[1] > 0 ? { from: this.covers[0], to: this.covers[1] } : undefined;
  }
  setRate(rate: number): void {
    this.calls.push(`rate ${rate}`);
  }
  hold(held: boolean): void {
    this.calls.push(held ? 'hold' : 'unhold');
  }
  mediaEpoch(): number | undefined {
    return undefined;
  }
  frameMs(): number {
    return 100;
  }
  dispose(): void {
    this.calls.push('dispose');
  }
}

function setup() {
  const invokes: Array<[InvokeChannel, Record<string, unknown>]> = [];
  const listeners = new Map<EventName, Array<(payload: unknown) => void>>();
  let failNext: string | undefined;
  let failCode: 'unavailable' | 'sign-in' = 'unavailable';
  let streams = 0;
  const bridge: TesseraBridge = {
    invoke: (channel, payload) => {
      invokes.push([channel, payload as Record<string, unknown>]);
      if ((channel === 'live.start' || channel === 'archive.start') && failNext) {
        const message = failNext;
        failNext = undefined;
        return Promise.resolve({ ok: false, error: { code: failCode, message } });
      }
      if (channel === 'live.start' || channel === 'archive.start') {
        const streamId = `s${++streams}`;
        return Promise.resolve({ ok: true, value: { streamId, url: `/media/${streamId}/index.m3u8`, kind: 'hls', mode: channel === 'live.start' ? 'live' : 'archive' } });
      }
      return Promise.resolve({ ok: true, value: {} });
    },
    on: (name, listener) => {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      return () => listeners.set(name, (listeners.get(name) ?? []).filter((candidate) => candidate !== listener));
    },
  };
  const players: FakePlayer[] = [];
  const statuses: TileStatus[] = [];
  /** The wall's playback clock, as the controller reads it. */
  const clock = { at: 1000 };
  const ended = vi.fn();
  const controller = new TileStreamController({
    client: new TesseraClient(bridge),
    createPlayer: (_kind, events) => {
      const player = new FakePlayer(events);
      players.push(player);
      return player;
    },
    onStatus: (status) => statuses.push(status),
    onEnded: ended,
    graceMs: 4000,
    archiveTime: () => clock.at,
  });
  const emit = (name: EventName, payload: unknown): void => listeners.get(name)?.forEach((listener) => listener(payload));
  const calls = (channel: InvokeChannel) => invokes.filter(([name]) => name === channel).map(([, payload]) => payload);
  const fail = (message: string, code: 'unavailable' | 'sign-in' = 'unavailable'): void => {
    failNext = message;
    failCode = code;
  };
  return { controller, players, statuses, ended, emit, calls, fail, clock };
}

const inputs = (overrides: Partial<TileInputs> = {}): TileInputs => ({
  camera: { serverId: 'hq', cameraId: '1', status: 'online' },
  source: { mode: 'live' },
  visible: true,
  size: { width: 640, height: 360 },
  profile: 1,
  ...overrides,
});
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('TileStreamController', () => {
  it('opens a live session sized to the picture and plays it', async () => {
    const { controller, players, calls } = setup();
    controller.update(inputs());
    await settle();
    expect(calls('live.start')).toEqual([{ serverId: 'hq', cameraId: '1', width: 640, height: 360 }]);
    expect(players[0]?.calls).toEqual(['load /media/s1/index.m3u8']);
  });

  it('pauses at once out of sight, closes the session after the grace period, and reopens when seen', async () => {
    const { controller, players, calls, statuses } = setup();
    controller.update(inputs());
    await settle();
    controller.update(inputs({ visible: false }));
    expect(players[0]?.calls.at(-1)).toBe('pause');
    expect(statuses.at(-1)).toEqual({ state: 'paused' });
    await vi.advanceTimersByTimeAsync(3999);
    expect(calls('stream.stop')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls('stream.stop')).toEqual([{ streamId: 's1' }]);
    expect(players[0]?.calls.at(-1)).toBe('dispose');
    controller.update(inputs({ visible: true }));
    await settle();
    expect(calls('live.start')).toHaveLength(2);
  });

  it('resumes without a new session when seen again within the grace period', async () => {
    const { controller, players, calls } = setup();
    controller.update(inputs());
    await settle();
    controller.update(inputs({ visible: false }));
    await vi.advanceTimersByTimeAsync(2000);
    controller.update(inputs({ visible: true }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(players[0]?.calls).toEqual(['load /media/s1/index.m3u8', 'pause', 'resume']);
    expect(calls('live.start')).toHaveLength(1);
    expect(calls('stream.stop')).toHaveLength(0);
  });

  it('asks again when the picture size crosses into another profile, and not otherwise', async () => {
    const { controller, calls } = setup();
    controller.update(inputs());
    await settle();
    controller.update(inputs({ size: { width: 700, height: 394 } }));
    await settle();
    expect(calls('live.start')).toHaveLength(1);
    controller.update(inputs({ size: { width: 300, height: 169 }, profile: 0 }));
    await settle();
    expect(calls('stream.stop')).toEqual([{ streamId: 's1' }]);
    expect(calls('live.start').at(-1)).toMatchObject({ width: 300, height: 169 });
  });

  it('replays from the cache on the same session, and goes back to live', async () => {
    const { controller, players, calls } = setup();
    controller.update(inputs());
    await settle();
    controller.update(inputs({ source: { mode: 'replay', from: 1234 } }));
    controller.update(inputs({ source: { mode: 'live' } }));
    expect(players[0]?.calls).toEqual(['load /media/s1/index.m3u8', 'load /media/s1/replay.m3u8 @1234', 'load /media/s1/index.m3u8']);
    expect(calls('live.start')).toHaveLength(1);
  });

  it('keeps an offline camera\'s last frame and lets its session go', async () => {
    const { controller, players, statuses, calls } = setup();
    controller.update(inputs());
    await settle();
    controller.update(inputs({ camera: { serverId: 'hq', cameraId: '1', status: 'offline' } }));
    expect(players[0]?.calls.slice(-1)).toEqual(['freeze']);
    expect(calls('stream.stop')).toEqual([{ streamId: 's1' }]);
    expect(statuses.at(-1)).toEqual({ state: 'offline', reason: 'The VMS reports this camera offline', lastFrameAt: 1_700_000_000_000 });
  });

  it('retries a start the VMS refused, showing why', async () => {
    const { controller, statuses, calls, fail } = setup();
    fail('The site VMS server is down');
    controller.update(inputs());
    await settle();
    expect(statuses.at(-1)).toEqual({ state: 'reconnecting', reason: 'The site VMS server is down' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls('live.start')).toHaveLength(2);
  });

  it('reopens a lost archive session where the player had got to', async () => {
    const { controller, players, emit, calls } = setup();
    controller.update(inputs({ source: { mode: 'archive' } }));
    await settle();
    const player = players[0];
    if (player) player.at = 5000;
    emit('stream.state', { streamId: 's1', state: 'lost', reason: 'dropped' });
    await settle();
    expect(calls('archive.start').map((request) => request['from'])).toEqual([1000, 5000]);
    expect(players[1]?.calls).toEqual(['rate 1', 'unhold', 'load /media/s2/index.m3u8 @5000']);
  });

  it('seeks recorded video within its session without a new one, and opens a session (stopping the old) outside it', async () => {
    const { controller, players, calls, clock } = setup();
    controller.update(inputs({ source: { mode: 'archive' } }));
    await settle();
    const first = players[0];
    if (first) first.covers = [1000, 60_000];
    controller.seek(30_000);
    expect(first?.calls.at(-1)).toBe('seek @30000');
    expect(calls('archive.start')).toHaveLength(1);

    clock.at = 500_000;
    controller.setRate(4);
    controller.seek(500_000);
    await settle();
    expect(calls('stream.stop')).toEqual([{ streamId: 's1' }]);
    expect(calls('archive.start').map((request) => request['from'])).toEqual([1000, 500_000]);
    expect(players[1]?.calls, 'the new player keeps the speed').toEqual(['rate 4', 'unhold', 'load /media/s2/index.m3u8 @500000']);
  });

  it('waits on the first recorded frame where the VMS has nothing, instead of asking it again', async () => {
    const { controller, players, calls, statuses } = setup();
    controller.update(inputs({ source: { mode: 'archive' } }));
    await settle();
    const player = players[0];
    if (player) player.covers = [5000, 60_000];
    controller.seek(2000);
    expect(player?.calls.slice(-2)).toEqual(['hold', 'seek @5000']);
    expect(statuses.at(-1)).toMatchObject({ state: 'gap' });
    controller.hold(false);
    controller.seek(3000);
    expect(calls('archive.start'), 'no new session for a moment not recorded').toHaveLength(1);
    expect(player?.calls.at(-1)).toBe('seek @5000');
    controller.seek(6000);
    expect(player?.calls.slice(-2)).toEqual(['seek @6000', 'unhold']);
    expect(statuses.at(-1)).toEqual({ state: 'playing' });
  });

  it('an archive session that runs out opens the next at the clock; a replay that ends goes live', async () => {
    const { controller, players, calls, clock, ended } = setup();
    controller.update(inputs({ source: { mode: 'archive' } }));
    await settle();
    clock.at = 1_801_000;
    players[0]?.events.onEnded?.();
    await settle();
    expect(calls('archive.start').map((request) => request['from'])).toEqual([1000, 1_801_000]);
    expect(ended).not.toHaveBeenCalled();
    controller.update(inputs({ source: { mode: 'replay', from: 5 } }));
    await settle();
    players.at(-1)?.events.onEnded?.();
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('asks the core to restart the session when reloading does not help', async () => {
    const { controller, players, calls } = setup();
    controller.update(inputs());
    await settle();
    players[0]?.events.onEscalate('Video segments are not arriving');
    expect(calls('stream.restart')).toEqual([{ streamId: 's1', reason: 'Video segments are not arriving' }]);
  });

  it('releases everything on dispose, including a session that arrives later', async () => {
    const { controller, calls } = setup();
    controller.update(inputs());
    controller.dispose();
    await settle();
    expect(calls('stream.stop')).toEqual([{ streamId: 's1' }]);
  });

  it('says "sign-in needed", keeps the last picture and asks nothing more until the server is signed in again', async () => {
    const { controller, players, statuses, emit, calls, fail } = setup();
    controller.update(inputs());
    await settle();
    emit('stream.state', { streamId: 's1', state: 'failed', reason: 'Sign-in needed: token revoked', signIn: true });
    await settle();
    expect(statuses.at(-1)).toMatchObject({ state: 'error', reason: 'Sign-in needed: token revoked', lastFrameAt: 1_700_000_000_000 });
    expect(players[0]?.calls).toContain('freeze');
    controller.update(inputs({ signInNeeded: true }));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls('live.start')).toHaveLength(1);
    controller.update(inputs({ signInNeeded: false }));
    await settle();
    expect(calls('live.start')).toHaveLength(2);

    fail('Sign-in needed: The token was refused', 'sign-in');
    controller.update(inputs({ camera: { serverId: 'hq', cameraId: '2', status: 'online' } }));
    await settle();
    expect(statuses.at(-1)).toMatchObject({ state: 'error', reason: 'Sign-in needed: The token was refused' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls('live.start')).toHaveLength(3);
  });
});
