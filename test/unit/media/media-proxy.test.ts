import { describe, expect, it, vi } from 'vitest';
import { MediaProxy } from '../../../electron/media/media-proxy';
import type { StreamPlaylistEvent } from '../../../shared/model/stream';
import { VmsError } from '../../../electron/vms/errors';
import { credentialedUpstream, plainUpstream } from '../../../electron/vms/upstream';
import type { HttpFetch, HttpRequest } from '../../../electron/vms/http';
import { ManualClock } from '../support/manual-clock';

const PLAYLIST = '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:7\n#EXTINF:1.000,\nseg7.ts\n';

function upstream(routes: Record<string, () => { status: number; body: string } | Error>): { fetch: HttpFetch; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  const fetch: HttpFetch = (request) => {
    requests.push(request);
    const route = routes[request.url];
    const answer = route ? route() : { status: 404, body: 'nope' };
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve({ status: answer.status, headers: new Headers(), body: new TextEncoder().encode(answer.body) });
  };
  return { fetch, requests };
}

const text = (body: Uint8Array): string => new TextDecoder().decode(body);

/** An HLS source whose media needs no credentials. */
const hls = (playlistUrl: string, fetch: HttpFetch) => ({ kind: 'hls' as const, playlistUrl, upstream: plainUpstream(fetch) });

describe('MediaProxy', () => {
  it('serves a stream by id and rewrites its playlist so no VMS URL reaches the renderer', async () => {
    const { fetch } = upstream({
      'http://vms:81/live/1/index.m3u8': () => ({ status: 200, body: PLAYLIST }),
      'http://vms:81/live/1/seg7.ts': () => ({ status: 200, body: 'TSDATA' }),
    });
    const proxy = new MediaProxy();
    proxy.open('abc', hls('http://vms:81/live/1/index.m3u8', fetch));
    const playlist = await proxy.handle('abc/index.m3u8');
    expect(playlist.status).toBe(200);
    expect(playlist.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    const body = text(playlist.body);
    expect(body).not.toContain('vms:81');
    const segmentPath = /\/media\/(abc\/s\/[0-9a-f]{20}\.ts)/.exec(body)?.[1];
    expect(segmentPath).toBeDefined();
    const segment = await proxy.handle(segmentPath ?? '');
    expect(segment).toMatchObject({ status: 200, headers: { 'content-type': 'video/mp2t' } });
    expect(text(segment.body)).toBe('TSDATA');
  });

  it('is not an open proxy: only streams it opened and URIs their playlists named', async () => {
    const { fetch, requests } = upstream({});
    const proxy = new MediaProxy();
    expect((await proxy.handle('nope/index.m3u8')).status).toBe(404);
    proxy.open('abc', hls('http://vms/index.m3u8', fetch));
    expect((await proxy.handle('abc/s/0123456789abcdef0123.ts')).status).toBe(404);
    expect((await proxy.handle('abc/../../etc/passwd')).status).toBe(404);
    expect(requests).toHaveLength(0);
    proxy.close('abc');
    expect((await proxy.handle('abc/index.m3u8')).status).toBe(404);
  });

  it('sends the adapter\'s credentials upstream, but only to the exact origins they were given for', async () => {
    const { fetch, requests } = upstream({
      'https://vms/live/index.m3u8': () => ({ status: 200, body: '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.000,\nseg1.ts\n#EXTINF:1.000,\nhttps://vms:8443/seg2.ts\n#EXTINF:1.000,\nhttp://vms/seg3.ts\n#EXTINF:1.000,\nhttps://elsewhere.test/seg4.ts\n#EXTINF:1.000,\nhttp://localhost:47812/x.ts\n' }),
    });
    const proxy = new MediaProxy();
    proxy.open('abc', { kind: 'hls', playlistUrl: 'https://vms/live/index.m3u8', upstream: credentialedUpstream({ fetch, origins: ['https://vms'], headers: () => ({ authorization: 'Basic c2VjcmV0' }) }) });
    const body = text((await proxy.handle('abc/index.m3u8')).body);
    for (const path of body.split('\n').filter((line) => line.startsWith('/media/'))) await proxy.handle(path.slice('/media/'.length));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const sent = (url: string) => requests.filter((request) => request.url === url).map((request) => request.headers?.['authorization']);
    expect(sent('https://vms/live/index.m3u8')).toContain('Basic c2VjcmV0');
    expect(sent('https://vms/live/seg1.ts')).toContain('Basic c2VjcmV0');
    // Another port of the same host, the same host over plain http, another host, a local service: never.
    for (const url of ['https://vms:8443/seg2.ts', 'http://vms/seg3.ts', 'https://elsewhere.test/seg4.ts', 'http://localhost:47812/x.ts']) {
      expect(sent(url).length, url).toBeGreaterThan(0);
      expect(sent(url).every((header) => header === undefined), url).toBe(true);
    }
  });

  it('fetches again with renewed credentials when the media host refuses a token another caller just replaced (401), once', async () => {
    let valid = 'Bearer old';
    const requests: HttpRequest[] = [];
    const fetch: HttpFetch = (request) => {
      requests.push(request);
      const status = request.headers?.['authorization'] === valid ? 200 : 401;
      return Promise.resolve({ status, headers: new Headers(), body: new TextEncoder().encode(status === 200 ? 'TSDATA' : 'expired') });
    };
    let current = 'Bearer old';
    const refused = vi.fn((sent: Readonly<Record<string, string>>) => {
      if (sent['authorization'] === current) current = 'Bearer new';
      return Promise.resolve();
    });
    const media = credentialedUpstream({ fetch, origins: ['https://vms'], headers: () => ({ authorization: current }), refused });
    // A refresh elsewhere retires the token this request is about to send.
    valid = 'Bearer new';
    const response = await media.fetch({ url: 'https://vms/seg1.ts', timeoutMs: 1000 });
    expect(response.status).toBe(200);
    expect(requests.map((request) => request.headers?.['authorization'])).toEqual(['Bearer old', 'Bearer new']);
    expect(refused).toHaveBeenCalledWith({ authorization: 'Bearer old' });

    // Refused again with the renewed credentials: that is the answer, not a loop.
    valid = 'Bearer none';
    requests.length = 0;
    expect((await media.fetch({ url: 'https://vms/seg2.ts', timeoutMs: 1000 })).status).toBe(401);
    expect(requests).toHaveLength(2);
    // Without a way to renew, a 401 is the answer at once.
    requests.length = 0;
    const plain = credentialedUpstream({ fetch, origins: ['https://vms'], headers: () => ({ authorization: 'Bearer old' }) });
    expect((await plain.fetch({ url: 'https://vms/seg3.ts', timeoutMs: 1000 })).status).toBe(401);
    expect(requests).toHaveLength(1);
  });

  it('follows a redirect without the credentials when it leaves their origin', async () => {
    const requests: HttpRequest[] = [];
    const fetch: HttpFetch = (request) => {
      requests.push(request);
      if (request.url === 'https://vms/index.m3u8') return Promise.resolve({ status: 302, headers: new Headers({ location: 'https://cdn.test/index.m3u8' }), body: new Uint8Array() });
      return Promise.resolve({ status: 200, headers: new Headers(), body: new TextEncoder().encode(PLAYLIST) });
    };
    const proxy = new MediaProxy();
    proxy.open('abc', { kind: 'hls', playlistUrl: 'https://vms/index.m3u8', upstream: credentialedUpstream({ fetch, origins: ['https://vms'], headers: () => ({ authorization: 'Bearer t0k' }) }) });
    expect((await proxy.handle('abc/index.m3u8')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The playlist's segments are where it came from, and get no credentials either.
    expect(requests.map((request) => [request.url, request.headers?.['authorization']])).toEqual([
      ['https://vms/index.m3u8', 'Bearer t0k'],
      ['https://cdn.test/index.m3u8', undefined],
      ['https://cdn.test/seg7.ts', undefined],
    ]);
  });

  it('waits for a playlist the VMS has not written yet, within the warm-up time', async () => {
    const clock = new ManualClock();
    let ready = false;
    const { fetch, requests } = upstream({ 'http://vms/index.m3u8': () => (ready ? { status: 200, body: PLAYLIST } : { status: 404, body: '' }) });
    const proxy = new MediaProxy({ clock, warmupMs: 5000, warmupPollMs: 200 });
    proxy.open('abc', hls('http://vms/index.m3u8', fetch));
    const pending = proxy.handle('abc/index.m3u8');
    await clock.advance(600);
    ready = true;
    await clock.advance(200);
    expect((await pending).status).toBe(200);
    expect(requests.length).toBeGreaterThanOrEqual(4);
    ready = false;
    await clock.advance(10_000);
    expect((await proxy.handle('abc/index.m3u8')).status).toBe(404);
  });

  it('answers 502/504 with the reason when the VMS cannot be reached', async () => {
    const { fetch } = upstream({
      'http://vms/a.m3u8': () => new VmsError({ kind: 'unreachable', url: 'http://vms/a.m3u8' }, 'Connection refused (GET http://vms/a.m3u8)'),
      'http://vms/b.m3u8': () => new VmsError({ kind: 'timeout', url: 'http://vms/b.m3u8' }, 'No answer within 5 s'),
      'http://vms/c.m3u8': () => ({ status: 200, body: '<html>login</html>' }),
    });
    const proxy = new MediaProxy({ warmupMs: 0 });
    proxy.open('a', hls('http://vms/a.m3u8', fetch));
    proxy.open('b', hls('http://vms/b.m3u8', fetch));
    proxy.open('c', hls('http://vms/c.m3u8', fetch));
    const refused = await proxy.handle('a/index.m3u8');
    expect(refused.status).toBe(502);
    expect(text(refused.body)).toMatch(/Connection refused/);
    expect((await proxy.handle('b/index.m3u8')).status).toBe(504);
    expect(text((await proxy.handle('c/index.m3u8')).body)).toMatch(/not HLS/);
  });

  it('fetches each segment once for every stream of the same camera, even before they ask', async () => {
    const { fetch, requests } = upstream({
      'http://vms/live/1/index.m3u8': () => ({ status: 200, body: PLAYLIST }),
      'http://vms/live/1/seg7.ts': () => ({ status: 200, body: 'TS7' }),
    });
    const proxy = new MediaProxy();
    proxy.open('a', hls('http://vms/live/1/index.m3u8', fetch));
    proxy.open('b', hls('http://vms/live/1/index.m3u8', fetch));
    const first = text((await proxy.handle('a/index.m3u8')).body);
    const second = text((await proxy.handle('b/index.m3u8')).body);
    const pathOf = (body: string): string => /\/media\/(\S+)/.exec(body)?.[1] ?? '';
    expect(text((await proxy.handle(pathOf(first))).body)).toBe('TS7');
    expect(text((await proxy.handle(pathOf(second))).body)).toBe('TS7');
    expect(requests.filter((request) => request.url.endsWith('seg7.ts'))).toHaveLength(1);
  });

  it('fetches a live stream ahead as it opens: the first segment the player asks for is already here', async () => {
    const { fetch, requests } = upstream({
      'http://vms/live/1/index.m3u8': () => ({ status: 200, body: PLAYLIST }),
      'http://vms/live/1/seg7.ts': () => ({ status: 200, body: 'TS7' }),
    });
    const proxy = new MediaProxy();
    proxy.open('a', hls('http://vms/live/1/index.m3u8', fetch), { live: true });
    await vi.waitFor(() => expect(requests.map((request) => request.url)).toEqual(['http://vms/live/1/index.m3u8', 'http://vms/live/1/seg7.ts']));
    const playlist = text((await proxy.handle('a/index.m3u8')).body);
    const segment = /\/media\/(\S+\.ts)/.exec(playlist)?.[1] ?? '';
    expect(text((await proxy.handle(segment)).body)).toBe('TS7');
    // The player's first playlist is the one fetched as the stream opened, moments ago; the segment too.
    expect(requests.map((request) => request.url)).toEqual(['http://vms/live/1/index.m3u8', 'http://vms/live/1/seg7.ts']);
  });

  it('asks the VMS for only what a live player starts with as a stream opens: the playlist once and its two newest segments', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let newest = 6;
    // A six-segment live window, as many servers list; a 16-tile wall opens sixteen of them at once.
    const window = (): string => {
      const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:1', `#EXT-X-MEDIA-SEQUENCE:${newest - 5}`];
      for (let n = newest - 5; n <= newest; n++) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString()}`, '#EXTINF:1.000,', `seg${n}.ts`);
      return lines.join('\n');
    };
    const requests: string[] = [];
    const fetch: HttpFetch = (request) => {
      requests.push(request.url.split('/').at(-1) ?? '');
      const body = request.url.endsWith('index.m3u8') ? window() : `bytes of ${request.url.split('/').at(-1) ?? ''}`;
      return Promise.resolve({ status: 200, headers: new Headers(), body: new TextEncoder().encode(body) });
    };
    const proxy = new MediaProxy({ clock });
    proxy.open('cam', hls('http://vms/live/index.m3u8', fetch), { live: true });
    await vi.waitFor(() => expect(requests).toEqual(['index.m3u8', 'seg5.ts', 'seg6.ts']));
    await clock.advance(200);
    const first = text((await proxy.handle('cam/index.m3u8')).body);
    expect(first.split('\n').filter((line) => line.startsWith('/media/')), 'the player still sees the whole window').toHaveLength(6);
    expect(requests, 'its first playlist was the one fetched as the stream opened').toEqual(['index.m3u8', 'seg5.ts', 'seg6.ts']);
    const startSegment = first.split('\n').filter((line) => line.startsWith('/media/')).at(-2) ?? '';
    expect(text((await proxy.handle(startSegment.slice('/media/'.length))).body)).toBe('bytes of seg5.ts');

    // A second later the playlist has a new segment: that one is fetched ahead, not the old ones.
    await clock.advance(800);
    newest = 7;
    await proxy.handle('cam/index.m3u8');
    await vi.waitFor(() => expect(requests.slice(3)).toEqual(['index.m3u8', 'seg7.ts']));
  });

  it('fetches the playlist again for the player when the one fetched as the stream opened is no longer fresh, or failed', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let failing = true;
    const requests: string[] = [];
    const fetch: HttpFetch = (request) => {
      requests.push(request.url.split('/').at(-1) ?? '');
      if (request.url.endsWith('2/index.m3u8') && failing) {
        failing = false;
        return Promise.reject(new VmsError({ kind: 'unreachable', url: request.url }, 'Connection refused'));
      }
      return Promise.resolve({ status: 200, headers: new Headers(), body: new TextEncoder().encode(request.url.endsWith('.m3u8') ? PLAYLIST : 'TS7') });
    };
    const proxy = new MediaProxy({ clock });
    proxy.open('stale', hls('http://vms/live/1/index.m3u8', fetch), { live: true });
    await vi.waitFor(() => expect(requests).toEqual(['index.m3u8', 'seg7.ts']));
    // A live playlist gains a segment a second: one fetched 0.6 s before the player asks is not served.
    await clock.advance(600);
    expect((await proxy.handle('stale/index.m3u8')).status).toBe(200);
    expect(requests.filter((name) => name === 'index.m3u8')).toHaveLength(2);

    proxy.open('failed', hls('http://vms/live/2/index.m3u8', fetch), { live: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect((await proxy.handle('failed/index.m3u8')).status, 'the failed fetch ahead is not the answer').toBe(200);
    expect(requests.filter((name) => name === 'index.m3u8')).toHaveLength(4);
  });

  it('leaves recorded media to the player: nothing is fetched before it says where it starts', async () => {
    const { fetch, requests } = upstream({ 'http://vms/archive/1/index.m3u8': () => ({ status: 200, body: PLAYLIST }) });
    const proxy = new MediaProxy();
    proxy.open('a', hls('http://vms/archive/1/index.m3u8', fetch), { live: false });
    proxy.open('b', hls('http://vms/archive/1/index.m3u8', fetch));
    await new Promise((resolve) => setImmediate(resolve));
    expect(requests).toHaveLength(0);
  });

  it('never serves an old segment for a new one the VMS named the same after its encoder restarted', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let run = 1;
    // Each encoder run numbers its segments from 0 again; the program date-time tells them apart.
    const runStart = (): number => (run === 1 ? Date.UTC(2026, 0, 1) : Date.UTC(2026, 0, 1, 0, 0, 30));
    const playlist = (): string => ['#EXTM3U', '#EXT-X-TARGETDURATION:1', '#EXT-X-MEDIA-SEQUENCE:0', `#EXT-X-PROGRAM-DATE-TIME:${new Date(runStart()).toISOString()}`, '#EXTINF:1.000,', 'seg0.ts'].join('\n');
    const fetch: HttpFetch = (request) => {
      const body = request.url.endsWith('index.m3u8') ? playlist() : `run ${run} ${request.url.split('/').at(-1) ?? ''}`;
      return Promise.resolve({ status: 200, headers: new Headers(), body: new TextEncoder().encode(body) });
    };
    const proxy = new MediaProxy({ clock, replayWindowMs: 60_000 });
    const segmentOf = async (streamId: string): Promise<string> => {
      const body = text((await proxy.handle(`${streamId}/index.m3u8`)).body);
      const path = body.split('\n').find((line) => line.startsWith('/media/')) ?? '';
      return text((await proxy.handle(path.slice('/media/'.length))).body);
    };
    proxy.open('before', hls('http://vms/live/index.m3u8', fetch));
    expect(await segmentOf('before')).toBe('run 1 seg0.ts');
    proxy.close('before');

    await clock.advance(30_000);
    run = 2;
    proxy.open('after', hls('http://vms/live/index.m3u8', fetch));
    expect(await segmentOf('after'), 'the new picture, not the cached one of the same name').toBe('run 2 seg0.ts');
    const replay = text((await proxy.handle('after/replay.m3u8')).body);
    expect(replay.match(/^\/media\//gm), 'the replay holds the new segment only').toHaveLength(1);
    expect(replay).toContain('#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:30.000Z');
  });

  it('replays the last minute from its cache, even while the VMS is unreachable', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let reachable = true;
    let sequence = 0;
    const playlist = (): string => {
      const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:1', `#EXT-X-MEDIA-SEQUENCE:${sequence}`];
      for (let n = sequence; n < sequence + 3; n++) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString()}`, '#EXTINF:1.000,', `seg${n}.ts`);
      return lines.join('\n');
    };
    const fetch: HttpFetch = (request) => {
      if (!reachable) return Promise.reject(new VmsError({ kind: 'unreachable', url: request.url }, 'Connection refused'));
      const body = request.url.endsWith('index.m3u8') ? playlist() : `bytes of ${request.url.split('/').at(-1) ?? ''}`;
      return Promise.resolve({ status: 200, headers: new Headers(), body: new TextEncoder().encode(body) });
    };
    const proxy = new MediaProxy({ clock, replayWindowMs: 5000 });
    proxy.open('cam', hls('http://vms/live/index.m3u8', fetch));
    for (let round = 0; round < 6; round++) {
      await proxy.handle('cam/index.m3u8');
      await clock.advance(1000);
      sequence += 1;
    }
    reachable = false;
    expect((await proxy.handle('cam/index.m3u8')).status).toBe(502);
    const replay = await proxy.handle('cam/replay.m3u8');
    expect(replay.status).toBe(200);
    const body = text(replay.body);
    expect(body).toContain('#EXT-X-ENDLIST');
    const segments = body.split('\n').filter((line) => line.startsWith('/media/'));
    expect(segments.length).toBeGreaterThanOrEqual(5);
    expect(segments.length).toBeLessThanOrEqual(6);
    expect(body).toContain('#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:07.000Z');
    const last = await proxy.handle((segments.at(-1) ?? '').slice('/media/'.length));
    expect(text(last.body)).toBe('bytes of seg7.ts');
  });

  it('keeps a stream\'s keys valid across a renewal that changes the ticket in every URL', async () => {
    const ticketed = (ticket: string) => `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:7\n#EXTINF:1.000,\n/live/${ticket}/hls/c1/seg7.ts\n`;
    const { fetch, requests } = upstream({
      'http://vms/live/T1/hls/c1/index.m3u8': () => ({ status: 200, body: ticketed('T1') }),
      'http://vms/live/T2/hls/c1/index.m3u8': () => ({ status: 200, body: ticketed('T2') }),
      'http://vms/live/T1/hls/c1/seg7.ts': () => ({ status: 200, body: 'SEG7' }),
      'http://vms/live/T2/hls/c1/seg7.ts': () => ({ status: 200, body: 'SEG7' }),
    });
    const identity = (url: string): string => url.replace(/\/live\/[^/]+\//, '/live/*/');
    const source = (ticket: string) => ({ kind: 'hls' as const, playlistUrl: `http://vms/live/${ticket}/hls/c1/index.m3u8`, upstream: plainUpstream(fetch, identity) });
    const proxy = new MediaProxy();
    proxy.open('abc', source('T1'));
    const before = text((await proxy.handle('abc/index.m3u8')).body);
    proxy.renew('abc', source('T2'));
    const after = text((await proxy.handle('abc/index.m3u8')).body);
    expect(after).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The segment was fetched once (prefetched under the first ticket), not again under the second.
    expect(requests.filter((request) => request.url.endsWith('seg7.ts'))).toHaveLength(1);
    expect(requests.map((request) => request.url)).toContain('http://vms/live/T2/hls/c1/index.m3u8');
  });

  it('points a multivariant stream\'s variant playlists at the renewed session, though the player never reads the top playlist again', async () => {
    const master = (ticket: string) => `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=250000,RESOLUTION=320x180\n/live/${ticket}/hls/c1/sub.m3u8\n`;
    const variant = (ticket: string) => `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:3\n#EXTINF:1.000,\n/live/${ticket}/hls/c1/seg3.ts\n`;
    const { fetch, requests } = upstream({
      'http://vms/live/T1/hls/c1/index.m3u8': () => ({ status: 200, body: master('T1') }),
      'http://vms/live/T2/hls/c1/index.m3u8': () => ({ status: 200, body: master('T2') }),
      'http://vms/live/T1/hls/c1/sub.m3u8': () => ({ status: 200, body: variant('T1') }),
      'http://vms/live/T2/hls/c1/sub.m3u8': () => ({ status: 200, body: variant('T2') }),
    });
    const identity = (url: string): string => url.replace(/\/live\/[^/]+\//, '/live/*/');
    const source = (ticket: string) => ({ kind: 'hls' as const, playlistUrl: `http://vms/live/${ticket}/hls/c1/index.m3u8`, upstream: plainUpstream(fetch, identity) });
    const proxy = new MediaProxy();
    proxy.open('abc', source('T1'));
    const top = text((await proxy.handle('abc/index.m3u8')).body);
    const variantPath = /\/media\/(abc\/p\/[0-9a-f]{20}\.m3u8)/.exec(top)?.[1] ?? '';
    await proxy.handle(variantPath);
    proxy.renew('abc', source('T2'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    requests.length = 0;
    expect((await proxy.handle(variantPath)).status).toBe(200);
    expect(requests.map((request) => request.url)).toContain('http://vms/live/T2/hls/c1/sub.m3u8');
    expect(requests.map((request) => request.url)).not.toContain('http://vms/live/T1/hls/c1/sub.m3u8');
  });

  it('feeds a live playlist the player asked for to its window as the VMS adds segments, and stops when the stream closes or nobody asks', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let newest = 7;
    const live = (): string => `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:${newest}\n#EXTINF:1.000,\nseg${newest}.ts\n`;
    const requests: string[] = [];
    const fetch: HttpFetch = (request) => {
      requests.push(request.url.split('/').at(-1) ?? '');
      return Promise.resolve({ status: 200, headers: new Headers(), body: new TextEncoder().encode(request.url.endsWith('.m3u8') ? live() : 'TS') });
    };
    const updates: StreamPlaylistEvent[] = [];
    const proxy = new MediaProxy({ clock, onLivePlaylist: (update) => updates.push(update) });
    proxy.open('cam', hls('http://vms/live/index.m3u8', fetch));
    const answer = text((await proxy.handle('cam/index.m3u8')).body);
    // What the player just got, under the path it loads it from; rewritten like the answer.
    expect(updates).toEqual([{ streamId: 'cam', path: '/media/cam/index.m3u8', version: 1, text: answer, segmentMs: 1000 }]);

    newest = 8;
    await clock.advance(950);
    expect(updates.map((update) => update.version)).toEqual([1, 2]);
    expect(updates[1]?.text).toContain('#EXT-X-MEDIA-SEQUENCE:8');
    expect(updates[1]?.text).not.toContain('vms');
    // The new segment was fetched ahead, as for the player's own reloads.
    await vi.waitFor(() => expect(requests).toContain('seg8.ts'));
    const segment = /\/media\/(\S+\.ts)/.exec(updates[1]?.text ?? '')?.[1] ?? '';
    expect(text((await proxy.handle(segment)).body)).toBe('TS');
    // And it went with the version that added it, for the player to take without HTTP; the
    // first version carried none (its segments are those the player asked for over HTTP).
    expect(updates[0]?.segments).toBeUndefined();
    expect(updates[1]?.segments?.map((pushed) => [pushed.path, text(pushed.data)])).toEqual([[`/media/${segment}`, 'TS']]);

    // Nothing new: nothing sent. Nobody asks for anything for 10 s: the feed stops reading.
    await clock.advance(600);
    expect(updates).toHaveLength(2);
    await clock.advance(10_000);
    const reads = requests.filter((name) => name === 'index.m3u8').length;
    newest = 9;
    await clock.advance(5000);
    expect(requests.filter((name) => name === 'index.m3u8')).toHaveLength(reads);
    expect(updates).toHaveLength(2);

    // The player's next HTTP reload starts it again; closing the stream stops it for good.
    await proxy.handle('cam/index.m3u8');
    expect(updates.at(-1)).toMatchObject({ version: 3, path: '/media/cam/index.m3u8' });
    proxy.close('cam');
    newest = 10;
    const afterClose = requests.length;
    await clock.advance(5000);
    expect(requests).toHaveLength(afterClose);
  });

  it('sends a live stream\'s first playlist to its window as it opens, with the segments a player starts with, before saying it is ready', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let newest = 7;
    const window = (): string => ['#EXTM3U', '#EXT-X-TARGETDURATION:1', `#EXT-X-MEDIA-SEQUENCE:${newest - 2}`, ...[2, 1, 0].flatMap((back) => ['#EXTINF:1.000,', `seg${newest - back}.ts`])].join('\n');
    const requests: string[] = [];
    const fetch: HttpFetch = (request) => {
      const name = request.url.split('/').at(-1) ?? '';
      requests.push(name);
      return Promise.resolve({ status: 200, headers: new Headers(), body: new TextEncoder().encode(name.endsWith('.m3u8') ? window() : `bytes of ${name}`) });
    };
    const updates: StreamPlaylistEvent[] = [];
    const proxy = new MediaProxy({ clock, onLivePlaylist: (update) => updates.push(update) });
    proxy.open('cam', hls('http://vms/live/index.m3u8', fetch), { live: true });
    await proxy.firstPlaylistSent('cam', 500);
    expect(updates).toHaveLength(1);
    const [first] = updates;
    expect(first).toMatchObject({ streamId: 'cam', path: '/media/cam/index.m3u8', version: 1, segmentMs: 1000 });
    expect(first?.text).not.toContain('vms');
    // The two newest, where a live player starts, under the paths the playlist names.
    const named = first?.text.split('\n').filter((line) => line.startsWith('/media/')) ?? [];
    expect(first?.segments?.map((segment) => [segment.path, text(segment.data)])).toEqual([
      [named[1], 'bytes of seg6.ts'],
      [named[2], 'bytes of seg7.ts'],
    ]);
    expect(requests, 'nothing but what the player starts with').toEqual(['index.m3u8', 'seg6.ts', 'seg7.ts']);
    // Its feed runs on from there: the next version is sent as the playlist grows, with the segment it added.
    newest = 8;
    await clock.advance(1000);
    await vi.waitFor(() => expect(updates.map((update) => update.version)).toEqual([1, 2]));
    expect(updates[1]?.segments?.map((segment) => text(segment.data))).toEqual(['bytes of seg8.ts']);
    proxy.close('cam');
  });

  it('says a live stream is ready without its first playlist when the VMS is slow to send it, and sends nothing for recorded media', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const updates: StreamPlaylistEvent[] = [];
    const proxy = new MediaProxy({ clock, onLivePlaylist: (update) => updates.push(update) });
    proxy.open('slow', hls('http://vms/live/index.m3u8', () => new Promise(() => undefined)), { live: true });
    let ready = false;
    void proxy.firstPlaylistSent('slow', 500).then(() => (ready = true));
    await clock.advance(499);
    expect(ready).toBe(false);
    await clock.advance(1);
    expect(ready, 'the player asks for it itself, as it would have').toBe(true);

    const { fetch, requests } = upstream({ 'http://vms/archive/1/index.m3u8': () => ({ status: 200, body: PLAYLIST }) });
    proxy.open('recorded', hls('http://vms/archive/1/index.m3u8', fetch), { live: false });
    await proxy.firstPlaylistSent('recorded', 500);
    expect(requests).toHaveLength(0);
    expect(updates).toHaveLength(0);
  });

  it('moves its feed to the variant the player switched to, and reads the old one no more', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let newest = 7;
    const master = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720\nmain.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=250000,RESOLUTION=320x180\nsub.m3u8\n';
    const live = (name: string): string => `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:${newest}\n#EXTINF:1.000,\n${name}-${newest}.ts\n`;
    const requests: string[] = [];
    const fetch: HttpFetch = (request) => {
      const name = request.url.split('/').at(-1) ?? '';
      requests.push(name);
      const body = name === 'index.m3u8' ? master : name.endsWith('.m3u8') ? live(name.replace('.m3u8', '')) : 'TS';
      return Promise.resolve({ status: 200, headers: new Headers(), body: new TextEncoder().encode(body) });
    };
    const updates: StreamPlaylistEvent[] = [];
    const proxy = new MediaProxy({ clock, onLivePlaylist: (update) => updates.push(update) });
    proxy.open('cam', hls('http://vms/live/index.m3u8', fetch));
    const top = text((await proxy.handle('cam/index.m3u8')).body);
    const [mainPath = '', subPath = ''] = [...top.matchAll(/\/media\/(cam\/p\/[0-9a-f]{20}\.m3u8)/g)].map((match) => match[1]);
    await proxy.handle(mainPath);
    expect(updates.at(-1)?.path).toBe(`/media/${mainPath}`);

    // The player moves to the small variant: the feed follows it.
    await proxy.handle(subPath);
    expect(updates.at(-1)?.path).toBe(`/media/${subPath}`);
    requests.length = 0;
    for (let second = 0; second < 5; second += 1) {
      newest += 1;
      await clock.advance(1000);
    }
    expect(updates.at(-1)).toMatchObject({ path: `/media/${subPath}` });
    expect(updates.at(-1)?.text).toContain(`#EXT-X-MEDIA-SEQUENCE:${newest}`);
    expect(requests.filter((name) => name.startsWith('main')), 'the variant nobody plays is not fetched').toEqual([]);
    expect(requests.filter((name) => name === 'sub.m3u8').length).toBeGreaterThanOrEqual(4);
    proxy.close('cam');
  });

  it('sends a new version without its segment when the VMS is slow to give it, and feeds on while the window says its player takes what it pushes', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let newest = 7;
    const live = (): string => `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:${newest}\n#EXTINF:1.000,\nseg${newest}.ts\n`;
    const slow = new Set<string>();
    let reads = 0;
    const fetch: HttpFetch = (request) => {
      const name = request.url.split('/').at(-1) ?? '';
      if (name.endsWith('.m3u8')) reads += 1;
      const body = new TextEncoder().encode(name.endsWith('.m3u8') ? live() : name);
      // A slow segment answers only after the test moves the clock well past half a segment.
      return slow.has(name) ? new Promise((resolve) => clock.after(5000, () => resolve({ status: 200, headers: new Headers(), body }))) : Promise.resolve({ status: 200, headers: new Headers(), body });
    };
    const updates: StreamPlaylistEvent[] = [];
    const proxy = new MediaProxy({ clock, onLivePlaylist: (update) => updates.push(update) });
    proxy.open('cam', hls('http://vms/live/index.m3u8', fetch));
    await proxy.handle('cam/index.m3u8');

    newest = 8;
    slow.add('seg8.ts');
    await clock.advance(950);
    expect(updates).toHaveLength(1);
    // Half a segment on, the version goes without it: the player asks for it over HTTP.
    await clock.advance(500);
    expect(updates.map((update) => update.version)).toEqual([1, 2]);
    expect(updates[1]?.text).toContain('#EXT-X-MEDIA-SEQUENCE:8');
    expect(updates[1]?.segments).toBeUndefined();

    // The player asks nothing over HTTP, but its window says it takes what is pushed: the
    // feed reads on past the 10 s after which it would stop for a tile out of sight.
    for (let second = 0; second < 15; second += 1) {
      if (second % 3 === 0) proxy.taking('cam');
      newest = 9 + second;
      await clock.advance(1000);
    }
    expect(updates.at(-1)?.text).toContain(`#EXT-X-MEDIA-SEQUENCE:${newest}`);
    expect(updates.at(-1)?.segments?.map((pushed) => text(pushed.data))).toEqual([`seg${newest}.ts`]);
    // Once it stops saying so, the feed stops.
    await clock.advance(11_000);
    const before = reads;
    await clock.advance(5000);
    expect(reads).toBe(before);
  });

  it('feeds no recorded playlist: a player of recorded media asks for it itself', async () => {
    const { fetch } = upstream({ 'http://vms/archive/1/index.m3u8': () => ({ status: 200, body: `${PLAYLIST}#EXT-X-ENDLIST\n` }) });
    const updates: StreamPlaylistEvent[] = [];
    const proxy = new MediaProxy({ onLivePlaylist: (update) => updates.push(update) });
    proxy.open('a', hls('http://vms/archive/1/index.m3u8', fetch));
    expect((await proxy.handle('a/index.m3u8')).status).toBe(200);
    expect(updates).toEqual([]);
  });
});
