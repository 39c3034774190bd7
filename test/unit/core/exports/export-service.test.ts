import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportJob } from '../../../../shared/model/export';
import { systemClock } from '../../../../electron/common/clock';
import { type ExportRunOptions, runExport } from '../../../../electron/core/exports/export-run';
import { ExportService } from '../../../../electron/core/exports/export-service';
import { Downloads } from '../../../../electron/core/files/downloads';
import { silentLogger } from '../../../../electron/common/logger';
import type { ArchiveRequest, VmsSession } from '../../../../electron/vms/adapter';
import { VmsError } from '../../../../electron/vms/errors';
import { plainUpstream } from '../../../../electron/vms/upstream';
import { runFfmpeg } from '../../../../sim/ffmpeg';
import { eventually } from '../../support/frames';
import { FakeAdapter } from '../../support/fake-adapter';
import { ManualClock, settle } from '../../support/manual-clock';

/**
 * Exports against a tiny media server: playlists written per test, and four real
 * one-second MPEG-TS segments made by ffmpeg (continuous timestamps, 0 s to 4 s).
 */
const T0 = Date.UTC(2026, 4, 1, 10);
let segmentDir: string;
let server: Server;
let base: string;
const requests: string[] = [];
/** The media playlist of a session started at `fromMs`, on its `fetch`-th read. */
let playlistFor: (fromMs: number, fetch: number) => string = () => '';
/** Segments whose requests hang until the test ends (a stalled media server). */
const hanging = new Set<number>();
const held: ServerResponse[] = [];
const fetches = new Map<number, number>();

interface Entry {
  readonly segment: number;
  readonly at: number;
  readonly discontinuity?: boolean;
}

function playlist(entries: readonly Entry[], ended: boolean): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:1', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:EVENT'];
  for (const entry of entries) {
    if (entry.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(entry.at).toISOString()}`, '#EXTINF:1.000,', `/seg${entry.segment}.ts`);
  }
  if (ended) lines.push('#EXT-X-ENDLIST');
  return lines.join('\n') + '\n';
}

/** Segment n of the recording at T0 + n s. */
const recorded = (...segments: number[]): Entry[] => segments.map((segment) => ({ segment, at: T0 + segment * 1000 }));

/** Like the IVMS adapter's sessions, with playlists on the test's media server. */
class ArchiveAdapter extends FakeAdapter {
  master = false;
  keepaliveMs = 10_000;
  private sessionId = 500;

  override openArchive(request: ArchiveRequest): Promise<VmsSession> {
    this.calls.push(`openArchive:${request.cameraId}@${request.fromMs}`);
    if (this.failures.openArchive) return Promise.reject(this.failures.openArchive);
    const id = String(this.sessionId++);
    const session: VmsSession = {
      id,
      mode: 'archive',
      cameraId: request.cameraId,
      media: { kind: 'hls', playlistUrl: this.master ? `${base}/master/${request.fromMs}.m3u8` : `${base}/s/${request.fromMs}/index.m3u8`, upstream: plainUpstream() },
      lifetime: { kind: 'keepalive', intervalMs: this.keepaliveMs },
      origin: 'primary',
    };
    this.open.set(id, session);
    return Promise.resolve(session);
  }
}

async function setup(adapter = new ArchiveAdapter(), run: (options: ExportRunOptions) => ReturnType<typeof runExport> = (options) => runExport({ ...options, stallMs: 3000 })) {
  const dir = join(await mkdtemp(join(tmpdir(), 'tessera-exports-')), 'exports');
  const downloads = new Downloads();
  const published: ExportJob[] = [];
  const exports = new ExportService({
    dir,
    clock: systemClock,
    log: silentLogger,
    adapterFor: () => adapter,
    cameraName: (_serverId, cameraId) => (cameraId === '1' ? 'Main Entrance' : `Camera ${cameraId}`),
    downloads,
    publish: (job) => published.push(job),
    run,
  });
  const settled = (id: string): Promise<ExportJob> =>
    eventually(() => exports.list().find((job) => job.id === id && job.state !== 'queued' && job.state !== 'running'), 20_000, `export ${id} to finish`);
  return { adapter, dir, downloads, published, exports, settled };
}

/** The movie's duration in seconds from its `mvhd` box: enough to tell 2 s from 4 s without ffprobe. */
function mp4Seconds(bytes: Buffer): number {
  const at = bytes.indexOf('mvhd', 0, 'latin1');
  if (at < 0) throw new Error('no mvhd box');
  const version = bytes[at + 4];
  const timescale = version === 1 ? bytes.readUInt32BE(at + 24) : bytes.readUInt32BE(at + 16);
  const duration = version === 1 ? Number(bytes.readBigUInt64BE(at + 28)) : bytes.readUInt32BE(at + 20);
  return duration / timescale;
}

const segmentRequests = (): string[] => requests.filter((path) => path.endsWith('.ts'));

beforeAll(async () => {
  segmentDir = await mkdtemp(join(tmpdir(), 'tessera-segments-'));
  await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-keyint_min', '10', '-sc_threshold', '0', '-pix_fmt', 'yuv420p', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '0', '-hls_segment_filename', join(segmentDir, 'seg%d.ts'), join(segmentDir, 'index.m3u8')]);
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    const session = /^\/s\/(\d+)\/index\.m3u8$/.exec(path);
    const master = /^\/master\/(\d+)\.m3u8$/.exec(path);
    const segment = /^\/seg(\d)\.ts$/.exec(path);
    if (session) {
      const fromMs = Number(session[1]);
      const count = (fetches.get(fromMs) ?? 0) + 1;
      fetches.set(fromMs, count);
      const text = playlistFor(fromMs, count);
      response.writeHead(text ? 200 : 404, { 'content-type': 'application/vnd.apple.mpegurl' }).end(text);
    } else if (master) {
      const variants = ['#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=200000,RESOLUTION=320x180', '/nothing-here.m3u8', '#EXT-X-STREAM-INF:BANDWIDTH=1500000,RESOLUTION=1280x720', `../s/${master[1] ?? ''}/index.m3u8`];
      response.writeHead(200).end(variants.join('\n') + '\n');
    } else if (segment && hanging.has(Number(segment[1]))) {
      held.push(response);
    } else if (segment) {
      void readFile(join(segmentDir, `seg${segment[1] ?? ''}.ts`)).then((bytes) => response.writeHead(200, { 'content-type': 'video/mp2t' }).end(bytes));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of held) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(segmentDir, { recursive: true, force: true });
});

function reset(): void {
  requests.length = 0;
  fetches.clear();
  hanging.clear();
}

describe('export', () => {
  it('makes an MP4 of the segments in the range only, through a master playlist, downloadable by its URL; the session is closed', async () => {
    reset();
    playlistFor = () => playlist(recorded(0, 1, 2, 3), true);
    const { adapter, exports, settled, downloads, published } = await setup();
    adapter.master = true;
    const [job] = exports.start([{ serverId: 'hq', cameraId: '1' }], T0 + 1000, T0 + 3000);
    // The server had nothing else to do: it started at once.
    expect(job).toMatchObject({ state: 'running', progress: 0, cameraName: 'Main Entrance', fileName: 'Main Entrance 2026-05-01T10-00-01Z 2s.mp4' });
    const done = await settled(job?.id ?? '');
    expect(done).toMatchObject({ state: 'done', progress: 1, message: undefined });
    expect(segmentRequests()).toEqual(['/seg1.ts', '/seg2.ts']);
    expect(adapter.calls).toEqual([`openArchive:1@${T0 + 1000}`, 'closeSession:500']);

    expect(done.download).toMatch(/^\/downloads\/[\w-]+\?download=1$/);
    const url = new URL(done.download ?? '', 'http://app');
    const answer = await downloads.route()(url.pathname.slice('/downloads/'.length), url);
    expect(answer.headers['content-disposition']).toBe('attachment; filename="Main Entrance 2026-05-01T10-00-01Z 2s.mp4"; filename*=UTF-8\'\'Main%20Entrance%202026-05-01T10-00-01Z%202s.mp4');
    expect(answer.headers['content-type']).toBe('video/mp4');
    const mp4 = await readFile(answer.file?.path ?? '');
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(done.bytes).toBe(mp4.length);
    expect(mp4Seconds(mp4)).toBeCloseTo(2, 0);

    const states = published.filter((update) => update.id === job?.id).map((update) => update.state);
    expect(states[0]).toBe('queued');
    expect(states).toContain('running');
    expect(states.at(-1)).toBe('done');
    await exports.dispose();
  });

  it('follows a playlist while it grows until the end of the range, keeping the session alive', async () => {
    reset();
    // One more segment on each read, as a recording still being written.
    playlistFor = (_from, fetch) => playlist(recorded(...[0, 1, 2, 3].slice(0, Math.min(fetch, 4))), false);
    const adapter = new ArchiveAdapter();
    adapter.keepaliveMs = 200;
    const { exports, settled } = await setup(adapter);
    const [job] = exports.start([{ serverId: 'hq', cameraId: '1' }], T0, T0 + 3000);
    const done = await settled(job?.id ?? '');
    expect(done.state).toBe('done');
    expect(segmentRequests()).toEqual(['/seg0.ts', '/seg1.ts', '/seg2.ts']);
    expect(adapter.calls.filter((call) => call.startsWith('keepAlive:')).length).toBeGreaterThanOrEqual(2);
    await exports.dispose();
  });

  it('opens the next session where a playlist ended early, and tells what was not recorded', async () => {
    reset();
    // The first session's playlist ends after two segments; the next one, asked from there,
    // has a gap (the camera was offline) before its last segment.
    playlistFor = (fromMs) =>
      fromMs === T0
        ? playlist(recorded(0, 1), true)
        : playlist([{ segment: 2, at: T0 + 2000 }, { segment: 3, at: T0 + 6000, discontinuity: true }], true);
    const { adapter, exports, settled, downloads } = await setup();
    const [job] = exports.start([{ serverId: 'hq', cameraId: '1' }], T0, T0 + 7000);
    const done = await settled(job?.id ?? '');
    expect(done.state).toBe('done');
    expect(done.message).toMatch(/^The VMS had nothing recorded from .+ to .+$/);
    expect(adapter.calls.filter((call) => call.startsWith('openArchive'))).toEqual([`openArchive:1@${T0}`, `openArchive:1@${T0 + 2000}`]);
    expect(segmentRequests()).toEqual(['/seg0.ts', '/seg1.ts', '/seg2.ts', '/seg3.ts']);
    const url = new URL(done.download ?? '', 'http://app');
    const mp4 = await readFile((await downloads.route()(url.pathname.slice('/downloads/'.length), url)).file?.path ?? '');
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
    // Three runs laid end to end: four seconds of video.
    expect(mp4Seconds(mp4)).toBeCloseTo(4, 0);
    await exports.dispose();
  });

  it('fails in words when the VMS has nothing recorded then (IVMS 422), or nothing in the range, or no archive at all', async () => {
    reset();
    const adapter = new ArchiveAdapter();
    adapter.failures.openArchive = new VmsError({ kind: 'rejected', url: 'http://vms.test/startarchive', httpStatus: 422, vendorStatus: 3002 }, 'The VMS refused the request (IVMS 3002)');
    const { exports, settled } = await setup(adapter);
    const [refused] = exports.start([{ serverId: 'hq', cameraId: '1' }], T0, T0 + 3000);
    expect(await settled(refused?.id ?? '')).toMatchObject({ state: 'failed', message: expect.stringMatching(/^The VMS has nothing recorded from .+ on \(The VMS refused the request \(IVMS 3002\)\)$/) as unknown });

    // A session that starts after the range (the recording began later).
    adapter.failures.openArchive = undefined;
    playlistFor = () => playlist(recorded(3), true);
    const [before] = exports.start([{ serverId: 'hq', cameraId: '1' }], T0 - 10_000, T0 - 5000);
    expect(await settled(before?.id ?? '')).toMatchObject({ state: 'failed', message: expect.stringMatching(/^The VMS has nothing recorded from .+ to .+$/) as unknown });
    expect(segmentRequests()).toEqual([]);
    expect(adapter.open.size, 'every session closed').toBe(0);

    const noArchive = new ArchiveAdapter();
    Object.defineProperty(noArchive, 'capabilities', { value: { liveDelivery: 'hls', archive: false, events: 'push', eventMedia: true } });
    const other = await setup(noArchive);
    const [job] = other.exports.start([{ serverId: 'hq', cameraId: '1' }], T0, T0 + 3000);
    expect(await other.settled(job?.id ?? '')).toMatchObject({ state: 'failed', message: 'This VMS offers no recorded video to export' });
    await Promise.all([exports.dispose(), other.exports.dispose()]);
  });

  it('runs one job at a time per server; cancel stops downloading, closes the session and deletes the partial file', async () => {
    reset();
    playlistFor = () => playlist(recorded(0, 1, 2, 3), true);
    hanging.add(1);
    const { adapter, exports, settled, dir } = await setup();
    const [first, second] = exports.start(
      [
        { serverId: 'hq', cameraId: '1' },
        { serverId: 'hq', cameraId: '2' },
      ],
      T0,
      T0 + 3000,
    );
    await eventually(() => (requests.includes('/seg1.ts') ? true : undefined), 10_000, 'the stalled segment');
    expect(exports.list().map((job) => job.state)).toEqual(['running', 'queued']);
    expect(await readdir(dir)).toEqual([`${first?.id ?? ''}.work`]);
    expect((await readdir(join(dir, `${first?.id ?? ''}.work`))).length, 'the first segment is written').toBe(1);

    exports.cancel(second?.id ?? '');
    expect(exports.list()[1]).toMatchObject({ state: 'cancelled' });
    exports.cancel(first?.id ?? '');
    const cancelled = await settled(first?.id ?? '');
    expect(cancelled).toMatchObject({ state: 'cancelled', message: 'Cancelled' });
    expect(cancelled.download).toBeUndefined();
    expect(adapter.calls.filter((call) => call.startsWith('openArchive'))).toHaveLength(1);
    expect(adapter.calls.at(-1)).toBe('closeSession:500');
    expect(await readdir(dir)).toEqual([]);
    expect(() => exports.cancel('nope')).toThrow(/No export nope/);
    await exports.dispose();
  });
});

describe('export progress', () => {
  it('goes out at most every 250 ms per job; changes of state at once', async () => {
    const clock = new ManualClock(T0);
    const published: ExportJob[] = [];
    let progress: ((fraction: number) => void) | undefined;
    let finish: (() => void) | undefined;
    const exports = new ExportService({
      dir: join(await mkdtemp(join(tmpdir(), 'tessera-exports-')), 'exports'),
      clock,
      log: silentLogger,
        adapterFor: () => new ArchiveAdapter(),
      cameraName: () => 'Gate',
      downloads: new Downloads(),
      publish: (job) => published.push(job),
      run: (options) =>
        new Promise((resolve) => {
          progress = options.onProgress;
          finish = () => resolve({ bytes: 0, missing: [] });
        }),
    });
    exports.start([{ serverId: 'hq', cameraId: '1' }], T0, T0 + 60_000);
    await eventually(() => progress, 5000, 'the run to start');
    expect(published.map((job) => job.state)).toEqual(['queued', 'running']);
    for (let i = 1; i <= 100; i++) progress?.(i / 200);
    expect(published).toHaveLength(2);
    await clock.advance(250);
    expect(published.map((job) => job.progress)).toEqual([0, 0, 0.5]);
    progress?.(0.6);
    finish?.();
    await settle();
    expect(published.map((job) => [job.state, job.progress])).toEqual([
      ['queued', 0],
      ['running', 0],
      ['running', 0.5],
      ['done', 1],
    ]);
    await clock.advance(1000);
    expect(published).toHaveLength(4);
    // Kept for six hours, then gone with its file.
    await clock.advance(6 * 3600 * 1000);
    expect(exports.list()).toEqual([]);
    await exports.dispose();
  });
});
