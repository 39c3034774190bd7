import { randomUUID } from 'node:crypto';
import type { CameraStatus } from '../../../shared/model/camera';
import { type Clock, systemClock } from '../../common/clock';
import { type Logger, silentLogger } from '../../common/logger';
import type { AdapterCapabilities, ArchiveRequest, CameraCondition, EventSubscription, LiveRequest, VmsAdapter, VmsBinary, VmsCamera, VmsEventSink, VmsRecordings, VmsSession } from '../adapter';
import { VmsError } from '../errors';
import type { HttpFetch } from '../http';
import { type Mp4Record, Mp4RecordsHls } from '../mp4-records-hls';
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

/** How far past its start an archive playlist reaches (the tile then opens the next session). */
const ARCHIVE_WINDOW_MS = 30 * 60_000;
/** Longest piece of recording fetched as one FLV (one HLS segment): a long recording is asked for a minute at a time. */
const FLV_PIECE_MS = 60_000;

/** Device types of `/g/device/list` field 3 that are cameras (the rest are bridges). */
const CAMERA_TYPES = new Set(['camera', 'mobile_camera', 'multiview_camera', 'mca_camera']);

interface Device {
  readonly esn: string;
  readonly name: string;
  readonly status: number | undefined;
}

/**
 * A recording as the pieces asked for: itself when short (Eagle Eye lists recordings one by
 * one), else cut into pieces of at most a minute, on whole minutes (so a piece keeps its
 * bounds, and its place in the playlist, while the recording grows); each piece named by
 * its span, which is what `/asset/play/video.flv` is asked for.
 */
function pieces(start: number, end: number): Mp4Record[] {
  if (end - start <= FLV_PIECE_MS * 1.5) return [{ startMs: start, endMs: end, url: `${start}-${end}` }];
  const out: Mp4Record[] = [];
  for (let from = start; from < end; ) {
    const to = Math.min(end, (Math.floor(from / FLV_PIECE_MS) + 1) * FLV_PIECE_MS);
    out.push({ startMs: from, endMs: to, url: `${from}-${to}` });
    from = to;
  }
  return out;
}

/**
 * Adapter for Eagle Eye Networks' legacy API (`/g/...`, `/asset/...`, `/poll`): the user
 * signs in with a name and password held here; live pictures are the cameras' preview
 * JPEGs (about one a second), each fetched once per camera for every tile, window and
 * monitor (een-previews.ts); camera status is the device list's bitmask; events come from
 * the long poll; the timeline's recorded lanes from `/asset/list/video`, recorded video from
 * its FLV, remuxed to HLS in the core.
 */
export class EenLegacyAdapter implements VmsAdapter {
  readonly kind = 'een' as const;
  readonly capabilities: AdapterCapabilities = { liveDelivery: 'jpeg', archive: true, events: 'poll', eventMedia: false, createEvents: false };
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

  /**
   * Recorded video from a moment. The legacy API lists a camera's recordings
   * (`/asset/list/video`, one `{s, e}` per recording; no `e` while it still records) and
   * gives each as FLV (`/asset/play/video.flv?id&start_timestamp&end_timestamp`,
   * EENCloud/api-docs _api_asset.md), which Chromium cannot play. Each recording, a minute
   * at a time, becomes one HLS segment with its wall-clock time, remuxed into MPEG-TS in the
   * core without re-encoding (mp4-records-hls.ts: ffmpeg reads the container by its content,
   * FLV as well as MP4), so the tile plays it on the shared playback clock like any camera.
   * Fetched with the session cookie, from the API host only.
   */
  openArchive(request: ArchiveRequest): Promise<VmsSession> {
    const id = randomUUID();
    const client = this.client;
    const cameraId = request.cameraId;
    const archive = new Mp4RecordsHls({
      scheme: 'een-archive',
      id,
      fromMs: request.fromMs,
      windowMs: ARCHIVE_WINDOW_MS,
      clock: this.clock,
      list: async (from, to, signal) => {
        const spans = await client.json('/asset/list/video', VideoSpans, { query: { id: cameraId, start_timestamp: formatEenTime(from), end_timestamp: formatEenTime(to) }, signal });
        return spans.flatMap((span): Mp4Record[] => {
          const start = parseEenTime(span.s);
          const end = span.e === undefined ? this.clock.now() : parseEenTime(span.e);
          return start === undefined || end === undefined || end <= start ? [] : pieces(start, end);
        });
      },
      fetchMp4: (piece, signal) => {
        const [start, end] = piece.split('-').map(Number);
        return client.request('/asset/play/video.flv', {
          query: { id: cameraId, start_timestamp: formatEenTime(start ?? 0), end_timestamp: formatEenTime(end ?? 0) },
          // A minute of video: more time than an API call.
          timeoutMs: Math.max(this.options.requestTimeoutMs, 30_000),
          signal,
        });
      },
    });
    return Promise.resolve({ id, mode: 'archive', cameraId, media: { kind: 'hls', playlistUrl: archive.playlistUrl, upstream: archive }, lifetime: { kind: 'none' }, origin: 'primary' });
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
