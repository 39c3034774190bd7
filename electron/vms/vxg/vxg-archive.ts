import type { Clock } from '../../common/clock';
import { type Mp4Record, Mp4RecordsHls } from '../mp4-records-hls';
import { acc, type VxgChannel } from './vxg-channels';
import type { VxgClient } from './vxg-client';
import { Records } from './vxg-schemas';
import { formatVxgTime, parseVxgTime } from './vxg-time';

/**
 * VXG's recordings played as HLS: VXG lists a camera's recording as MP4 files of up to a
 * minute or so (`/api/v4/storage/records/`, each with a ticketed URL), which its own web
 * player plays one after another (VXG.Web.Client kplayer.js `getStorageRecords`). Tessera
 * builds an HLS playlist of them instead (mp4-records-hls.ts: one segment per record with its
 * wall-clock time, remuxed to MPEG-TS when the player asks), so a VXG camera plays on the
 * wall's shared playback clock like any other. The record URLs carry their own ticket: no
 * credentials are added.
 */
export class VxgArchiveMedia extends Mp4RecordsHls {
  constructor(options: {
    readonly id: string;
    readonly client: VxgClient;
    readonly channel: VxgChannel;
    readonly fromMs: number;
    /** How far past its start the playlist reaches before it ends (the tile then opens the next). */
    readonly windowMs: number;
    readonly clock: Clock;
  }) {
    const { client, channel } = options;
    super({
      scheme: 'vxg-archive',
      id: options.id,
      fromMs: options.fromMs,
      windowMs: options.windowMs,
      clock: options.clock,
      list: async (from, to, signal) => {
        const objects = await client.all(channel.token.baseUrl, '/api/v4/storage/records/', acc(channel.token), { start: formatVxgTime(from), end: formatVxgTime(to), order_by: 'time', limit: 100 }, Records, signal);
        return objects.flatMap((object): Mp4Record[] => {
          const startMs = parseVxgTime(object.start);
          const endMs = parseVxgTime(object.end);
          return startMs === undefined || endMs === undefined ? [] : [{ startMs, endMs, url: object.url }];
        });
      },
      fetchMp4: (url, signal) => client.binary(url, signal),
    });
  }
}
