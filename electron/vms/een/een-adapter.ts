import { randomUUID } from 'node:crypto';
import type { CameraStatus } from '../../../shared/model/camera';
import { type Clock, systemClock } from '../../common/clock';
import { type Logger, silentLogger } from '../../common/logger';
import type { AdapterCapabilities, CameraCondition, EventSubscription, LiveRequest, VmsAdapter, VmsBinary, VmsCamera, VmsEventSink, VmsRecordings, VmsSession } from '../adapter';
import { VmsError } from '../errors';
import type { HttpFetch } from '../http';
import { EenLegacyClient, type EenLegacyCredentials } from './een-client';
import { EenEventPoller } from './een-events';
import { legacyLatestPreview, legacyPreviewPump, PreviewFeeds } from './een-previews';
import { DeviceRows, VideoSpans } from './een-schemas';
import { decodeStatus } from './een-status';
import { formatEenTime, parseEenTime } from './een-time';
import { OpenSubscriptions } from '../open-subscriptions';

export interface EenLegacyAdapterOptions {
  readonly credentials: EenLegacyCredentials;
  readonly requestTimeoutMs: number;
  /** Four-CC event codes the poll asks for. */
  readonly eventCodes: readonly string[];
  readonly eventLabel: (code: string) => string;
  /** How long a camera's preview fetcher outlives its last viewer. */
  readonly previewLingerMs?: number;
  readonly fetch?: HttpFetch | undefined;
  readonly clock?: Clock;
  readonly log?: Logger;
}

/** Device types of `/g/device/list` field 3 that are cameras (the rest are bridges). */
const CAMERA_TYPES = new Set(['camera', 'mobile_camera', 'multiview_camera', 'mca_camera']);

interface Device {
  readonly esn: string;
  readonly name: string;
  readonly status: number | undefined;
}

/**
 * Adapter for Eagle Eye Networks' legacy API (`/g/...`, `/asset/...`, `/poll`): the user
 * signs in with a name and password held here; live pictures are the cameras' preview
 * JPEGs (about one a second), each fetched once per camera for every tile, window and
 * monitor (een-previews.ts); camera status is the device list's bitmask; events come from
 * the long poll; the timeline's recorded lanes from `/asset/list/video`.
 */
export class EenLegacyAdapter implements VmsAdapter {
  readonly kind = 'een' as const;
  readonly capabilities: AdapterCapabilities = { liveDelivery: 'jpeg', archive: false, events: 'poll', eventMedia: false, createEvents: false };
  private readonly client: EenLegacyClient;
  private readonly previews: PreviewFeeds;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly subscriptions = new OpenSubscriptions();
  private readonly sessions = new Map<string, { release(): void }>();

  constructor(private readonly options: EenLegacyAdapterOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLogger;
    this.client = new EenLegacyClient(options.credentials, { fetch: options.fetch, timeoutMs: options.requestTimeoutMs, log: this.log });
    const log = this.log.child('previews');
    const client = this.client;
    this.previews = new PreviewFeeds({ pump: legacyPreviewPump(client, this.clock, log), fetchLatest: (cameraId, signal) => legacyLatestPreview(client, cameraId, signal), clock: this.clock, log, lingerMs: options.previewLingerMs });
  }

  /**
   * Signs in if no session is held. The core calls this before every status round: signing
   * in each time would leave Eagle Eye a new session every few seconds. A session that ended
   * shows as a 401 on the next call, which signs in again by itself.
   */
  connect(signal?: AbortSignal): Promise<void> {
    return this.client.ensureSignedIn(signal);
  }

  async listCameras(signal?: AbortSignal): Promise<VmsCamera[]> {
    return (await this.devices(signal)).map((device) => ({ id: device.esn, name: device.name }));
  }

  async cameraStatuses(signal?: AbortSignal): Promise<ReadonlyMap<string, CameraStatus | CameraCondition>> {
    const statuses = new Map<string, CameraStatus | CameraCondition>();
    for (const device of await this.devices(signal)) statuses.set(device.esn, (device.status === undefined ? undefined : decodeStatus(device.status)) ?? 'unknown');
    return statuses;
  }

  /** A viewer of the camera's shared preview images: no session on Eagle Eye, one fetcher per camera in the core. */
  openLive(request: LiveRequest): Promise<VmsSession> {
    const frames = this.previews.acquire(request.cameraId);
    const id = `${request.cameraId}:${randomUUID()}`;
    this.sessions.set(id, frames);
    return Promise.resolve({ id, mode: 'live', cameraId: request.cameraId, media: { kind: 'jpeg', frames }, lifetime: { kind: 'none' }, origin: 'primary' });
  }

  openArchive(): Promise<VmsSession> {
    return Promise.reject(new VmsError({ kind: 'not-found', url: 'een://archive' }, "Recorded video of Eagle Eye's legacy API is not playable in this version (it is FLV)"));
  }

  keepAlive(): Promise<void> {
    return Promise.resolve();
  }

  renew(session: VmsSession): Promise<VmsSession> {
    return Promise.resolve(session);
  }

  /** The viewer leaves; the camera's fetcher stops a moment after its last viewer. */
  closeSession(session: VmsSession): Promise<void> {
    this.sessions.get(session.id)?.release();
    this.sessions.delete(session.id);
    return Promise.resolve();
  }

  /** What Eagle Eye recorded of the camera (`/asset/list/video`, EENCloud/api-docs _api_asset.md). */
  async recordings(cameraId: string, from: number, to: number, signal?: AbortSignal): Promise<VmsRecordings> {
    const spans = await this.client.json('/asset/list/video', VideoSpans, {
      query: { id: cameraId, start_timestamp: formatEenTime(from), end_timestamp: formatEenTime(to), options: 'coalesce' },
      signal,
    });
    const ranges = spans.flatMap((span) => {
      const start = parseEenTime(span.s);
      const end = span.e === undefined ? this.clock.now() : parseEenTime(span.e);
      return start === undefined || end === undefined || end <= start ? [] : [{ from: start, to: end }];
    });
    return { kind: 'ranges', ranges };
  }

  liveImage(cameraId: string, signal?: AbortSignal): Promise<VmsBinary> {
    return this.previews.latest(cameraId, signal);
  }

  eventMedia(): Promise<VmsBinary> {
    return Promise.reject(new VmsError({ kind: 'not-found', url: 'een://event-media' }, "Eagle Eye's legacy poll gives no picture or clip for an event"));
  }

  subscribeEvents(sink: VmsEventSink): EventSubscription {
    const poller = new EenEventPoller({
      client: this.client,
      sink,
      clock: this.clock,
      log: this.log.child('events'),
      codes: this.options.eventCodes,
      label: this.options.eventLabel,
      cameras: async (signal) => new Map((await this.devices(signal)).map((device) => [device.esn, device.name])),
    });
    return this.subscriptions.track(poller);
  }

  onSessionsLost(): () => void {
    return () => undefined;
  }

  dispose(): Promise<void> {
    this.subscriptions.closeAll();
    this.previews.dispose();
    this.sessions.clear();
    return Promise.resolve();
  }

  /** Cameras of `/g/device/list` (bridges left out), read by index as the API documents its rows. */
  private async devices(signal?: AbortSignal): Promise<Device[]> {
    const rows = await this.client.json('/g/device/list', DeviceRows, { signal });
    return rows.flatMap((row): Device[] => {
      const [, esn, name, type] = row;
      if (typeof esn !== 'string' || typeof type !== 'string' || !CAMERA_TYPES.has(type)) return [];
      const status = row[10];
      return [{ esn, name: typeof name === 'string' && name.trim() !== '' ? name : esn, status: typeof status === 'number' ? status : undefined }];
    });
  }
}
