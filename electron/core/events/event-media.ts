import { isVmsError } from '../../vms/errors';
import { type HttpAnswer, type RouteHandler, textAnswer } from '../../common/http-answer';
import type { EventService } from './event-service';

export interface EventMediaDeps {
  readonly events: EventService;
  /** The VMS's snap or clip of an event, by the VMS's own event id. */
  readonly fetchMedia: (serverId: string, vendorEventId: string, kind: 'snap' | 'clip', signal?: AbortSignal) => Promise<{ bytes: Uint8Array; contentType: string }>;
}

/** Where the core serves events' pictures, snapshots and clips. */
export const EVENT_MEDIA_ROUTE = '/event-media/';

/** The URL of an event's picture, or of the VMS's snapshot or clip of it, under that route. */
export function eventMediaUrl(eventId: string, kind: 'image' | 'snap' | 'clip'): string {
  return `${EVENT_MEDIA_ROUTE}${encodeURIComponent(eventId)}/${kind}`;
}

const PATH = /^([0-9a-z-]{1,40})\/(image|snap|clip)$/;

/**
 * `/event-media/<eventId>/image|snap|clip`: an event's own picture (kept by the core), and
 * the VMS's snapshot and clip of it (fetched on demand). `?download=1` makes the browser
 * save it under a name with the camera and the time.
 */
export function eventMediaRoute(deps: EventMediaDeps): RouteHandler {
  return async (path, url, signal) => {
    const match = PATH.exec(decodeURIComponent(path));
    if (!match?.[1] || !match[2]) return textAnswer(404, 'No such event media');
    const [, id, kind] = match as unknown as [string, string, 'image' | 'snap' | 'clip'];
    const record = deps.events.get(id);
    if (!record) return textAnswer(404, 'No such event');
    let media: { bytes: Uint8Array; contentType: string } | undefined;
    if (kind === 'image') {
      media = deps.events.image(id);
      if (!media) return textAnswer(404, 'This event came without a picture');
    } else {
      if (!record.vendorEventId) return textAnswer(404, `The VMS keeps no ${kind} for this event`);
      try {
        media = await deps.fetchMedia(record.serverId, record.vendorEventId, kind, signal);
      } catch (error) {
        if (!isVmsError(error)) throw error;
        return textAnswer(error.kind === 'timeout' ? 504 : 502, `The ${kind} could not be fetched: ${error.message}`);
      }
    }
    const headers: Record<string, string> = { 'content-type': media.contentType, 'cache-control': 'private, max-age=3600' };
    if (url.searchParams.get('download') === '1') {
      const name = `${record.cameraName ?? record.cameraId ?? 'event'} ${stamp(record.time)} ${kind}.${extension(media.contentType)}`;
      headers['content-disposition'] = `attachment; filename="${name.replace(/[^\w .-]+/g, '_')}"`;
    }
    return { status: 200, headers, body: media.bytes } satisfies HttpAnswer;
  };
}

function stamp(time: number): string {
  return new Date(time).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[:]/g, '-');
}

function extension(contentType: string): string {
  if (contentType.includes('jpeg')) return 'jpg';
  if (contentType.includes('png')) return 'png';
  if (contentType.includes('mp4')) return 'mp4';
  return 'bin';
}
