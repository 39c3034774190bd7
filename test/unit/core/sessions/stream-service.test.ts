import { describe, expect, it } from 'vitest';
import type { StreamStateEvent } from '../../../../shared/model/stream';
import { silentLogger } from '../../../../electron/common/logger';
import { StreamService } from '../../../../electron/core/sessions/stream-service';
import { MediaProxy } from '../../../../electron/media/media-proxy';
import { VmsError } from '../../../../electron/vms/errors';
import { FakeAdapter } from '../../support/fake-adapter';
import { ManualClock } from '../../support/manual-clock';

function setup() {
  const clock = new ManualClock();
  const adapter = new FakeAdapter();
  const media = new MediaProxy({ clock });
  const events: Array<{ clientId: string } & StreamStateEvent> = [];
  const service = new StreamService({
    clock,
    log: silentLogger,
    media,
    adapterFor: () => adapter,
    checkCamera: () => undefined,
    notify: (clientId, event) => events.push({ clientId, ...event }),
    backoff: { initialMs: 1000, maxMs: 8000, jitter: 0 },
  });
  return { clock, adapter, media, events, service };
}

const request = { serverId: 'hq', cameraId: '1', width: 640, height: 360 };
const live = { mode: 'live' } as const;
const rejected = new VmsError({ kind: 'rejected', url: 'http://vms.test/keepalive' }, 'The VMS refused the request (IVMS 3002)');
const openCount = (adapter: FakeAdapter, camera = '1'): number => adapter.calls.filter((call) => call === `openLive:${camera}`).length;

describe('StreamService', () => {
  it('opens a VMS session sized to the tile and serves it through the media proxy', async () => {
    const { adapter, media, service } = setup();
    const stream = await service.start('w1', request, live);
    expect(stream).toMatchObject({ url: `/media/${stream.streamId}/index.m3u8`, mode: 'live' });
    expect(adapter.calls).toContain('openLive:1');
    expect(adapter.open.size).toBe(1);
    expect(media.openStreams).toBe(1);
  });

  it('opens archive at the asked time', async () => {
    const { adapter, service } = setup();
    const stream = await service.start('w1', request, { mode: 'archive', fromMs: 1_700_000_000_000 });
    expect(stream.mode).toBe('archive');
    expect(adapter.calls).toContain('openArchive:1@1700000000000');
  });

  it('keeps sessions alive on the interval the adapter asks for', async () => {
    const { adapter, clock, service } = setup();
    await service.start('w1', request, live);
    await service.start('w1', request, { mode: 'archive', fromMs: 1 });
    await clock.advance(25_000);
    expect(adapter.calls.filter((call) => call.startsWith('keepAlive'))).toHaveLength(4);
  });

  it('stops the session on the VMS when the tile closes, and only for its owner', async () => {
    const { adapter, media, service } = setup();
    const stream = await service.start('w1', request, live);
    await expect(service.stop('w2', stream.streamId)).rejects.toThrow(/No stream/);
    await service.stop('w1', stream.streamId);
    expect(adapter.open.size).toBe(0);
    expect(media.openStreams).toBe(0);
    expect(service.activeSessions).toBe(0);
  });

  it('releases every stream of a window that went away, and no other', async () => {
    const { adapter, service } = setup();
    await service.start('w1', request, live);
    await service.start('w1', { ...request, cameraId: '2' }, live);
    await service.start('w2', request, live);
    await service.releaseClient('w1');
    expect(adapter.open.size).toBe(1);
    expect(service.activeSessions).toBe(1);
  });

  it('restarts a live session the VMS dropped and tells the tile to reload', async () => {
    const { adapter, clock, events, service } = setup();
    const stream = await service.start('w1', request, live);
    adapter.failures.keepAlive = rejected;
    await clock.advance(10_000);
    adapter.failures.keepAlive = undefined;
    expect(events.map((event) => event.state)).toEqual(['restarting', 'restarted']);
    expect(events[0]).toMatchObject({ clientId: 'w1', streamId: stream.streamId, reason: expect.stringMatching(/dropped the session/) as unknown });
    expect(openCount(adapter)).toBe(2);
    expect(service.activeSessions).toBe(1);
  });

  it('retries a restart with backoff while the VMS keeps refusing, saying why', async () => {
    const { adapter, clock, events, service } = setup();
    await service.start('w1', request, live);
    adapter.failures.keepAlive = rejected;
    adapter.failures.openLive = new VmsError({ kind: 'site-down', url: 'http://vms.test' }, 'The site VMS server is down');
    await clock.advance(10_000);
    await clock.advance(1000 + 2000);
    expect(events.filter((event) => event.state === 'restarting')).toHaveLength(3);
    expect(events.at(-1)?.reason).toBe('The site VMS server is down');
    adapter.failures.openLive = undefined;
    adapter.failures.keepAlive = undefined;
    await clock.advance(4000);
    expect(events.at(-1)?.state).toBe('restarted');
  });

  it('leaves a session alone when a keepalive fails for a passing reason', async () => {
    const { adapter, clock, events, service } = setup();
    await service.start('w1', request, live);
    adapter.failures.keepAlive = new VmsError({ kind: 'unreachable', url: 'http://vms.test' }, 'Connection refused');
    await clock.advance(10_000);
    expect(events).toEqual([]);
    expect(openCount(adapter)).toBe(1);
  });

  it('on failover, opens every live stream on the new server before closing the old session', async () => {
    const { adapter, events, service } = setup();
    await service.start('w1', request, live);
    await service.start('w2', { ...request, cameraId: '2' }, live);
    adapter.activeEndpoint = 'standby';
    adapter.loseSessions('Moved to the standby server');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.filter((event) => event.state === 'restarted')).toHaveLength(2);
    expect([...adapter.open.values()].map((session) => session.origin)).toEqual(['standby', 'standby']);
    const order = adapter.calls.filter((call) => /^(openLive|closeSession)/.test(call));
    expect(order.indexOf('openLive:1', 1)).toBeLessThan(order.indexOf('closeSession:100'));
  });

  it('hands a lost archive session back to the tile, which alone knows its position', async () => {
    const { adapter, clock, events, service } = setup();
    const stream = await service.start('w1', request, { mode: 'archive', fromMs: 5 });
    adapter.failures.keepAlive = rejected;
    await clock.advance(10_000);
    expect(events).toEqual([{ clientId: 'w1', streamId: stream.streamId, state: 'lost', reason: expect.stringMatching(/dropped/) as unknown }]);
    expect(adapter.calls.filter((call) => call.startsWith('openArchive'))).toHaveLength(1);
  });

  it('retries stopping a session while the VMS cannot be reached, and gives up on a refusal', async () => {
    const { adapter, clock, service } = setup();
    const first = await service.start('w1', request, live);
    const second = await service.start('w1', { ...request, cameraId: '2' }, live);
    adapter.failures.closeSession = new VmsError({ kind: 'site-down', url: 'http://vms.test' }, 'The site VMS server is down');
    await service.stop('w1', first.streamId);
    await clock.advance(1000 + 2000);
    expect(adapter.calls.filter((call) => call === 'closeSession:100')).toHaveLength(3);
    adapter.failures.closeSession = undefined;
    await clock.advance(4000);
    expect(adapter.calls.filter((call) => call === 'closeSession:100')).toHaveLength(4);
    await clock.advance(60_000);
    expect(adapter.calls.filter((call) => call === 'closeSession:100')).toHaveLength(4);

    adapter.failures.closeSession = new VmsError({ kind: 'protocol', url: 'http://vms.test' }, 'Unexpected reply');
    await service.stop('w1', second.streamId);
    await clock.advance(60_000);
    expect(adapter.calls.filter((call) => call === 'closeSession:101')).toHaveLength(1);
  });

  it('closes a session that finished opening after its tile was closed', async () => {
    const { adapter, service } = setup();
    let resolveOpen: () => void = () => undefined;
    const original = adapter.openLive.bind(adapter);
    adapter.openLive = (liveRequest) => new Promise((resolve) => (resolveOpen = () => void original(liveRequest).then(resolve)));
    const starting = service.start('w1', request, live);
    await service.releaseClient('w1');
    resolveOpen();
    await expect(starting).rejects.toThrow(/closed while it was starting/);
    expect(adapter.open.size).toBe(0);
  });

  it('renews a session that expires a margin before it does, in place: same stream, no reload, nothing told to the tile', async () => {
    const { adapter, clock, media, events, service } = setup();
    adapter.sessionLifetime = { kind: 'expires', expiresInMs: 8000, now: () => clock.now() };
    const stream = await service.start('w1', request, live);
    for (let round = 1; round <= 3; round++) {
      await clock.advance(6500);
      expect(adapter.calls.filter((call) => call.startsWith('renew'))).toHaveLength(round);
    }
    expect(service.renewals).toBe(3);
    expect(events).toEqual([]);
    expect(media.openStreams).toBe(1);
    expect(service.activeSessions).toBe(1);
    await service.stop('w1', stream.streamId);
    expect(adapter.open.size).toBe(0);
  });

  it('retries a failed renewal while the ticket is still valid, and reopens the stream once it is not', async () => {
    const { adapter, clock, events, service } = setup();
    adapter.sessionLifetime = { kind: 'expires', expiresInMs: 20_000, now: () => clock.now() };
    const stream = await service.start('w1', request, live);
    adapter.failures.renew = new VmsError({ kind: 'unreachable', url: 'http://vms.test/watch' }, 'Connection refused');
    await clock.advance(16_000);
    expect(adapter.calls.filter((call) => call.startsWith('renew')).length).toBeGreaterThanOrEqual(2);
    expect(events).toEqual([]);
    await clock.advance(5000);
    expect(events[0]).toMatchObject({ streamId: stream.streamId, state: 'restarting' });
  });

  it('says "sign-in needed" when the VMS refuses the credential on renewal, and tries no more', async () => {
    const clockedSetup = setup();
    const { adapter, clock, events } = clockedSetup;
    const refused: string[] = [];
    const service = new StreamService({
      clock,
      log: silentLogger,
      media: clockedSetup.media,
      adapterFor: () => adapter,
      checkCamera: () => undefined,
      notify: (clientId, event) => events.push({ clientId, ...event }),
      onAuthFailure: (serverId, reason) => refused.push(`${serverId}: ${reason}`),
    });
    adapter.sessionLifetime = { kind: 'expires', expiresInMs: 8000, now: () => clock.now() };
    const stream = await service.start('w1', request, live);
    adapter.failures.renew = new VmsError({ kind: 'auth', url: 'http://vms.test/watch', httpStatus: 401 }, 'The token was refused (HTTP 401)');
    await clock.advance(60_000);
    expect(adapter.calls.filter((call) => call.startsWith('renew'))).toHaveLength(1);
    expect(events).toEqual([{ clientId: 'w1', streamId: stream.streamId, state: 'failed', reason: 'Sign-in needed: The token was refused (HTTP 401)', signIn: true }]);
    expect(refused).toEqual(['hq: The token was refused (HTTP 401)']);
  });
});
