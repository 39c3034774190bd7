import type { ServerResponse } from 'node:http';
import { Router, sendBytes, sendFile, sendJson, sendText } from '../http/router';
import { mediaPlaylist } from '../site/hls';
import type { SimSite } from '../site/site';
import type { ChannelBook } from './channels';
import type { VxgEventBook } from './events';
import type { LiveStreams } from './live';
import { findChunk, type RecordFiles } from '../site/records';
import type { MediaTickets } from './tickets';

/** The stream name a channel's tickets carry: the same for every watch call, so a stream keeps its identity across renewals. */
export function streamName(camid: number): string {
  return `c${camid}`;
}

/**
 * The HLS URL of a watch reply, shaped like VXG's
 * (`/live/media-<n>/<ticket>/hls/<stream>/index.m3u8?ticket=<ticket>`): the ticket is in
 * the path, so every relative URI of the playlists carries it.
 */
export function liveHlsUrl(origin: string, ticket: string, camid: number): string {
  return `${origin}/live/media-1/${ticket}/hls/${streamName(camid)}/index.m3u8?ticket=${ticket}`;
}

export function liveImageUrl(origin: string, ticket: string, camid: number): string {
  return `${origin}/live/media-1/${ticket}/image/${streamName(camid)}.jpg`;
}

export function recordUrl(origin: string, ticket: string, camid: number, first: number, last: number): string {
  return `${origin}/storage/media-1/${ticket}/records/${streamName(camid)}/${first}-${last}.mp4`;
}

export function thumbUrl(origin: string, ticket: string, camid: number, eventId: number): string {
  return `${origin}/storage/media-1/${ticket}/thumbs/${streamName(camid)}/${eventId}.jpg`;
}

export interface MediaContext {
  readonly site: SimSite;
  readonly channels: ChannelBook;
  readonly live: LiveStreams;
  readonly tickets: MediaTickets;
  readonly records: RecordFiles;
  readonly events: VxgEventBook;
  readonly counters: { mediaExpired: number; mediaRequests: number };
}

const TICKET = '(media\\.[A-Za-z0-9_-]+\\.\\d+\\.[0-9a-f]+)';
const STREAM = 'c(\\d+)';
/** How long a media playlist request waits for its variant's first segment. */
const FIRST_SEGMENT_WAIT_MS = 10_000;

/**
 * VXG's media, on the API's port: live HLS (a multivariant playlist over the site's
 * profiles, each variant a sliding window of the shared encoder's segments), the live
 * image, record MP4s and event thumbnails. Every URL carries a signed ticket for its
 * stream; once the ticket's epoch has passed it answers 403.
 */
export function createMediaRouter(context: MediaContext): Router {
  const { channels, live, tickets } = context;

  /** The channel the URL names if its ticket is good; otherwise answers and returns undefined. */
  const admit = (response: ServerResponse, ticket: string, camid: string): ReturnType<ChannelBook['get']> => {
    context.counters.mediaRequests += 1;
    const check = tickets.check(ticket, `c${camid}`);
    if (check !== 'valid') {
      if (check === 'expired') context.counters.mediaExpired += 1;
      sendJson(response, 403, { errorDetail: check === 'expired' ? 'Ticket has expired.' : 'Invalid ticket.' });
      return undefined;
    }
    const channel = channels.get(Number(camid));
    if (!channel) sendJson(response, 404, { errorDetail: 'Not found.' });
    return channel;
  };

  return new Router()
    .on('GET', new RegExp(`^/live/media-1/${TICKET}/hls/${STREAM}/index\\.m3u8$`), (_request, response, [ticket = '', camid = '']) => {
      const channel = admit(response, ticket, camid);
      if (!channel) return;
      const lines = ['#EXTM3U', '#EXT-X-VERSION:3'];
      for (const name of live.variantNames()) {
        const profile = live.profileOf(name);
        if (!profile) continue;
        // Peak bandwidth: the encoder's rate cap plus MPEG-TS overhead.
        lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${Math.round(profile.bitrateKbps * 1100)},RESOLUTION=${profile.width}x${profile.height},FRAME-RATE=${profile.fps.toFixed(3)}`, `${name}/index.m3u8`);
      }
      sendText(response, 200, lines.join('\n') + '\n', 'application/vnd.apple.mpegurl');
    })
    .on('GET', new RegExp(`^/live/media-1/${TICKET}/hls/${STREAM}/(\\w+)/index\\.m3u8$`), async (request, response, [ticket = '', camid = '', name = '']) => {
      const channel = admit(response, ticket, camid);
      if (!channel) return;
      if (!channel.camera.online) return sendJson(response, 404, { errorDetail: 'Camera is offline.' });
      const variant = live.variant(channel.camid, channel.camera, name);
      if (!variant) return sendJson(response, 404, { errorDetail: 'Not found.' });
      // A variant nobody played yet starts now: hold the request until it has a segment.
      if (variant.lease.ring.segments.length === 0) {
        const started = await live.untilFirstSegment(variant, FIRST_SEGMENT_WAIT_MS);
        if (!started || request.destroyed) return sendJson(response, 503, { errorDetail: 'Stream is starting.' });
      }
      const segments = variant.lease.ring.segments.slice(-context.site.liveWindow);
      sendText(response, 200, mediaPlaylist(segments, { uri: (segment) => `${segment.sequence}.ts` }), 'application/vnd.apple.mpegurl');
    })
    .on('GET', new RegExp(`^/live/media-1/${TICKET}/hls/${STREAM}/(\\w+)/(\\d+)\\.ts$`), (_request, response, [ticket = '', camid = '', name = '', sequence = '']) => {
      const channel = admit(response, ticket, camid);
      if (!channel) return;
      if (!channel.camera.online) return sendJson(response, 404, { errorDetail: 'Camera is offline.' });
      const segment = live.variant(channel.camid, channel.camera, name)?.lease.ring.bySequence(Number(sequence));
      if (!segment) return sendJson(response, 404, { errorDetail: 'Not found.' });
      sendFile(response, segment.path, 'video/mp2t', segment.bytes);
    })
    .on('GET', new RegExp(`^/live/media-1/${TICKET}/image/${STREAM}\\.jpg$`), async (_request, response, [ticket = '', camid = '']) => {
      const channel = admit(response, ticket, camid);
      if (!channel) return;
      const jpeg = await context.site.newestFrame(channel.camera, channel.recorder);
      if (!jpeg) return sendJson(response, 404, { errorDetail: 'No image.' });
      sendBytes(response, 200, jpeg, 'image/jpeg');
    })
    .on('GET', new RegExp(`^/storage/media-1/${TICKET}/records/${STREAM}/(\\d+)-(\\d+)\\.mp4$`), async (_request, response, [ticket = '', camid = '', first = '', last = '']) => {
      const channel = admit(response, ticket, camid);
      if (!channel) return;
      const chunk = channel.recorder ? findChunk(channel.recorder.ring, Number(first), Number(last)) : undefined;
      const file = chunk ? await context.records.file(channel.camid, chunk) : undefined;
      if (!file) return sendJson(response, 404, { errorDetail: 'Record not found.' });
      sendFile(response, file.path, 'video/mp4', file.bytes);
    })
    .on('GET', new RegExp(`^/storage/media-1/${TICKET}/thumbs/${STREAM}/(\\d+)\\.jpg$`), (_request, response, [ticket = '', camid = '', id = '']) => {
      const channel = admit(response, ticket, camid);
      if (!channel) return;
      const event = context.events.get(Number(id));
      if (!event?.jpeg || event.camid !== channel.camid) return sendJson(response, 404, { errorDetail: 'Not found.' });
      sendBytes(response, 200, event.jpeg, 'image/jpeg');
    });
}
