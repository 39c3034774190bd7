import { Parser, type Manifest } from 'm3u8-parser';
import type { MediaUpstream } from '../../vms/adapter';
import { VmsError } from '../../vms/errors';


/** One segment of a recording, placed in wall-clock time. */
export interface ArchiveSegment {
  readonly url: string;
  /** Epoch ms, from EXT-X-PROGRAM-DATE-TIME. */
  readonly startMs: number;
  readonly durationMs: number;
  /** EXT-X-DISCONTINUITY before it: its timestamps do not follow the previous segment's. */
  readonly discontinuity: boolean;
}

export interface ArchivePlaylist {
  readonly segments: readonly ArchiveSegment[];
  /** EXT-X-ENDLIST: nothing more will be added to this session's playlist. */
  readonly ended: boolean;
  readonly targetDurationMs: number;
}

export interface PlaylistSource {
  /** The session's own media fetcher: it attaches credentials only where they belong. */
  readonly upstream: MediaUpstream;
  readonly timeoutMs: number;
}

/**
 * Reads an archive session's HLS media playlist. `url` may name a master playlist: its
 * best variant (highest bandwidth, as an export wants) is followed once and `mediaUrl`
 * says where later polls go. Segments without their own EXT-X-PROGRAM-DATE-TIME are
 * placed by the parser from the nearest one; a playlist with none at all starts at
 * `startMs` (where the session was asked to start), which holds for archive playlists
 * as they only grow and never slide.
 */
export async function readArchivePlaylist(url: string, source: PlaylistSource, startMs: number, signal?: AbortSignal): Promise<{ playlist: ArchivePlaylist; mediaUrl: string }> {
  let mediaUrl = url;
  let manifest = parse(await fetchText(mediaUrl, source, signal));
  const variants = manifest.playlists ?? [];
  if (variants.length > 0) {
    const best = [...variants].sort((a, b) => (b.attributes?.BANDWIDTH ?? 0) - (a.attributes?.BANDWIDTH ?? 0))[0];
    if (!best) throw new VmsError({ kind: 'protocol', url }, `The master playlist ${url} names no media playlist`);
    mediaUrl = new URL(best.uri, url).toString();
    manifest = parse(await fetchText(mediaUrl, source, signal));
  }
  return { playlist: toPlaylist(manifest, mediaUrl, startMs), mediaUrl };
}

/** The bytes of one segment, or undefined when the server no longer has it (404, 410). */
export async function fetchSegment(url: string, source: PlaylistSource, signal?: AbortSignal): Promise<Uint8Array | undefined> {
  const response = await source.upstream.fetch({ url, timeoutMs: source.timeoutMs, signal });
  if (response.status === 404 || response.status === 410) return undefined;
  if (response.status !== 200) throw new VmsError({ kind: 'http', url, httpStatus: response.status }, `The media server answered HTTP ${response.status} for a segment`);
  return response.body;
}

async function fetchText(url: string, source: PlaylistSource, signal?: AbortSignal): Promise<string> {
  const response = await source.upstream.fetch({ url, timeoutMs: source.timeoutMs, signal });
  if (response.status === 404) throw new VmsError({ kind: 'not-found', url, httpStatus: 404 }, 'The media server has no playlist for this session (HTTP 404)');
  if (response.status !== 200) throw new VmsError({ kind: 'http', url, httpStatus: response.status }, `The media server answered HTTP ${response.status} for the playlist`);
  const text = new TextDecoder().decode(response.body);
  if (!text.trimStart().startsWith('#EXTM3U')) throw new VmsError({ kind: 'protocol', url, httpStatus: 200 }, 'The media server sent something that is not an HLS playlist');
  return text;
}

function parse(text: string): Manifest {
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest;
}

function toPlaylist(manifest: Manifest, mediaUrl: string, startMs: number): ArchivePlaylist {
  let next = startMs;
  const segments = manifest.segments.map((segment): ArchiveSegment => {
    const durationMs = Math.round(segment.duration * 1000);
    const start = segment.programDateTime ?? next;
    next = start + durationMs;
    return { url: new URL(segment.uri, mediaUrl).toString(), startMs: start, durationMs, discontinuity: segment.discontinuity === true };
  });
  return { segments, ended: manifest.endList === true, targetDurationMs: (manifest.targetDuration ?? 2) * 1000 };
}
