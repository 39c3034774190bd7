import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Manifest, Parser } from 'm3u8-parser';
import { ffmpegOutput } from '../../common/ffmpeg';
import type { HttpAnswer } from '../../common/http-answer';
import type { Logger } from '../../common/logger';
import { MEDIA_ROUTE } from '../../media/media-proxy';
import type { VmsBinary } from '../../vms/adapter';
import type { LiveStartRequest, StreamInfo } from '../../../shared/model/stream';

/**
 * The size a still's own stream is asked for: the VMS's sub stream (the smallest of its
 * streams at least this large), the cheapest for it to start; enough for the alert's
 * thumbnail and the drawer's picture. A camera on the wall gives its tile's stream instead.
 */
const STILL_SIZE = { width: 320, height: 180 } as const;

/** The client the stills' own streams belong to: no window, so nothing is pushed anywhere. */
const STILLS_CLIENT = 'core:stills';

/** Longest ffmpeg may take to decode one frame of a segment. */
const DECODE_TIMEOUT_MS = 10_000;

/**
 * A stream just opened may list no segment yet (an encoder the VMS starts for it): its
 * playlist is read again this often, this many times, within the picture's own time limit.
 */
const EMPTY_PLAYLIST_RETRY_MS = 500;
const EMPTY_PLAYLIST_READS = 8;

export interface StreamStillsDeps {
  readonly streams: {
    start(clientId: string, request: LiveStartRequest, mode: { readonly mode: 'live' }): Promise<StreamInfo>;
    stop(clientId: string, streamId: string): Promise<void>;
    liveStreamOf(serverId: string, cameraId: string): string | undefined;
  };
  /** The media proxy's own handler: the path after `/media/`. */
  readonly media: { handle(path: string, url?: URL, signal?: AbortSignal): Promise<HttpAnswer> };
  readonly log: Logger;
  /** A JPEG of the first frame of a media segment (ffmpeg; tests give their own). */
  readonly firstFrame?: (segment: Uint8Array, signal: AbortSignal) => Promise<Uint8Array>;
  /** Waits between reads of a playlist with no segment yet (tests give their own). */
  readonly pause?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * A camera's picture, now, from its live video, for a VMS that gives no picture apart from
 * it: IVMS Pro's REST API has none (a channel's `snapUrl` points at the camera itself, with
 * the camera's own credentials, which Tessera never uses). A camera a tile shows gives the
 * newest segment the media proxy holds for it; any other is opened as a tile's stream would
 * be (the VMS's sign-in, failover and keepalive), read once and closed. The segment's first
 * frame, a keyframe at most one segment old, becomes a JPEG.
 */
export class StreamStills {
  private readonly pause: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly deps: StreamStillsDeps) {
    this.pause = deps.pause ?? ((ms, signal) => sleep(ms, undefined, { signal }));
  }

  async picture(serverId: string, cameraId: string, signal: AbortSignal): Promise<VmsBinary | undefined> {
    const shown = this.deps.streams.liveStreamOf(serverId, cameraId);
    // What the proxy keeps for instant replay: read only, the tile's own feed is left alone.
    const cached = shown === undefined ? undefined : await this.newestSegment(`${shown}/replay.m3u8`, signal).catch(() => undefined);
    if (cached) return this.jpeg(cached, signal);
    const info = await this.deps.streams.start(STILLS_CLIENT, { serverId, cameraId, ...STILL_SIZE }, { mode: 'live' });
    try {
      if (info.kind !== 'hls') return undefined;
      let segment = await this.newestSegment(`${info.streamId}/index.m3u8`, signal);
      for (let read = 1; !segment && read < EMPTY_PLAYLIST_READS; read++) {
        await this.pause(EMPTY_PLAYLIST_RETRY_MS, signal);
        segment = await this.newestSegment(`${info.streamId}/index.m3u8`, signal);
      }
      return segment ? await this.jpeg(segment, signal) : undefined;
    } finally {
      this.deps.streams.stop(STILLS_CLIENT, info.streamId).catch((error: unknown) => this.deps.log.debug("a still's stream did not close", { serverId, cameraId, error }));
    }
  }

  /** The newest segment of a playlist the proxy serves (through the first variant of a multivariant one), with its init segment where it has one. */
  private async newestSegment(path: string, signal: AbortSignal, variantOf = false): Promise<Uint8Array | undefined> {
    const manifest = readManifest(await this.body(path, signal));
    const variant = manifest.playlists?.[0]?.uri;
    if (variant !== undefined) return variantOf ? undefined : this.newestSegment(mediaPath(variant), signal, true);
    const newest = manifest.segments.at(-1);
    if (!newest) return undefined;
    const init = newest.map?.uri === undefined ? undefined : await this.body(mediaPath(newest.map.uri), signal);
    const media = await this.body(mediaPath(newest.uri), signal);
    return init ? concat(init, media) : media;
  }

  private async body(path: string, signal: AbortSignal): Promise<Uint8Array> {
    const answer = await this.deps.media.handle(path, undefined, signal);
    if (answer.status !== 200) throw new Error(`${path}: ${String(answer.status)} ${new TextDecoder().decode(answer.body).slice(0, 200)}`);
    return answer.body;
  }

  private async jpeg(segment: Uint8Array, signal: AbortSignal): Promise<VmsBinary> {
    const bytes = await (this.deps.firstFrame ?? firstFrameJpeg)(segment, signal);
    return { bytes, contentType: 'image/jpeg' };
  }
}

/** A playlist as video.js's m3u8-parser reads it. */
function readManifest(bytes: Uint8Array): Manifest {
  const parser = new Parser();
  parser.push(new TextDecoder().decode(bytes));
  parser.end();
  return parser.manifest;
}

/** The proxy's handler path of a URI it wrote into a playlist (`/media/<stream>/...`). */
function mediaPath(uri: string): string {
  return uri.startsWith(MEDIA_ROUTE) ? uri.slice(MEDIA_ROUTE.length) : uri;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.byteLength + second.byteLength);
  joined.set(first, 0);
  joined.set(second, first.byteLength);
  return joined;
}

/** ffmpeg reads the segment by its content (MPEG-TS or fragmented MP4) from a file of its own. */
async function firstFrameJpeg(segment: Uint8Array, signal: AbortSignal): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-still-'));
  try {
    const file = join(dir, 'segment');
    await writeFile(file, segment);
    return await ffmpegOutput(['-i', file, '-frames:v', '1', '-f', 'image2', '-c:v', 'mjpeg', '-q:v', '4', 'pipe:1'], { signal, timeoutMs: DECODE_TIMEOUT_MS });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
