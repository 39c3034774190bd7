import { afterEach, describe, expect, it, vi } from 'vitest';
import { type FragmentLoaderContext, type HlsConfig, type Loader, type LoaderCallbacks, type LoaderConfiguration, type LoaderStats, LoadStats } from 'hls.js';
import { pushedSegmentLoader } from '../../../renderer/players/pushed-segment-loader';
import { PushedPlaylists, reportTaking, TAKING_REPORT_MS } from '../../../renderer/players/pushed-playlists';
import type { PushedSegment } from '../../../shared/model/stream';

const PLAYLIST = '/media/cam/index.m3u8';
const segmentPath = (n: number): string => `/media/cam/s/${n}.ts`;
const segmentUrl = (n: number): string => `http://127.0.0.1:8080${segmentPath(n)}`;
const bytes = (n: number): Uint8Array => new TextEncoder().encode(`SEGMENT-${n}`);
const pushed = (n: number): PushedSegment => ({ path: segmentPath(n), data: bytes(n) });

/** hls.js's own loader, standing in for HTTP: records what it was asked to load, with the stats it was given. */
const httpLoads: Array<{ url: string; stats: LoaderStats }> = [];
let httpAborts = 0;
class HttpLoader implements Loader<FragmentLoaderContext> {
  context: FragmentLoaderContext | null = null;
  stats = new LoadStats();
  load(context: FragmentLoaderContext): void {
    httpLoads.push({ url: context.url, stats: this.stats });
  }
  abort(): void {
    httpAborts += 1;
  }
  destroy(): void {}
}

const config = { loader: HttpLoader } as unknown as HlsConfig;
const loaderConfig = { loadPolicy: {} } as unknown as LoaderConfiguration;

function loadSegment(store: PushedPlaylists, n: number, range: { rangeStart?: number; rangeEnd?: number } = { rangeStart: 0, rangeEnd: 0 }) {
  const Loader = pushedSegmentLoader(store);
  const loader = new Loader(config);
  const got: ArrayBuffer[] = [];
  const aborted: boolean[] = [];
  const callbacks: LoaderCallbacks<FragmentLoaderContext> = {
    onSuccess: (response) => got.push(response.data as ArrayBuffer),
    onError: () => undefined,
    onTimeout: () => undefined,
    onAbort: () => aborted.push(true),
  };
  // hls.js marks a whole segment with rangeStart and rangeEnd 0.
  loader.load({ url: segmentUrl(n), responseType: 'arraybuffer', ...range } as FragmentLoaderContext, loaderConfig, callbacks);
  return { loader, got, aborted };
}

const text = (buffer: ArrayBuffer | undefined): string => (buffer ? new TextDecoder().decode(buffer) : '');

describe('the pushed segment loader (live tiles)', () => {
  const store = (): PushedPlaylists => new PushedPlaylists(() => 0);
  const push = (into: PushedPlaylists, version: number, segments: PushedSegment[]): void =>
    into.put({ streamId: 'cam', path: PLAYLIST, version, text: '#EXTM3U\n', segmentMs: 1000, segments });

  afterEach(() => {
    httpLoads.length = 0;
    httpAborts = 0;
  });

  it('hands the player a pushed segment without HTTP, once, in a buffer of its own', async () => {
    const pushedPlaylists = store();
    push(pushedPlaylists, 2, [pushed(8)]);
    const { got } = loadSegment(pushedPlaylists, 8);
    await vi.waitFor(() => expect(got).toHaveLength(1));
    expect(text(got[0])).toBe('SEGMENT-8');
    expect(httpLoads).toEqual([]);
    // Asked again (hls.js reloading it after an error): over HTTP, the core still has it.
    loadSegment(pushedPlaylists, 8);
    expect(httpLoads.map((load) => load.url)).toEqual([segmentUrl(8)]);
  });

  it('loads over HTTP what was not pushed, and any byte range, with the stats object hls.js already holds', () => {
    const pushedPlaylists = store();
    push(pushedPlaylists, 2, [pushed(8)]);
    const missing = loadSegment(pushedPlaylists, 7);
    loadSegment(pushedPlaylists, 8, { rangeStart: 0, rangeEnd: 100 });
    expect(httpLoads.map((load) => load.url)).toEqual([segmentUrl(7), segmentUrl(8)]);
    expect(httpLoads[0]?.stats).toBe(missing.loader.stats);
    missing.loader.abort();
    expect(httpAborts).toBe(1);
  });

  it('keeps the newest four segments of a playlist its player does not take, not all of them', () => {
    const pushedPlaylists = store();
    for (let n = 1; n <= 6; n += 1) push(pushedPlaylists, n, [pushed(n)]);
    expect(pushedPlaylists.takeSegment(segmentPath(2))).toBeUndefined();
    expect(pushedPlaylists.takeSegment(segmentPath(3))).toEqual(bytes(3));
    expect(pushedPlaylists.takeSegment(segmentPath(6))).toEqual(bytes(6));
  });

  it('delivers nothing after hls.js aborts', async () => {
    const pushedPlaylists = store();
    push(pushedPlaylists, 2, [pushed(8)]);
    const { loader, got, aborted } = loadSegment(pushedPlaylists, 8);
    loader.abort();
    await Promise.resolve();
    expect(got).toEqual([]);
    expect(aborted).toEqual([true]);
  });

  it('tells the core every few seconds which streams its players take pushes of, and nothing when none did', () => {
    const pushedPlaylists = store();
    let tick: () => void = () => undefined;
    const sent: string[][] = [];
    const periods: number[] = [];
    reportTaking(pushedPlaylists, (streamIds) => sent.push(streamIds), (periodMs, listener) => {
      periods.push(periodMs);
      tick = listener;
      return () => undefined;
    });
    expect(periods).toEqual([TAKING_REPORT_MS]);
    tick();
    expect(sent).toEqual([]);
    push(pushedPlaylists, 2, [pushed(8)]);
    pushedPlaylists.takeSegment(segmentPath(8));
    tick();
    tick();
    expect(sent).toEqual([['cam']]);
  });
});
