import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../common/clock';
import { ffmpegOutput } from '../../common/ffmpeg';
import type { MediaUpstream, UpstreamRequest } from '../adapter';
import type { HttpResponse } from '../http';
import { acc, type VxgChannel } from './vxg-channels';
import type { VxgClient } from './vxg-client';
import { Records } from './vxg-schemas';
import { formatVxgTime, parseVxgTime } from './vxg-time';

interface RecordRef {
  readonly startMs: number;
  readonly endMs: number;
  /** Carries a storage ticket that expires: taken from the newest listing. */
  readonly url: string;
}

/** Records listed again at most this often (the player reloads a growing playlist every few seconds). */
const RELIST_MS = 2000;
/** How far before the asked moment records are listed, so the one holding it is among them. */
const LOOK_BEHIND_MS = 5 * 60_000;

/**
 * VXG's recordings played as HLS: VXG lists a camera's recording as MP4 files of up to a
 * minute or so (`/api/v4/storage/records/`, each with a ticketed URL), which its own web
 * player plays one after another (VXG.Web.Client kplayer.js `getStorageRecords`). Tessera
 * builds an HLS playlist of them instead — one segment per record, with its wall-clock time
 * (EXT-X-PROGRAM-DATE-TIME) and a discontinuity before each, since every file starts its own
 * timestamps — and remuxes each record into MPEG-TS (ffmpeg, no re-encoding) when the player
 * asks for it. So a VXG camera plays on the wall's shared playback clock like any other, with
 * the same seeking, speeds, frame steps, snapshots and exports, and the renderer needs no
 * player of its own for VXG archives. Served through the media proxy as the session's
 * upstream, under a URL scheme of its own that only this upstream answers.
 */
export class VxgArchiveMedia implements MediaUpstream {
  readonly playlistUrl: string;
  private records: RecordRef[] = [];
  private listedAt = Number.NEGATIVE_INFINITY;
  private listing: Promise<void> | undefined;

  constructor(
    private readonly options: {
      readonly id: string;
      readonly client: VxgClient;
      readonly channel: VxgChannel;
      readonly fromMs: number;
      /** How far past its start the playlist reaches before it ends (the tile then opens the next). */
      readonly windowMs: number;
      readonly clock: Clock;
    },
  ) {
    this.playlistUrl = `vxg-archive://${options.id}/index.m3u8`;
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
    const mp4 = await this.options.client.binary(record.url, request.signal);
    return answer(200, 'video/mp2t', await remuxToTs(mp4.body, request.signal));
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
    const { client, channel, fromMs, windowMs } = this.options;
    const objects = await client.all(
      channel.token.baseUrl,
      '/api/v4/storage/records/',
      acc(channel.token),
      { start: formatVxgTime(fromMs - LOOK_BEHIND_MS), end: formatVxgTime(fromMs + windowMs + LOOK_BEHIND_MS), order_by: 'time', limit: 100 },
      Records,
      signal,
    );
    this.records = objects
      .flatMap((object) => {
        const startMs = parseVxgTime(object.start);
        const endMs = parseVxgTime(object.end);
        return startMs === undefined || endMs === undefined || endMs <= startMs ? [] : [{ startMs, endMs, url: object.url }];
      })
      .sort((a, b) => a.startMs - b.startMs);
    this.listedAt = this.options.clock.now();
  }
}

/** An MP4 record as MPEG-TS, without re-encoding (ffmpeg reads MP4 from a file: its index may be at the end). */
async function remuxToTs(mp4: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-vxg-'));
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
