import { z } from 'zod';
import type { CameraStatus } from '../../../shared/model/camera';
import { type Clock, systemClock } from '../../common/clock';
import { type Logger, silentLogger } from '../../common/logger';
import type {
  AdapterCapabilities,
  ArchiveRequest,
  EventSubscription,
  LiveRequest,
  MediaUpstream,
  VmsAdapter,
  VmsBinary,
  VmsCamera,
  VmsEventSink,
  VmsRecordings,
  VmsSession,
} from '../adapter';
import { type BasicCredentials, basicAuthorization } from '../basic-auth';
import { credentialedUpstream, plainUpstream } from '../upstream';
import { VmsError, isVmsError } from '../errors';
import type { HttpFetch } from '../http';
import { type Endpoint, FailoverEndpoints } from './failover';
import { IvmsClient } from './ivms-client';
import { IvmsEventSocket } from './ivms-events';
import { IvmsChannel, IvmsChannelList, IvmsChannelStatusList, IvmsSessionStart } from './ivms-schemas';

export interface IvmsAdapterOptions {
  readonly url: string;
  /** The standby ("redundant VMS") API server, if the deployment has one. */
  readonly redundantUrl?: string;
  /** Other origins (a separate media server) that may receive the credentials. */
  readonly mediaUrls?: readonly string[];
  readonly pathPrefix: string;
  readonly keepaliveIntervalMs: number;
  readonly requestTimeoutMs: number;
  /**
   * Which `channelStatus` value means "online": the document's example and an
   * integrator's code disagree, so it is a per-server setting (default 1).
   */
  readonly statusOnlineValue: number;
  /** The zone the server writes event times in. */
  readonly timeZone: string;
  readonly eventIdleTimeoutMs: number;
  readonly failbackProbeMs: number;
  /**
   * IVMS has no authentication of its own; deployments put the API behind a reverse proxy
   * with Basic authentication. Sent on API calls, the event socket and media.
   */
  readonly credentials?: BasicCredentials;
  readonly fetch?: HttpFetch;
  readonly clock?: Clock;
  readonly log?: Logger;
}

const Anything = z.unknown();

/**
 * Adapter for the Videonetics IVMS Pro TS API v1.5.1: no authentication of its own (Basic
 * authentication where a reverse proxy guards it), HLS sessions
 * kept alive by keepalive calls, events on a WebSocket. Tolerant where the field is
 * sloppy (the count example, stoparchive missing, status meaning), strict everywhere
 * else: every reply is schema-checked and an unknown shape is an error naming the URL.
 */
export class IvmsAdapter implements VmsAdapter {
  readonly kind = 'ivms' as const;
  readonly capabilities: AdapterCapabilities = { liveDelivery: 'hls', archive: true, events: 'push', eventMedia: true, createEvents: false };
  private readonly endpoints: FailoverEndpoints;
  private readonly lostListeners = new Set<(reason: string) => void>();
  private readonly sockets = new Set<IvmsEventSocket>();
  private readonly clock: Clock;
  private readonly log: Logger;
  /** `Authorization` for every request to the configured servers; empty without credentials. */
  private readonly authHeaders: Readonly<Record<string, string>>;
  /** Fetches media for the proxy, with the credentials only on the origins the operator configured. */
  private readonly mediaUpstream: MediaUpstream;

  constructor(private readonly options: IvmsAdapterOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLogger;
    this.authHeaders = options.credentials ? { authorization: basicAuthorization(options.credentials) } : {};
    const headers = this.authHeaders;
    this.mediaUpstream = options.credentials
      ? credentialedUpstream({ fetch: options.fetch, origins: [options.url, ...(options.redundantUrl === undefined ? [] : [options.redundantUrl]), ...(options.mediaUrls ?? [])], headers: () => headers })
      : plainUpstream(options.fetch);
    const endpoint = (name: Endpoint['name'], baseUrl: string): Endpoint => ({
      name,
      baseUrl,
      client: new IvmsClient({ baseUrl, pathPrefix: options.pathPrefix, timeoutMs: options.requestTimeoutMs, fetch: options.fetch, headers: this.authHeaders }),
    });
    const list = [endpoint('primary', options.url)];
    if (options.redundantUrl) list.push(endpoint('standby', options.redundantUrl));
    this.endpoints = new FailoverEndpoints(list, {
      clock: this.clock,
      log: this.log,
      probeMs: options.failbackProbeMs,
      probe: (target) => target.client.call('channel/status', Anything),
      onSwitch: (to, reason) => {
        for (const socket of this.sockets) socket.reconnectNow();
        for (const listener of this.lostListeners) listener(`Moved to the ${to.name} server (${reason})`);
      },
    });
  }

  /** Which server answers now (for the server row). */
  get activeEndpoint(): 'primary' | 'standby' {
    return this.endpoints.active.name;
  }

  /** No login in this API: reachability is proven by the first channel list. */
  async connect(): Promise<void> {}

  async listCameras(signal?: AbortSignal): Promise<VmsCamera[]> {
    const channels = await this.endpoints.run((endpoint) => endpoint.client.call('channel', IvmsChannelList, { signal }));
    return channels.map(toCamera);
  }

  async camera(cameraId: string, signal?: AbortSignal): Promise<VmsCamera> {
    return toCamera(await this.channel(cameraId, signal));
  }

  /**
   * The API has no recording list; a channel only says where its recording starts
   * (`oldestClipTime`), asked fresh because a recorder's ring keeps moving it forward.
   */
  async recordings(cameraId: string, _from: number, _to: number, signal?: AbortSignal): Promise<VmsRecordings> {
    const channel = await this.channel(cameraId, signal);
    return { kind: 'since', oldestMs: oldestClipTimeMs(channel.oldestClipTime) };
  }

  /**
   * The channel count. The document's own example, `[{ 501 }]`, is not JSON, so the reply
   * is read as text and the three shapes seen are accepted: `[501]`, `[{"count":501}]`
   * and the broken one.
   */
  async cameraCount(signal?: AbortSignal): Promise<number> {
    return this.endpoints.run(async (endpoint) => {
      const path = 'channel/count';
      const { status, text } = await endpoint.client.text(path, signal);
      const statusCode = /"status"\s*:\s*(\d+)/.exec(text)?.[1];
      const count = /"result"\s*:\s*\[\s*(?:\{\s*(?:"count"\s*:\s*)?)?(\d+)/.exec(text)?.[1];
      if (status !== 200 || (statusCode !== '2000' && statusCode !== '2007') || count === undefined) {
        throw new VmsError({ kind: status === 200 ? 'protocol' : 'http', url: endpoint.client.url(path), httpStatus: status }, `Unexpected channel count from ${endpoint.client.url(path)} (HTTP ${status})`);
      }
      return Number(count);
    });
  }

  async cameraStatuses(signal?: AbortSignal): Promise<ReadonlyMap<string, CameraStatus>> {
    const rows = await this.endpoints.run((endpoint) => endpoint.client.call('channel/status', IvmsChannelStatusList, { signal }));
    return new Map(rows.map((row) => [row.channelId, row.channelStatus === this.options.statusOnlineValue ? 'online' : 'offline']));
  }

  openLive(request: LiveRequest, signal?: AbortSignal): Promise<VmsSession> {
    const path = `startlive/${encodeURIComponent(request.cameraId)}/${request.width}/${request.height}/${request.audio ? 1 : 0}`;
    return this.startSession('live', request.cameraId, path, 'GET', signal);
  }

  /** POST as documented (the document's URL misspells `local` as `locla`; the server does not). Time in ms since the epoch. */
  openArchive(request: ArchiveRequest, signal?: AbortSignal): Promise<VmsSession> {
    const path = `startarchive/${encodeURIComponent(request.cameraId)}/${request.width}/${request.height}/${Math.round(request.fromMs)}/${request.audio ? 1 : 0}`;
    return this.startSession('archive', request.cameraId, path, 'POST', signal);
  }

  async keepAlive(session: VmsSession, signal?: AbortSignal): Promise<void> {
    const path = `${session.mode === 'live' ? 'live' : 'archive'}/keepalive/${encodeURIComponent(session.id)}`;
    await this.endpoints.byName(session.origin).client.call(path, Anything, { signal });
  }

  /** IVMS sessions do not expire on a schedule; they are kept alive instead. */
  renew(session: VmsSession): Promise<VmsSession> {
    return Promise.reject(new Error(`IVMS session ${session.id} is kept alive, not renewed`));
  }

  async closeSession(session: VmsSession, signal?: AbortSignal): Promise<void> {
    const path = `${session.mode === 'live' ? 'stoplive' : 'stoparchive'}/${encodeURIComponent(session.id)}`;
    try {
      await this.endpoints.byName(session.origin).client.call(path, Anything, { signal });
    } catch (error) {
      // A session the server already dropped is as good as stopped; stoparchive is only
      // "Planned" in the document, and where it is missing the session expires by itself.
      if (isVmsError(error) && (error.kind === 'rejected' || error.kind === 'not-found')) return;
      throw error;
    }
  }

  eventMedia(vendorEventId: string, kind: 'snap' | 'clip', signal?: AbortSignal): Promise<VmsBinary> {
    return this.endpoints.run((endpoint) => endpoint.client.binary(`event/${encodeURIComponent(vendorEventId)}/${kind}`, signal));
  }

  subscribeEvents(sink: VmsEventSink): EventSubscription {
    const socket = new IvmsEventSocket({
      url: () => this.socketUrl(),
      zone: this.options.timeZone,
      sink,
      clock: this.clock,
      log: this.log.child('events'),
      idleTimeoutMs: this.options.eventIdleTimeoutMs,
      headers: this.authHeaders,
    });
    this.sockets.add(socket);
    return {
      close: () => {
        this.sockets.delete(socket);
        socket.close();
      },
    };
  }

  onSessionsLost(listener: (reason: string) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  dispose(): Promise<void> {
    this.endpoints.dispose();
    for (const socket of this.sockets) socket.close();
    this.sockets.clear();
    this.lostListeners.clear();
    return Promise.resolve();
  }

  private async channel(cameraId: string, signal?: AbortSignal): Promise<IvmsChannel> {
    const [channel] = await this.endpoints.run((endpoint) => endpoint.client.call(`channel/${encodeURIComponent(cameraId)}`, z.array(IvmsChannel).min(1), { signal }));
    if (!channel) throw new VmsError({ kind: 'not-found', url: this.endpoints.active.client.url(`channel/${cameraId}`) }, `No channel ${cameraId}`);
    return channel;
  }

  private async startSession(mode: VmsSession['mode'], cameraId: string, path: string, method: 'GET' | 'POST', signal?: AbortSignal): Promise<VmsSession> {
    return this.endpoints.run(async (endpoint) => {
      const [started] = await endpoint.client.call(path, IvmsSessionStart, { signal, method });
      if (!started) throw new VmsError({ kind: 'protocol', url: endpoint.client.url(path) }, `No session in the reply of ${endpoint.client.url(path)}`);
      const playlistUrl = resolveMediaUrl(started.hlsUrl, endpoint, path);
      return {
        id: started.sessionId,
        mode,
        cameraId,
        media: { kind: 'hls', playlistUrl, upstream: this.mediaUpstream },
        lifetime: { kind: 'keepalive', intervalMs: this.options.keepaliveIntervalMs },
        origin: endpoint.name,
      };
    });
  }

  /** The documented socket is at the server root (`ws://host:port/notification`), not under the prefix. */
  private socketUrl(): string {
    const url = new URL('/notification', this.endpoints.active.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  }
}

/** Below this, a time cannot be milliseconds since the epoch (it would be before March 1973). */
const SECONDS_BELOW = 1e11;

/**
 * `oldestClipTime` in epoch ms. Its unit is not documented: a value below 1e11 is read as
 * seconds (as ms it would be before 1973; as seconds, 1e11 is the year 5138), anything
 * larger as ms. 0, negative, absent or not a number means the server does not say.
 */
export function oldestClipTimeMs(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0) return undefined;
  return number < SECONDS_BELOW ? number * 1000 : number;
}

function toCamera(channel: IvmsChannel): VmsCamera {
  // The API gives a group's id but not its name.
  const group = channel.groupId === undefined ? undefined : `Group ${channel.groupId}`;
  return { id: channel.id, name: channel.name?.trim() || `Channel ${channel.id}`, model: channel.model, address: channel.ip, group };
}

/**
 * `hlsURL` may name another host or port (a separate media server) or be a path on the
 * API server. Spaces seen in the document's examples are not valid: reject them with the
 * URL in the message rather than guess.
 */
function resolveMediaUrl(hlsUrl: string, endpoint: Endpoint, path: string): string {
  try {
    return new URL(hlsUrl.trim(), endpoint.baseUrl).toString();
  } catch {
    throw new VmsError({ kind: 'protocol', url: endpoint.client.url(path) }, `The server returned an invalid hlsURL "${hlsUrl}"`);
  }
}
