import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VmsEvent, VmsSession } from '../../../electron/vms/adapter';
import { VmsError } from '../../../electron/vms/errors';
import { VxgAdapter, withoutTicket } from '../../../electron/vms/vxg/vxg-adapter';
import { credentialsOf, VxgServerConfig, vxgEventLabel } from '../../../electron/vms/vxg/vxg-vendor';
import { startSim, type RunningSite } from '../../../sim/start-sim';
import { eventually, parsePlaylist } from '../support/frames';

/** The VXG adapter against the simulator's VXG front, over real HTTP, with real H.264. */
let sim: RunningSite;
let vxg: NonNullable<RunningSite['vxg']>;

beforeAll(async () => {
  sim = await startSim({ vendors: ['vxg'], cameraCount: 2, recording: { segmentSeconds: 2 }, encoderLingerMs: 2000, vxg: { pageSize: 1, hlsTicketSeconds: 6, startDelayMs: 300, recordChunkSeconds: 6 } });
  const front = sim.vxg;
  if (!front) throw new Error('no VXG front');
  vxg = front;
}, 60_000);
afterAll(async () => {
  await sim.close();
});

function adapter(config: Record<string, unknown>): VxgAdapter {
  const parsed = VxgServerConfig.parse({ id: 'cloud', type: 'vxg', ...config });
  return new VxgAdapter({ credentials: credentialsOf(parsed), requestTimeoutMs: 5000, eventPollMs: 300, eventLabel: vxgEventLabel });
}

async function failure(promise: Promise<unknown>): Promise<VmsError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof VmsError)) throw new Error(`expected a VmsError, got ${String(error)}`);
  return error;
}

/** Opens live video, asking again while the cloud says the stream is starting (as a tile does). */
async function openLive(vms: VxgAdapter, cameraId: string): Promise<VmsSession> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await vms.openLive({ cameraId, width: 640, height: 360, audio: false });
    } catch (error) {
      if (!(error instanceof VmsError) || error.kind !== 'starting' || attempt > 30) throw error;
      expect(error).toMatchObject({ message: "The camera's stream is starting", retryAfterMs: 1000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

describe('VxgAdapter', () => {
  it('lists the same channels with a cloud key (every page), a group token and pasted channel tokens', async () => {
    const { channels } = vxg.credentials();
    const byKey = await adapter({ apiUrl: vxg.url, cloudKey: vxg.cloudKey }).listCameras();
    const byGroup = await adapter({ groupToken: vxg.groupToken }).listCameras();
    const byTokens = await adapter({ accessTokens: channels.map((channel) => channel.watch) }).listCameras();
    const expected = channels.map((channel) => ({ id: String(channel.camid), name: channel.name }));
    expect(expected.length).toBe(2);
    expect(byKey).toEqual(expected);
    expect(byGroup).toEqual(expected);
    expect(byTokens).toEqual(expected);
    const statuses = await adapter({ groupToken: vxg.groupToken }).cameraStatuses();
    expect([...statuses.values()].map((status) => (typeof status === 'string' ? status : status.status))).toEqual(['online', 'online']);
  });

  it('plays live HLS under a ticket, and a renewal gives the same stream under a new ticket before the old one expires', async () => {
    const vms = adapter({ groupToken: vxg.groupToken });
    const [camera] = await vms.listCameras();
    const session = await openLive(vms, camera?.id ?? '');
    if (session.media.kind !== 'hls' || session.lifetime.kind !== 'expires') throw new Error('expected expiring HLS');
    expect(session.lifetime.expiresAt - Date.now()).toBeGreaterThan(3000);
    const top = await session.media.upstream.fetch({ url: session.media.playlistUrl, timeoutMs: 10_000 });
    expect(top.status).toBe(200);
    expect(new TextDecoder().decode(top.body)).toMatch(/^#EXTM3U/);
    // Tickets carry their expiry in seconds: a renewal a second later carries another one.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const renewed = await vms.renew(session);
    if (renewed.media.kind !== 'hls' || renewed.lifetime.kind !== 'expires') throw new Error('expected expiring HLS');
    expect(renewed.media.playlistUrl).not.toBe(session.media.playlistUrl);
    expect(withoutTicket(renewed.media.playlistUrl)).toBe(withoutTicket(session.media.playlistUrl));
    expect(renewed.lifetime.expiresAt).toBeGreaterThanOrEqual(session.lifetime.expiresAt);
    // The first ticket really stops working once it expires: renewing in time is what keeps a tile playing.
    const old = session.media;
    await eventually(async () => ((await old.upstream.fetch({ url: old.playlistUrl, timeoutMs: 5000 })).status === 403 ? true : undefined), 15_000, 'the old ticket to expire');
    expect((await renewed.media.upstream.fetch({ url: renewed.media.playlistUrl, timeoutMs: 5000 })).status).toBe(200);
  }, 40_000);

  it('lists the recording with its gap, and plays it as HLS built from the records, remuxed to MPEG-TS', async () => {
    const vms = adapter({ accessTokens: vxg.credentials().channels.map((channel) => channel.all) });
    const [, second] = await vms.listCameras();
    const cameraId = second?.id ?? '';
    const siteCamera = vxg.credentials().channels.find((channel) => String(channel.camid) === cameraId)?.cameraId ?? 0;
    const recorded = (): number => sim.site.state().recordings.find((recording) => recording.cameraId === siteCamera)?.ranges.reduce((sum, range) => sum + range.toMs - range.fromMs, 0) ?? 0;
    await eventually(() => (recorded() > 8000 ? true : undefined), 30_000, 'some recording');
    await vxg.setChannelOnline(Number(cameraId), false);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await vxg.setChannelOnline(Number(cameraId), true);
    await eventually(() => ((sim.site.state().recordings.find((recording) => recording.cameraId === siteCamera)?.ranges.length ?? 0) >= 2 ? true : undefined), 30_000, 'recording after the gap');
    const from = Date.now() - 10 * 60_000;
    const recordings = await vms.recordings(cameraId, from, Date.now());
    if (recordings.kind !== 'ranges') throw new Error('expected ranges');
    expect(recordings.ranges.length).toBeGreaterThanOrEqual(2);
    const [first, after] = recordings.ranges;
    expect((after?.from ?? 0) - (first?.to ?? 0)).toBeGreaterThan(1500);

    const session = await vms.openArchive({ cameraId, width: 640, height: 360, audio: false, fromMs: (first?.from ?? 0) + 1000 });
    if (session.media.kind !== 'hls') throw new Error('expected HLS');
    const playlist = await session.media.upstream.fetch({ url: session.media.playlistUrl, timeoutMs: 10_000 });
    expect(playlist.status).toBe(200);
    const manifest = parsePlaylist(new TextDecoder().decode(playlist.body));
    expect(manifest.segments.length).toBeGreaterThanOrEqual(2);
    expect(manifest.segments[0]?.programDateTime).toBeLessThanOrEqual((first?.from ?? 0) + 1000);
    const segmentUrl = new URL(manifest.segments[0]?.uri ?? '', session.media.playlistUrl).toString();
    const segment = await session.media.upstream.fetch({ url: segmentUrl, timeoutMs: 30_000 });
    expect(segment.status).toBe(200);
    expect(segment.headers.get('content-type')).toBe('video/mp2t');
    expect(segment.body[0]).toBe(0x47);
  }, 90_000);

  it('polls events with their thumbnails from where its cursor stood, and creates events with an all token', async () => {
    const vms = adapter({ apiUrl: vxg.url, cloudKey: vxg.cloudKey });
    await vms.listCameras();
    const received: Array<{ event: VmsEvent; cursor: string | undefined }> = [];
    const states: string[] = [];
    const subscription = vms.subscribeEvents({ onEvent: (event, cursor) => received.push({ event, cursor }), onState: (state) => states.push(state) });
    const sent = await vxg.emitEvent(undefined, 'motion');
    await eventually(() => received.find(({ event }) => event.dedupeKey === String(sent.id)), 15_000, 'the event');
    subscription.close();
    const got = received.find(({ event }) => event.dedupeKey === String(sent.id));
    expect(got?.event).toMatchObject({ cameraId: String(sent.camid), type: 'motion', label: 'Motion', timeUncertain: false });
    expect(got?.event.image?.contentType).toBe('image/jpeg');
    expect(states).toContain('open');

    // A restart from the cursor reads what came meanwhile.
    const missed = await vxg.emitEvent(undefined, 'tampering');
    const again: VmsEvent[] = [];
    const resumed = vms.subscribeEvents({ onEvent: (event) => again.push(event), onState: () => undefined, resumeFrom: received.at(-1)?.cursor });
    await eventually(() => again.find((event) => event.dedupeKey === String(missed.id)), 15_000, 'the missed event');
    resumed.close();

    const created = await vms.createEvent({ cameraId: String(sent.camid), type: 'door_forced', time: Date.now(), metadata: { door: 'North 2', sensor: 'reed-7' } });
    expect(vxg.createdEvents().find((event) => String(event.id) === created.vendorEventId)).toMatchObject({ name: 'door_forced', meta: { door: 'North 2', sensor: 'reed-7' } });
    const watchOnly = adapter({ accessTokens: [vxg.channelToken(sent.camid, 'watch')] });
    await watchOnly.listCameras();
    expect(await failure(watchOnly.createEvent({ cameraId: String(sent.camid), type: 'x', time: Date.now(), metadata: {} }))).toMatchObject({ kind: 'rejected', httpStatus: 403 });
  }, 40_000);

  it('adds a camera to the account with its cloud key, plays it, and removes it; channel tokens cannot', async () => {
    const vms = adapter({ apiUrl: vxg.url, cloudKey: vxg.cloudKey });
    const management = vms.cameraManagement;
    if (!management) throw new Error('a cloud key manages cameras');
    expect(adapter({ groupToken: vxg.groupToken }).cameraManagement, 'a group token cannot add cameras').toBeUndefined();
    const before = await vms.listCameras();
    const { cameraId } = await management.add({ name: 'Loading bay', sourceUrl: 'rtsp://192.168.1.20:554/stream1', login: 'admin', password: 'cam-secret', record: false });
    expect(await vms.listCameras()).toEqual([...before, { id: cameraId, name: 'Loading bay' }]);
    const session = await openLive(vms, cameraId);
    expect(session.media.kind).toBe('hls');
    await vms.closeSession();
    await management.remove(cameraId);
    expect(await vms.listCameras()).toEqual(before);
    expect((await failure(management.add({ name: 'Bad', sourceUrl: 'ftp://cam/x', record: false }))).message).toMatch(/RTSP, RTMP or HTTP/);
    expect((await failure(management.add({ name: 'Bad', sourceUrl: 'not an address', record: false }))).message).toMatch(/not an address a camera serves/);
    expect((await failure(management.remove(cameraId))).kind, 'a channel already gone').toBe('not-found');
  });

  it('says a revoked token is refused (sign-in), a busy cloud asks to wait, and unreadable replies name the URL', async () => {
    const vms = adapter({ groupToken: vxg.groupToken });
    try {
      vxg.setFaults({ rateLimitedCalls: 1, retryAfterSeconds: 7 });
      expect(await failure(vms.listCameras())).toMatchObject({ kind: 'rate-limited', httpStatus: 429, retryAfterMs: 7000 });
      vxg.resetFaults();
      vxg.setFaults({ malformedJson: true });
      expect((await failure(vms.listCameras())).message).toMatch(/^VXG sent a reply that is not JSON \(http:\/\/127\.0\.0\.1:\d+\/api\/v5\/channels\/\)$/);
      vxg.resetFaults();
      vxg.setFaults({ revokedTokens: [vxg.groupToken] });
      expect(await failure(vms.listCameras())).toMatchObject({ kind: 'auth', httpStatus: 401 });
    } finally {
      vxg.resetFaults();
    }
  });
});
