import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type HlsConfig, type Loader, type LoaderCallbacks, type LoaderConfiguration, LoaderContextType, LoadStats, type PlaylistLoaderContext } from 'hls.js';
import { pushedPlaylistLoader } from '../../../renderer/players/pushed-playlist-loader';
import { PushedPlaylists } from '../../../renderer/players/pushed-playlists';

const URL_OF = 'http://127.0.0.1:8080/media/cam/index.m3u8';
const PATH = '/media/cam/index.m3u8';
const playlist = (n: number): string => `#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:${n}\n#EXTINF:1.000,\n/media/cam/s/${n}.ts\n`;

/** hls.js's own loader, standing in for HTTP: records what it was asked to load. */
const httpLoads: string[] = [];
class HttpLoader implements Loader<PlaylistLoaderContext> {
  context: PlaylistLoaderContext | null = null;
  stats = new LoadStats();
  load(context: PlaylistLoaderContext): void {
    httpLoads.push(context.url);
  }
  abort(): void {}
  destroy(): void {}
}

const config = { loader: HttpLoader } as unknown as HlsConfig;
const loaderConfig = { loadPolicy: {} } as unknown as LoaderConfiguration;

function load(store: PushedPlaylists, type: LoaderContextType.MANIFEST | LoaderContextType.LEVEL = LoaderContextType.LEVEL) {
  const Loader = pushedPlaylistLoader(store);
  const loader = new Loader(config);
  const got: string[] = [];
  const aborted: boolean[] = [];
  const callbacks: LoaderCallbacks<PlaylistLoaderContext> = {
    onSuccess: (response) => got.push(response.data as string),
    onError: () => undefined,
    onTimeout: () => undefined,
    onAbort: () => aborted.push(true),
  };
  loader.load({ url: URL_OF, type, responseType: 'text' } as PlaylistLoaderContext, loaderConfig, callbacks);
  return { loader, got, aborted };
}

describe('the pushed playlist loader (live tiles)', () => {
  let now = 0;
  let store: PushedPlaylists;
  const push = (version: number, n = version): void => store.put({ streamId: 'cam', path: PATH, version, text: playlist(n), segmentMs: 1000 });

  beforeEach(() => {
    vi.useFakeTimers();
    now = 0;
    httpLoads.length = 0;
    store = new PushedPlaylists(() => now);
  });
  afterEach(() => vi.useRealTimers());

  /** Version 1 pushed and taken by a player: the next load has nothing newer to take. */
  async function tookFirst(): Promise<void> {
    push(1);
    const first = load(store);
    await vi.waitFor(() => expect(first.got).toHaveLength(1));
  }

  it('starts a player from the playlist the core sent as its stream opened, without HTTP', async () => {
    push(1);
    const { got } = load(store, LoaderContextType.MANIFEST);
    await vi.waitFor(() => expect(got).toEqual([playlist(1)]));
    expect(httpLoads).toEqual([]);
    // Its reloads then wait for the next version, as any player's.
    const reload = load(store);
    push(2);
    await vi.waitFor(() => expect(reload.got).toEqual([playlist(2)]));
    expect(httpLoads).toEqual([]);
  });

  it('starts a player over HTTP when nothing was sent, when another player took it, or when it is older than a segment', async () => {
    load(new PushedPlaylists(() => now), LoaderContextType.MANIFEST);
    expect(httpLoads, 'nothing sent').toEqual([URL_OF]);
    await tookFirst();
    load(store, LoaderContextType.MANIFEST);
    expect(httpLoads, 'a player (the one this reloads) took it: its manifest load restarts it, from a new playlist').toEqual([URL_OF, URL_OF]);
    push(2);
    now += 1001;
    load(store, LoaderContextType.MANIFEST);
    expect(httpLoads, 'it would start the tile a second behind live').toEqual([URL_OF, URL_OF, URL_OF]);
  });

  it('loads a level playlist over HTTP when nothing was pushed for it', () => {
    load(new PushedPlaylists(() => now));
    expect(httpLoads).toEqual([URL_OF]);
  });

  it('takes a pushed version it has not had at once, without HTTP', async () => {
    push(1);
    const { got } = load(store);
    await vi.waitFor(() => expect(got).toEqual([playlist(1)]));
    expect(httpLoads).toEqual([]);
  });

  it('waits for the next version when it has the newest, as a blocking reload would', async () => {
    await tookFirst();
    const second = load(store);
    await vi.advanceTimersByTimeAsync(900);
    expect(second.got).toEqual([]);
    push(2);
    expect(second.got).toEqual([playlist(2)]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(httpLoads, 'no HTTP after the push came').toEqual([]);
  });

  it('asks over HTTP when the next version is late, and when the last one is stale (the feed stopped)', async () => {
    await tookFirst();
    const late = load(store);
    await vi.advanceTimersByTimeAsync(1900);
    expect(httpLoads).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(httpLoads).toEqual([URL_OF]);
    push(2);
    expect(late.got, 'the HTTP load answers it, not a push after').toEqual([]);

    now += 10_000;
    load(store);
    expect(httpLoads).toEqual([URL_OF, URL_OF]);
  });

  it('stops waiting when hls.js aborts: nothing is delivered after', async () => {
    await tookFirst();
    const waiting = load(store);
    waiting.loader.abort();
    expect(waiting.aborted).toEqual([true]);
    push(2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(waiting.got).toEqual([]);
    expect(httpLoads).toEqual([]);
  });

  it('ignores a version older than the one it holds', () => {
    push(3);
    push(2, 99);
    const { got } = load(store);
    return vi.waitFor(() => expect(got).toEqual([playlist(3)]));
  });
});
