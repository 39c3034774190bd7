import type { Segment } from './segment-ring';

export interface PlaylistOptions {
  /** `EVENT` for archive sessions (they only grow); omitted for a sliding live window. */
  readonly type?: 'EVENT';
  /** Adds EXT-X-ENDLIST: nothing more will be appended. */
  readonly ended?: boolean;
  readonly uri: (segment: Segment) => string;
}

/**
 * An HLS media playlist (RFC 8216) for consecutive segments of one ring: an exact
 * EXT-X-PROGRAM-DATE-TIME on every segment and a discontinuity wherever the encoder
 * restarted (a camera that was offline), so clients can map playback to wall-clock time.
 */
export function mediaPlaylist(segments: readonly Segment[], options: PlaylistOptions): string {
  const target = Math.max(1, ...segments.map((segment) => Math.ceil(segment.durationMs / 1000)));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${target}`, `#EXT-X-MEDIA-SEQUENCE:${segments[0]?.sequence ?? 0}`];
  if (options.type) lines.push(`#EXT-X-PLAYLIST-TYPE:${options.type}`);
  segments.forEach((segment, index) => {
    if (segment.discontinuity && index > 0) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(segment.startMs).toISOString()}`, `#EXTINF:${(segment.durationMs / 1000).toFixed(3)},`, options.uri(segment));
  });
  if (options.ended) lines.push('#EXT-X-ENDLIST');
  return lines.join('\n') + '\n';
}
