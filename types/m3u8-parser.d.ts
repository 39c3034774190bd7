// m3u8-parser (video.js) ships no types; this is the part the tests use.
declare module 'm3u8-parser' {
  export interface ParsedSegment {
    uri: string;
    duration: number;
    programDateTime?: number;
    discontinuity?: boolean;
  }
  export interface Manifest {
    targetDuration?: number;
    mediaSequence?: number;
    playlistType?: string;
    endList?: boolean;
    segments: ParsedSegment[];
  }
  export class Parser {
    manifest: Manifest;
    push(chunk: string): void;
    end(): void;
  }
}
