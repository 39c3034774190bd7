// m3u8-parser (video.js) ships no types; this is the part the tests and the export use.
declare module 'm3u8-parser' {
  export interface ParsedSegment {
    uri: string;
    duration: number;
    programDateTime?: number;
    discontinuity?: boolean;
    /** The segment's init segment (EXT-X-MAP), for fragmented MP4. */
    map?: { uri: string };
  }
  /** A variant of a master playlist. */
  export interface ParsedPlaylist {
    uri: string;
    attributes?: { BANDWIDTH?: number; RESOLUTION?: { width: number; height: number } };
  }
  export interface Manifest {
    targetDuration?: number;
    mediaSequence?: number;
    playlistType?: string;
    endList?: boolean;
    segments: ParsedSegment[];
    /** Present (non-empty) on a master playlist. */
    playlists?: ParsedPlaylist[];
  }
  export class Parser {
    manifest: Manifest;
    push(chunk: string): void;
    end(): void;
  }
}
