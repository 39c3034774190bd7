import { z } from 'zod';
import type { CameraStatus } from '../../../shared/model/camera';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import type {
  AdapterCapabilities,
  AlertAcknowledgement,
  ArchiveRequest,
  CameraCondition,
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
import { isVmsError, VmsError } from '../errors';
import { httpFetch, type HttpFetch } from '../http';
import { acknowledgeAlarm, AlarmWatch } from './milestone-alarms';
import { MilestoneClient } from './milestone-client';
import { currentStates, MilestoneEventStream, toVmsEvent, type MsEvent } from './milestone-events';
import { MilestoneRecorders } from './milestone-recorders';
import { MilestoneToken } from './milestone-token';
import { WebhookReceiver } from './milestone-webhooks';
import { closeWebRtcSession, openWebRtcSession, renewSessionToken } from './milestone-webrtc';

const CameraRecord = z
  .object({ id: z.string().min(1), name: z.string().default(''), displayName: z.string().optional(), description: z.string().optional(), enabled: z.boolean().default(true) })
  .loose();
const CameraList = z.object({ array: z.array(CameraRecord) }).loose();
const EventTypeReply = z.object({ data: z.object({ displayName: z.string().optional(), name: z.string().optional() }).loose() }).loose();
const UserDefinedEvents = z.object({ array: z.array(z.object({ id: z.string(), name: z.string().optional(), displayName: z.string().optional() }).loose()) }).loose();
const ListedEvents = z.object({ array: z.array(z.object({ id: z.string(), type: z.string().optional(), source: z.string().optional(), data: z.record(z.string(), z.unknown()).nullish() }).loose()) }).loose();
const CreatedReply = z.object({ data: z.object({ id: z.string().optional() }).loose().optional() }).loose();
const EventsPage = z.object({ array: z.array(z.unknown()) }).loose();

export interface MilestoneAdapterOptions {
  /** `https://{host}` of the API Gateway (its IDP is on the same host). */
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly requestTimeoutMs: number;
  /** How often alarms are read (the alarms API has no push). */
  readonly alarmPollMs?: number;
  /** Milestone's webhook add-on posts here (off when absent). */
  readonly webhook?: { readonly host: string; readonly port: number; readonly secret: string };
  readonly fetch: HttpFetch | undefined;
  readonly clock: Clock;
  readonly log: Logger;
}

export interface UserDefinedEvent {
  readonly id: string;
  readonly name: string;
}

/**
 * Milestone XProtect through its API Gateway: cameras from the configuration REST API,
 * their state from the Events and State API, live and recorded video as WebRTC (the only
 * way the gateway gives video), events pushed on the Events and State WebSocket,
 * user-defined events triggered by REST, recorded spans and live pictures from the
 * recording servers' SOAP service. One token (MilestoneToken) serves every call and
 * is renewed ahead of expiry; running WebRTC sessions get each new token by PATCH.
 */
export class MilestoneAdapter implements VmsAdapter {
  readonly kind = 'milestone' as const;
  readonly capabilities: AdapterCapabilities = { liveDelivery: 'webrtc', archive: true, events: 'push', eventMedia: false, createEvents: true };
  private readonly token: MilestoneToken;
  private readonly client: MilestoneClient;
  private readonly recorders: MilestoneRecorders;
  private readonly sessions = new Set<string>();
  private readonly typeNames = new Map<string, Promise<string>>();
  private readonly cameraNames = new Map<string, string>();
  private readonly lostListeners = new Set<(reason: string) => void>();
  private readonly stopRenewals: () => void;

  constructor(private readonly options: MilestoneAdapterOptions) {
    const fetch = options.fetch ?? httpFetch;
    this.token = new MilestoneToken({ baseUrl: options.baseUrl, username: options.username, password: options.password, fetch, clock: options.clock, timeoutMs: options.requestTimeoutMs });
    this.client = new MilestoneClient({ baseUrl: options.baseUrl, token: this.token, fetch, timeoutMs: options.requestTimeoutMs });
    this.recorders = new MilestoneRecorders({ baseUrl: options.baseUrl, token: this.token, client: this.client, fetch, clock: options.clock, timeoutMs: options.requestTimeoutMs });
    this.stopRenewals = this.token.onRenewed((token) => {
      for (const sessionId of this.sessions) this.giveToken(sessionId, token.value);
    });
  }

  /** Tokens obtained since start (tests: several renewals within one run). */
  get tokensObtained(): number {
    return this.token.obtained;
  }

  async connect(signal?: AbortSignal): Promise<void> {
    await this.token.get(signal);
  }

  async listCameras(signal?: AbortSignal): Promise<VmsCamera[]> {
    const { array } = await this.client.call('GET', '/rest/v1/cameras', CameraList, undefined, signal);
    // Disabled cameras stay in the configuration but stream nothing: they are not offered.
    const cameras = array.filter((camera) => camera.enabled).map((camera) => ({ id: camera.id, name: camera.displayName ?? camera.name, ...(camera.description ? { model: camera.description } : {}) }));
    for (const camera of cameras) this.cameraNames.set(camera.id, camera.name);
    return cameras;
  }

  async cameraStatuses(signal?: AbortSignal): Promise<ReadonlyMap<string, CameraStatus | CameraCondition>> {
    const states = await currentStates(this.essOptions(), signal);
    const online = new Map<string, boolean>();
    const recording = new Map<string, boolean>();
    for (const state of states) {
      const [kind, id = ''] = state.source.split('/');
      if (kind !== 'cameras') continue;
      const name = (await this.typeName(state.type)).toLowerCase();
      if (name.includes('communication')) online.set(id, name.includes('started'));
      if (name.includes('recording')) recording.set(id, name.includes('started'));
    }
    const result = new Map<string, CameraStatus | CameraCondition>();
    for (const [id, up] of online) {
      const records = recording.get(id);
      result.set(id, { status: up ? 'online' : 'offline', ...(records === undefined ? {} : { recording: records }), ...(up && records === false ? { detail: 'Not recording' } : {}) });
    }
    return result;
  }

  async openLive(request: LiveRequest, signal?: AbortSignal): Promise<VmsSession> {
    return this.open(request.cameraId, undefined, signal);
  }

  async openArchive(request: ArchiveRequest, signal?: AbortSignal): Promise<VmsSession> {
    // The gateway plays at `0 < speed ≤ 32` (mipsdk-samples-protocol WebRTC_JavaScript/js/main.js).
    return this.open(request.cameraId, { fromMs: request.fromMs, speed: Math.min(32, Math.max(1 / 64, request.speed ?? 1)) }, signal);
  }

  async keepAlive(): Promise<void> {
    // WebRTC sessions need no keepalive: the token is renewed on them instead (PATCH token).
  }

  renew(session: VmsSession): Promise<VmsSession> {
    return Promise.resolve(session);
  }

  async closeSession(session: VmsSession, signal?: AbortSignal): Promise<void> {
    this.sessions.delete(session.id);
    try {
      await closeWebRtcSession(this.client, session.id, signal);
    } catch (error) {
      // The gateway ends a session whose peer connection closed; one it forgot is closed already.
      if (isVmsError(error) && (error.kind === 'not-found' || error.kind === 'rejected' || error.httpStatus === 405)) return;
      throw error;
    }
  }

  /** The recording server's own list of what it recorded (see MilestoneRecorders). */
  recordings(cameraId: string, from: number, to: number, signal?: AbortSignal): Promise<VmsRecordings> {
    return this.recorders.recordings(cameraId, from, to, signal);
  }

  /** The recording server's newest frame of the camera: alerts get their picture with no window open (the gateway's events carry none). */
  alertPicture(cameraId: string, signal?: AbortSignal): Promise<VmsBinary> {
    return this.recorders.liveJpeg(cameraId, signal);
  }

  eventMedia(): Promise<VmsBinary> {
    return Promise.reject(new VmsError({ kind: 'not-found', url: this.options.baseUrl }, 'Milestone events carry no picture through the API Gateway'));
  }

  subscribeEvents(sink: VmsEventSink): EventSubscription {
    // Names are looked up (once per type) in order, so events reach the journal in the order they came.
    let chain = Promise.resolve();
    const deliver = (event: MsEvent, cursor: string | undefined): void => {
      chain = chain.then(async () => {
        const label = await this.typeName(event.type);
        sink.onEvent(toVmsEvent(event, label, (id) => this.cameraNames.get(id)), cursor);
        const [kind, id] = event.source.split('/');
        const lower = label.toLowerCase();
        if (kind === 'cameras' && id && lower.includes('communication')) sink.onCameraStatus?.(id, lower.includes('started') ? 'online' : 'offline');
      });
    };
    const alarms = new AlarmWatch({ client: this.client, sink, clock: this.options.clock, log: this.options.log, pollMs: this.options.alarmPollMs ?? 3000, cameraName: (id) => this.cameraNames.get(id) });
    const stream = new MilestoneEventStream(
      this.essOptions(),
      {
        onEvent: (event, cursor) => deliver(event, cursor),
        onState: (state, reason) => sink.onState(state, reason),
        onGap: (since) => {
          void this.fillGap(since, (event) => deliver(event, undefined)).catch((error: unknown) => this.options.log.warn('reading missed Milestone events failed', { error }));
        },
      },
      sink.resumeFrom,
    );
    const webhooks = this.options.webhook ? new WebhookReceiver({ ...this.options.webhook, log: this.options.log, onEvent: (event) => sink.onEvent(event) }) : undefined;
    webhooks?.start().catch((error: unknown) => this.options.log.error('the Milestone webhook receiver could not listen', { port: this.options.webhook?.port, error }));
    return {
      close: () => {
        alarms.close();
        stream.close();
        webhooks?.close();
      },
    };
  }

  /** Acknowledged in Tessera: the alarm's state changes on Milestone, with the operator and comment. */
  acknowledgeAlert(vendorEventId: string, ack: AlertAcknowledgement, signal?: AbortSignal): Promise<void> {
    return acknowledgeAlarm(this.client, vendorEventId, ack, signal);
  }

  async createEvent(request: CreateEventRequest, signal?: AbortSignal): Promise<CreatedEvent> {
    // Events carry `data` (GET /events?include=data, MS-PROTO EventsRestApiPython): the sensor's metadata goes there.
    const reply = await this.client.call('POST', '/rest/v1/events', CreatedReply, { type: request.type, source: `cameras/${request.cameraId}`, data: { ...request.metadata, ...(request.label ? { label: request.label } : {}) } }, signal);
    return { vendorEventId: reply.data?.id };
  }

  /** The newest events with their data (`GET /events?include=data`, MS-PROTO EventsRestApiPython): the one on this camera with this `event_id`. */
  async findCreatedEvent(request: CreateEventRequest, signal?: AbortSignal): Promise<CreatedEvent | undefined> {
    const wanted = request.metadata['event_id'];
    if (wanted === undefined) return undefined;
    const { array } = await this.client.call('GET', '/rest/v1/events?page=0&size=500&include=data', ListedEvents, undefined, signal);
    const found = array.find((event) => event.source === `cameras/${request.cameraId}` && event.type === request.type && event.data?.['event_id'] === wanted);
    return found ? { vendorEventId: found.id } : undefined;
  }

  /** The user-defined events the operator may trigger (for the UI and the sensor bridge). */
  async userDefinedEvents(signal?: AbortSignal): Promise<UserDefinedEvent[]> {
    const { array } = await this.client.call('GET', '/rest/v1/userDefinedEvents', UserDefinedEvents, undefined, signal);
    return array.map((event) => ({ id: event.id, name: event.displayName ?? event.name ?? event.id }));
  }

  /** The operator raises them from a tile's menu (`createEvent` with the event's id). */
  raisableEvents(signal?: AbortSignal): Promise<UserDefinedEvent[]> {
    return this.userDefinedEvents(signal);
  }

  onSessionsLost(listener: (reason: string) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  dispose(): Promise<void> {
    this.stopRenewals();
    this.token.dispose();
    this.lostListeners.clear();
    return Promise.resolve();
  }

  private async open(cameraId: string, playback: { fromMs: number; speed: number } | undefined, signal?: AbortSignal): Promise<VmsSession> {
    await this.token.get(signal);
    const tokensBefore = this.token.obtained;
    const opened = await openWebRtcSession(this.client, cameraId, playback, signal);
    this.sessions.add(opened.sessionId);
    // A renewal that came while the gateway was still creating the session PATCHed only the
    // sessions known then: this one runs on the token it was created with, which lapses before
    // the next renewal, and the gateway would end it. Hand it the current token now.
    if (this.token.obtained !== tokensBefore) this.giveToken(opened.sessionId, (await this.token.get(signal)).value);
    return { id: opened.sessionId, mode: playback ? 'archive' : 'live', cameraId, media: { kind: 'webrtc', signalling: opened.signalling }, lifetime: { kind: 'none' }, origin: this.options.baseUrl };
  }

  /** `PATCH {"token"}` on a running session, in the background; a failure is logged. */
  private giveToken(sessionId: string, token: string): void {
    renewSessionToken(this.client, sessionId, token).catch((error: unknown) => this.options.log.warn('renewing a WebRTC session token failed', { session: sessionId, error }));
  }

  private essOptions(): ConstructorParameters<typeof MilestoneEventStream>[0] {
    const url = new URL('/api/ws/events/v1', this.options.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return { url: url.toString(), token: this.token, clock: this.options.clock, log: this.options.log, timeoutMs: this.options.requestTimeoutMs };
  }

  /** An event type's name (`GET /eventTypes/{id}` → `data.displayName`), asked once per type. */
  private typeName(id: string): Promise<string> {
    let name = this.typeNames.get(id);
    if (!name) {
      name = this.client.call('GET', `/rest/v1/eventTypes/${encodeURIComponent(id)}`, EventTypeReply).then(
        (reply) => reply.data.displayName ?? reply.data.name ?? id,
        () => {
          this.typeNames.delete(id);
          return id;
        },
      );
      this.typeNames.set(id, name);
    }
    return name;
  }

  /** After a session that could not be resumed: the REST events since the last one read (the journal drops those it has). */
  private async fillGap(since: number | undefined, deliver: (event: MsEvent) => void): Promise<void> {
    const { array } = await this.client.call('GET', '/rest/v1/events?page=0&size=1000&include=data', EventsPage);
    const missed = array
      .map((item) => z.object({ id: z.string(), time: z.string(), source: z.string().default(''), type: z.string() }).loose().safeParse(item))
      .flatMap((parsed) => (parsed.success ? [parsed.data as MsEvent] : []))
      .filter((event) => since === undefined || Date.parse(event.time) >= since)
      .reverse();
    for (const event of missed) deliver(event);
  }
}
