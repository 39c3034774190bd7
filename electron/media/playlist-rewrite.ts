/**
 * Rewrites every URI in an HLS playlist so the renderer fetches it from the app's own
 * origin. HLS playlists are line-based (RFC 8216 §4): a URI is either a line of its own
 * or a quoted `URI="..."` attribute of a tag, so rewriting needs no full parser; the
 * player (hls.js) does the real parsing.
 */
export type UriKind = 'playlist' | 'segment';

/** Maps an absolute upstream URL to the URL the renderer should use instead. */
export type UriMapper = (absoluteUrl: string, kind: UriKind) => string;

/** Tags whose URI attribute names another playlist rather than media data. */
const PLAYLIST_URI_TAGS = ['#EXT-X-MEDIA:', '#EXT-X-I-FRAME-STREAM-INF:', '#EXT-X-RENDITION-REPORT:'];

export function rewritePlaylist(text: string, playlistUrl: string, map: UriMapper): string {
  const lines = text.split(/\r?\n/);
  const isMultivariant = lines.some((line) => line.startsWith('#EXT-X-STREAM-INF:'));
  const resolve = (uri: string): string => new URL(uri, playlistUrl).toString();
  return lines
    .map((line) => {
      const trimmed = line.trim();
      if (trimmed.length === 0) return line;
      if (trimmed.startsWith('#')) {
        if (!trimmed.includes('URI="')) return line;
        const kind: UriKind = PLAYLIST_URI_TAGS.some((tag) => trimmed.startsWith(tag)) ? 'playlist' : 'segment';
        return trimmed.replace(/URI="([^"]*)"/g, (_match, uri: string) => `URI="${map(resolve(uri), kind)}"`);
      }
      return map(resolve(trimmed), isMultivariant ? 'playlist' : 'segment');
    })
    .join('\n');
}

export function isPlaylist(text: string): boolean {
  return text.trimStart().startsWith('#EXTM3U');
}
