import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../../../electron/common/clock';
import { silentLogger } from '../../../electron/common/logger';
import type { JpegFrame } from '../../../electron/vms/adapter';
import { multipartJpegs, multipartPreviewPump } from '../../../electron/vms/een/een-v3-previews';
import { signedInEenV3Adapter } from '../support/een-v3-adapter';
import { eenSiteForTests } from '../support/een-front';

/** A tiny stand-in for a JPEG: the SOI marker, some bytes, the EOI marker. */
function jpeg(tag: number): Buffer {
  return Buffer.from([0xff, 0xd8, 0xff, 0xe0, tag, tag, 0x0d, 0x0a, 0x2d, 0x2d, tag, 0xff, 0xd9]);
}

const BOUNDARY = 'frame';
function part(body: Buffer, type = 'image/jpeg', timestamp?: string): Buffer {
  return Buffer.concat([Buffer.from(`Content-Type: ${type}\r\nContent-Length: ${body.length}\r\n${timestamp ? `X-Een-Timestamp: ${timestamp}\r\n` : ''}\r\n`), body, Buffer.from(`\r\n--${BOUNDARY}\r\n`)]);
}

async function collect(chunks: Buffer[], bad: string[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const image of multipartJpegs(chunks, BOUNDARY, (why) => bad.push(why))) out.push(Buffer.from(image.bytes));
  return out;
}

describe('multipart JPEG preview streams', () => {
  // A leading blank line, two JPEGs, a text part and a part that claims to be a JPEG but is not, then a third JPEG.
  const stream = Buffer.concat([Buffer.from(`\r\n--${BOUNDARY}\r\n`), part(jpeg(1)), part(jpeg(2)), part(Buffer.from('hello'), 'text/plain'), part(Buffer.from('not a picture')), part(jpeg(3))]);

  it('reads every JPEG however the stream is cut into chunks (boundaries split across reads), skipping the parts that are no JPEG', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 30 }), async (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), stream.length];
        const chunks = points.slice(1).map((end, index) => stream.subarray(points[index], end));
        const bad: string[] = [];
        expect(await collect(chunks, bad)).toEqual([jpeg(1), jpeg(2), jpeg(3)]);
        expect(bad).toHaveLength(2);
      }),
      { numRuns: 200 },
    );
    // One byte at a time: every boundary, header and marker split.
    expect(await collect([...stream].map((byte) => Buffer.from([byte])), [])).toEqual([jpeg(1), jpeg(2), jpeg(3)]);
  });

  describe('the pump of one camera', () => {
    let server: Server;
    let url = '';
    const script: Array<(response: ServerResponse) => void> = [];
    let connections = 0;
    beforeAll(async () => {
      server = createServer((_request, response) => {
        connections += 1;
        const next = script.shift();
        if (next) next(response);
        else response.writeHead(503, { 'retry-after': '0' }).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/preview`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    /** The system clock, 100 times faster, noting every wait asked for (the backoff's delays). */
    function fastClock(waits: number[]): Clock {
      return { now: () => systemClock.now(), after: (ms, fn) => (waits.push(ms), systemClock.after(ms / 100, fn)) };
    }

    it('publishes each image with its time, opens the stream again after a refusal, a 401 (new token) and a cut connection, backing off more after each failure in a row', async () => {
      const multipart = (response: ServerResponse): void => {
        response.writeHead(200, { 'content-type': `multipart/x-mixed-replace; boundary=${BOUNDARY}` });
        response.write(`--${BOUNDARY}\r\n`);
      };
      script.push(
        (response) => response.writeHead(500).end(),
        (response) => response.writeHead(500).end(),
        (response) => response.writeHead(401).end(),
        (response) => {
          multipart(response);
          response.write(part(jpeg(1), 'image/jpeg', '2026-01-02T03:04:05.000Z'));
          response.write(part(Buffer.from('oops'), 'text/plain'));
          response.write(part(jpeg(2), 'image/jpeg', '2026-01-02T03:04:06.000Z'));
          // Cut in the middle of the third image.
          response.write(part(jpeg(3)).subarray(0, 20), () => response.destroy());
        },
        (response) => {
          multipart(response);
          response.write(part(jpeg(4), 'image/jpeg', '2026-01-02T03:04:08.000Z'));
        },
      );
      const waits: number[] = [];
      const invalidated: string[] = [];
      let token = 0;
      const pump = multipartPreviewPump({
        streamUrl: () => Promise.resolve(url),
        tokens: {
          accessToken: () => Promise.resolve(`t${token}`),
          invalidate: (stale) => (invalidated.push(stale), (token += 1), Promise.resolve(`t${token}`)),
        },
        clock: fastClock(waits),
        log: silentLogger,
        stallMs: 500_000,
      });
      const published: Array<{ tag: number | undefined; takenAt: number | undefined }> = [];
      const stop = new AbortController();
      const running = pump('cam', (bytes, takenAt) => published.push({ tag: bytes[4], takenAt }), stop.signal);
      await expect.poll(() => published.map((image) => image.tag), { timeout: 15_000 }).toEqual([1, 2, 4]);
      stop.abort();
      await running;
      expect(published.map((image) => image.takenAt)).toEqual([Date.parse('2026-01-02T03:04:05Z'), Date.parse('2026-01-02T03:04:06Z'), Date.parse('2026-01-02T03:04:08Z')]);
      expect(invalidated).toEqual(['t0']);
      expect(connections).toBe(5);
      // Backoff (1 s, 2 s, 4 s with ±30 % jitter): each failure in a row waits longer; after images came, the wait starts small again.
      const backoffs = waits.filter((ms) => ms !== 500_000);
      expect(backoffs).toHaveLength(4);
      const [first, second, third, afterImages] = backoffs as [number, number, number, number];
      expect(second).toBeGreaterThan(first);
      expect(third).toBeGreaterThan(second);
      expect(afterImages).toBeLessThanOrEqual(1000);
    });

    it('opens a stream that went silent again', async () => {
      let opened = 0;
      script.push(
        (response) => {
          opened += 1;
          response.writeHead(200, { 'content-type': `multipart/x-mixed-replace; boundary=${BOUNDARY}` });
          response.write(`--${BOUNDARY}\r\n`);
          response.write(part(jpeg(7)));
          // …then nothing more, the connection left open.
        },
        (response) => {
          opened += 1;
          response.writeHead(200, { 'content-type': `multipart/x-mixed-replace; boundary=${BOUNDARY}` });
          response.write(`--${BOUNDARY}\r\n`);
          response.write(part(jpeg(8)));
        },
      );
      const pump = multipartPreviewPump({ streamUrl: () => Promise.resolve(url), tokens: { accessToken: () => Promise.resolve('t'), invalidate: () => Promise.resolve('t') }, clock: fastClock([]), log: silentLogger, stallMs: 20_000 });
      const tags: number[] = [];
      const stop = new AbortController();
      const running = pump('cam', (bytes) => tags.push(bytes[4] ?? 0), stop.signal);
      await expect.poll(() => tags, { timeout: 10_000 }).toEqual([7, 8]);
      expect(opened).toBe(2);
      stop.abort();
      await running;
    });
  });
});

describe('Eagle Eye v3 preview tiles against the simulator', () => {
  const site = eenSiteForTests({ cameraCount: 2, recording: false, eventsPerMinute: 0, een: { cameras: [1, 2] } });

  it('serves three viewers of a camera from one multipart stream, each new JPEG to all of them, and opens it again after the VMS cut it', async () => {
    const vms = await signedInEenV3Adapter(site.front, { liveTiles: 'preview', previewLingerMs: 200 });
    expect(vms.capabilities.liveDelivery).toBe('jpeg');
    const cameraId = site.front.esnOf(1);
    const sessions = await Promise.all([1, 2, 3].map(() => vms.openLive({ cameraId, width: 480, height: 270, audio: false })));
    const frames = sessions.map((session) => {
      if (session.media.kind !== 'jpeg') throw new Error('not a JPEG session');
      return session.media.frames;
    });
    const seen: Array<JpegFrame | undefined> = [];
    for (const source of frames) seen.push(await source.next(undefined, 15_000));
    expect(seen.every((frame) => frame && frame.bytes[0] === 0xff && frame.bytes[1] === 0xd8)).toBe(true);
    // A newer image reaches every viewer.
    const first = seen[0] as JpegFrame;
    const later = await Promise.all(frames.map((source) => source.next(first.sequence, 5000)));
    expect(later.every((frame) => frame !== undefined && frame.takenAt > first.takenAt)).toBe(true);
    expect(Math.abs((later[0] as JpegFrame).takenAt - Date.now())).toBeLessThan(5000);
    expect(site.front.state().v3.previewStreams).toBe(1);
    // The VMS cuts the stream: it is opened again and images keep coming.
    expect(site.front.v3.dropPreviewStreams()).toBe(1);
    const newest = later[0] as JpegFrame;
    const after = await frames[0]?.next(newest.sequence, 15_000);
    expect(after?.takenAt).toBeGreaterThan(newest.takenAt);
    expect(site.front.state().v3.previewStreams).toBe(2);
    // Every viewer leaves: the stream closes a moment later.
    for (const session of sessions) await vms.closeSession(session);
    await expect.poll(() => site.front.state().v3.previewStreamsOpen, { timeout: 5000 }).toBe(0);
    await vms.dispose();
  }, 60_000);
});
