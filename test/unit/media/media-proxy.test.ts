import { describe, expect, it } from 'vitest';
import { MediaProxy } from '../../../electron/media/media-proxy';
import { VmsError } from '../../../electron/vms/errors';
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

describe('MediaProxy', () => {
  it('serves a stream by id and rewrites its playlist so no VMS URL reaches the renderer', async () => {
    const { fetch } = upstream({
      'http://vms:81/live/1/index.m3u8': () => ({ status: 200, body: PLAYLIST }),
      'http://vms:81/live/1/seg7.ts': () => ({ status: 200, body: 'TSDATA' }),
    });
    const proxy = new MediaProxy({ fetch });
    proxy.open('abc', { kind: 'hls', playlistUrl: 'http://vms:81/live/1/index.m3u8' });
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
    const proxy = new MediaProxy({ fetch });
    expect((await proxy.handle('nope/index.m3u8')).status).toBe(404);
    proxy.open('abc', { kind: 'hls', playlistUrl: 'http://vms/index.m3u8' });
    expect((await proxy.handle('abc/s/0123456789abcdef0123.ts')).status).toBe(404);
    expect((await proxy.handle('abc/../../etc/passwd')).status).toBe(404);
    expect(requests).toHaveLength(0);
    proxy.close('abc');
    expect((await proxy.handle('abc/index.m3u8')).status).toBe(404);
  });

  it('sends the adapter\'s auth headers upstream', async () => {
    const { fetch, requests } = upstream({ 'http://vms/index.m3u8': () => ({ status: 200, body: PLAYLIST }) });
    const proxy = new MediaProxy({ fetch });
    proxy.open('abc', { kind: 'hls', playlistUrl: 'http://vms/index.m3u8', auth: { headers: () => Promise.resolve({ authorization: 'Bearer t0k' }) } });
    await proxy.handle('abc/index.m3u8');
    expect(requests[0]?.headers).toEqual({ authorization: 'Bearer t0k' });
  });

  it('waits for a playlist the VMS has not written yet, within the warm-up time', async () => {
    const clock = new ManualClock();
    let ready = false;
    const { fetch, requests } = upstream({ 'http://vms/index.m3u8': () => (ready ? { status: 200, body: PLAYLIST } : { status: 404, body: '' }) });
    const proxy = new MediaProxy({ fetch, clock, warmupMs: 5000, warmupPollMs: 200 });
    proxy.open('abc', { kind: 'hls', playlistUrl: 'http://vms/index.m3u8' });
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
    const proxy = new MediaProxy({ fetch, warmupMs: 0 });
    proxy.open('a', { kind: 'hls', playlistUrl: 'http://vms/a.m3u8' });
    proxy.open('b', { kind: 'hls', playlistUrl: 'http://vms/b.m3u8' });
    proxy.open('c', { kind: 'hls', playlistUrl: 'http://vms/c.m3u8' });
    const refused = await proxy.handle('a/index.m3u8');
    expect(refused.status).toBe(502);
    expect(text(refused.body)).toMatch(/Connection refused/);
    expect((await proxy.handle('b/index.m3u8')).status).toBe(504);
    expect(text((await proxy.handle('c/index.m3u8')).body)).toMatch(/not HLS/);
  });
});
