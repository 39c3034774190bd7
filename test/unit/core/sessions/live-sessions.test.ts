import { describe, expect, it } from 'vitest';
import type { StreamStateEvent } from '../../../../shared/model/stream';
import { silentLogger } from '../../../../electron/core/logger';
import { LiveSessionService } from '../../../../electron/core/sessions/live-sessions';
import { MediaProxy } from '../../../../electron/media/media-proxy';
import { VmsError } from '../../../../electron/vms/errors';
import { FakeAdapter } from '../../support/fake-adapter';
import { ManualClock } from '../../support/manual-clock';

function setup() {
  const clock = new ManualClock();
  const adapter = new FakeAdapter();
  const media = new MediaProxy({ clock });
  const events: Array<{ clientId: string } & StreamStateEvent> = [];
  const service = new LiveSessionService({
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
const rejected = new VmsError({ kind: 'rejected', url: 'http://vms.test/keepalive' }, 'The VMS refused the request (IVMS 3002)');

describe('LiveSessionService', () => {
  it('opens a VMS session sized to the tile and serves it through the media proxy', async () => {
    const { adapter, media, service } = setup();
    const stream = await service.start('w1', request);
    expect(stream.url).toBe(`/media/${stream.streamId}/index.m3u8`);
    expect(adapter.calls).toContain('openLive:1');
    expect(adapter.open.size).toBe(1);
    expect(media.openStreams).toBe(1);
  });

  it('keeps sessions alive on the interval the adapter asks for', async () => {
    const { adapter, clock, service } = setup();
    await service.start('w1', request);
    await clock.advance(25_000);
    expect(adapter.calls.filter((call) => call.startsWith('keepAlive'))).toHaveLength(2);
  });

  it('stops the session on the VMS when the tile closes, and only for its owner', async () => {
    const { adapter, media, service } = setup();
    const stream = await service.start('w1', request);
    await expect(service.stop('w2', stream.streamId)).rejects.toThrow(/No stream/);
    await service.stop('w1', stream.streamId);
    expect(adapter.open.size).toBe(0);
    expect(media.openStreams).toBe(0);
    expect(service.activeSessions).toBe(0);
  });

  it('releases every stream of a window that went away, and no other', async () => {
    const { adapter, service } = setup();
    await service.start('w1', request);
    await service.start('w1', { ...request, cameraId: '2' });
    await service.start('w2', request);
    await service.releaseClient('w1');
    expect(adapter.open.size).toBe(1);
    expect(service.activeSessions).toBe(1);
  });

  it('restarts a session the VMS dropped and tells the tile to reload', async () => {
    const { adapter, clock, events, service } = setup();
    const stream = await service.start('w1', request);
    adapter.failures.keepAlive = rejected;
    await clock.advance(10_000);
    adapter.failures.keepAlive = undefined;
    expect(events.map((event) => event.state)).toEqual(['restarting', 'restarted']);
    expect(events[0]).toMatchObject({ clientId: 'w1', streamId: stream.streamId, reason: expect.stringMatching(/dropped the session/) as unknown });
    expect(adapter.calls.filter((call) => call === 'openLive:1')).toHaveLength(2);
    expect(service.activeSessions).toBe(1);
  });

  it('retries a restart with backoff while the VMS keeps refusing, saying why', async () => {
    const { adapter, clock, events, service } = setup();
    await service.start('w1', request);
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
    await service.start('w1', request);
    adapter.failures.keepAlive = new VmsError({ kind: 'unreachable', url: 'http://vms.test' }, 'Connection refused');
    await clock.advance(10_000);
    expect(events).toEqual([]);
    expect(adapter.calls.filter((call) => call.startsWith('openLive'))).toHaveLength(1);
  });

  it('closes a session that finished opening after its tile was closed', async () => {
    const { adapter, service } = setup();
    let resolveOpen: () => void = () => undefined;
    const original = adapter.openLive.bind(adapter);
    adapter.openLive = (live) => new Promise((resolve) => (resolveOpen = () => void original(live).then(resolve)));
    const starting = service.start('w1', request);
    await service.releaseClient('w1');
    resolveOpen();
    await expect(starting).rejects.toThrow(/closed while it was starting/);
    expect(adapter.open.size).toBe(0);
  });
});
