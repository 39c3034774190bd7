import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withMainSize } from '../../../sim/site/catalog';
import { startSim, type RunningSite } from '../../../sim/start-sim';
import type { VxgFront } from '../../../sim/vxg/front';
import { eventually, fetchBytes, firstFrameTimecode, parsePlaylist, sleep } from '../support/frames';

/** The VXG front as a client sees it: real HTTP, real tickets, real ffmpeg. */
let running: RunningSite;
let vxg: VxgFront;
const TICKET_SECONDS = 3;
const CAM1 = 100_001;
const CAM2 = 100_002;

type Json = Record<string, unknown> & { meta?: { next: string | null; total_count: number; limit: number; expire?: string }; objects?: Array<Record<string, unknown>> };

async function call(path: string, auth: string | undefined, init: RequestInit = {}): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers = new Headers(init.headers);
  if (auth) headers.set('authorization', auth);
  if (init.body) headers.set('content-type', 'application/json');
  const response = await fetch(path.startsWith('http') ? path : `${vxg.url}${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json, headers: response.headers };
}
const lkey = (): string => `LKey ${vxg.cloudKey}`;
const acc = (camid: number, access: 'all' | 'watch' = 'all'): string => `Acc ${vxg.channelToken(camid, access)}`;
const decode = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;

/** Follows `meta.next` from `path` to the end, as a client must. */
async function allPages(path: string, auth: string): Promise<{ objects: Array<Record<string, unknown>>; pages: number }> {
  const objects: Array<Record<string, unknown>> = [];
  let next: string | null = path;
  let pages = 0;
  while (next) {
    const { status, body } = await call(next, auth);
    expect(status).toBe(200);
    objects.push(...(body.objects ?? []));
    next = body.meta?.next ?? null;
    pages += 1;
  }
  return { objects, pages };
}

/** A watch call retried every second while the stream starts, as VXG's SDK does. */
async function watch(camid: number): Promise<{ hls: string; expire_hls: string; expire: string; starting: number }> {
  let starting = 0;
  for (;;) {
    const { status, body } = await call('/api/v4/live/watch/', acc(camid));
    if (status === 200) return { ...(body as unknown as { hls: string; expire_hls: string; expire: string }), starting };
    expect(status).toBe(503);
    expect(body).toEqual({ errorDetail: 'stream is starting' });
    starting += 1;
    if (starting > 30) throw new Error('stream never started');
    await sleep(250);
  }
}

beforeAll(async () => {
  running = await startSim({
    vendors: ['vxg'],
    cameraCount: 2,
    profiles: withMainSize(640, 360),
    encoderLingerMs: 500,
    recording: { segmentSeconds: 1 },
    // Streams linger for the simulator's default 10 s: the live test's steps between a watch call and its
    // renewal (a segment decoded by ffmpeg) take seconds on a busy runner, and a stream swept
    // between them made the renewal start it again.
    vxg: { pageSize: 2, hlsTicketSeconds: TICKET_SECONDS, startDelayMs: 800, recordChunkSeconds: 3 },
  });
  if (!running.vxg) throw new Error('no VXG front');
  vxg = running.vxg;
  await eventually(() => (vxg.state().recordings.every((recording) => recording.segments >= 3) ? true : undefined), 20_000, 'recordings');
}, 30_000);
afterAll(async () => {
  await running.close();
});

describe('VXG simulator: credentials', () => {
  it('builds tokens as VXG does: base64 JSON naming the API host and port, group tokens without camid', () => {
    expect(vxg.cloudKey).toMatch(/^v3\.[A-Za-z0-9_-]{20,}$/);
    const channel = decode(vxg.channelToken(CAM1, 'watch'));
    const port = Number(new URL(vxg.url).port);
    expect(channel).toMatchObject({ access: 'watch', camid: CAM1, api: '127.0.0.1', api_p: port });
    expect(channel['token']).toMatch(/^share\.[A-Za-z0-9+/=]+\.[0-9a-f]+\.[A-Za-z0-9_-]+$/);
    expect(decode(String(channel['token']).split('.')[1] ?? '')).toHaveProperty('si');
    const group = decode(vxg.groupToken);
    expect(group).toMatchObject({ api: '127.0.0.1', api_p: port });
    expect(group).not.toHaveProperty('camid');
    expect(typeof group['token']).toBe('string');
  });

  it('answers 401 without a token, with a bad or forged one; 403 where the token lacks access; 404 for what does not exist', async () => {
    expect((await call(`/api/v2/cameras/${CAM1}/`, undefined)).status).toBe(401);
    expect((await call(`/api/v2/cameras/${CAM1}/`, 'Acc bm9wZQ==')).status).toBe(401);
    expect((await call('/api/v3/channels/', 'LKey v3.wrong')).status).toBe(401);
    // A token whose unsigned outer JSON names another channel than its signed share.
    const forged = Buffer.from(JSON.stringify({ ...decode(vxg.channelToken(CAM1, 'all')), camid: CAM2 })).toString('base64');
    expect((await call(`/api/v2/cameras/${CAM2}/`, `Acc ${forged}`)).status).toBe(401);
    expect((await call(`/api/v2/cameras/${CAM2}/`, acc(CAM1))).status).toBe(403);
    expect((await call('/api/v3/channels/', acc(CAM1))).status).toBe(403);
    expect((await call('/api/v5/channels/', lkey())).status).toBe(403);
    const missing = await call('/api/v3/channels/999999/', lkey());
    expect(missing).toMatchObject({ status: 404, body: { errorDetail: 'Not found.' } });
    const camera = await call(`/api/v2/cameras/${CAM1}/`, acc(CAM1, 'watch'));
    expect(camera).toMatchObject({ status: 200, body: { id: CAM1, name: 'Main Entrance', status: 'active', recording: true } });
    // v2 calls also take the inner share token as ?token=.
    const inner = String(decode(vxg.channelToken(CAM1, 'all'))['token']);
    expect((await call(`/api/v2/cameras/${CAM1}/?token=${encodeURIComponent(inner)}`, undefined)).status).toBe(200);
  });
});

describe('VXG simulator: channels', () => {
  it('lists the account by pages that meta.next links, adds a channel that streams, groups and deletes it', async () => {
    const added = await call('/api/v3/channels/?detail=detail', lkey(), {
      method: 'POST',
      body: JSON.stringify({ name: 'Gate Camera', source: { url: 'rtsp://10.0.0.9/stream', login: 'admin', password: 'x' }, rec_mode: 'off', timezone: 'Europe/Berlin' }),
    });
    expect(added.status).toBe(201);
    const id = Number(added.body['id']);
    expect(added.body).toMatchObject({ name: 'Gate Camera', rec_mode: 'off', timezone: 'Europe/Berlin' });
    const tokens = added.body['access_tokens'] as { all: string; watch: string };
    expect(decode(tokens.all)).toMatchObject({ camid: id, access: 'all' });

    const listed = await allPages('/api/v3/channels/', lkey());
    expect(listed.pages).toBe(2);
    expect(listed.objects.map((channel) => channel['id'])).toEqual([CAM1, CAM2, id]);
    expect(String(listed.objects[0]?.['created'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(listed.objects[0]?.['streaming']).toBe(true);

    const { hls } = await watch(id);
    expect((await fetch(hls)).status).toBe(200);

    const group = await call('/api/v3/channel_groups/', lkey(), { method: 'POST', body: JSON.stringify({ name: 'Gates' }) });
    expect(group.status).toBe(201);
    const updated = await call(`/api/v3/channel_groups/${String(group.body['id'])}/`, lkey(), { method: 'PUT', body: JSON.stringify({ channels: [id, CAM2] }) });
    expect(updated.body['token']).toBe(group.body['token']);
    const members = await allPages('/api/v5/channels/', `SI ${String(updated.body['token'])}`);
    expect(members.objects.map((channel) => [channel['id'], channel['status']])).toEqual([
      [id, 'active'],
      [CAM2, 'active'],
    ]);
    expect((await call(`/api/v2/cameras/${id}/`, `Acc ${String(members.objects[0]?.['token'])}`)).status).toBe(200);

    expect((await call(`/api/v3/channels/${id}/`, lkey(), { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/api/v2/cameras/${id}/`, `Acc ${tokens.all}`)).status).toBe(401);
  }, 20_000);

  it('gives the site group every site channel with its status and token', async () => {
    const { objects } = await allPages('/api/v5/channels/', `SI ${vxg.groupToken}`);
    expect(objects.map((channel) => channel['id'])).toEqual([CAM1, CAM2]);
    expect(objects[0]).toMatchObject({ name: 'Main Entrance', recording: true, status: 'active' });
    expect(decode(String(objects[0]?.['token']))).toMatchObject({ camid: CAM1 });
  });
});

describe('VXG simulator: live', () => {
  it('answers 503 while a stream starts, then HLS under a ticket: a multivariant playlist whose variants play', async () => {
    const before = Date.now();
    const first = await watch(CAM2);
    expect(first.starting).toBeGreaterThan(0);
    expect(first.expire_hls).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    const expiry = Date.parse(`${first.expire_hls}Z`);
    expect(expiry).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + (TICKET_SECONDS - 1) * 1000);
    expect(expiry).toBeLessThanOrEqual(Date.now() + TICKET_SECONDS * 1000);
    const url = new URL(first.hls);
    const ticket = url.searchParams.get('ticket') ?? '';
    expect(url.pathname).toBe(`/live/media-1/${ticket}/hls/c${CAM2}/index.m3u8`);
    expect(Number(ticket.split('.')[2]) * 1000).toBe(expiry);

    const master = parsePlaylist(await (await fetch(first.hls)).text());
    expect(master.playlists?.map((variant) => variant.attributes?.RESOLUTION)).toEqual([
      { width: 320, height: 180 },
      { width: 640, height: 360 },
    ]);
    // The main variant has not run yet: its playlist request waits for its first segment.
    const mainUrl = new URL(master.playlists?.[1]?.uri ?? '', first.hls).toString();
    const main = parsePlaylist(await (await fetch(mainUrl)).text());
    const segment = main.segments.at(-1);
    const bytes = await fetchBytes(new URL(segment?.uri ?? '', mainUrl).toString());
    expect(bytes.status).toBe(200);
    expect(await firstFrameTimecode(bytes.bytes, 640, 360)).toBe(Math.floor((segment?.programDateTime ?? 0) / 1000));

    // A renewal: a new ticket for the same stream, at once (no 503: the stream runs).
    const renewed = await watch(CAM2);
    expect(renewed.starting).toBe(0);
    expect(new URL(renewed.hls).pathname.split('/').slice(-2)).toEqual([`c${CAM2}`, 'index.m3u8']);
    expect(vxg.state().sessions.find((stream) => stream.camid === CAM2)?.renewals).toBeGreaterThanOrEqual(1);

    // Once the first ticket's epoch has passed, its playlist, variants and segments answer 403; the renewed one plays.
    const segmentUrl = new URL(segment?.uri ?? '', mainUrl).toString();
    await eventually(async () => ((await fetch(first.hls)).status === 403 ? true : undefined), (TICKET_SECONDS + 3) * 1000, 'the ticket to expire');
    expect((await fetch(mainUrl)).status).toBe(403);
    expect((await fetch(segmentUrl)).status).toBe(403);
    expect(((await (await fetch(first.hls)).json()) as { errorDetail: string }).errorDetail).toBe('Ticket has expired.');
    expect((await fetch(renewed.hls.replace(/\/c\d+\//, `/c${CAM1}/`))).status).toBe(403); // a ticket is for its own stream only
  }, 30_000);

  it('serves the live image as a ticketed JPEG', async () => {
    const { status, body } = await call('/api/v4/live/image/', acc(CAM1, 'watch'));
    expect(status).toBe(200);
    const image = await fetchBytes(String(body['url']));
    expect(image.type).toBe('image/jpeg');
    expect([...image.bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
  }, 20_000);
});

describe('VXG simulator: recordings', () => {
  it('lists records and a timeline with the gap a camera left while it was offline', async () => {
    await vxg.setChannelOnline(CAM1, false);
    expect((await call(`/api/v2/cameras/${CAM1}/`, acc(CAM1))).body).toMatchObject({ status: 'offline', recording: false });
    expect((await call('/api/v4/live/watch/', acc(CAM1))).status).toBe(503);
    await sleep(2500);
    await vxg.setChannelOnline(CAM1, true);
    await eventually(() => ((vxg.state().recordings.find((recording) => recording.cameraId === 1)?.ranges.length ?? 0) >= 2 ? true : undefined), 15_000, 'a second recorded range');
    const ranges = vxg.state().recordings.find((recording) => recording.cameraId === 1)?.ranges ?? [];

    const timeline = await call(`/api/v2/storage/timeline/${CAM1}/?slices=4`, acc(CAM1));
    const spans = ((timeline.body.objects?.[0] ?? {}) as Record<string, Array<[string, number]>>)['4'] ?? [];
    expect(spans).toHaveLength(ranges.length);
    const [firstSpan, secondSpan] = spans;
    expect(Date.parse(`${firstSpan?.[0] ?? ''}Z`)).toBe(ranges[0]?.fromMs);
    const gapMs = Date.parse(`${secondSpan?.[0] ?? ''}Z`) - (Date.parse(`${firstSpan?.[0] ?? ''}Z`) + (firstSpan?.[1] ?? 0) * 1000);
    expect(gapMs).toBeGreaterThan(2000);

    const gapStart = ranges[0]?.toMs ?? 0;
    const forward = await allPages(`/api/v4/storage/records/?start=${vxgTime(ranges[0]?.fromMs ?? 0)}`, acc(CAM1));
    const times = forward.objects.map((record) => [Date.parse(`${String(record['start'])}Z`), Date.parse(`${String(record['end'])}Z`)] as const);
    expect(forward.pages).toBeGreaterThan(1);
    for (const [start, end] of times) {
      expect(end - start).toBeLessThanOrEqual(3000);
      expect(start < gapStart && end > gapStart + 1000).toBe(false);
    }
    expect(times.map(([start]) => start)).toEqual([...times.map(([start]) => start)].sort((a, b) => a - b));

    const backward = await call(`/api/v4/storage/records/?end=${vxgTime(Date.now())}&order_by=-time&limit=2`, acc(CAM1));
    const starts = (backward.body.objects ?? []).map((record) => Date.parse(`${String(record['start'])}Z`));
    expect(starts[0]).toBeGreaterThan(starts[1] ?? Infinity);
    expect(backward.body.meta?.expire).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);

    const record = forward.objects[0] ?? {};
    const mp4 = await fetchBytes(String(record['url']));
    expect(mp4.type).toBe('video/mp4');
    expect(Buffer.from(mp4.bytes.subarray(4, 8)).toString('latin1')).toBe('ftyp');

    const data = await call(`/api/v2/storage/data/?camid=${CAM1}&limit=1`, lkey());
    expect(data.body.objects?.[0]).toMatchObject({ start: record['start'], end: record['end'] });
    expect(Number(data.body.objects?.[0]?.['size'])).toBeGreaterThan(500);
    expect((await call(`/api/v4/storage/records/?start=2024-01-01T00:00:00Z`, acc(CAM1))).status).toBe(400);
  }, 40_000);
});

describe('VXG simulator: events', () => {
  it('lists the site events by pages with their metadata and thumbnails, and takes events from all tokens only', async () => {
    const sent = [await vxg.emitEvent(CAM2, 'motion'), await vxg.emitEvent(CAM2, 'intrusion'), await vxg.emitEvent(CAM2, 'motion')];
    expect(sent.map((event) => event.id)).toEqual([...sent.map((event) => event.id)].sort((a, b) => a - b));
    const listed = await allPages(`/api/v2/storage/events/?camid=${CAM2}&order_by=time&include_meta=true&start=${sent[0]?.time ?? ''}`, acc(CAM2, 'watch'));
    expect(listed.pages).toBe(2);
    expect(listed.objects.map((event) => event['id'])).toEqual(sent.map((event) => event.id));
    expect(listed.objects[0]).toMatchObject({ camid: CAM2, name: 'motion', time: sent[0]?.time });
    expect(typeof (listed.objects[0]?.['meta'] as { confidence?: unknown } | undefined)?.confidence).toBe('number');
    const thumb = await fetchBytes((listed.objects[0]?.["thumb"] as { url: string }).url);
    expect(thumb.type).toBe('image/jpeg');

    const motion = await allPages(`/api/v2/storage/events/?events=motion&order_by=-time&start=${sent[0]?.time ?? ''}`, acc(CAM2));
    expect(motion.objects.map((event) => event['id'])).toEqual([sent[2]?.id, sent[0]?.id]);
    expect(motion.objects[0]).not.toHaveProperty('meta');
    expect((await call(`/api/v2/storage/events/${sent[1]?.id ?? 0}/`, acc(CAM2))).body).toMatchObject({ id: sent[1]?.id, name: 'intrusion' });
    expect((await call(`/api/v2/storage/events/${sent[1]?.id ?? 0}/`, acc(CAM1))).status).toBe(404);

    const body = JSON.stringify({ camid: CAM2, name: 'door_forced', time: '2026-01-02T03:04:05', meta: { door: 'D1' } });
    expect((await call('/api/v2/storage/events/', acc(CAM2, 'watch'), { method: 'POST', body })).status).toBe(403);
    expect((await call('/api/v2/storage/events/', acc(CAM1), { method: 'POST', body })).status).toBe(403);
    const created = await call('/api/v2/storage/events/', acc(CAM2), { method: 'POST', body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ camid: CAM2, name: 'door_forced', time: '2026-01-02T03:04:05.000000', meta: { door: 'D1' } });
    expect(Number(created.body['id'])).toBeGreaterThan(sent[2]?.id ?? Infinity);
    expect(vxg.createdEvents().map((event) => event.id)).toContain(created.body['id']);
    const found = await call(`/api/v2/storage/events/?camid=${CAM2}&events=door_forced&start=2026-01-01T00:00:00&end=2026-01-03T00:00:00`, lkey());
    expect(found.body.objects?.map((event) => event['id'])).toEqual([created.body['id']]);
  }, 30_000);
});

describe('VXG simulator: faults', () => {
  it('answers 503 everywhere, then 429 with Retry-After for the calls asked, then breaks JSON', async () => {
    vxg.setFaults({ unavailable: true });
    expect((await call(`/api/v2/cameras/${CAM1}/`, acc(CAM1))).status).toBe(503);
    vxg.setFaults({ unavailable: false, retryAfterSeconds: 7, rateLimitedCalls: 2 });
    for (let i = 0; i < 2; i++) {
      const limited = await call(`/api/v2/cameras/${CAM1}/`, acc(CAM1));
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
    }
    expect((await call(`/api/v2/cameras/${CAM1}/`, acc(CAM1))).status).toBe(200);
    vxg.setFaults({ malformedJson: true });
    await expect(call(`/api/v2/cameras/${CAM1}/`, acc(CAM1))).rejects.toThrow(SyntaxError);
    vxg.resetFaults();
  });

  it('revokes a token, a channel and the cloud key until un-revoked', async () => {
    const token = vxg.channelToken(CAM1, 'watch');
    vxg.setFaults({ revokedTokens: [token] });
    expect((await call(`/api/v2/cameras/${CAM1}/`, `Acc ${token}`)).body).toEqual({ errorDetail: 'Token has been revoked.' });
    expect((await call(`/api/v2/cameras/${CAM1}/`, acc(CAM1, 'all'))).status).toBe(200);
    vxg.setFaults({ revokedTokens: [], revokedChannels: [CAM1], revokedCloudKey: true });
    expect((await call(`/api/v2/cameras/${CAM1}/`, acc(CAM1, 'all'))).status).toBe(401);
    expect((await call('/api/v3/channels/', lkey())).status).toBe(401);
    expect((await call(`/api/v2/cameras/${CAM2}/`, acc(CAM2))).status).toBe(200);
    vxg.resetFaults();
    expect((await call('/api/v3/channels/', lkey())).status).toBe(200);
    expect((await call(`/api/v2/cameras/${CAM1}/`, `Acc ${token}`)).status).toBe(200);
  });

  it('goes down and comes back on the same port, tokens still good and event ids still increasing', async () => {
    const before = await vxg.emitEvent(CAM2);
    const restarting = vxg.restart(800);
    await sleep(300);
    await expect(fetch(`${vxg.url}/api/v3/channels/`)).rejects.toThrow();
    await restarting;
    expect((await call('/api/v3/channels/', lkey())).status).toBe(200);
    expect(vxg.state().sessions).toHaveLength(0);
    expect((await vxg.emitEvent(CAM2)).id).toBeGreaterThan(before.id);
  });
});

function vxgTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '');
}
