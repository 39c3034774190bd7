import { describe, expect, it } from 'vitest';
import type { Camera } from '../../../shared/model/camera';
import type { ServerInfo } from '../../../shared/model/server';
import { IvmsServerConfig } from '../../../electron/vms/ivms/ivms-vendor';
import { silentLogger } from '../../../electron/common/logger';
import { ServerDirectory } from '../../../electron/core/servers';
import { VmsError } from '../../../electron/vms/errors';
import { FakeAdapter } from '../support/fake-adapter';
import { ManualClock } from '../support/manual-clock';

function setup(adapter = new FakeAdapter()) {
  const clock = new ManualClock();
  const servers: ServerInfo[][] = [];
  const cameras: Camera[][] = [];
  const directory = new ServerDirectory({
    servers: [IvmsServerConfig.parse({ id: 'hq', type: 'ivms', name: 'Head office', url: 'http://vms.test' })],
    createAdapter: () => adapter,
    clock,
    log: silentLogger,
    refreshMs: () => 15_000,
    backoff: { initialMs: 1000, maxMs: 30_000, jitter: 0 },
    onServersChanged: (list) => servers.push(list),
    onCamerasChanged: (_id, list) => cameras.push(list),
  });
  return { adapter, clock, servers, cameras, directory };
}

describe('ServerDirectory', () => {
  it('lists cameras with their status once the server answers', async () => {
    const { clock, directory } = setup();
    directory.start();
    await clock.advance(0);
    expect(directory.list()[0]).toMatchObject({ id: 'hq', name: 'Head office', state: 'online', cameraCount: 2 });
    expect(directory.cameras('hq').map((camera) => [camera.cameraId, camera.status])).toEqual([
      ['1', 'online'],
      ['2', 'offline'],
    ]);
  });

  it('shows why a server is offline and retries with backoff until it answers', async () => {
    const adapter = new FakeAdapter();
    adapter.failures.listCameras = new VmsError({ kind: 'unreachable', url: 'http://vms.test' }, 'Connection refused (GET http://vms.test/)');
    const { clock, directory } = setup(adapter);
    directory.start();
    await clock.advance(0);
    expect(directory.list()[0]).toMatchObject({ state: 'offline', reason: 'Connection refused (GET http://vms.test/)' });
    await clock.advance(1000 + 2000);
    expect(adapter.calls.filter((call) => call === 'listCameras')).toHaveLength(3);
    adapter.failures.listCameras = undefined;
    await clock.advance(4000);
    expect(directory.list()[0]?.state).toBe('online');
  });

  it('is degraded, not offline, when only camera status fails', async () => {
    const adapter = new FakeAdapter();
    adapter.failures.cameraStatuses = new VmsError({ kind: 'protocol', url: 'http://vms.test/status' }, 'Unexpected reply');
    const { clock, directory } = setup(adapter);
    directory.start();
    await clock.advance(0);
    expect(directory.list()[0]).toMatchObject({ state: 'degraded', reason: 'Camera status unavailable: Unexpected reply' });
    // A set of the statuses: an `every` would also pass with no camera at all.
    expect(new Set(directory.cameras('hq').map((camera) => camera.status))).toEqual(new Set(['unknown']));
  });

  it('announces camera changes only when something changed', async () => {
    const { adapter, cameras, clock, directory } = setup();
    directory.start();
    await clock.advance(15_000);
    expect(cameras).toHaveLength(1);
    adapter.statuses.set('2', 'online');
    await clock.advance(15_000);
    expect(cameras).toHaveLength(2);
    expect(cameras[1]?.[1]?.status).toBe('online');
  });

  it('polls status often but fetches the whole camera list only now and then, or when a new camera appears', async () => {
    const { adapter, clock, directory } = setup();
    directory.start();
    await clock.advance(15_000 * 4);
    expect(adapter.calls.filter((call) => call === 'listCameras')).toHaveLength(1);
    expect(adapter.calls.filter((call) => call === 'cameraStatuses')).toHaveLength(5);
    adapter.cameras.push({ id: '3', name: 'Dock' });
    adapter.statuses.set('3', 'online');
    await clock.advance(15_000);
    expect(adapter.calls.filter((call) => call === 'listCameras')).toHaveLength(2);
    expect(directory.cameras('hq').map((camera) => camera.name)).toEqual(['Gate', 'Yard', 'Dock']);
    await clock.advance(5 * 60_000);
    expect(adapter.calls.filter((call) => call === 'listCameras')).toHaveLength(3);
  });

  it('goes offline when the status poll fails between camera lists', async () => {
    const { adapter, clock, directory } = setup();
    directory.start();
    await clock.advance(0);
    adapter.failures.cameraStatuses = new VmsError({ kind: 'site-down', url: 'http://vms.test/status' }, 'The site VMS server is down');
    await clock.advance(15_000);
    expect(directory.list()[0]).toMatchObject({ state: 'offline', reason: 'The site VMS server is down' });
  });

  it('answers not-found for unknown servers and cameras, and stops on dispose', async () => {
    const { clock, directory } = setup();
    directory.start();
    await clock.advance(0);
    expect(() => directory.camera('hq', '99')).toThrow(/No camera "99"/);
    expect(() => directory.adapter('nope')).toThrow(/No server "nope"/);
    await directory.dispose();
    expect(clock.pending).toBe(0);
  });
});

/** A FakeAdapter that says when it was disposed. */
class DisposableAdapter extends FakeAdapter {
  disposed = false;
  override dispose(): Promise<void> {
    this.disposed = true;
    return super.dispose();
  }
}

function runtime() {
  const clock = new ManualClock();
  const adapters: Array<{ id: string; url: string; adapter: DisposableAdapter }> = [];
  const announced: ServerInfo[][] = [];
  const cameraEvents: Array<{ serverId: string; cameras: Camera[] }> = [];
  const directory = new ServerDirectory({
    servers: [IvmsServerConfig.parse({ id: 'hq', type: 'ivms', url: 'http://vms.test' })],
    createAdapter: (config) => {
      const adapter = new DisposableAdapter();
      adapters.push({ id: config.id, url: config.type === 'ivms' ? config.url : '', adapter });
      return adapter;
    },
    clock,
    log: silentLogger,
    refreshMs: () => 15_000,
    backoff: { initialMs: 1000, maxMs: 30_000, jitter: 0 },
    onServersChanged: (list) => announced.push(list),
    onCamerasChanged: (serverId, cameras) => cameraEvents.push({ serverId, cameras }),
  });
  const adapterOf = (url: string): DisposableAdapter => {
    const found = adapters.find((entry) => entry.url === url)?.adapter;
    if (!found) throw new Error(`no adapter for ${url}`);
    return found;
  };
  return { clock, directory, announced, cameraEvents, adapterOf };
}

describe('ServerDirectory while running', () => {
  it('adds a server: it connects at once, is announced, and lists its cameras', async () => {
    const { clock, directory, announced } = runtime();
    directory.start();
    await clock.advance(0);
    directory.add(IvmsServerConfig.parse({ id: 'yard', type: 'ivms', name: 'Yard', url: 'http://yard.test' }));
    expect(announced.at(-1)?.map((server) => [server.id, server.state])).toEqual([
      ['hq', 'online'],
      ['yard', 'connecting'],
    ]);
    await clock.advance(0);
    expect(directory.list().map((server) => server.state)).toEqual(['online', 'online']);
    expect(directory.cameras('yard').map((camera) => camera.serverId)).toEqual(['yard', 'yard']);
    expect(() => directory.add(IvmsServerConfig.parse({ id: 'yard', type: 'ivms', url: 'http://yard.test' }))).toThrow(/exists already/);
  });

  it('replaces a server\'s adapter in place, keeping its cameras listed until the new one has fetched them', async () => {
    const { clock, directory, adapterOf } = runtime();
    directory.start();
    await clock.advance(0);
    const old = adapterOf('http://vms.test');
    await directory.replace(IvmsServerConfig.parse({ id: 'hq', type: 'ivms', url: 'http://vms2.test' }));
    expect(old.disposed).toBe(true);
    expect(directory.list()[0]).toMatchObject({ id: 'hq', state: 'connecting', cameraCount: 2 });
    expect(directory.camera('hq', '1').name).toBe('Gate');
    await clock.advance(0);
    expect(directory.list()[0]?.state).toBe('online');
    expect(directory.adapter('hq')).toBe(adapterOf('http://vms2.test'));
    const oldCalls = old.calls.length;
    await clock.advance(60_000);
    expect(old.calls.length).toBe(oldCalls);
  });

  it('renames without reconnecting', async () => {
    const { clock, directory, adapterOf } = runtime();
    directory.start();
    await clock.advance(0);
    directory.rename(IvmsServerConfig.parse({ id: 'hq', type: 'ivms', name: 'Head office', url: 'http://vms.test' }));
    expect(directory.list()[0]).toMatchObject({ name: 'Head office', state: 'online' });
    expect(adapterOf('http://vms.test').disposed).toBe(false);
  });

  it('removes a server: its cameras go, its adapter is disposed, its retries stop', async () => {
    const { clock, directory, announced, cameraEvents, adapterOf } = runtime();
    const adapter = adapterOf('http://vms.test');
    adapter.failures.listCameras = new VmsError({ kind: 'unreachable', url: 'http://vms.test' }, 'Connection refused');
    directory.start();
    await clock.advance(0);
    expect(directory.list()[0]?.state).toBe('offline');
    await directory.remove('hq');
    expect(adapter.disposed).toBe(true);
    expect(cameraEvents.at(-1)).toEqual({ serverId: 'hq', cameras: [] });
    expect(announced.at(-1)).toEqual([]);
    expect(clock.pending).toBe(0);
    expect(() => directory.adapter('hq')).toThrow(/No server "hq"/);
  });

  it('says "sign-in needed" when the server refuses the credentials, and does not ask again until they change', async () => {
    const adapter = new FakeAdapter();
    adapter.failures.listCameras = new VmsError({ kind: 'auth', url: 'http://vms.test', httpStatus: 401 }, 'The server refused the user name or password (HTTP 401)');
    const { clock, directory } = setup(adapter);
    directory.start();
    await clock.advance(0);
    expect(directory.list()[0]).toMatchObject({ state: 'sign-in', reason: 'Sign-in needed: The server refused the user name or password (HTTP 401)' });
    await clock.advance(10 * 60_000);
    expect(adapter.calls.filter((call) => call === 'listCameras')).toHaveLength(1);
    expect(() => directory.requireSignedIn('hq')).toThrow(/Sign-in needed/);
  });

  it('waits as long as a rate-limited server asks (Retry-After), however short its own backoff', async () => {
    const adapter = new FakeAdapter();
    adapter.failures.listCameras = new VmsError({ kind: 'rate-limited', url: 'http://vms.test', httpStatus: 429, retryAfterMs: 20_000 }, 'Too many requests (HTTP 429)');
    const { clock, directory } = setup(adapter);
    directory.start();
    await clock.advance(0);
    await clock.advance(19_000);
    expect(adapter.calls.filter((call) => call === 'listCameras')).toHaveLength(1);
    await clock.advance(1000);
    expect(adapter.calls.filter((call) => call === 'listCameras')).toHaveLength(2);
  });
});
