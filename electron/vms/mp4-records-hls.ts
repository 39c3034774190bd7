import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../common/clock';
import { ffmpegOutput } from '../common/ffmpeg';
import type { MediaUpstream, UpstreamRequest } from './adapter';
import type { HttpResponse } from './http';

/** One recorded MP4 file a VMS lists: its wall-clock span and where to fetch it. */
export interface Mp4Record {
  readonly startMs: number;
  readonly endMs: number;
  readonly url: string;
}

/** Records listed again at most this often (the player reloads a growing playlist every few seconds). */
const RELIST_MS = 2000;
/** How far before the asked moment records are listed, so the one holding it is among them. */
const LOOK_BEHIND_MS = 5 * 60_000;

export interface Mp4RecordsHlsOptions {
  /** URL scheme only this upstream answers (`een-archive`), and the session id under it. */
  readonly scheme: string;
  readonly id: string;
  readonly fromMs: number;
  /** How far past its start the playlist reaches before it ends (the tile then opens the next). */
  readonly windowMs: number;
  readonly clock: Clock;
  /** The VMS's records overlapping [fromMs, toMs), any order. */
  readonly list: (fromMs: number, toMs: number, signal?: AbortSignal) => Promise<readonly Mp4Record[]>;
  /** One record's MP4 (with whatever credentials its host needs). */
  readonly fetchMp4: (url: string, signal?: AbortSignal) => Promise<HttpResponse>;
}

/**
 * A VMS's recording, listed as MP4 files, played as HLS: one segment per record, with its
 * wall-clock time (EXT-X-PROGRAM-DATE-TIME) and a discontinuity before each, since every file
 * starts its own timestamps; each record is remuxed into MPEG-TS (ffmpeg, no re-encoding)
 * when the player asks for it. So such a camera plays on the wall's shared playback clock
 * like any other, with the same seeking, speeds, snapshots and exports, and the renderer
 * needs no player of its own. Served through the media proxy as the session's upstream,
 * under a URL scheme of its own. Used by the VXG archive (vxg-archive.ts) and Eagle Eye v3.
 */
export class Mp4RecordsHls implements MediaUpstream {
  readonly playlistUrl: string;
  private records: Mp4Record[] = [];
  private listedAt = Number.NEGATIVE_INFINITY;
  private listing: Promise<void> | undefined;

  constructor(private readonly options: Mp4RecordsHlsOptions) {
    this.playlistUrl = `${options.scheme}://${options.id}/index.m3u8`;
  }

  async fetch(request: UpstreamRequest): Promise<HttpResponse> {
    const path = new URL(request.url).pathname;
    if (path === '/index.m3u8') {
      await this.relist(request.signal);
      const playlist = this.playlist();
      return playlist === undefined ? answer(404, 'text/plain', 'Nothing recorded at this time') : answer(200, 'application/vnd.apple.mpegurl', playlist);
    }
    const match = /^\/r\/(\d+)\.ts$/.exec(path);
    if (!match) return answer(404, 'text/plain', 'No such record');
    const startMs = Number(match[1]);
    let record = this.records.find((candidate) => candidate.startMs === startMs);
    if (!record) {
      await this.relist(request.signal, true);
      record = this.records.find((candidate) => candidate.startMs === startMs);
    }
    if (!record) return answer(404, 'text/plain', 'The VMS no longer has this record');
    const mp4 = await this.options.fetchMp4(record.url, request.signal);
    if (mp4.status !== 200) return answer(mp4.status === 404 ? 404 : 502, 'text/plain', `The VMS answered HTTP ${mp4.status} for this record`);
    return answer(200, 'video/mp2t', await remuxMp4ToTs(mp4.body, request.signal));
  }

  /** The playlist: from the record holding the asked moment to the end of the window. */
  private playlist(): string | undefined {
    const { fromMs, windowMs } = this.options;
    const until = fromMs + windowMs;
    const listed = this.records.filter((record) => record.endMs > fromMs && record.startMs < until);
    if (listed.length === 0) return undefined;
    const target = Math.max(1, ...listed.map((record) => Math.ceil((record.endMs - record.startMs) / 1000)));
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:EVENT'];
    listed.forEach((record, index) => {
      if (index > 0) lines.push('#EXT-X-DISCONTINUITY');
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(record.startMs).toISOString()}`, `#EXTINF:${((record.endMs - record.startMs) / 1000).toFixed(3)},`, `r/${record.startMs}.ts`);
    });
    // The window is over once the recording has gone past it: the tile then opens the next session.
    if (this.records.some((record) => record.startMs >= until)) lines.push('#EXT-X-ENDLIST');
    return lines.join('\n') + '\n';
  }

  private relist(signal?: AbortSignal, force = false): Promise<void> {
    if (!force && this.options.clock.now() - this.listedAt < RELIST_MS) return Promise.resolve();
    this.listing ??= this.list(signal).finally(() => {
      this.listing = undefined;
    });
    return this.listing;
  }

  private async list(signal?: AbortSignal): Promise<void> {
    const { fromMs, windowMs } = this.options;
    const listed = await this.options.list(fromMs - LOOK_BEHIND_MS, fromMs + windowMs + LOOK_BEHIND_MS, signal);
    this.records = listed.filter((record) => record.endMs > record.startMs).sort((a, b) => a.startMs - b.startMs);
    this.listedAt = this.options.clock.now();
  }
}

/** An MP4 file as MPEG-TS, without re-encoding (ffmpeg reads MP4 from a file: its index may be at the end). */
export async function remuxMp4ToTs(mp4: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-mp4-'));
  try {
    const input = join(dir, 'record.mp4');
    await writeFile(input, mp4);
    return await ffmpegOutput(['-i', input, '-map', '0:v:0', '-c', 'copy', '-f', 'mpegts', 'pipe:1'], { signal, timeoutMs: 30_000 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function answer(status: number, contentType: string, body: string | Uint8Array): HttpResponse {
  return { status, headers: new Headers({ 'content-type': contentType }), body: typeof body === 'string' ? new TextEncoder().encode(body) : body };
}
