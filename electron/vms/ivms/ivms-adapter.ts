import { z } from 'zod';
import type { CameraStatus } from '../../../shared/model/camera';
import type {
  AdapterCapabilities,
  EventSubscription,
  LiveRequest,
  VmsAdapter,
  VmsCamera,
  VmsEventSink,
  VmsLiveSession,
} from '../adapter';
import { VmsError, isVmsError } from '../errors';
import type { HttpFetch } from '../http';
import { IvmsClient } from './ivms-client';
import { IvmsChannelList, IvmsChannelStatusList, IvmsSessionStart } from './ivms-schemas';

export interface IvmsAdapterOptions {
  readonly url: string;
  readonly pathPrefix: string;
  /** How often to call keepalive; the server's timeout is undocumented (an integrator uses 30 s). */
  readonly keepaliveIntervalMs: number;
  readonly requestTimeoutMs: number;
  /**
   * Which `channelStatus` value means "online": the document's example and an
   * integrator's code disagree, so it is a per-server setting (default 1).
   */
  readonly statusOnlineValue: number;
  readonly fetch?: HttpFetch;
}

const Anything = z.unknown();

/** Adapter for the Videonetics IVMS Pro TS API v1.5.1 (no authentication; session HLS with keepalive). */
export class IvmsAdapter implements VmsAdapter {
  readonly kind = 'ivms' as const;
  readonly capabilities: AdapterCapabilities = { liveDelivery: 'hls', archive: true, events: 'push', eventMedia: true };
  private readonly client: IvmsClient;

  constructor(private readonly options: IvmsAdapterOptions) {
    this.client = new IvmsClient({
      baseUrl: options.url,
      pathPrefix: options.pathPrefix,
      timeoutMs: options.requestTimeoutMs,
      fetch: options.fetch,
    });
  }

  /** No login in this API; reachability is proven by the first channel list. */
  async connect(): Promise<void> {}

  async listCameras(signal?: AbortSignal): Promise<VmsCamera[]> {
    const channels = await this.client.call('channel', IvmsChannelList, { signal });
    return channels.map((channel) => ({
      id: channel.id,
      name: channel.name?.trim() || `Channel ${channel.id}`,
      model: channel.model,
      address: channel.ip,
    }));
  }

  async cameraStatuses(signal?: AbortSignal): Promise<ReadonlyMap<string, CameraStatus>> {
    const rows = await this.client.call('channel/status', IvmsChannelStatusList, { signal });
    return new Map(rows.map((row) => [row.channelId, row.channelStatus === this.options.statusOnlineValue ? 'online' : 'offline']));
  }

  async openLive(request: LiveRequest, signal?: AbortSignal): Promise<VmsLiveSession> {
    const path = `startlive/${encodeURIComponent(request.cameraId)}/${request.width}/${request.height}/${request.audio ? 1 : 0}`;
    const [started] = await this.client.call(path, IvmsSessionStart, { signal });
    if (!started) throw new VmsError({ kind: 'protocol', url: this.client.url(path) }, `startlive returned no session (${this.client.url(path)})`);
    return {
      id: started.sessionId,
      cameraId: request.cameraId,
      media: { kind: 'hls', playlistUrl: this.resolveMediaUrl(started.hlsUrl, path) },
      lifetime: { kind: 'keepalive', intervalMs: this.options.keepaliveIntervalMs },
    };
  }

  async keepAlive(session: VmsLiveSession, signal?: AbortSignal): Promise<void> {
    await this.client.call(`live/keepalive/${encodeURIComponent(session.id)}`, Anything, { signal });
  }

  /** IVMS sessions do not expire on a schedule; they are kept alive instead. */
  renew(session: VmsLiveSession): Promise<VmsLiveSession> {
    return Promise.reject(new Error(`IVMS session ${session.id} is kept alive, not renewed`));
  }

  async closeLive(session: VmsLiveSession, signal?: AbortSignal): Promise<void> {
    try {
      await this.client.call(`stoplive/${encodeURIComponent(session.id)}`, Anything, { signal });
    } catch (error) {
      // A session the server already dropped (expired, restarted) is as good as stopped.
      if (isVmsError(error) && (error.kind === 'rejected' || error.kind === 'not-found')) return;
      throw error;
    }
  }

  /** The `/notification` socket comes with the full IVMS adapter; until then no events flow. */
  subscribeEvents(sink: VmsEventSink): EventSubscription {
    sink.onState('closed', 'Events are not supported by this adapter yet');
    return { close: () => undefined };
  }

  async dispose(): Promise<void> {}

  /**
   * `hlsURL` may name another host or port (a separate media server) or be a path on
   * the API server. Spaces seen in the document's examples are not valid; reject them
   * with the URL in the message rather than guess.
   */
  private resolveMediaUrl(hlsUrl: string, path: string): string {
    try {
      return new URL(hlsUrl.trim(), this.options.url).toString();
    } catch {
      throw new VmsError({ kind: 'protocol', url: this.client.url(path) }, `startlive returned an invalid hlsURL "${hlsUrl}"`);
    }
  }
}
