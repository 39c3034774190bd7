import { Parser } from 'm3u8-parser';

export interface HistorySegment {
  /** Absolute upstream URL. */
  readonly url: string;
  readonly durationMs: number;
  /** Program date-time of its first frame (epoch ms), when the playlist gives it. */
  readonly startMs: number | undefined;
  /** First segment after a break in the media timeline. */
  readonly discontinuity: boolean;
}

/** The media playlist's segments, read with video.js's m3u8-parser; undefined for a multivariant playlist. */
export function readSegments(text: string, playlistUrl: string): HistorySegment[] | undefined {
  const parser = new Parser();
  parser.push(text);
  parser.end();
  const manifest = parser.manifest as { segments: Array<{ uri: string; duration: number; programDateTime?: number; discontinuity?: boolean }>; playlists?: unknown[] };
  if (manifest.playlists && manifest.playlists.length > 0) return undefined;
  return manifest.segments.map((segment) => ({
    url: new URL(segment.uri, playlistUrl).toString(),
    durationMs: Math.round(segment.duration * 1000),
    startMs: segment.programDateTime,
    discontinuity: segment.discontinuity === true,
  }));
}

/**
 * The last `windowMs` of a live media playlist, as the proxy saw it go by: every segment
 * once, in order. Live playlists list only a few segments at a time; this remembers the
 * minute an operator may want to rewind.
 */
export class LiveHistory {
  private segments: HistorySegment[] = [];
  lastSeen = 0;

  /** `identity` tells segments apart across renewals, when their URLs carry a changing ticket. */
  constructor(
    private readonly windowMs: number,
    private readonly identity: (url: string) => string = (url) => url,
  ) {}

  /** Adds the segments of a fresh look at the playlist; returns those it had not seen (oldest first). */
  merge(latest: readonly HistorySegment[], now: number): HistorySegment[] {
    this.lastSeen = now;
    // A URL seen before with another start time is a new segment under a reused name (the
    // VMS restarted its encoder): the old one is gone upstream and leaves the history.
    const id = this.identity;
    const reused = new Set(latest.filter((segment) => this.segments.some((known) => id(known.url) === id(segment.url) && known.startMs !== segment.startMs)).map((segment) => id(segment.url)));
    if (reused.size > 0) this.segments = this.segments.filter((segment) => !reused.has(id(segment.url)));
    const known = new Set(this.segments.map((segment) => id(segment.url)));
    const added = latest.filter((segment) => !known.has(id(segment.url)));
    this.segments.push(...added);
    let total = this.segments.reduce((sum, segment) => sum + segment.durationMs, 0);
    while (this.segments.length > 1 && total - (this.segments[0]?.durationMs ?? 0) >= this.windowMs) {
      total -= this.segments.shift()?.durationMs ?? 0;
    }
    return added;
  }

  get all(): readonly HistorySegment[] {
    return this.segments;
  }
}
