import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startIvmsSim, type IvmsSim } from '../../../sim/ivms-sim';
import { eventually, fetchBytes, firstFrameTimecode, parsePlaylist, sleep } from '../support/frames';

/** The simulator as a client sees it: real HTTP, real WebSocket, real ffmpeg. */
let sim: IvmsSim;
const api = (path: string): string => `${sim.url}/V-Pro-IVMS-APIServer/REST/local/${path}`;
const json = async (path: string, init?: RequestInit): Promise<{ status: number; body: { status: number; result: unknown[]; uri: string } }> => {
  const response = await fetch(api(path), init);
  return { status: response.status, body: (await response.json()) as { status: number; result: unknown[]; uri: string } };
};

beforeAll(async () => {
  sim = await startIvmsSim({ pathPrefix: '/V-Pro-IVMS-APIServer', mediaPort: 0, cameraCount: 3, timeZone: 'Asia/Kolkata', encoderLingerMs: 500 });
  // Let the recordings gather a few segments for the archive tests.
  await eventually(() => (sim.state().recordings.every((recording) => recording.segments >= 3) ? true : undefined), 20_000, 'recordings');
}, 30_000);
afterAll(async () => {
  await sim.close();
});

describe('IVMS simulator: API', () => {
  it('wraps replies in the documented envelope, under the context prefix', async () => {
    const { status, body } = await json('channel');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 2000, code: 200, description: 'OK', message: 'Successfully Retrieved!' });
    expect(body.uri).toBe(api('channel'));
    expect(body.result[0]).toMatchObject({ id: 1, name: 'Main Entrance', username: 'root', password: 'hvs' });
    expect((await json('channel/2')).body.result).toHaveLength(1);
    expect(await json('channel/42')).toMatchObject({ status: 404, body: { status: 3110 } });
  });

  it('answers channel/count as the document does, which is not JSON', async () => {
    const text = await (await fetch(api('channel/count'))).text();
    expect(text).toMatch(/"result":\[\{ 3 \}\]\}$/);
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('picks the smallest profile at least as large as asked, served from the media port', async () => {
    const small = await json('startlive/1/320/180/0');
    const large = await json('startlive/1/321/181/0');
    const [smallSession] = small.body.result as Array<{ sesssionId: number; hlsURL: string }>;
    const [largeSession] = large.body.result as Array<{ sesssionId: number; hlsURL: string }>;
    expect(smallSession?.hlsURL).toMatch(new RegExp(`^${sim.mediaUrl}/live/.+/MinorStream/Without_Audio/320_180/index\\.m3u8$`));
    expect(largeSession?.hlsURL).toContain('/MajorStream/Without_Audio/1280_720/');
    expect(sim.mediaUrl).not.toBe(sim.url);
    await json(`stoplive/${smallSession?.sesssionId ?? 0}`);
    await json(`stoplive/${largeSession?.sesssionId ?? 0}`);
  });

  it('serves live HLS that an independent parser accepts, with a picture clock matching its PDT', async () => {
    const [session] = (await json('startlive/2/320/180/0')).body.result as Array<{ sesssionId: number; hlsURL: string }>;
    const url = session?.hlsURL ?? '';
    const text = await eventually(async () => {
      const answer = await fetch(url);
      return answer.status === 200 ? answer.text() : undefined;
    });
    const manifest = parsePlaylist(text);
    expect(manifest.targetDuration).toBe(1);
    expect(manifest.segments.length).toBeGreaterThanOrEqual(1);
    const first = manifest.segments[0];
    expect(first?.programDateTime).toBeGreaterThan(Date.now() - 30_000);
    const segment = await fetchBytes(new URL(first?.uri ?? '', url).toString());
    expect(segment.bytes[0]).toBe(0x47); // MPEG-TS sync byte
    const timecode = await firstFrameTimecode(segment.bytes, 320, 180);
    expect(timecode).toBe(Math.floor((first?.programDateTime ?? 0) / 1000));
    await json(`stoplive/${session?.sesssionId ?? 0}`);
  });

  it('starts an archive at a timestamp: an EVENT playlist whose first frame shows that moment', async () => {
    // A moment surely recorded: the recording's newest segment ends up to one segment (and, under load, more) before now.
    const from = (sim.state().recordings.find((recording) => recording.cameraId === 3)?.ranges.at(-1)?.toMs ?? Date.now()) - 1500;
    const started = await json(`startarchive/3/640/360/${from}/0`, { method: 'POST' });
    expect(started.body.status).toBe(2007);
    const [session] = started.body.result as Array<{ sesssionId: number; hlsURL: string }>;
    const url = session?.hlsURL ?? '';
    const manifest = parsePlaylist(await (await fetch(url)).text());
    expect(manifest.playlistType).toBe('EVENT');
    const first = manifest.segments[0];
    expect(first?.programDateTime).toBeLessThanOrEqual(from);
    expect((first?.programDateTime ?? 0) + (first?.duration ?? 0) * 1000).toBeGreaterThan(from);
    const timecode = await firstFrameTimecode((await fetchBytes(new URL(first?.uri ?? '', url).toString())).bytes, 640, 360);
    expect(Math.abs((timecode ?? 0) - from / 1000)).toBeLessThan(2.5);
    expect((await json(`archive/keepalive/${session?.sesssionId ?? 0}`)).body.status).toBe(2007);
    expect((await json(`live/keepalive/${session?.sesssionId ?? 0}`)).body.status).toBe(3002);
    expect((await json(`stoparchive/${session?.sesssionId ?? 0}`)).body.status).toBe(2007);
    expect((await fetch(url)).status).toBe(404);
  });

  it('reports the oldest recorded segment of each channel as oldestClipTime, in ms', async () => {
    const [channel] = (await json('channel/1')).body.result as Array<{ oldestClipTime: number }>;
    const oldest = sim.state().recordings.find((recording) => recording.cameraId === 1)?.ranges[0]?.fromMs;
    expect(channel?.oldestClipTime).toBe(oldest);
    expect(channel?.oldestClipTime).toBeGreaterThan(Date.now() - 120_000);
    const all = (await json('channel')).body.result as Array<{ oldestClipTime: number }>;
    expect(all.every((record) => record.oldestClipTime > 0)).toBe(true);
  });

  it('accepts startarchive by GET too, and refuses a time with nothing recorded', async () => {
    // A moment camera 3 has recorded (its first segment takes a while on a busy machine; asking for "2 s ago" raced it).
    const recorded = await eventually(() => sim.state().recordings.find((recording) => recording.cameraId === 3)?.ranges.at(-1)?.toMs);
    const [session] = (await json(`startarchive/3/640/360/${recorded - 500}/0`)).body.result as Array<{ sesssionId: number }>;
    expect(session?.sesssionId).toBeGreaterThan(0);
    await json(`stoparchive/${session?.sesssionId ?? 0}`);
    expect((await json(`startarchive/3/640/360/${Date.now() + 60_000}/0`, { method: 'POST' })).body.status).toBe(3002);
  });
});

describe('IVMS simulator: events', () => {
  it('opens /notification with the status message, then pushes events in the documented shape', async () => {
    const ws = new WebSocket(`${sim.url.replace('http', 'ws')}/notification`);
    const messages: Array<Record<string, unknown>> = [];
    ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
    await eventually(() => (messages.length > 0 ? true : undefined));
    expect(messages[0]).toEqual({ status: 1, code: 101, description: 'Web Socket Protocol Handshake', message: 'Connection Successful!', result: [] });
    const event = await sim.emitEvent(2);
    await eventually(() => (messages.length > 1 ? true : undefined));
    const pushed = messages[1] ?? {};
    expect(Object.keys(pushed).sort()).toEqual(['alertMessage', 'alertType', 'base64imageUrl', 'cameraId', 'cameraName', 'eventDetails1', 'eventTime']);
    expect(pushed).toMatchObject({ cameraId: 2, cameraName: 'Lobby', eventDetails1: `EventId=${event.id}` });
    // No time zone in eventTime: it is the server's local time (here Asia/Kolkata, UTC+5:30).
    expect(pushed['eventTime']).toBe(DateTime.fromMillis(event.time, { zone: 'Asia/Kolkata' }).toFormat('yyyy-MM-dd HH:mm:ss'));
    const image = String(pushed['base64imageUrl']);
    expect(image).toMatch(/^data:image\/jpeg;base64,/);
    const jpeg = Buffer.from(image.split(',')[1] ?? '', 'base64');
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    const snap = await fetchBytes(api(`event/${event.id}/snap`));
    expect(snap.type).toBe('image/jpeg');
    expect(Buffer.from(snap.bytes).equals(jpeg)).toBe(true);
    ws.close();
  });

  it('serves an MP4 clip of the seconds around an event', async () => {
    const event = await sim.emitEvent(1);
    const clip = await fetchBytes(api(`event/${event.id}/clip`));
    expect(clip.status).toBe(200);
    expect(clip.type).toBe('video/mp4');
    expect(Buffer.from(clip.bytes.subarray(4, 8)).toString('latin1')).toBe('ftyp');
    expect((await json('event/999999/clip')).body.status).toBe(3002);
  }, 20_000);

  it('takes a camera offline and back: status flips, sessions drop, a status event goes out, recording leaves a gap', async () => {
    const ws = new WebSocket(`${sim.url.replace('http', 'ws')}/notification`);
    const types: unknown[] = [];
    ws.on('message', (data: Buffer) => types.push((JSON.parse(data.toString('utf8')) as { alertType?: unknown }).alertType));
    await eventually(() => (types.length > 0 ? true : undefined));
    await json('startlive/1/320/180/0');
    await sim.setCameraOnline(1, false);
    const statuses = (await json('channel/status')).body.result as Array<{ channelId: number; channelStatus: number }>;
    expect(statuses.find((row) => row.channelId === 1)?.channelStatus).toBe(0);
    expect(sim.state().sessions.filter((session) => session.cameraId === 1)).toHaveLength(0);
    expect((await json('startlive/1/320/180/0')).body.status).toBe(3002);
    await sleep(2500);
    await sim.setCameraOnline(1, true);
    await eventually(() => (types.includes(602) ? true : undefined));
    expect(types).toContain(601);
    await eventually(() => (sim.state().recordings.find((recording) => recording.cameraId === 1)?.ranges.length === 2 ? true : undefined), 10_000, 'a second recorded range');
    ws.close();
  }, 30_000);
});

describe('IVMS simulator: faults', () => {
  it('answers 1504 everywhere while the site VMS is down', async () => {
    sim.setFaults({ siteDown: true });
    expect(await json('channel')).toMatchObject({ status: 500, body: { status: 1504 } });
    sim.resetFaults();
    expect((await json('channel')).status).toBe(200);
  });

  it('rejects given paths, delays, and breaks JSON on demand', async () => {
    sim.setFaults({ rejectPaths: ['^startlive/'], latencyMs: 300 });
    const started = Date.now();
    expect(await json('startlive/1/320/180/0')).toMatchObject({ status: 422, body: { status: 3002 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    sim.setFaults({ rejectPaths: [], latencyMs: 0, malformedJson: true });
    await expect(json('channel')).rejects.toThrow(SyntaxError);
    sim.resetFaults();
  });

  it('keeps the faults already set when a patch names another', () => {
    sim.setFaults({ siteDown: true });
    sim.setFaults({ latencyMs: 10 });
    expect(sim.faults).toMatchObject({ siteDown: true, latencyMs: 10 });
    sim.resetFaults();
  });

  it('rejects keepalives (dropping the session) and expires sessions early', async () => {
    const [session] = (await json('startlive/2/320/180/0')).body.result as Array<{ sesssionId: number }>;
    sim.setFaults({ keepaliveReject: true });
    expect((await json(`live/keepalive/${session?.sesssionId ?? 0}`)).body.status).toBe(3002);
    sim.setFaults({ keepaliveReject: false, sessionExpiryMs: 300 });
    const [early] = (await json('startlive/2/320/180/0')).body.result as Array<{ sesssionId: number }>;
    await sleep(700);
    expect((await json(`live/keepalive/${early?.sesssionId ?? 0}`)).body.status).toBe(3002);
    sim.resetFaults();
  });

  it('refuses the event socket, or drops it', async () => {
    sim.setFaults({ websocket: 'refuse' });
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${sim.url.replace('http', 'ws')}/notification`);
      ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      ws.once('error', () => resolve(0));
    });
    expect(refused).toBe(503);
    sim.resetFaults();
    const ws = new WebSocket(`${sim.url.replace('http', 'ws')}/notification`);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    sim.dropEventSockets();
    expect(await closed).toBe(1006);
  });

  it('makes segments 404 on demand', async () => {
    const [session] = (await json('startlive/3/320/180/0')).body.result as Array<{ sesssionId: number; hlsURL: string }>;
    const url = session?.hlsURL ?? '';
    const text = await eventually(async () => {
      const answer = await fetch(url);
      return answer.status === 200 ? answer.text() : undefined;
    });
    const segmentUrl = new URL(parsePlaylist(text).segments[0]?.uri ?? '', url).toString();
    sim.setFaults({ segments: '404' });
    expect((await fetch(segmentUrl)).status).toBe(404);
    sim.resetFaults();
    expect((await fetch(segmentUrl)).status).toBe(200);
  });

  it('restarts: down, then back on the same port having forgotten every session', async () => {
    await json('startlive/3/320/180/0');
    expect(sim.state().sessions.length).toBeGreaterThan(0);
    const restarting = sim.restart(800);
    await sleep(300);
    await expect(fetch(api('channel'))).rejects.toThrow();
    await restarting;
    expect((await json('channel')).status).toBe(200);
    expect(sim.state().sessions).toHaveLength(0);
  });
});
