import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStreamState, VmsEvent } from '../../../electron/vms/adapter';
import { VmsError } from '../../../electron/vms/errors';
import { httpFetch, type HttpFetch } from '../../../electron/vms/http';
import { plainUpstream } from '../../../electron/vms/upstream';
import { IvmsAdapter, type IvmsAdapterOptions, oldestClipTimeMs } from '../../../electron/vms/ivms/ivms-adapter';
import { startIvmsSim, type IvmsSim } from '../../../sim/ivms-sim';
import { eventually, sleep } from '../support/frames';

/** The IVMS adapter against the real simulator (real HTTP, WebSocket and ffmpeg). */
const PREFIX = '/V-Pro-IVMS-APIServer';
const ZONE = 'Asia/Kolkata';
let sim: IvmsSim;

function adapter(overrides: Partial<IvmsAdapterOptions> = {}): IvmsAdapter {
  return new IvmsAdapter({
    url: sim.url,
    pathPrefix: PREFIX,
    keepaliveIntervalMs: 1000,
    requestTimeoutMs: 3000,
    statusOnlineValue: 1,
    timeZone: ZONE,
    eventIdleTimeoutMs: 30_000,
    failbackProbeMs: 10_000,
    ...overrides,
  });
}

/** Records what an event subscription reports. */
function listen(ivms: IvmsAdapter) {
  const states: Array<[EventStreamState, string | undefined]> = [];
  const events: VmsEvent[] = [];
  const subscription = ivms.subscribeEvents({ onEvent: (event) => events.push(event), onState: (state, reason) => states.push([state, reason]) });
  return { states, events, subscription, last: () => states.at(-1)?.[0] };
}

beforeAll(async () => {
  sim = await startIvmsSim({ pathPrefix: PREFIX, mediaPort: 0, cameraCount: 4, sessionExpiryMs: 800, encoderLingerMs: 0, timeZone: ZONE });
  await eventually(() => (sim.state().recordings.every((recording) => recording.segments >= 2) ? true : undefined), 20_000, 'recordings');
}, 30_000);
afterAll(async () => {
  await sim.close();
});

describe('IvmsAdapter against the simulator', () => {
  it('lists cameras without ever carrying their credentials', async () => {
    const cameras = await adapter().listCameras();
    expect(cameras.map((camera) => camera.name)).toEqual(['Main Entrance', 'Lobby', 'Car Park North', 'Loading Bay']);
    expect(cameras[0]).toEqual({ id: '1', name: 'Main Entrance', model: 'Axis P3245-LVE', address: '172.17.99.10', group: 'Group 1' });
    expect(JSON.stringify(cameras)).not.toMatch(/hvs|password|rtsp/);
    expect(await adapter().camera('2')).toMatchObject({ id: '2', name: 'Lobby' });
  });

  it('maps channel status with the per-server meaning of 1', async () => {
    expect([...(await adapter().cameraStatuses()).values()]).toEqual(['online', 'online', 'online', 'online']);
    expect([...(await adapter({ statusOnlineValue: 0 }).cameraStatuses()).values()]).toEqual(['offline', 'offline', 'offline', 'offline']);
  });

  it('reads the channel count in the document\'s broken form', async () => {
    expect(await adapter().cameraCount()).toBe(4);
  });

  it('starts a live session whose HLS plays real segments, keeps it alive, and stops it', async () => {
    const ivms = adapter();
    const session = await ivms.openLive({ cameraId: '2', width: 320, height: 180, audio: false });
    expect(session).toMatchObject({ mode: 'live', origin: 'primary', lifetime: { kind: 'keepalive', intervalMs: 1000 } });
    if (session.media.kind !== 'hls') throw new Error('expected HLS');
    expect(session.media.playlistUrl).toMatch(new RegExp(`^${sim.mediaUrl}/live/.+/2/MinorStream/.+/index\\.m3u8$`));
    let playlist = '';
    for (let tries = 0; tries < 50 && !playlist.includes('#EXTINF'); tries++) {
      await ivms.keepAlive(session); // this simulator expires sessions after 800 ms
      const response = await httpFetch({ url: session.media.playlistUrl, timeoutMs: 2000 });
      playlist = response.status === 200 ? new TextDecoder().decode(response.body) : '';
      if (!playlist) await sleep(100);
    }
    expect(playlist).toMatch(/#EXT-X-PROGRAM-DATE-TIME:\d{4}-\d\d-\d\dT/);
    expect(sim.state().sessions.find((candidate) => String(candidate.id) === session.id)?.keepalives).toBeGreaterThan(0);
    await ivms.closeSession(session);
    expect(sim.state().sessions).toHaveLength(0);
    await expect(ivms.keepAlive(session)).rejects.toMatchObject({ kind: 'rejected' });
    await expect(ivms.closeSession(session)).resolves.toBeUndefined();
  });

  it('starts an archive session at a time, keeps it alive with archive keepalive, and stops it', async () => {
    const ivms = adapter();
    // A moment surely recorded: a second before the end of camera 3's newest segment (under load the recording runs seconds behind now).
    const recordedUntil = sim.state().recordings.find((recording) => recording.cameraId === 3)?.ranges.at(-1)?.toMs ?? Date.now();
    const session = await ivms.openArchive({ cameraId: '3', width: 640, height: 360, audio: false, fromMs: recordedUntil - 1000 });
    expect(session.mode).toBe('archive');
    if (session.media.kind !== 'hls') throw new Error('expected HLS');
    expect(session.media.playlistUrl).toContain('/archive/');
    await ivms.keepAlive(session);
    expect(sim.state().sessions.find((candidate) => String(candidate.id) === session.id)).toMatchObject({ kind: 'archive', keepalives: 1 });
    await ivms.closeSession(session);
    expect(sim.state().sessions).toHaveLength(0);
  });

  it('says where a channel\'s recording starts, from its oldestClipTime', async () => {
    const oldest = sim.state().recordings.find((recording) => recording.cameraId === 2)?.ranges[0]?.fromMs;
    expect(oldest).toBeGreaterThan(Date.now() - 60_000);
    expect(await adapter().recordings('2', Date.now() - 60_000, Date.now())).toEqual({ kind: 'since', oldestMs: oldest });
  });

  it('loses a session that hears no keepalive within the server\'s expiry', async () => {
    const ivms = adapter();
    const session = await ivms.openLive({ cameraId: '1', width: 320, height: 180, audio: false });
    await sleep(1500);
    await expect(ivms.keepAlive(session)).rejects.toBeInstanceOf(VmsError);
    expect(sim.state().counters.expired).toBeGreaterThanOrEqual(1);
  });

  it('answers not-found for an unknown channel', async () => {
    await expect(adapter().openLive({ cameraId: '77', width: 1, height: 1, audio: false })).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('fetches an event\'s snap and clip by the id the server put in eventDetails1', async () => {
    const ivms = adapter();
    const event = await sim.emitEvent(1);
    const snap = await ivms.eventMedia(String(event.id), 'snap');
    expect(snap.contentType).toBe('image/jpeg');
    expect([...snap.bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    const clip = await ivms.eventMedia(String(event.id), 'clip');
    expect(clip.contentType).toBe('video/mp4');
    await expect(ivms.eventMedia('999999', 'snap')).rejects.toMatchObject({ kind: 'rejected' });
  }, 20_000);

  it('says "Connection refused" for a server that is not there', async () => {
    const port = await freePort();
    const error = await adapter({ url: `http://127.0.0.1:${port}`, pathPrefix: '' })
      .listCameras()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'unreachable' });
    expect((error as Error).message).toMatch(/^Connection refused \(GET http:\/\/127\.0\.0\.1:\d+\/REST\/local\/channel\)$/);
  });
});

describe('IvmsAdapter event socket', () => {
  it('delivers events with their picture and a UTC time read in the server\'s zone, ignoring status messages', async () => {
    const ivms = adapter();
    const stream = listen(ivms);
    await eventually(() => (stream.last() === 'open' ? true : undefined));
    const sent = await sim.emitEvent(3);
    const event = await eventually(() => stream.events.find((candidate) => candidate.vendorEventId === String(sent.id)));
    expect(event).toMatchObject({ cameraId: '3', cameraName: 'Car Park North', timeUncertain: false, type: String(sent.alert.type), label: sent.alert.message });
    expect(Math.abs(event.time - sent.time)).toBeLessThan(1000);
    expect(event.image?.contentType).toBe('image/jpeg');
    expect(stream.events.every((candidate) => candidate.type !== 'unknown')).toBe(true);
    stream.subscription.close();
    expect(stream.last()).toBe('closed');
  });

  it('reconnects when the socket drops, and receives what is sent after', async () => {
    const ivms = adapter();
    const stream = listen(ivms);
    await eventually(() => (stream.last() === 'open' ? true : undefined));
    sim.dropEventSockets();
    await eventually(() => (stream.states.some(([state]) => state === 'reconnecting') ? true : undefined));
    await eventually(() => (stream.last() === 'open' ? true : undefined), 10_000, 'reopened');
    const sent = await sim.emitEvent(2);
    await eventually(() => stream.events.find((candidate) => candidate.vendorEventId === String(sent.id)));
    stream.subscription.close();
  });

  it('declares a silent connection dead and says why', async () => {
    const ivms = adapter({ eventIdleTimeoutMs: 1200 });
    const stream = listen(ivms);
    await eventually(() => (stream.last() === 'open' ? true : undefined));
    sim.setFaults({ websocket: 'silent' });
    const reason = await eventually(() => stream.states.find(([state]) => state === 'reconnecting')?.[1], 10_000);
    expect(reason).toMatch(/No traffic on the event socket for 1 s/);
    sim.resetFaults();
    await eventually(() => (stream.last() === 'open' ? true : undefined), 15_000, 'reopened');
    stream.subscription.close();
  }, 20_000);

  it('says when the server refuses the socket', async () => {
    sim.setFaults({ websocket: 'refuse' });
    const stream = listen(adapter());
    const reason = await eventually(() => stream.states.find(([state]) => state === 'reconnecting')?.[1]);
    expect(reason).toBe('The event socket was refused (HTTP 503)');
    sim.resetFaults();
    stream.subscription.close();
  });
});

describe('IvmsAdapter failover', () => {
  let standby: IvmsSim;
  beforeAll(async () => {
    standby = await startIvmsSim({ pathPrefix: PREFIX, cameraCount: 4, recording: false, timeZone: ZONE });
  });
  afterAll(async () => {
    await standby.close();
  });

  it('moves to the standby when the primary fails, and back when it returns', async () => {
    const ivms = adapter({ redundantUrl: standby.url, failbackProbeMs: 300 });
    const lost: string[] = [];
    ivms.onSessionsLost((reason) => lost.push(reason));
    expect(ivms.activeEndpoint).toBe('primary');
    sim.setFaults({ siteDown: true });
    await ivms.listCameras();
    expect(ivms.activeEndpoint).toBe('standby');
    expect(lost[0]).toMatch(/^Moved to the standby server \(primary failed: The site VMS server is down/);
    const session = await ivms.openLive({ cameraId: '1', width: 320, height: 180, audio: false });
    expect(session.origin).toBe('standby');
    expect(standby.state().sessions).toHaveLength(1);
    sim.resetFaults();
    await eventually(() => (ivms.activeEndpoint === 'primary' ? true : undefined), 5000, 'failback');
    expect(lost[1]).toMatch(/^Moved to the primary server/);
    await ivms.closeSession(session); // closed where it lives
    expect(standby.state().sessions).toHaveLength(0);
    await ivms.dispose();
  });

  it('reports the active server\'s reason when both fail', async () => {
    const ivms = adapter({ redundantUrl: standby.url });
    sim.setFaults({ siteDown: true });
    standby.setFaults({ siteDown: true });
    await expect(ivms.listCameras()).rejects.toMatchObject({ kind: 'site-down', url: expect.stringContaining(sim.url) as unknown });
    expect(ivms.activeEndpoint).toBe('primary');
    sim.resetFaults();
    standby.resetFaults();
  });
});

describe('IvmsAdapter tolerance', () => {
  const canned = (routes: Record<string, { status: number; body: string; type?: string }>): HttpFetch => (request) => {
    const path = new URL(request.url).pathname.replace('/REST/local/', '');
    const answer = routes[path] ?? { status: 404, body: 'Not Found' };
    return Promise.resolve({ status: answer.status, headers: new Headers({ 'content-type': answer.type ?? 'application/json' }), body: new TextEncoder().encode(answer.body) });
  };

  it.each([
    ['the document\'s form', '{"status":2000,"result":[{ 501 }]}'],
    ['a bare array', '{"status":2000,"result":[501]}'],
    ['an object', '{"status":2000,"result":[{"count":501}]}'],
  ])('reads the count as %s', async (_name, body) => {
    expect(await adapter({ url: 'http://vms', pathPrefix: '', fetch: canned({ 'channel/count': { status: 200, body } }) }).cameraCount()).toBe(501);
  });

  it('copes with stoparchive missing (plain 404): the session just expires', async () => {
    const ivms = adapter({ url: 'http://vms', pathPrefix: '', fetch: canned({}) });
    await expect(ivms.closeSession({ id: '1', mode: 'archive', cameraId: '1', media: { kind: 'hls', playlistUrl: 'http://vms/x', upstream: plainUpstream() }, lifetime: { kind: 'keepalive', intervalMs: 1 }, origin: 'primary' })).resolves.toBeUndefined();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('oldestClipTimeMs', () => {
  it('reads values below 1e11 as seconds and larger ones as ms; 0, nothing or nonsense means the server does not say', () => {
    expect(oldestClipTimeMs(1_700_000_000)).toBe(1_700_000_000_000);
    expect(oldestClipTimeMs('1700000000')).toBe(1_700_000_000_000);
    expect(oldestClipTimeMs(1_700_000_000_123)).toBe(1_700_000_000_123);
    expect(oldestClipTimeMs(99_999_999_999)).toBe(99_999_999_999_000);
    expect(oldestClipTimeMs(100_000_000_000)).toBe(100_000_000_000);
    for (const nothing of [0, -5, null, undefined, '', 'soon', Number.NaN, true, {}]) expect(oldestClipTimeMs(nothing)).toBeUndefined();
  });
});
