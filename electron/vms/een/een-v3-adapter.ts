import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CameraStatus } from '../../../shared/model/camera';
import { type Logger, silentLogger } from '../../common/logger';
import type { AdapterCapabilities, ArchiveRequest, CameraCondition, CreatedEvent, CreateEventRequest, EventSubscription, LiveRequest, MediaUpstream, VmsAdapter, VmsBinary, VmsCamera, VmsEventSink, VmsRecordings, VmsSession } from '../adapter';
import { parseRetryAfter, VmsError } from '../errors';
import { type HttpFetch, httpFetch, type HttpResponse } from '../http';
import { type Mp4Record, Mp4RecordsHls } from '../mp4-records-hls';
import { credentialedUpstream, type CredentialedUpstreamOptions, originOf } from '../upstream';
import { EenV3EventStream } from './een-v3-events';
import type { EenV3Tokens } from './een-v3-tokens';
import { type Clock, systemClock } from '../../common/clock';
import { OpenSubscriptions } from '../open-subscriptions';
import { PreviewFeeds } from './een-previews';
import { multipartPreviewPump } from './een-v3-previews';

/** A page of a v3 list (`results`, `nextPageToken`), as devices_category.yaml defines it. */
const Page = <T extends z.ZodType>(item: T) => z.object({ results: z.array(item), nextPageToken: z.string().nullish() });
const Camera = z.object({ id: z.string().min(1), accountId: z.string().nullish(), name: z.string().nullish(), status: z.object({ connectionStatus: z.string().nullish() }).nullish() });
const CreatedV3Event = z.object({ id: z.string().nullish() });
/** The data schema of the events the sensor bridge raises: it carries the sensor's marks (see createEvent). */
const SENSOR_DATA_SCHEMA = 'een.creatorDetails.v1';
const ListedV3Events = z.object({
  results: z.array(z.object({ id: z.string().min(1), data: z.array(z.record(z.string(), z.unknown())).nullish() }).loose()),
  nextPageToken: z.string().nullish(),
});
/** Pages read when looking for one created event (a second of one camera's events). */
const FIND_PAGES = 20;
/** A recorded interval of `/media` (media_category.yaml `ApiMediaWithIncludes`); `mp4Url` when asked for. */
const Media = z.object({ startTimestamp: z.string(), endTimestamp: z.string(), mp4Url: z.string().nullish() });
const Feed = z.object({ id: z.string().nullish(), type: z.string().nullish(), deviceId: z.string().nullish(), hlsUrl: z.string().nullish(), multipartUrl: z.string().nullish() });
/** The `creatorId` of the events the sensor bridge raises (and of their creator-details data item). */
const CREATOR_ID = 'tessera.sensorBridge';
/** How far past its start an archive playlist reaches (the tile then opens the next session). */
const ARCHIVE_WINDOW_MS = 30 * 60_000;
/** Pages followed at most (a runaway `nextPageToken` must end). */
const MAX_PAGES = 100;

/**
 * Media credentials from the held tokens: the Bearer access token, renewed when the media
 * host refuses it. A refresh rotates the pair: the old refresh token and its access token
 * stop working (EEN-V3 Agent Skills een-api/02-refresh-access-token.md), so a segment fetched with
 * the token a refresh is replacing meets a 401 and is fetched again with the new one, as
 * API calls are (`call`).
 */
function bearerOf(tokens: EenV3Tokens): Pick<CredentialedUpstreamOptions, 'headers' | 'refused'> {
  return {
    headers: async () => ({ authorization: `Bearer ${await tokens.accessToken()}` }),
    refused: (sent) => tokens.invalidate((sent['authorization'] ?? '').replace(/^Bearer /, '')),
  };
}

/** `connectionStatus` in words (devices_category.yaml: online, deviceOffline, invalidCredentials, bridgeOffline, off, error, unknown). */
function conditionOf(status: string | null | undefined): CameraStatus | CameraCondition {
  switch (status) {
    case 'online':
      return 'online';
    case 'deviceOffline':
      return { status: 'offline', detail: 'Offline' };
    case 'bridgeOffline':
      return { status: 'offline', detail: 'Bridge offline' };
    case 'invalidCredentials':
      return { status: 'offline', detail: 'Password needed (the bridge cannot log in to the camera)' };
    case 'off':
      return { status: 'offline', detail: 'Turned off' };
    case 'error':
      return { status: 'offline', detail: 'Camera error' };
    default:
      return 'unknown';
  }
}

export interface EenV3AdapterOptions {
  readonly tokens: EenV3Tokens;
  readonly requestTimeoutMs: number;
  /** Event types the subscription asks for. */
  readonly eventTypes: readonly string[];
  readonly eventLabel: (type: string) => string;
  readonly clock?: Clock;
  readonly fetch?: HttpFetch | undefined;
  readonly log?: Logger;
  /**
   * What a live tile shows: `main`, the main stream as HLS; `preview`, the preview images
   * (multipart JPEG, about one a second: far less bandwidth), one stream per camera for
   * every tile, window and monitor.
   */
  readonly liveTiles?: 'main' | 'preview';
  /** How long a camera's preview stream outlives its last viewer. */
  readonly previewLingerMs?: number;
  /** Streaming fetch for the preview streams (tests). */
  readonly streamFetch?: typeof globalThis.fetch;
}

/**
 * Adapter for Eagle Eye's API v3 (OpenAPI files of EENCloud/VMS-Developer-Portal): OAuth
 * tokens held in the core (een-v3-tokens.ts), cameras from `/cameras` (every page) with
 * `connectionStatus`, live main streams as HLS from `/feeds` — the media proxy adds the
 * Bearer token to every playlist and segment request, only to the media host `/feeds`
 * named, so the renderer never sees it. Events arrive in real time from an SSE event
 * subscription, gaps filled from `/events` (een-v3-events.ts).
 */
export class EenV3Adapter implements VmsAdapter {
  readonly kind = 'een' as const;
  readonly capabilities: AdapterCapabilities;
  /** The camera's latest preview image (the tree's picture, a tile's first paint): only where tiles show previews. */
  readonly liveImage?: (cameraId: string, signal?: AbortSignal) => Promise<VmsBinary>;
  private readonly fetch: HttpFetch;
  private readonly previews: PreviewFeeds | undefined;
  /** Live sessions holding a camera's preview images. */
  private readonly previewSessions = new Map<string, { release(): void }>();
  private readonly log: Logger;
  private readonly subscriptions = new OpenSubscriptions();
  /** Each camera's `accountId` from the last camera list: `POST /events` names it. */
  private readonly accounts = new Map<string, string>();

  constructor(private readonly options: EenV3AdapterOptions) {
    this.fetch = options.fetch ?? httpFetch;
    this.log = options.log ?? silentLogger;
    const preview = options.liveTiles === 'preview';
    this.capabilities = { liveDelivery: preview ? 'jpeg' : 'hls', archive: true, events: 'stream', eventMedia: false, createEvents: true };
    if (preview) {
      const clock = options.clock ?? systemClock;
      const log = this.log.child('previews');
      const previews = new PreviewFeeds({
        pump: multipartPreviewPump({ streamUrl: (cameraId, signal) => this.previewUrl(cameraId, signal), tokens: options.tokens, clock, log, fetch: options.streamFetch }),
        clock,
        log,
        lingerMs: options.previewLingerMs,
      });
      this.previews = previews;
      this.liveImage = (cameraId, signal) => previews.latest(cameraId, signal);
    }
  }

  async connect(signal?: AbortSignal): Promise<void> {
    await this.options.tokens.accessToken(signal);
  }

  async listCameras(signal?: AbortSignal): Promise<VmsCamera[]> {
    return (await this.cameras(signal)).map((camera) => ({ id: camera.id, name: camera.name?.trim() ? camera.name : camera.id }));
  }

  async cameraStatuses(signal?: AbortSignal): Promise<ReadonlyMap<string, CameraStatus | CameraCondition>> {
    return new Map((await this.cameras(signal)).map((camera) => [camera.id, conditionOf(camera.status?.connectionStatus)]));
  }

  async openLive(request: LiveRequest, signal?: AbortSignal): Promise<VmsSession> {
    if (this.previews) {
      // A viewer of the camera's shared preview stream: no session on Eagle Eye.
      const frames = this.previews.acquire(request.cameraId);
      const id = `${request.cameraId}:${randomUUID()}`;
      this.previewSessions.set(id, frames);
      return { id, mode: 'live', cameraId: request.cameraId, media: { kind: 'jpeg', frames }, lifetime: { kind: 'none' }, origin: 'primary' };
    }
    const feeds = await this.get('/feeds', { deviceId: request.cameraId, type: 'main', include: 'hlsUrl' }, Page(Feed), signal);
    const hlsUrl = feeds.results.find((feed) => feed.hlsUrl)?.hlsUrl;
    const origin = hlsUrl ? originOf(hlsUrl) : undefined;
    if (!hlsUrl || !origin) throw new VmsError({ kind: 'not-found', url: '/feeds' }, 'Eagle Eye gives no HLS main stream for this camera');
    const upstream = credentialedUpstream({
      fetch: this.options.fetch,
      // Exactly the media host /feeds named: the token goes nowhere else, whatever a playlist points at.
      origins: [origin],
      ...bearerOf(this.options.tokens),
    });
    return { id: `${request.cameraId}:${randomUUID()}`, mode: 'live', cameraId: request.cameraId, media: { kind: 'hls', playlistUrl: hlsUrl, upstream }, lifetime: { kind: 'none' }, origin: 'primary' };
  }

  /**
   * Recorded video from a moment: Eagle Eye lists recordings as intervals with an `mp4Url`
   * (`GET /media?...&include=mp4Url`; media_category.yaml has no HLS for recordings, its
   * `include` enum is flvUrl, rtspUrl, rtspsUrl, multipartUrl, mp4Url). Each interval's MP4
   * becomes one HLS segment, remuxed in the core (mp4-records-hls.ts), so the tile plays it
   * on the shared playback clock. The MP4s are fetched with the Bearer token, only from the
   * host `/media` named for them, as live HLS is from the host `/feeds` named.
   */
  openArchive(request: ArchiveRequest): Promise<VmsSession> {
    const id = randomUUID();
    const upstreams = new Map<string, MediaUpstream>();
    const archive = new Mp4RecordsHls({
      scheme: 'een-archive',
      id,
      fromMs: request.fromMs,
      windowMs: ARCHIVE_WINDOW_MS,
      clock: this.options.clock ?? systemClock,
      list: async (from, to, signal) =>
        (await this.media(request.cameraId, from, to, false, signal)).flatMap((item): Mp4Record[] => {
          const startMs = Date.parse(item.startTimestamp);
          const endMs = Date.parse(item.endTimestamp);
          return item.mp4Url && Number.isFinite(startMs) && Number.isFinite(endMs) ? [{ startMs, endMs, url: item.mp4Url }] : [];
        }),
      fetchMp4: (url, signal) => {
        const origin = originOf(url);
        if (!origin) throw new VmsError({ kind: 'protocol', url: '/media' }, 'Eagle Eye named a recording that is not an http(s) address');
        let upstream = upstreams.get(origin);
        if (!upstream) {
          upstream = credentialedUpstream({ fetch: this.options.fetch, origins: [origin], ...bearerOf(this.options.tokens) });
          upstreams.set(origin, upstream);
        }
        // A recording of a minute or so: more time than an API call.
        return upstream.fetch({ url, timeoutMs: Math.max(this.options.requestTimeoutMs, 30_000), signal });
      },
    });
    return Promise.resolve({ id, mode: 'archive', cameraId: request.cameraId, media: { kind: 'hls', playlistUrl: archive.playlistUrl, upstream: archive }, lifetime: { kind: 'none' }, origin: 'primary' });
  }

  /** The timeline's recorded spans: `/media` with connected intervals coalesced. */
  async recordings(cameraId: string, from: number, to: number, signal?: AbortSignal): Promise<VmsRecordings> {
    const ranges = (await this.media(cameraId, from, to, true, signal)).flatMap((item) => {
      const start = Date.parse(item.startTimestamp);
      const end = Date.parse(item.endTimestamp);
      return Number.isFinite(start) && Number.isFinite(end) && end > start ? [{ from: start, to: end }] : [];
    });
    return { kind: 'ranges', ranges };
  }

  keepAlive(): Promise<void> {
    return Promise.resolve();
  }

  renew(session: VmsSession): Promise<VmsSession> {
    return Promise.resolve(session);
  }

  /** A preview viewer leaves; the camera's stream stops a moment after its last viewer. */
  closeSession(session: VmsSession): Promise<void> {
    this.previewSessions.get(session.id)?.release();
    this.previewSessions.delete(session.id);
    return Promise.resolve();
  }

  eventMedia(): Promise<VmsBinary> {
    return Promise.reject(new VmsError({ kind: 'not-found', url: 'een://event-media' }, 'Event pictures of Eagle Eye v3 are not shown in this version'));
  }

  /**
   * Raises an event on a camera: `POST /events` with a type Eagle Eye supports (the sensor
   * bridge picks `een.deviceIOEvent.v1`, `een.doorStatusEvent.v1`...) → 201 with its id.
   * The body follows the spec (events_category.yaml of EENCloud/VMS-Developer-Portal,
   * `createEvent`, schema `Event` → `EventEnvelope`), as the contract tests check with Prism:
   * - `accountId` and `actorAccountId` are required: the camera's own account (its
   *   `accountId` in `/cameras`, required there), for both — the event is kept in the
   *   account the camera belongs to.
   * - each `data` item must be one of the data schemas the event type lists; a made-up
   *   schema (`tessera.sensorData.v1`, sent before) matches none. `een.creatorDetails.v1`
   *   (required `id`, `vendor`) is one that device-I/O and door-status events, and most
   *   others, accept; it names Tessera as the creator, and carries the sensor's label and
   *   metadata as further keys (the spec's data objects are open; whether Eagle Eye keeps
   *   keys it does not define is unconfirmed). The schema's own keys win over metadata keys
   *   of the same name (`type`, `id`, `creatorId`, `vendor`, `application`).
   */
  async createEvent(request: CreateEventRequest, signal?: AbortSignal): Promise<CreatedEvent> {
    const time = new Date(request.time).toISOString();
    const accountId = await this.accountOf(request.cameraId, signal);
    const created = await this.call(
      'POST',
      '/events',
      {},
      {
        type: request.type,
        startTimestamp: time,
        endTimestamp: time,
        span: false,
        ...(accountId === undefined ? {} : { accountId, actorAccountId: accountId }),
        actorId: request.cameraId,
        actorType: 'camera',
        creatorId: CREATOR_ID,
        dataSchemas: [SENSOR_DATA_SCHEMA],
        data: [{ ...request.metadata, ...(request.label ? { label: request.label } : {}), type: SENSOR_DATA_SCHEMA, creatorId: CREATOR_ID, id: CREATOR_ID, vendor: 'Tessera', application: 'Tessera sensor bridge' }],
      },
      CreatedV3Event,
      signal,
    );
    return { vendorEventId: created.id ?? undefined };
  }

  /**
   * The event a create sent before a restart left on Eagle Eye, found by the sensor event id
   * in its data: `GET /api/v3.0/events` by camera (`actor=camera:<ESN>`), type and the second
   * around its start, with `include=data.<schema>` so the data comes back (events_category.yaml
   * of EENCloud/VMS-Developer-Portal, `listEvents`), every page read.
   */
  async findCreatedEvent(request: CreateEventRequest, signal?: AbortSignal): Promise<CreatedEvent | undefined> {
    const wanted = request.metadata['event_id'];
    if (wanted === undefined) return undefined;
    let pageToken: string | undefined;
    for (let page = 0; page < FIND_PAGES; page++) {
      const listed = await this.call(
        'GET',
        '/events',
        {
          actor: `camera:${request.cameraId}`,
          type__in: request.type,
          startTimestamp__gte: new Date(request.time - 1000).toISOString(),
          startTimestamp__lte: new Date(request.time + 1000).toISOString(),
          include: `data.${SENSOR_DATA_SCHEMA}`,
          pageSize: '100',
          pageToken,
        },
        undefined,
        ListedV3Events,
        signal,
      );
      const found = listed.results.find((event) => event.data?.some((item) => item['event_id'] === wanted));
      if (found) return { vendorEventId: found.id };
      if (!listed.nextPageToken) return undefined;
      pageToken = listed.nextPageToken;
    }
    return undefined;
  }

  subscribeEvents(sink: VmsEventSink): EventSubscription {
    const stream = new EenV3EventStream({
      tokens: this.options.tokens,
      sink,
      clock: this.options.clock ?? systemClock,
      log: this.log.child('events'),
      timeoutMs: this.options.requestTimeoutMs,
      cameras: async (signal) => new Map((await this.listCameras(signal)).map((camera) => [camera.id, camera.name])),
      types: this.options.eventTypes,
      label: this.options.eventLabel,
    });
    return this.subscriptions.track(stream);
  }

  onSessionsLost(): () => void {
    return () => undefined;
  }

  dispose(): Promise<void> {
    this.subscriptions.closeAll();
    this.previews?.dispose();
    this.previewSessions.clear();
    return Promise.resolve();
  }

  /** The camera's preview as a multipart stream: `/feeds?type=preview&include=multipartUrl` (media_category.yaml: preview feeds have no HLS). */
  private async previewUrl(cameraId: string, signal?: AbortSignal): Promise<string> {
    const feeds = await this.get('/feeds', { deviceId: cameraId, type: 'preview', include: 'multipartUrl' }, Page(Feed), signal);
    const url = feeds.results.find((feed) => feed.multipartUrl)?.multipartUrl;
    if (!url || !originOf(url)) throw new VmsError({ kind: 'not-found', url: '/feeds' }, 'Eagle Eye gives no preview stream for this camera');
    return url;
  }

  private async cameras(signal?: AbortSignal): Promise<Array<z.infer<typeof Camera>>> {
    const cameras: Array<z.infer<typeof Camera>> = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const reply = await this.get('/cameras', { include: 'status', pageSize: '100', pageToken }, Page(Camera), signal);
      cameras.push(...reply.results);
      for (const camera of reply.results) if (camera.accountId) this.accounts.set(camera.id, camera.accountId);
      // A next page named like the page just read would be read for ever: the listing ends there.
      if (!reply.nextPageToken || reply.nextPageToken === pageToken) break;
      pageToken = reply.nextPageToken;
    }
    return cameras;
  }

  /** A camera's recorded main video between two moments (`GET /media`, every page): coalesced for the timeline, with `mp4Url` for playback. */
  private async media(cameraId: string, from: number, to: number, coalesce: boolean, signal?: AbortSignal): Promise<Array<z.infer<typeof Media>>> {
    const items: Array<z.infer<typeof Media>> = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = { deviceId: cameraId, type: 'main', mediaType: 'video', startTimestamp__gte: new Date(from).toISOString(), endTimestamp__lte: new Date(to).toISOString(), coalesce: String(coalesce), include: coalesce ? undefined : 'mp4Url', pageToken };
      const reply = await this.get('/media', query, Page(Media), signal);
      items.push(...reply.results);
      if (!reply.nextPageToken || reply.nextPageToken === pageToken) break;
      pageToken = reply.nextPageToken;
    }
    return items;
  }

  /** The camera's account: from the last camera list, else `GET /cameras/{cameraId}` (devices_category.yaml `getCamera`). */
  private async accountOf(cameraId: string, signal?: AbortSignal): Promise<string | undefined> {
    const known = this.accounts.get(cameraId);
    if (known) return known;
    const camera = await this.get(`/cameras/${encodeURIComponent(cameraId)}`, {}, Camera, signal);
    if (camera.accountId) this.accounts.set(cameraId, camera.accountId);
    return camera.accountId ?? undefined;
  }

  /** A GET under `/api/v3.0` with the Bearer token; a 401 refreshes once and asks again. */
  private get<T>(path: string, query: Readonly<Record<string, string | undefined>>, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
    return this.call('GET', path, query, undefined, schema, signal);
  }

  private async call<T>(method: 'GET' | 'POST', path: string, query: Readonly<Record<string, string | undefined>>, body: unknown, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
    const url = new URL(`${await this.options.tokens.apiBase(signal)}/api/v3.0${path}`);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
    const headers: Record<string, string> = { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const send = (token: string): Promise<HttpResponse> =>
      this.fetch({ url: url.toString(), method, headers: { ...headers, authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }), timeoutMs: this.options.requestTimeoutMs, signal });
    let token = await this.options.tokens.accessToken(signal);
    let response = await send(token);
    if (response.status === 401) {
      token = await this.options.tokens.invalidate(token, signal);
      response = await send(token);
    }
    const where = `${url.origin}${url.pathname}`;
    if (response.status === 401) throw new VmsError({ kind: 'auth', url: where, httpStatus: 401 }, 'Eagle Eye refused the access token (HTTP 401): sign in again');
    if (response.status === 429) throw new VmsError({ kind: 'rate-limited', url: where, httpStatus: 429, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) ?? 5000 }, 'Eagle Eye asks to slow down (HTTP 429)');
    if (method === 'POST' && (response.status === 400 || response.status === 403 || response.status === 422)) throw new VmsError({ kind: 'rejected', url: where, httpStatus: response.status }, `Eagle Eye refused the request (HTTP ${response.status}, ${where})`);
    if (response.status !== 200 && response.status !== 201) throw new VmsError({ kind: response.status === 404 ? 'not-found' : 'http', url: where, httpStatus: response.status }, `Eagle Eye answered HTTP ${response.status} (${where})`);
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(response.body));
    } catch {
      throw new VmsError({ kind: 'protocol', url: where, httpStatus: 200 }, `Eagle Eye sent a reply that is not JSON (${where})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      this.log.debug('unexpected Eagle Eye v3 reply', { where });
      throw new VmsError({ kind: 'protocol', url: where, httpStatus: 200 }, `Eagle Eye sent a reply of an unexpected shape (${where})`);
    }
    return parsed.data;
  }
}
