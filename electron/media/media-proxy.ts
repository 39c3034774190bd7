import { createHash } from 'node:crypto';
import { type Clock, settleWithin, sleep, systemClock } from '../common/clock';
import { type HttpAnswer, textAnswer } from '../common/http-answer';
import { type Logger, silentLogger } from '../common/logger';
import { redactUrl } from '../common/redact';
import type { MediaDescriptor } from '../vms/adapter';
import { isVmsError } from '../vms/errors';
import type { HttpResponse } from '../vms/http';
import { LiveHistory, readSegments, type HistorySegment } from './live-history';
import { type FeedReading, LivePlaylistFeed } from './live-playlist-feed';
import { isPlaylist, rewritePlaylist, type UriKind } from './playlist-rewrite';
import { JpegStreams } from './jpeg-streams';
import { SegmentCache } from './segment-cache';
import { MAX_PUSHED_SEGMENTS, type PushedSegment, type StreamInfo, type StreamKind, type StreamPlaylistEvent } from '../../shared/model/stream';

export type HlsSource = Extract<MediaDescriptor, { kind: 'hls' }>;

export interface MediaProxyOptions {
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly playlistTimeoutMs?: number;
  readonly segmentTimeoutMs?: number;
  /**
   * For this long after a stream opens, a top playlist the VMS answers 404 for is waited
   * for instead of failed: servers return the session before their encoder has written
   * its first segment, and hls.js does not retry a 404 on the manifest.
   */
  readonly warmupMs?: number;
  readonly warmupPollMs?: number;
  /** How much of every playing camera is kept for instant replay. */
  readonly replayWindowMs?: number;
  /** Memory for cached segments, across all cameras. */
  readonly cacheBytes?: number;
  /**
   * Where each new version of a playing live stream's media playlist goes (the stream's
   * window, over the app's event channel); without it, players poll over HTTP only.
   */
  readonly onLivePlaylist?: (update: StreamPlaylistEvent) => void;
}

/** The path prefix media is served under, on the web origin and on the Electron app protocol alike. */
export const MEDIA_ROUTE = '/media/';

/** URL (relative to the app's origin) the renderer loads a stream from. */
export function mediaUrl(streamId: string, kind: StreamKind = 'hls'): string {
  return kind === 'hls' ? `${MEDIA_ROUTE}${streamId}/index.m3u8` : kind === 'jpeg' ? `${MEDIA_ROUTE}${streamId}/frame.jpg` : `${MEDIA_ROUTE}${streamId}/webrtc`;
}

/** What the renderer is told of a stream: where it is on the app's origin, and how to play it. */
export function streamInfo(streamId: string, mode: StreamInfo['mode'], kind: StreamKind): StreamInfo {
  return { streamId, url: mediaUrl(streamId, kind), kind, mode };
}

interface Resource {
  readonly url: string;
  readonly kind: UriKind;
  /** A segment's program date-time: which content of `url` the playlist meant. */
  readonly version?: number | undefined;
}

interface StreamEntry {
  readonly source: HlsSource;
  readonly openedAt: number;
  /** Opaque key (from the resource's identity) → its upstream URL, for every URI seen in this stream's playlists (bounded). */
  readonly resources: Map<string, Resource>;
  /** The media playlist this stream plays (the top one, or the variant hls.js chose). */
  mediaPlaylist: string | undefined;
  /** True once a media playlist of this stream was read (its segments fetched ahead, see `remember`). */
  remembered?: boolean;
  /** The top playlist as fetched when the stream opened, for the player's first ask (see `takeAhead`). */
  ahead?: AheadPlaylist | undefined;
  /** Settles once the playlist fetched as the stream opened was read, and sent to the window if it is a live media playlist (see `fetchAhead`). */
  firstRead?: Promise<void> | undefined;
  /** When the player last asked for anything of this stream (clock ms). */
  askedAt: number;
  /** Reads the live media playlist for the player while it plays (see LivePlaylistFeed). */
  feed?: LivePlaylistFeed | undefined;
  /** Where the player loads the playlist `feed` reads (the top one's path, or a variant's). */
  feedPath?: string | undefined;
  /** The last playlist read for this stream, as the VMS sent it and as it was answered: an unchanged one is not read again. */
  lastRead?: { readonly url: string; readonly upstream: string; readonly read: PlaylistRead } | undefined;
}

/** A live playlist's segment: where the player asks for it, and which content of its upstream URL it is. */
interface LiveSegmentRef {
  readonly path: string;
  readonly url: string;
  readonly version: number | undefined;
}

/** A playlist read for a request: the answer, and for a live media playlist what its feed sends. */
interface PlaylistRead {
  readonly answer: HttpAnswer;
  readonly live?: FeedReading;
  /** A live media playlist's segments, oldest first. */
  readonly segments?: readonly LiveSegmentRef[];
}

interface AheadPlaylist {
  /** The upstream answer; undefined if the fetch failed (the player's ask then fetches again). */
  readonly response: Promise<HttpResponse | undefined>;
  /** When it arrived (clock ms), once it has. */
  arrivedAt?: number;
}

/** Live playlists name a few segments at a time; this bounds the map if a stream plays for days. */
const MAX_RESOURCES_PER_STREAM = 512;

const PATH = /^([A-Za-z0-9_-]{1,64})\/(?:index\.m3u8|(replay)\.m3u8|(frame)\.jpg|([ps])\/([0-9a-f]{20})(?:\.[A-Za-z0-9]{1,5})?)$/;

/**
 * Segments fetched ahead from a stream's first live playlist: the newest two, where
 * a live player starts (hls.js starts `liveSyncDuration`, 1.25 s, before the newest
 * segment's end: in the one before it when segments last 1 s).
 */
const START_SEGMENTS = 2;

/**
 * How old the top playlist fetched as a live stream opened may be when the player first asks
 * for it (usually 0.1-0.5 s later) and still be served instead of fetched again: a live
 * playlist gains a segment every segment duration, and a player that starts from one this
 * much older starts at most this much further behind, which its catch-up soon makes up.
 */
const AHEAD_FRESH_MS = 500;

/**
 * How long the first playlist sent to a window waits for the segments a player starts with
 * (fetched as it was read): without them it goes at once, and the player asks for them.
 */
const FIRST_SEGMENTS_WAIT_MS = 300;

/**
 * A live playlist's feed stops when the player has asked for nothing of its stream over HTTP,
 * and its window has not said it still takes what is pushed (`taking`), for this long: a tile
 * out of sight, or a window gone. Its next playlist request over HTTP starts the feed again.
 */
const FEED_IDLE_MS = 10_000;

/**
 * How long a new playlist version waits for the segment it added, as a share of the segment's
 * duration, before it is sent without it (the player then asks for the segment over HTTP, and
 * gets the same fetch). The player would ask for that segment as soon as it had the playlist,
 * and wait for the same fetch: waiting here costs it nothing.
 */
const SEGMENT_WAIT = 0.5;

/** Live media playlists nobody asked for this long are forgotten, with their history. */
const HISTORY_IDLE_MS = 120_000;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ts: 'video/mp2t',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  aac: 'audio/aac',
  m3u8: 'application/vnd.apple.mpegurl',
  key: 'application/octet-stream',
};

/**
 * The only way media reaches the renderer. The renderer asks for `/media/<streamId>/...`
 * on its own origin; the proxy fetches from the VMS with whatever credentials the adapter
 * attaches, and rewrites playlists so that every URI points back here through an opaque
 * key. The renderer never learns a VMS address, ticket or token, and can fetch only what
 * a playlist of a stream the core opened has named (no open proxy).
 */
export class MediaProxy {
  private readonly streams = new Map<string, StreamEntry>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly playlistTimeoutMs: number;
  private readonly segmentTimeoutMs: number;
  private readonly warmupMs: number;
  private readonly warmupPollMs: number;
  private readonly replayWindowMs: number;
  private readonly cache: SegmentCache;
  private readonly jpeg = new JpegStreams();
  /** What each live media playlist (one camera-profile on the VMS) showed lately. */
  private readonly histories = new Map<string, LiveHistory>();
  /** Playlist fetches in flight, shared by every stream that asks for the same one at once. */
  private readonly playlistFetches = new Map<string, Promise<HttpResponse>>();
  private readonly onLivePlaylist: ((update: StreamPlaylistEvent) => void) | undefined;
  private feedVersion = 0;

  constructor(options: MediaProxyOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLogger;
    this.playlistTimeoutMs = options.playlistTimeoutMs ?? 5000;
    this.segmentTimeoutMs = options.segmentTimeoutMs ?? 10_000;
    this.warmupMs = options.warmupMs ?? 10_000;
    this.warmupPollMs = options.warmupPollMs ?? 200;
    this.replayWindowMs = options.replayWindowMs ?? 60_000;
    this.cache = new SegmentCache(options.cacheBytes ?? 256 * 1024 * 1024, () => this.clock.now());
    this.onLivePlaylist = options.onLivePlaylist;
  }

  /**
   * Starts serving a stream, or points an existing one at a new upstream (after a session
   * restart: the player reloads). A live HLS stream is fetched at once: its playlist, and
   * through it the newest segments, are on their way while the session's answer travels to
   * the window and the player starts, so the first segment the player asks for is already
   * here or nearly (recorded media waits for the player, which says where it starts).
   */
  open(streamId: string, media: MediaDescriptor, options: { readonly live?: boolean } = {}): void {
    this.streams.get(streamId)?.feed?.dispose();
    if (media.kind === 'jpeg') {
      this.streams.delete(streamId);
      this.jpeg.open(streamId, media.frames);
    } else if (media.kind === 'hls') {
      this.jpeg.close(streamId);
      const now = this.clock.now();
      const entry: StreamEntry = { source: media, openedAt: now, resources: new Map(), mediaPlaylist: undefined, askedAt: now };
      this.streams.set(streamId, entry);
      if (options.live === true) this.fetchAhead(streamId, entry);
    }
  }

  /**
   * The same stream under a renewed session (VXG: a new ticket in every URL). The player
   * does not notice: its URLs stay the same and the keys it holds stay valid, because keys
   * come from the upstream's identity of a resource, not from its ticketed URL; the next
   * playlist fetched through the new session points each key at its new URL.
   */
  renew(streamId: string, media: MediaDescriptor): void {
    const stream = this.streams.get(streamId);
    if (stream && media.kind === 'hls') {
      const renewed = { ...stream, source: media };
      this.streams.set(streamId, renewed);
      // The player fetched the top playlist once, at start: the variant playlists it names
      // (and reloads every few seconds) must point at the new session now, not when the old
      // ticket has already expired. Reading the new top playlist re-registers them.
      void this.readPlaylist(streamId, renewed, media.playlistUrl, false).catch((error: unknown) => this.log.debug('re-reading a renewed top playlist failed', { streamId, error }));
    } else if (media.kind === 'jpeg') this.jpeg.open(streamId, media.frames);
  }

  /**
   * Fetches a live stream's top playlist (and through it its newest segments) as it opens,
   * and keeps the answer for the player's first ask: at a wall's start that ask came
   * 0.1-0.5 s later and fetched the same playlist again, one more request per tile at the
   * VMS while all tiles wait for theirs.
   */
  private fetchAhead(streamId: string, entry: StreamEntry): void {
    const url = entry.source.playlistUrl;
    const ahead: AheadPlaylist = {
      response: this.fetchPlaylist(entry, url).then(
        (response) => {
          ahead.arrivedAt = this.clock.now();
          return response;
        },
        (error: unknown) => {
          this.log.debug('fetching a new live stream ahead failed', { streamId, error });
          return undefined;
        },
      ),
    };
    entry.ahead = ahead;
    // Read as the player's would be: registers its URIs and fetches the newest segments,
    // which go to the window with the playlist: its player then starts with no request of
    // its own (see `firstPlaylistSent`).
    entry.firstRead = ahead.response
      .then((response) => (response ? this.readPlaylist(streamId, entry, url, false, undefined, ahead.response) : undefined))
      .then(async (read) => {
        if (!read?.live || this.streams.get(streamId) !== entry) return;
        const starting = await this.segmentsInTime(entry, (read.segments ?? []).slice(-START_SEGMENTS), FIRST_SEGMENTS_WAIT_MS);
        // Closed or reopened meanwhile: that stream's own fetch ahead feeds it.
        if (this.streams.get(streamId) === entry) this.feed(streamId, entry, undefined, read, starting);
      })
      .catch((error: unknown) => this.log.debug('reading a new live stream ahead failed', { streamId, error }));
  }

  /**
   * Resolves once a live stream's first playlist, with the segments a player starts with,
   * has gone to its window (or was found not to be a live media playlist), or after
   * `withinMs`. The stream's opening answers its window after this: the window takes that
   * playlist and those segments as its player starts, not over HTTP. On a 16-tile wall
   * opening at once those were 32 requests through the browser's six connections to the
   * core, each 2-4 ms of the page's one busy thread to send, while every tile waited.
   * Waiting costs the player nothing: it could not start before that playlist arrived.
   */
  firstPlaylistSent(streamId: string, withinMs: number): Promise<void> {
    const read = this.streams.get(streamId)?.firstRead;
    return read ? settleWithin(this.clock, read, withinMs) : Promise.resolve();
  }

  /** The playlist fetched as the stream opened, once, if it is still fresh (AHEAD_FRESH_MS). */
  private takeAhead(stream: StreamEntry): Promise<HttpResponse | undefined> | undefined {
    const ahead = stream.ahead;
    stream.ahead = undefined;
    if (!ahead || (ahead.arrivedAt !== undefined && this.clock.now() - ahead.arrivedAt > AHEAD_FRESH_MS)) return undefined;
    return ahead.response;
  }

  /** The stream's player still takes the playlists and segments its feed pushes (see FEED_IDLE_MS). */
  taking(streamId: string): void {
    const stream = this.streams.get(streamId);
    if (stream) stream.askedAt = this.clock.now();
  }

  close(streamId: string): void {
    this.streams.get(streamId)?.feed?.dispose();
    this.streams.delete(streamId);
    this.jpeg.close(streamId);
  }

  get openStreams(): number {
    return this.streams.size + this.jpeg.size;
  }

  /** Bytes of media held for sharing and instant replay (for diagnostics and benchmarks). */
  get cachedBytes(): number {
    return this.cache.bytes;
  }

  /** Serves `path`, the part of the request path after `/media/`. */
  async handle(path: string, url?: URL, signal?: AbortSignal): Promise<HttpAnswer> {
    const match = PATH.exec(path);
    if (!match) return textAnswer(404, 'No such media path');
    const [, streamId = '', replay, frame, type, key] = match;
    if (frame) return this.jpeg.handle(streamId, url, signal);
    const stream = this.streams.get(streamId);
    if (!stream) return textAnswer(404, 'This stream is closed');
    stream.askedAt = this.clock.now();
    if (replay) return this.serveReplay(streamId, stream);

    let resource: Resource;
    if (type === undefined) {
      resource = { url: stream.source.playlistUrl, kind: 'playlist' };
    } else {
      const known = key === undefined ? undefined : stream.resources.get(key);
      if (!known) return textAnswer(404, 'Unknown media resource (not in a current playlist)');
      resource = known;
    }

    try {
      if (resource.kind !== 'playlist') return await this.serveSegment(stream, resource.url, resource.version);
      const read = await this.readPlaylist(streamId, stream, resource.url, type === undefined, signal, type === undefined ? this.takeAhead(stream) : undefined);
      if (read.live) this.feed(streamId, stream, type === undefined ? undefined : key, read);
      return read.answer;
    } catch (error) {
      if (signal?.aborted) return textAnswer(499, 'Request cancelled');
      if (isVmsError(error)) {
        this.log.debug('upstream media failed', { streamId, url: error.url, kind: error.kind });
        return textAnswer(error.kind === 'timeout' ? 504 : 502, error.message);
      }
      throw error;
    }
  }

  /** `fetched`: an answer for `url` already on its way (used for the first attempt unless it failed). */
  private async readPlaylist(streamId: string, stream: StreamEntry, url: string, isTop: boolean, signal?: AbortSignal, fetched?: Promise<HttpResponse | undefined>): Promise<PlaylistRead> {
    for (let first = fetched; ; first = undefined) {
      const response = (await first) ?? (await this.fetchPlaylist(stream, url));
      const stillWarmingUp = isTop && response.status === 404 && this.clock.now() - stream.openedAt < this.warmupMs;
      if (stillWarmingUp) {
        await sleep(this.clock, this.warmupPollMs, signal);
        continue;
      }
      if (response.status !== 200) return { answer: textAnswer(response.status === 404 ? 404 : 502, `Upstream playlist answered HTTP ${response.status}`) };
      const text = new TextDecoder().decode(response.body);
      if (!isPlaylist(text)) return { answer: textAnswer(502, `Upstream playlist is not HLS (${redactUrl(url)})`) };
      // After a redirect, the playlist's relative URIs are relative to where it came from.
      const base = response.url ?? url;
      // A live playlist is read about once a segment and often has not changed yet: the same
      // text means the same segments, keys and answer, so it is not parsed and rewritten again.
      const last = stream.lastRead;
      if (last && last.url === base && last.upstream === text) {
        const history = this.histories.get(this.identity(stream, base));
        if (history) history.lastSeen = this.clock.now();
        return last.read;
      }
      const segments = this.remember(stream, base, text);
      const versions = new Map(segments?.map((segment) => [segment.url, segment.startMs]));
      const paths = new Map<string, string>();
      const rewritten = rewritePlaylist(text, base, (absolute, kind) => {
        const path = this.register(streamId, stream, absolute, kind, versions.get(absolute));
        paths.set(absolute, path);
        return path;
      });
      const answer = { status: 200, headers: { 'content-type': CONTENT_TYPES['m3u8'] ?? '', 'cache-control': 'no-store' }, body: new TextEncoder().encode(rewritten) };
      const newest = segments?.at(-1);
      const live = newest !== undefined && stream.mediaPlaylist === base;
      const refs = live && segments ? segments.flatMap((segment) => { const path = paths.get(segment.url); return path === undefined ? [] : [{ path, url: segment.url, version: segment.startMs }]; }) : [];
      const read: PlaylistRead = live ? { answer, live: { text: rewritten, segmentMs: newest.durationMs }, segments: refs } : { answer };
      stream.lastRead = { url: base, upstream: text, read };
      return read;
    }
  }

  /**
   * Starts feeding a live media playlist the player just asked for to its window (if the
   * core has a channel for it and no feed runs): it then takes new versions from the
   * channel and polls over HTTP only when they stop coming. Each version after the first
   * carries the segments it added, so the player asks for nothing over HTTP while the feed
   * runs: on a 16-tile wall that is 16 requests a second fewer for the browser's network
   * service and for the core. `key` names a variant playlist; undefined, the top one.
   *
   * A player that switches variants (hls.js picks the one that fits its tile once it has
   * started on the first) asks for the new one over HTTP: the feed moves to it. Left on the
   * old one, it went on fetching a variant nobody played, segments and all, while the
   * player polled the one it plays over HTTP every segment.
   */
  private feed(streamId: string, stream: StreamEntry, key: string | undefined, first: PlaylistRead, firstSegments: readonly PushedSegment[] = []): void {
    const publish = this.onLivePlaylist;
    if (!publish || !first.live) return;
    const path = key === undefined ? mediaUrl(streamId) : variantPath(streamId, key);
    if (stream.feed?.running === true && stream.feedPath === path) return;
    stream.feed?.dispose();
    stream.feedPath = path;
    const send = (reading: FeedReading): void => publish({ streamId, path, version: ++this.feedVersion, text: reading.text, segmentMs: reading.segmentMs, ...(reading.segments?.length ? { segments: [...reading.segments] } : {}) });
    send({ ...first.live, segments: firstSegments });
    // The segments the player has had, or asks for itself: those of the first version.
    let sent = new Set(first.segments?.map((segment) => segment.path));
    const feed: LivePlaylistFeed = new LivePlaylistFeed({
      clock: this.clock,
      log: this.log,
      first: first.live,
      read: async () => {
        // Looked up at each read: a renewed session replaces the stream's entry and its URLs.
        const current = this.streams.get(streamId);
        const url = current && (key === undefined ? current.source.playlistUrl : current.resources.get(key)?.url);
        const read = current && url ? await this.readPlaylist(streamId, current, url, key === undefined) : undefined;
        if (!current || !read?.live) return undefined;
        const added = (read.segments ?? []).filter((segment) => !sent.has(segment.path)).slice(-MAX_PUSHED_SEGMENTS);
        // Only what the playlist still names: the set stays as small as the playlist.
        sent = new Set(read.segments?.map((segment) => segment.path));
        if (added.length === 0) return read.live;
        return { ...read.live, segments: await this.segmentsInTime(current, added, read.live.segmentMs * SEGMENT_WAIT) };
      },
      publish: send,
      wanted: () => {
        const current = this.streams.get(streamId);
        return current?.feed === feed && this.clock.now() - current.askedAt < FEED_IDLE_MS;
      },
    });
    stream.feed = feed;
  }

  /** Those of `segments` whose fetch (started as the playlist was read) is done within `waitMs`, in order. */
  private async segmentsInTime(stream: StreamEntry, segments: readonly LiveSegmentRef[], waitMs: number): Promise<PushedSegment[]> {
    const answers = await Promise.all(segments.map((segment) => settleWithin(this.clock, this.fetchSegment(stream, segment.url, segment.version).catch(() => undefined), waitMs)));
    return segments.flatMap((segment, index) => {
      const answer = answers[index];
      return answer?.status === 200 ? [{ path: segment.path, data: answer.body }] : [];
    });
  }

  private async serveSegment(stream: StreamEntry, url: string, version: number | undefined): Promise<HttpAnswer> {
    const response = await this.fetchSegment(stream, url, version);
    if (response.status !== 200) return textAnswer(response.status === 404 ? 404 : 502, `Upstream segment answered HTTP ${response.status}`);
    return { status: 200, headers: { 'content-type': contentTypeOf(url), 'cache-control': 'no-store' }, body: response.body };
  }

  /**
   * One fetch of a playlist however many streams ask for it at the same moment (tiles of
   * the same camera, in several windows). Not cached beyond that: a live playlist changes.
   */
  private fetchPlaylist(stream: StreamEntry, url: string): Promise<HttpResponse> {
    let pending = this.playlistFetches.get(url);
    if (!pending) {
      pending = stream.source.upstream.fetch({ url, timeoutMs: this.playlistTimeoutMs });
      this.playlistFetches.set(url, pending);
      void pending.finally(() => this.playlistFetches.delete(url)).catch(() => undefined);
    }
    return pending;
  }

  /**
   * A segment through the shared cache, in the version its playlist named (its program
   * date-time). Not tied to one request's abort: others may be waiting for it.
   */
  private fetchSegment(stream: StreamEntry, url: string, version: number | undefined): Promise<HttpResponse> {
    return this.cache.get(this.identity(stream, url), this.replayWindowMs, () => stream.source.upstream.fetch({ url, timeoutMs: this.segmentTimeoutMs }), version);
  }

  /**
   * Notes a media playlist's segments in its history (the last minute, for instant
   * replay) and fetches the new ones ahead, so they are in the cache when the player, or
   * a replay while the VMS is unreachable, asks for them. Of a stream's first playlist,
   * only the newest START_SEGMENTS: a live player starts there, and the older ones
   * of the window (six on many servers) fetched too, for every tile of a wall opening at
   * once, held up the playlists and first segments the players were waiting for (16 tiles:
   * 96 segment fetches queued at the VMS in front of 16 playlists). Replay then reaches
   * back to the stream's opening, not a few seconds before it.
   */
  private remember(stream: StreamEntry, url: string, text: string): HistorySegment[] | undefined {
    const segments = readSegments(text, url);
    if (!segments) return undefined;
    // Recorded media (EVENT or VOD playlists, or one that ended) is fetched as the player
    // asks: ahead of it, a 30-minute archive window would be downloaded whole.
    if (/^#EXT-X-(PLAYLIST-TYPE|ENDLIST)/m.test(text)) return segments;
    stream.mediaPlaylist = url;
    const now = this.clock.now();
    const historyKey = this.identity(stream, url);
    let history = this.histories.get(historyKey);
    const firstLook = stream.remembered !== true;
    stream.remembered = true;
    if (!history) this.histories.set(historyKey, (history = new LiveHistory(this.replayWindowMs, (segment) => this.identity(stream, segment))));
    const added = history.merge(segments, now);
    const ahead = firstLook ? added.slice(-START_SEGMENTS) : added;
    for (const segment of ahead) if (!this.cache.has(this.identity(stream, segment.url), segment.startMs)) void this.fetchSegment(stream, segment.url, segment.startMs).catch(() => undefined);
    for (const [known, other] of this.histories) if (now - other.lastSeen > HISTORY_IDLE_MS) this.histories.delete(known);
    return segments;
  }

  /**
   * Instant replay: the last minute of the stream's camera as a finished (VOD) playlist,
   * from segments already in the cache, so it plays even while the VMS is unreachable.
   */
  private serveReplay(streamId: string, stream: StreamEntry): HttpAnswer {
    const history = stream.mediaPlaylist ? this.histories.get(this.identity(stream, stream.mediaPlaylist)) : undefined;
    const segments = (history?.all ?? []).filter((segment) => this.cache.has(this.identity(stream, segment.url), segment.startMs));
    if (segments.length === 0) return textAnswer(404, 'Nothing to replay yet');
    return { status: 200, headers: { 'content-type': CONTENT_TYPES['m3u8'] ?? '', 'cache-control': 'no-store' }, body: new TextEncoder().encode(this.replayPlaylist(streamId, stream, segments)) };
  }

  private replayPlaylist(streamId: string, stream: StreamEntry, segments: readonly HistorySegment[]): string {
    const target = Math.max(1, ...segments.map((segment) => Math.ceil(segment.durationMs / 1000)));
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD'];
    segments.forEach((segment, index) => {
      const previous = segments[index - 1];
      const gap = previous?.startMs !== undefined && segment.startMs !== undefined && Math.abs(previous.startMs + previous.durationMs - segment.startMs) > 1500;
      if (index > 0 && (segment.discontinuity || gap)) lines.push('#EXT-X-DISCONTINUITY');
      if (segment.startMs !== undefined) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(segment.startMs).toISOString()}`);
      lines.push(`#EXTINF:${(segment.durationMs / 1000).toFixed(3)},`, this.register(streamId, stream, segment.url, 'segment', segment.startMs));
    });
    lines.push('#EXT-X-ENDLIST');
    return lines.join('\n') + '\n';
  }

  /** What stays the same of a resource across session renewals (see MediaUpstream.identity). */
  private identity(stream: StreamEntry, url: string): string {
    return stream.source.upstream.identity?.(url) ?? url;
  }

  private register(streamId: string, stream: StreamEntry, url: string, kind: UriKind, version?: number): string {
    const key = createHash('sha256').update(this.identity(stream, url)).digest('hex').slice(0, 20);
    const isNew = !stream.resources.has(key);
    // Set again each time: the latest playlist says which version of the URL it means.
    stream.resources.set(key, { url, kind, version });
    if (isNew && stream.resources.size > MAX_RESOURCES_PER_STREAM) {
      const oldest = stream.resources.keys().next().value;
      if (oldest !== undefined) stream.resources.delete(oldest);
    }
    return kind === 'playlist' ? variantPath(streamId, key) : `${MEDIA_ROUTE}${streamId}/s/${key}.${extensionOf(url)}`;
  }
}

/** Where the player loads a stream's variant (or other named) playlist of key `key`. */
function variantPath(streamId: string, key: string): string {
  return `${MEDIA_ROUTE}${streamId}/p/${key}.m3u8`;
}

function extensionOf(url: string): string {
  const match = /\.([A-Za-z0-9]{1,5})$/.exec(new URL(url).pathname);
  return match?.[1]?.toLowerCase() ?? 'ts';
}

function contentTypeOf(url: string): string {
  return CONTENT_TYPES[extensionOf(url)] ?? 'application/octet-stream';
}
