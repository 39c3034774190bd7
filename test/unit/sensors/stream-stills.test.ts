import { describe, expect, it } from 'vitest';
import { textAnswer, type HttpAnswer } from '../../../electron/common/http-answer';
import { silentLogger } from '../../../electron/common/logger';
import { StreamStills, type StreamStillsDeps } from '../../../electron/core/sensors/stream-stills';
import type { LiveStartRequest, StreamInfo } from '../../../shared/model/stream';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const ok = (body: string | Uint8Array): HttpAnswer => ({ status: 200, headers: {}, body: typeof body === 'string' ? bytes(body) : body });
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

/** A media proxy that serves fixed paths, and streams that record what was opened and closed. */
function world(options: { shown?: string; served: Record<string, string>; kind?: StreamInfo['kind']; onPause?: (count: number) => void }) {
  const started: LiveStartRequest[] = [];
  const pauses: number[] = [];
  const stopped: string[] = [];
  const asked: string[] = [];
  const deps: StreamStillsDeps = {
    streams: {
      start: (clientId, request) => {
        started.push(request);
        return Promise.resolve({ streamId: 'own', url: '/media/own/index.m3u8', kind: options.kind ?? 'hls', mode: 'live' });
      },
      stop: (_clientId, streamId) => {
        stopped.push(streamId);
        return Promise.resolve();
      },
      liveStreamOf: () => options.shown,
    },
    media: {
      handle: (path) => {
        asked.push(path);
        const body = options.served[path];
        return Promise.resolve(body === undefined ? textAnswer(404, 'Nothing to replay yet') : ok(body));
      },
    },
    log: silentLogger,
    // The "frame" names the bytes it was made from.
    firstFrame: (segment) => Promise.resolve(bytes(`jpeg of ${text(segment)}`)),
    pause: (ms) => {
      pauses.push(ms);
      options.onPause?.(pauses.length);
      return Promise.resolve();
    },
  };
  return { stills: new StreamStills(deps), started, stopped, asked, pauses };
}

const signal = new AbortController().signal;
const playlist = (...uris: string[]): string => ['#EXTM3U', '#EXT-X-TARGETDURATION:1', ...uris.flatMap((uri) => ['#EXTINF:1.0,', uri])].join('\n');

describe('StreamStills', () => {
  it('takes a camera on the wall from the newest segment the proxy keeps for its tile, opening nothing at the VMS', async () => {
    const { stills, started, asked } = world({
      shown: 'tile',
      served: { 'tile/replay.m3u8': playlist('/media/tile/s/old.ts', '/media/tile/s/new.ts'), 'tile/s/old.ts': 'old', 'tile/s/new.ts': 'new' },
    });
    const picture = await stills.picture('site', '7', signal);
    expect(picture && text(picture.bytes)).toBe('jpeg of new');
    expect(picture?.contentType).toBe('image/jpeg');
    expect(started).toEqual([]);
    expect(asked).not.toContain('tile/index.m3u8');
  });

  it("opens the sub stream of a camera no tile shows, through a multivariant playlist and an fMP4 init segment, and closes it", async () => {
    const { stills, started, stopped } = world({
      served: {
        'own/index.m3u8': ['#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=200000,RESOLUTION=320x180', '/media/own/p/sub.m3u8'].join('\n'),
        'own/p/sub.m3u8': ['#EXTM3U', '#EXT-X-TARGETDURATION:1', '#EXT-X-MAP:URI="/media/own/s/init.mp4"', '#EXTINF:1.0,', '/media/own/s/a.m4s', '#EXTINF:1.0,', '/media/own/s/b.m4s'].join('\n'),
        'own/s/init.mp4': 'init+',
        'own/s/b.m4s': 'b',
      },
    });
    const picture = await stills.picture('site', '3', signal);
    expect(picture && text(picture.bytes)).toBe('jpeg of init+b');
    expect(started).toEqual([{ serverId: 'site', cameraId: '3', width: 320, height: 180 }]);
    expect(stopped).toEqual(['own']);
  });

  it('opens a stream when the tile has nothing cached yet', async () => {
    const { stills, started } = world({ shown: 'tile', served: { 'own/index.m3u8': playlist('/media/own/s/x.ts'), 'own/s/x.ts': 'x' } });
    const picture = await stills.picture('site', '3', signal);
    expect(picture && text(picture.bytes)).toBe('jpeg of x');
    expect(started).toHaveLength(1);
  });

  it('reads again a playlist that lists no segment yet (an encoder starting), then gives up', async () => {
    const served: Record<string, string> = { 'own/index.m3u8': playlist() };
    // The VMS's first segment is there after the third wait.
    const onPause = (count: number): void => {
      if (count === 3) Object.assign(served, { 'own/index.m3u8': playlist('/media/own/s/first.ts'), 'own/s/first.ts': 'first' });
    };
    const { stills, stopped, asked, pauses } = world({ served, onPause });
    const picture = await stills.picture('site', '3', signal);
    expect(picture && text(picture.bytes)).toBe('jpeg of first');
    expect(asked.filter((path) => path === 'own/index.m3u8')).toHaveLength(4);
    expect(pauses).toEqual([500, 500, 500]);
    expect(stopped).toEqual(['own']);

    const never = world({ served: { 'own/index.m3u8': playlist() } });
    await expect(never.stills.picture('site', '3', signal)).resolves.toBeUndefined();
    expect(never.pauses).toHaveLength(7);
    expect(never.stopped).toEqual(['own']);
  });

  it('gives no picture of a stream that is not HLS, and closes what it opened', async () => {
    const { stills, stopped } = world({ kind: 'webrtc', served: {} });
    await expect(stills.picture('site', '3', signal)).resolves.toBeUndefined();
    expect(stopped).toEqual(['own']);
  });

  it('closes its stream when the VMS has no segment to give', async () => {
    const { stills, stopped } = world({ served: {} });
    await expect(stills.picture('site', '3', signal)).rejects.toThrow(/own\/index\.m3u8: 404/);
    expect(stopped).toEqual(['own']);
  });
});
