import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { readBody, Router, sendFile, sendJson, sendText } from '../http/router';
import type { SimCamera } from '../site/catalog';
import type { EncoderLease } from '../site/encoder-pool';
import { mediaPlaylist } from '../site/hls';
import type { SiteEvent } from '../site/events';
import { findChunk, RecordFiles, recordChunks, type RecordChunk } from '../site/records';
import type { SimSite } from '../site/site';
import { ACCOUNT_ID, esnOf } from './devices';
import type { PreviewImage, PreviewPool } from './previews';

export interface EenV3Options {
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Life of an access token (`expires_in`); seconds in tests so refreshes happen. */
  readonly accessTokenSeconds?: number;
  /** A live stream nobody fetched for this long gives its encoder back. */
  readonly streamLingerMs?: number;
  /** A temporary event subscription with no client for this long is deleted (EEN: 900 s). */
  readonly subscriptionTtlSeconds?: number;
}

/** The boundary of the simulator's multipart preview streams. */
const PREVIEW_BOUNDARY = 'een-preview-frame';

/** v3 event types for what the site raises (events_category.yaml of EENCloud/VMS-Developer-Portal). */
const V3_TYPE_OF_KIND: Readonly<Record<string, string>> = {
  activity: 'een.motionDetectionEvent.v1',
  intrusion: 'een.objectIntrusionEvent.v1',
  tripwire: 'een.objectLineCrossEvent.v1',
  loitering: 'een.loiterDetectionEvent.v1',
  tampering: 'een.tamperDetectionEvent.v1',
  'abandoned-object': 'een.objectRemovalEvent.v1',
  crowd: 'een.personDetectionEvent.v1',
  'camera-offline': 'een.deviceCloudStatusUpdateEvent.v1',
  'camera-online': 'een.deviceCloudStatusUpdateEvent.v1',
};

/**
 * Types a client may create with `POST /events` (the "supported event types" of
 * developer.eagleeyenetworks.com/docs/event-type the spec points at): the site's, and those
 * an integration inserts.
 */
const CREATABLE_TYPES = new Set([...Object.values(V3_TYPE_OF_KIND), 'een.deviceIOEvent.v1', 'een.doorStatusEvent.v1', 'een.panicButtonEvent.v1', 'een.customEvent.v1']);

/** Longest recording `/media` lists as one item when asked not to coalesce (cut on segment boundaries). */
const MEDIA_CHUNK_MS = 60_000;

/** An event as v3's `/events` and its SSE stream give it. */
export interface V3Event {
  readonly id: string;
  readonly startTimestamp: string;
  readonly endTimestamp: null;
  readonly span: false;
  readonly actorId: string;
  readonly actorType: 'camera';
  readonly actorAccountId: string;
  readonly creatorId: string;
  readonly type: string;
  readonly dataSchemas: string[];
  readonly data: unknown[];
}

interface Subscription {
  readonly id: string;
  readonly actors: ReadonlySet<string>;
  readonly types: ReadonlySet<string>;
  client: ServerResponse | undefined;
  idleSince: number;
}

export const EEN_V3_DEFAULT_CLIENT = { clientId: 'tessera-sim-client', clientSecret: 'sim-client-secret' } as const;

export interface EenV3Counters {
  authorizationCodes: number;
  tokenGrants: number;
  refreshes: number;
  refusedRefreshes: number;
  apiCalls: number;
  unauthorized: number;
  mediaRequests: number;
  /** Multipart preview streams opened, and open now. */
  previewStreams: number;
  previewStreamsOpen: number;
  subscriptions: number;
  sseConnections: number;
  sseRefused: number;
  sseSent: number;
}

interface Grant {
  readonly refreshToken: string;
  readonly accessToken: string;
  readonly accessExpiresAt: number;
}

/**
 * Eagle Eye's API v3 on the simulated site: OAuth2 authorization code (an authorize page
 * that approves with a button, a token endpoint with Basic client authentication and
 * rotating refresh tokens: a refresh invalidates the old refresh token and its access token,
 * EEN-V3 Agent Skills 02-refresh-access-token.md), `/api/v3.0/cameras` (paged, with
 * `connectionStatus`), `/api/v3.0/feeds` (the main stream's `hlsUrl`), and that HLS, which
 * demands the Bearer token on the playlist and every segment.
 */
export class EenV3 {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly counters: EenV3Counters = { authorizationCodes: 0, tokenGrants: 0, refreshes: 0, refusedRefreshes: 0, apiCalls: 0, unauthorized: 0, mediaRequests: 0, previewStreams: 0, previewStreamsOpen: 0, subscriptions: 0, sseConnections: 0, sseRefused: 0, sseSent: 0 };
  /** Every event of the account's cameras, oldest first (what `/events` lists). */
  readonly events: V3Event[] = [];
  /** Events clients created with `POST /events`, oldest first, with their data (for tests comparing). */
  readonly created: V3Event[] = [];
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly unsubscribe: () => void;
  private readonly codes = new Map<string, { redirectUri: string; expiresAt: number }>();
  private readonly grants = new Map<string, Grant>(); // by refresh token
  private readonly access = new Map<string, number>(); // access token → expiry
  private readonly leases = new Map<number, { lease: EncoderLease; lastUsed: number }>();
  private readonly sweeper: NodeJS.Timeout;
  /** MP4 files of recorded media, made on first request from the site's recording. */
  private readonly records: RecordFiles;
  /** Open multipart preview responses (cut by `dropPreviewStreams`). */
  private readonly previewStreams = new Set<ServerResponse>();

  constructor(
    private readonly site: SimSite,
    private readonly cameras: readonly SimCamera[],
    private readonly origin: () => string,
    private readonly options: EenV3Options = {},
    /** The front's preview images (shared with the legacy API's `/asset/.../image.jpeg`). */
    private readonly previews?: PreviewPool,
  ) {
    this.clientId = options.clientId ?? EEN_V3_DEFAULT_CLIENT.clientId;
    this.clientSecret = options.clientSecret ?? EEN_V3_DEFAULT_CLIENT.clientSecret;
    this.sweeper = setInterval(() => this.sweep(), 1000);
    this.records = new RecordFiles(join(site.workDir, `een-media-${randomBytes(4).toString('hex')}`));
    this.unsubscribe = site.events.subscribe((event) => this.onSiteEvent(event));
  }

  /**
   * Cuts every SSE connection, as a network drop does: the subscriptions stay (for their
   * time to live), or with `expire` are deleted too, as after a client was away too long.
   */
  dropStreams(expire = false): number {
    let dropped = 0;
    const all = [...this.subscriptions.values()];
    if (expire) this.subscriptions.clear();
    for (const subscription of all) {
      if (!subscription.client) continue;
      subscription.client.destroy();
      subscription.client = undefined;
      subscription.idleSince = Date.now();
      dropped += 1;
    }
    return dropped;
  }

  /** Cuts every multipart preview stream, as a network drop does. */
  dropPreviewStreams(): number {
    const open = [...this.previewStreams];
    for (const response of open) response.destroy();
    this.previewStreams.clear();
    return open.length;
  }

  /** Every refresh token still valid (a test reads what a client should hold). */
  validRefreshTokens(): string[] {
    return [...this.grants.keys()];
  }

  /** Ends every grant: the next refresh is refused, as when a user revokes the app. */
  revokeAll(): void {
    this.grants.clear();
    this.access.clear();
  }

  router(): Router {
    return new Router()
      .on('GET', /^\/oauth2\/authorize$/, (request, response) => this.authorizePage(request, response))
      .on('POST', /^\/oauth2\/authorize$/, async (request, response) => this.approve(request, response))
      .on('POST', /^\/oauth2\/token$/, async (request, response) => this.token(request, response))
      .on('GET', /^\/api\/v3\.0\/cameras$/, (request, response) => this.api(request, response, (url) => this.listCameras(url)))
      .on('GET', /^\/api\/v3\.0\/cameras\/([0-9a-f]{8})$/, (request, response, [esn]) => this.getCamera(request, response, esn ?? ''))
      .on('GET', /^\/api\/v3\.0\/feeds$/, (request, response) => this.api(request, response, (url) => this.feeds(url)))
      .on('GET', /^\/api\/v3\.0\/events$/, (request, response) => this.api(request, response, (url) => this.listEvents(url)))
      .on('POST', /^\/api\/v3\.0\/events$/, async (request, response) => this.createEvent(request, response))
      .on('POST', /^\/api\/v3\.0\/eventSubscriptions$/, async (request, response) => this.subscribe(request, response))
      .on('GET', /^\/sse\/v3\.0\/eventSubscriptions\/([0-9a-f]+)$/, (request, response, [id]) => this.stream(request, response, id ?? ''))
      .on('GET', /^\/api\/v3\.0\/media$/, (request, response) => this.listMedia(request, response))
      .on('GET', /^\/media\/v3\/([0-9a-f]{8})\/recordings\/(\d+)-(\d+)\.mp4$/, async (request, response, [esn, first, last]) => this.recordingMp4(request, response, esn ?? '', Number(first), Number(last)))
      .on('GET', /^\/media\/v3\/([0-9a-f]{8})\/preview\.multipart$/, (request, response, [esn]) => this.previewStream(request, response, esn ?? ''))
      .on('GET', /^\/media\/v3\/([0-9a-f]{8})\/main\.m3u8$/, async (request, response, [esn]) => this.playlist(request, response, esn ?? ''))
      .on('GET', /^\/media\/v3\/([0-9a-f]{8})\/(\d+)\.ts$/, (request, response, [esn, sequence]) => this.segment(request, response, esn ?? '', Number(sequence)));
  }

  close(): void {
    clearInterval(this.sweeper);
    this.unsubscribe();
    for (const subscription of this.subscriptions.values()) subscription.client?.destroy();
    this.subscriptions.clear();
    this.dropPreviewStreams();
    for (const { lease } of this.leases.values()) lease.release();
    this.leases.clear();
    void this.records.dispose();
  }

  private authorizePage(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.origin());
    const clientId = url.searchParams.get('client_id');
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    if (clientId !== this.clientId || url.searchParams.get('response_type') !== 'code' || !/^https?:\/\//.test(redirectUri)) {
      return sendText(response, 400, 'invalid_request: client_id, response_type=code and redirect_uri are required');
    }
    const field = (name: string, value: string): string => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>Eagle Eye Networks (simulator) — sign in</title></head><body>
<h1>Eagle Eye Networks (simulator)</h1><p>Allow <b>${escapeHtml(clientId)}</b> to see this account's cameras?</p>
<form method="post" action="/oauth2/authorize">${field('redirect_uri', redirectUri)}${field('state', url.searchParams.get('state') ?? '')}
<button type="submit" id="approve" data-testid="een-approve">Approve</button></form></body></html>`;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(html);
  }

  private async approve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(request));
    const redirectUri = form.get('redirect_uri') ?? '';
    if (!/^https?:\/\//.test(redirectUri)) return sendText(response, 400, 'invalid_request');
    const code = randomBytes(16).toString('hex');
    // Codes are valid five minutes (developer.eagleeyenetworks.com, authorization code flow).
    this.codes.set(code, { redirectUri, expiresAt: Date.now() + 5 * 60_000 });
    this.counters.authorizationCodes += 1;
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = form.get('state');
    if (state) target.searchParams.set('state', state);
    response.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' });
    response.end();
  }

  private async token(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const [id, secret] = Buffer.from(basic ?? '', 'base64').toString('utf8').split(':');
    if (id !== this.clientId || secret !== this.clientSecret) return sendJson(response, 401, { error: 'invalid_client' });
    const form = new URLSearchParams(await readBody(request));
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      if (!code || code.expiresAt < Date.now() || code.redirectUri !== form.get('redirect_uri')) return sendJson(response, 400, { error: 'invalid_grant' });
      this.counters.tokenGrants += 1;
      return sendJson(response, 200, this.issue());
    }
    if (grantType === 'refresh_token') {
      const old = this.grants.get(form.get('refresh_token') ?? '');
      if (!old) {
        this.counters.refusedRefreshes += 1;
        return sendJson(response, 400, { error: 'invalid_grant' });
      }
      // Rotation: the old refresh token and its access token stop working now.
      this.grants.delete(old.refreshToken);
      this.access.delete(old.accessToken);
      this.counters.refreshes += 1;
      return sendJson(response, 200, this.issue());
    }
    sendJson(response, 400, { error: 'unsupported_grant_type' });
  }

  private issue(): Record<string, unknown> {
    const seconds = this.options.accessTokenSeconds ?? 43_198;
    const grant: Grant = { refreshToken: randomBytes(24).toString('hex'), accessToken: randomBytes(24).toString('hex'), accessExpiresAt: Date.now() + seconds * 1000 };
    this.grants.set(grant.refreshToken, grant);
    this.access.set(grant.accessToken, grant.accessExpiresAt);
    const base = new URL(this.origin());
    return {
      access_token: grant.accessToken,
      expires_in: seconds,
      refresh_token: grant.refreshToken,
      scope: 'vms.all',
      token_type: 'Bearer',
      httpsBaseUrl: { hostname: base.hostname, port: Number(base.port) },
    };
  }

  private bearer(request: IncomingMessage): boolean {
    const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const expiry = this.access.get(token);
    if (expiry !== undefined && expiry > Date.now()) return true;
    this.counters.unauthorized += 1;
    return false;
  }

  private api(request: IncomingMessage, response: ServerResponse, answer: (url: URL) => unknown): void {
    this.counters.apiCalls += 1;
    if (!this.bearer(request)) return sendJson(response, 401, { code: 401, status: 'unauthenticated', message: 'The access token is missing, invalid or expired.' });
    const url = new URL(request.url ?? '/', this.origin());
    sendJson(response, 200, answer(url));
  }

  /** `GET /cameras/{cameraId}` (devices_category.yaml `getCamera`): one camera, 404 for one the account does not have. */
  private getCamera(request: IncomingMessage, response: ServerResponse, esn: string): void {
    this.counters.apiCalls += 1;
    if (!this.bearer(request)) return sendJson(response, 401, { code: 401, status: 'unauthenticated', message: 'The access token is missing, invalid or expired.' });
    const camera = this.cameras.find((candidate) => esnOf(candidate.id) === esn);
    if (!camera) return sendJson(response, 404, { code: 404, status: 'notFound', message: `No camera ${esn}.` });
    sendJson(response, 200, { id: esn, accountId: ACCOUNT_ID, name: camera.name });
  }

  private listCameras(url: URL): unknown {
    const pageSize = Math.min(100, Math.max(1, Number(url.searchParams.get('pageSize') ?? 100) || 100));
    const start = Number(url.searchParams.get('pageToken') ?? 0) || 0;
    const withStatus = (url.searchParams.get('include') ?? '').split(',').includes('status');
    const page = this.cameras.slice(start, start + pageSize).map((camera) => ({
      id: esnOf(camera.id),
      accountId: ACCOUNT_ID,
      name: camera.name,
      ...(withStatus ? { status: { connectionStatus: camera.online ? 'online' : 'deviceOffline' } } : {}),
    }));
    const next = start + pageSize < this.cameras.length ? String(start + pageSize) : '';
    return { results: page, nextPageToken: next, prevPageToken: start > 0 ? String(Math.max(0, start - pageSize)) : '', totalSize: this.cameras.length };
  }

  /**
   * `GET /media` (media_category.yaml `listMedia`): the recorded intervals of a camera's main
   * video between `startTimestamp__gte` and `endTimestamp__lte` (until now without it),
   * connected ones coalesced unless `coalesce=false` (then one item per stretch of up to a
   * minute), each with an `mp4Url` when `include=mp4Url` asks — the MP4 demands the Bearer
   * token like the live HLS. 400 without the required parameters.
   */
  private listMedia(request: IncomingMessage, response: ServerResponse): void {
    this.counters.apiCalls += 1;
    if (!this.bearer(request)) return sendJson(response, 401, { code: 401, status: 'unauthenticated', message: 'The access token is missing, invalid or expired.' });
    const url = new URL(request.url ?? '/', this.origin());
    const query = url.searchParams;
    const esn = query.get('deviceId');
    const type = query.get('type');
    const from = Date.parse(query.get('startTimestamp__gte') ?? '');
    if (!esn || (type !== 'main' && type !== 'preview') || query.get('mediaType') !== 'video' || Number.isNaN(from)) {
      return sendJson(response, 400, { code: 400, status: 'invalidArgument', message: 'deviceId, type, mediaType=video and startTimestamp__gte are required.' });
    }
    const to = query.has('endTimestamp__lte') ? Date.parse(query.get('endTimestamp__lte') ?? '') : Date.now();
    const camera = this.cameras.find((candidate) => esnOf(candidate.id) === esn);
    const recorder = camera ? this.site.recorders.get(camera.id) : undefined;
    const chunks = (recorder ? recordChunks(recorder.ring.segments, MEDIA_CHUNK_MS) : []).filter((chunk) => chunk.endMs > from && chunk.startMs < to);
    const items = query.get('coalesce') === 'false' ? chunks.map((chunk) => [chunk]) : coalesced(chunks);
    const withMp4 = (query.get('include') ?? '').split(',').includes('mp4Url');
    const results = items.map((run) => {
      const head = run[0] as RecordChunk;
      const tail = run.at(-1) as RecordChunk;
      return {
        type,
        deviceId: esn,
        mediaType: 'video',
        startTimestamp: new Date(head.startMs).toISOString(),
        endTimestamp: new Date(tail.endMs).toISOString(),
        ...(withMp4 ? { mp4Url: `${this.origin()}/media/v3/${esn}/recordings/${head.first}-${tail.last}.mp4` } : {}),
      };
    });
    sendJson(response, 200, { results, nextPageToken: '', prevPageToken: '', totalSize: results.length });
  }

  /** One recorded interval as an MP4 file (the site's segments joined without re-encoding), for the Bearer token only. */
  private async recordingMp4(request: IncomingMessage, response: ServerResponse, esn: string, first: number, last: number): Promise<void> {
    this.counters.mediaRequests += 1;
    if (!this.bearer(request)) return sendText(response, 401, 'Unauthorized');
    const camera = this.cameras.find((candidate) => esnOf(candidate.id) === esn);
    const recorder = camera ? this.site.recorders.get(camera.id) : undefined;
    const chunk = recorder ? findChunk(recorder.ring, first, last) : undefined;
    const file = chunk && camera ? await this.records.file(camera.id, chunk) : undefined;
    if (!file) return sendText(response, 404, 'Not found');
    sendFile(response, file.path, 'video/mp4', file.bytes);
  }

  private feeds(url: URL): unknown {
    const esn = url.searchParams.get('deviceId') ?? '';
    const camera = this.cameras.find((candidate) => esnOf(candidate.id) === esn);
    const type = url.searchParams.get('type') ?? 'main';
    if (!camera) return { results: [], nextPageToken: '', prevPageToken: '', totalSize: 0 };
    const include = (url.searchParams.get('include') ?? '').split(',');
    // The main feed has HLS; the preview feed only a multipart stream (media_category.yaml).
    const urls = {
      ...(type === 'main' && include.includes('hlsUrl') ? { hlsUrl: `${this.origin()}/media/v3/${esn}/main.m3u8` } : {}),
      ...(type === 'preview' && include.includes('multipartUrl') && this.previews ? { multipartUrl: `${this.origin()}/media/v3/${esn}/preview.multipart` } : {}),
    };
    const feed = { id: `${esn}-${type}`, type, deviceId: esn, mediaType: type === 'preview' ? 'image' : 'video', ...urls };
    return { results: [feed], nextPageToken: '', prevPageToken: '', totalSize: 1 };
  }

  /**
   * A camera's preview as `multipart/x-mixed-replace`: the front's preview JPEGs (about one a
   * second, the same as the legacy API serves), each part with `Content-Type`,
   * `Content-Length` and `X-Een-Timestamp`, the boundary written right after each image so a
   * reader has it at once. For the Bearer token only; the stream ends when the camera goes
   * offline or the client leaves.
   */
  private previewStream(request: IncomingMessage, response: ServerResponse, esn: string): void {
    this.counters.mediaRequests += 1;
    if (!this.bearer(request)) return sendText(response, 401, 'Unauthorized');
    const camera = this.cameras.find((candidate) => esnOf(candidate.id) === esn);
    const previews = this.previews;
    if (!camera?.online || !previews) return sendText(response, 404, 'Not found');
    this.counters.previewStreams += 1;
    this.counters.previewStreamsOpen += 1;
    this.previewStreams.add(response);
    const abort = new AbortController();
    response.once('close', () => {
      abort.abort();
      this.previewStreams.delete(response);
      this.counters.previewStreamsOpen -= 1;
    });
    response.writeHead(200, { 'content-type': `multipart/x-mixed-replace; boundary=${PREVIEW_BOUNDARY}`, 'cache-control': 'no-store', connection: 'close' });
    response.write(`--${PREVIEW_BOUNDARY}\r\n`);
    const send = (image: PreviewImage): void => {
      response.write(`Content-Type: image/jpeg\r\nContent-Length: ${image.jpeg.length}\r\nX-Een-Timestamp: ${new Date(image.takenAt).toISOString()}\r\n\r\n`);
      response.write(image.jpeg);
      response.write(`\r\n--${PREVIEW_BOUNDARY}\r\n`);
    };
    void (async () => {
      let last = await previews.latest(camera, 8000, abort.signal);
      while (!abort.signal.aborted && camera.online) {
        if (last) send(last);
        const next = await previews.next(camera, last?.takenAt ?? 'now', 10_000, abort.signal);
        if (next) last = next;
        else if (last) last = undefined; // nothing new for a while: wait again without sending the old image twice
      }
      if (!response.destroyed) response.end();
    })().catch(() => response.destroy());
  }

  private async playlist(request: IncomingMessage, response: ServerResponse, esn: string): Promise<void> {
    this.counters.mediaRequests += 1;
    if (!this.bearer(request)) return sendText(response, 401, 'Unauthorized');
    const camera = this.cameras.find((candidate) => esnOf(candidate.id) === esn);
    if (!camera?.online) return sendText(response, 404, 'Not found');
    const entry = this.lease(camera);
    try {
      await entry.lease.encoder.waitForFirstSegment(15_000);
    } catch {
      return sendText(response, 503, 'Stream unavailable');
    }
    const segments = entry.lease.ring.segments.slice(-this.site.liveWindow);
    response.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'no-store' });
    response.end(mediaPlaylist(segments, { uri: (segment) => `${segment.sequence}.ts` }));
  }

  private segment(request: IncomingMessage, response: ServerResponse, esn: string, sequence: number): void {
    this.counters.mediaRequests += 1;
    if (!this.bearer(request)) return sendText(response, 401, 'Unauthorized');
    const camera = this.cameras.find((candidate) => esnOf(candidate.id) === esn);
    const entry = camera ? this.leases.get(camera.id) : undefined;
    const segment = entry?.lease.ring.segments.find((candidate) => candidate.sequence === sequence);
    if (!entry || !segment) return sendText(response, 404, 'Not found');
    entry.lastUsed = Date.now();
    sendFile(response, segment.path, 'video/mp2t', segment.bytes);
  }

  private lease(camera: SimCamera): { lease: EncoderLease; lastUsed: number } {
    let entry = this.leases.get(camera.id);
    if (!entry) {
      const main = this.site.profiles.at(-1);
      if (!main) throw new Error('the site has no stream profiles');
      entry = { lease: this.site.pool.acquire(camera, main), lastUsed: Date.now() };
      this.leases.set(camera.id, entry);
    }
    entry.lastUsed = Date.now();
    return entry;
  }

  private onSiteEvent(event: SiteEvent): void {
    const camera = this.cameras.find((candidate) => candidate.id === event.cameraId);
    if (!camera) return;
    const v3: V3Event = {
      id: `evt-${event.id}`,
      startTimestamp: new Date(event.time).toISOString(),
      endTimestamp: null,
      span: false,
      actorId: esnOf(camera.id),
      actorType: 'camera',
      actorAccountId: ACCOUNT_ID,
      creatorId: 'een.simulator',
      type: V3_TYPE_OF_KIND[event.kind] ?? 'een.motionDetectionEvent.v1',
      dataSchemas: [],
      data: [],
    };
    this.events.push(v3);
    if (this.events.length > 5000) this.events.shift();
    for (const subscription of this.subscriptions.values()) {
      if (!subscription.client || !subscription.actors.has(`camera:${v3.actorId}`) || (subscription.types.size > 0 && !subscription.types.has(v3.type))) continue;
      subscription.client.write(`data: ${JSON.stringify(v3)}\n\n`);
      this.counters.sseSent += 1;
    }
  }

  private listEvents(url: URL): unknown {
    const actor = url.searchParams.get('actor') ?? '';
    const types = new Set((url.searchParams.get('type__in') ?? '').split(',').filter(Boolean));
    const since = Date.parse(url.searchParams.get('startTimestamp__gte') ?? '') || 0;
    const until = Date.parse(url.searchParams.get('startTimestamp__lte') ?? '') || Number.POSITIVE_INFINITY;
    const pageSize = Math.min(1000, Math.max(1, Number(url.searchParams.get('pageSize') ?? 100) || 100));
    const start = Number(url.searchParams.get('pageToken') ?? 0) || 0;
    const matching = this.events.filter((event) => `camera:${event.actorId}` === actor && (types.size === 0 || types.has(event.type)) && Date.parse(event.startTimestamp) >= since && Date.parse(event.startTimestamp) <= until);
    if (url.searchParams.get('sort') === '-startTimestamp') matching.reverse();
    const page = matching.slice(start, start + pageSize);
    return { results: page, nextPageToken: start + pageSize < matching.length ? String(start + pageSize) : '', prevPageToken: '', totalSize: matching.length };
  }

  /** `POST /events`: a supported type on one of the account's cameras → 201 with the event (events_category.yaml `createEvent`). */
  private async createEvent(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.counters.apiCalls += 1;
    if (!this.bearer(request)) return sendJson(response, 401, { code: 401, status: 'unauthenticated', message: 'The access token is missing, invalid or expired.' });
    let body: Partial<Record<string, unknown>>;
    try {
      body = JSON.parse(await readBody(request)) as typeof body;
    } catch {
      return sendJson(response, 400, { code: 400, status: 'badRequest', message: 'The body is not JSON.' });
    }
    const type = typeof body['type'] === 'string' ? body['type'] : '';
    if (!CREATABLE_TYPES.has(type)) return sendJson(response, 400, { code: 400, status: 'badRequest', message: `Event type ${type || '(none)'} is not supported.` });
    const actorId = typeof body['actorId'] === 'string' ? body['actorId'] : '';
    if (body['actorType'] !== 'camera' || !this.cameras.some((camera) => esnOf(camera.id) === actorId)) return sendJson(response, 404, { code: 404, status: 'notFound', message: `No camera ${actorId}.` });
    const start = typeof body['startTimestamp'] === 'string' && !Number.isNaN(Date.parse(body['startTimestamp'])) ? body['startTimestamp'] : new Date().toISOString();
    const event: V3Event = {
      id: `evt-c${randomBytes(6).toString('hex')}`,
      startTimestamp: start,
      endTimestamp: null,
      span: false,
      actorId,
      actorType: 'camera',
      actorAccountId: ACCOUNT_ID,
      creatorId: typeof body['creatorId'] === 'string' ? body['creatorId'] : 'client',
      type,
      dataSchemas: Array.isArray(body['dataSchemas']) ? body['dataSchemas'].map(String) : [],
      data: Array.isArray(body['data']) ? (body['data'] as unknown[]) : [],
    };
    this.created.push(event);
    if (this.created.length > 5000) this.created.shift();
    this.events.push(event);
    if (this.events.length > 5000) this.events.shift();
    sendJson(response, 201, event);
  }

  private async subscribe(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.counters.apiCalls += 1;
    if (!this.bearer(request)) return sendJson(response, 401, { code: 401, status: 'unauthenticated', message: 'The access token is missing, invalid or expired.' });
    let body: { deliveryConfig?: { type?: string }; filters?: Array<{ actors?: string[]; types?: Array<{ id?: string }> }> };
    try {
      body = JSON.parse(await readBody(request)) as typeof body;
    } catch {
      return sendJson(response, 400, { code: 400, status: 'badRequest', message: 'The body is not JSON.' });
    }
    if (body.deliveryConfig?.type !== 'serverSentEvents.v1') return sendJson(response, 400, { code: 400, status: 'badRequest', message: 'Only serverSentEvents.v1 delivery is simulated.' });
    const actors = new Set((body.filters ?? []).flatMap((filter) => filter.actors ?? []));
    const types = new Set((body.filters ?? []).flatMap((filter) => (filter.types ?? []).map((type) => type.id ?? '')).filter(Boolean));
    const id = randomBytes(12).toString('hex');
    this.subscriptions.set(id, { id, actors, types, client: undefined, idleSince: Date.now() });
    this.counters.subscriptions += 1;
    const ttl = this.options.subscriptionTtlSeconds ?? 900;
    sendJson(response, 201, {
      id,
      subscriptionConfig: { lifeCycle: 'temporary', timeToLiveSeconds: ttl },
      deliveryConfig: { type: 'serverSentEvents.v1', sseUrl: `${this.origin()}/sse/v3.0/eventSubscriptions/${id}` },
    });
  }

  /** The SSE stream of a subscription: one client at a time (a second is refused). */
  private stream(request: IncomingMessage, response: ServerResponse, id: string): void {
    if (!this.bearer(request)) return sendText(response, 401, 'Unauthorized');
    const subscription = this.subscriptions.get(id);
    if (!subscription) return sendText(response, 404, 'No such subscription');
    if (subscription.client) {
      this.counters.sseRefused += 1;
      return sendText(response, 409, 'This subscription already has a client');
    }
    subscription.client = response;
    this.counters.sseConnections += 1;
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(': connected\n\n');
    response.once('close', () => {
      if (subscription.client === response) {
        subscription.client = undefined;
        subscription.idleSince = Date.now();
      }
    });
  }

  private sweep(): void {
    const ttlMs = (this.options.subscriptionTtlSeconds ?? 900) * 1000;
    for (const [id, subscription] of this.subscriptions) if (!subscription.client && Date.now() - subscription.idleSince > ttlMs) this.subscriptions.delete(id);
    const idle = this.options.streamLingerMs ?? 10_000;
    for (const [id, entry] of this.leases) {
      if (Date.now() - entry.lastUsed > idle) {
        entry.lease.release();
        this.leases.delete(id);
      }
    }
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Runs of record chunks whose end and next start are the same moment: `/media`'s `coalesce` ("connected intervals into a single"). */
function coalesced(chunks: readonly RecordChunk[]): RecordChunk[][] {
  const runs: RecordChunk[][] = [];
  for (const chunk of chunks) {
    const run = runs.at(-1);
    const previous = run?.at(-1);
    if (run && previous && previous.endMs === chunk.startMs && previous.last + 1 === chunk.first) run.push(chunk);
    else runs.push([chunk]);
  }
  return runs;
}
