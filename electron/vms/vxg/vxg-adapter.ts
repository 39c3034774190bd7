import { randomUUID } from 'node:crypto';
import type { CameraStatus } from '../../../shared/model/camera';
import { type Clock, systemClock } from '../../common/clock';
import { type Logger, silentLogger } from '../../common/logger';
import type {
  AdapterCapabilities,
  ArchiveRequest,
  CameraCondition,
  CameraManagement,
  CreatedEvent,
  CreateEventRequest,
  EventSubscription,
  LiveRequest,
  VmsAdapter,
  VmsBinary,
  VmsCamera,
  VmsEventSink,
  VmsRecordings,
  VmsSession,
} from '../adapter';
import { VmsError } from '../errors';
import type { HttpFetch } from '../http';
import { plainUpstream } from '../upstream';
import { VxgArchiveMedia } from './vxg-archive';
import { VxgCameraAdmin } from './vxg-camera-admin';
import { acc, VxgChannels, type VxgCredentials } from './vxg-channels';
import { VxgClient } from './vxg-client';
import { VxgEventPoller } from './vxg-events';
import { CreatedVxgEvent, LiveImage, LiveWatch, Timeline, VxgEvents } from './vxg-schemas';
import { formatVxgTime, parseVxgTime } from './vxg-time';
import { OpenSubscriptions } from '../open-subscriptions';

export interface VxgAdapterOptions {
  readonly credentials: VxgCredentials;
  readonly requestTimeoutMs: number;
  readonly eventPollMs: number;
  /** How far an archive session's playlist reaches past its start. */
  readonly archiveWindowMs?: number;
  readonly eventLabel: (name: string) => string;
  readonly fetch?: HttpFetch;
  readonly clock?: Clock;
  readonly log?: Logger;
}

/**
 * The ticket in a VXG media URL: `media.<base64 JSON>.<expiry>.<signature>`, a path
 * component of the HLS URL (so relative segment URIs carry it) and a `ticket` query
 * parameter (VXG's live watch reply; help.videoexpertsgroup.com "retrieving video data").
 */
const TICKET_PATH = /\/media\.[A-Za-z0-9_=-]+\.\d+\.[A-Za-z0-9_=-]+(?=\/)/;

/** The same media resource whatever ticket its URL carries: a renewal changes only the ticket. */
export function withoutTicket(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete('ticket');
  return parsed.toString().replace(TICKET_PATH, '/media.*');
}

/**
 * Adapter for VXG Cloud VMS. Three kinds of credential (an account's cloud key, a channel
 * group's token, or channel tokens), all held here: the renderer sees none. Live video is
 * HLS whose URL carries a ticket valid until `expire_hls` (absolute UTC, no zone): sessions
 * are `expires`, and the core renews them before then — a renewal is simply another watch
 * call, which the proxy swaps in under the same keys. While the cloud starts a stream it
 * answers 503, said as "starting" and retried every second. Recordings are listed MP4
 * records, played as an HLS playlist built here (vxg-archive.ts). Events are polled.
 */
export class VxgAdapter implements VmsAdapter {
  readonly kind = 'vxg' as const;
  readonly capabilities: AdapterCapabilities = { liveDelivery: 'hls', archive: true, events: 'poll', eventMedia: false, createEvents: true };
  private readonly client: VxgClient;
  private readonly channels: VxgChannels;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly subscriptions = new OpenSubscriptions();
  /** Only an account's cloud key may add and remove channels. */
  readonly cameraManagement: CameraManagement | undefined;

  constructor(private readonly options: VxgAdapterOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLogger;
    this.client = new VxgClient({ fetch: options.fetch, timeoutMs: options.requestTimeoutMs });
    this.channels = new VxgChannels(this.client, options.credentials);
    const credentials = options.credentials;
    this.cameraManagement =
      credentials.kind === 'cloudKey'
        ? new VxgCameraAdmin(this.client, credentials.apiUrl, credentials.cloudKey, async (signal) => {
            await this.channels.list(signal);
          })
        : undefined;
  }

  /** No sign-in step: every call carries its token; the channel list proves them. */
  async connect(): Promise<void> {}

  async listCameras(signal?: AbortSignal): Promise<VmsCamera[]> {
    const channels = await this.channels.list(signal);
    return channels.map((channel) => ({ id: String(channel.camid), name: channel.name }));
  }

  async cameraStatuses(signal?: AbortSignal): Promise<ReadonlyMap<string, CameraStatus | CameraCondition>> {
    const conditions = await this.channels.conditions(signal);
    return new Map([...conditions].map(([camid, condition]) => [String(camid), condition]));
  }

  async openLive(request: LiveRequest, signal?: AbortSignal): Promise<VmsSession> {
    const channel = this.channels.channel(request.cameraId);
    const watch = await this.client.call(channel.token.baseUrl, '/api/v4/live/watch/', acc(channel.token), { schema: LiveWatch, signal });
    const expiresAt = (watch.expire_hls ? parseVxgTime(watch.expire_hls) : undefined) ?? this.clock.now() + 60_000;
    return {
      id: `${channel.camid}:${randomUUID()}`,
      mode: 'live',
      cameraId: request.cameraId,
      // The ticket in the URL is the credential: no header is sent with the media.
      media: { kind: 'hls', playlistUrl: watch.hls, upstream: plainUpstream(this.options.fetch, withoutTicket) },
      lifetime: { kind: 'expires', expiresAt },
      origin: 'primary',
    };
  }

  openArchive(request: ArchiveRequest): Promise<VmsSession> {
    const channel = this.channels.channel(request.cameraId);
    const id = randomUUID();
    const archive = new VxgArchiveMedia({ id, client: this.client, channel, fromMs: request.fromMs, windowMs: this.options.archiveWindowMs ?? 30 * 60_000, clock: this.clock });
    return Promise.resolve({ id, mode: 'archive', cameraId: request.cameraId, media: { kind: 'hls', playlistUrl: archive.playlistUrl, upstream: archive }, lifetime: { kind: 'none' }, origin: 'primary' });
  }

  keepAlive(): Promise<void> {
    return Promise.resolve();
  }

  /** A new ticket for the same stream: VXG has no in-place refresh, so its SDK calls watch again (CloudSDK). */
  async renew(session: VmsSession, signal?: AbortSignal): Promise<VmsSession> {
    if (session.mode !== 'live') return session;
    const renewed = await this.openLive({ cameraId: session.cameraId, width: 0, height: 0, audio: false }, signal);
    return { ...renewed, id: session.id };
  }

  /** VXG streams are not sessions: nothing to stop (the ticket simply expires). */
  closeSession(): Promise<void> {
    return Promise.resolve();
  }

  /** The VMS's own list of what it recorded, gaps included (`/api/v2/storage/timeline/`). */
  async recordings(cameraId: string, from: number, to: number, signal?: AbortSignal): Promise<VmsRecordings> {
    const channel = this.channels.channel(cameraId);
    const reply = await this.client.call(channel.token.baseUrl, `/api/v2/storage/timeline/${channel.camid}/`, acc(channel.token), {
      query: { start: formatVxgTime(from), end: formatVxgTime(to), slices: 4 },
      schema: Timeline,
      signal,
    });
    const spans = Object.values(reply.objects[0] ?? {})[0] ?? [];
    const ranges = spans.flatMap(([start, seconds]) => {
      const fromMs = parseVxgTime(start);
      return fromMs === undefined || seconds <= 0 ? [] : [{ from: fromMs, to: fromMs + seconds * 1000 }];
    });
    return { kind: 'ranges', ranges };
  }

  /** The camera's latest picture (`/api/v4/live/image/` names a ticketed JPEG). */
  async liveImage(cameraId: string, signal?: AbortSignal): Promise<VmsBinary> {
    const channel = this.channels.channel(cameraId);
    const image = await this.client.call(channel.token.baseUrl, '/api/v4/live/image/', acc(channel.token), { schema: LiveImage, signal });
    const response = await this.client.binary(image.url, signal);
    return { bytes: response.body, contentType: response.headers.get('content-type') ?? 'image/jpeg' };
  }

  eventMedia(): Promise<VmsBinary> {
    return Promise.reject(new VmsError({ kind: 'not-found', url: 'vxg://event-media' }, 'VXG keeps no separate snapshot or clip of an event'));
  }

  /** Raises an event on a channel: needs a token with `all` access (VXG help, "how to create or trigger an event"). */
  async createEvent(request: CreateEventRequest, signal?: AbortSignal): Promise<CreatedEvent> {
    const channel = this.channels.channel(request.cameraId);
    const created = await this.client.call(channel.token.baseUrl, '/api/v2/storage/events/', acc(channel.token), {
      method: 'POST',
      body: { camid: channel.camid, name: request.type, time: formatVxgTime(request.time), meta: request.metadata },
      schema: CreatedVxgEvent,
      signal,
    });
    return { vendorEventId: String(created.id) };
  }

  /** The event of this camera, name and `meta.event_id` at its time (`GET /api/v2/storage/events/?include_meta=true`, every page). */
  async findCreatedEvent(request: CreateEventRequest, signal?: AbortSignal): Promise<CreatedEvent | undefined> {
    const channel = this.channels.channel(request.cameraId);
    const wanted = request.metadata['event_id'];
    if (wanted === undefined) return undefined;
    // The event was created with exactly this time (VXG keeps sub-second times): that
    // millisecond first, then the second around it in case the VMS rounded; every page read,
    // since a burst puts many events in one second.
    for (const spanMs of [0, 1000]) {
      const listed = await this.client.all(
        channel.token.baseUrl,
        '/api/v2/storage/events/',
        acc(channel.token),
        { camid: channel.camid, start: formatVxgTime(request.time - spanMs), end: formatVxgTime(request.time + spanMs), events: request.type, include_meta: 'true', limit: 1000 },
        VxgEvents,
        signal,
      );
      const found = listed.find((event) => event.meta?.['event_id'] === wanted);
      if (found) return { vendorEventId: String(found.id) };
    }
    return undefined;
  }

  subscribeEvents(sink: VmsEventSink): EventSubscription {
    const poller = new VxgEventPoller({
      client: this.client,
      channels: this.channels,
      credentials: this.options.credentials,
      sink,
      clock: this.clock,
      log: this.log.child('events'),
      pollMs: this.options.eventPollMs,
      label: this.options.eventLabel,
    });
    return this.subscriptions.track(poller);
  }

  /** Tokens have no sessions a failover could lose. */
  onSessionsLost(): () => void {
    return () => undefined;
  }

  dispose(): Promise<void> {
    this.subscriptions.closeAll();
    return Promise.resolve();
  }
}
