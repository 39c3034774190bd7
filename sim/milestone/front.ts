import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { refusalReason, refuseUpgradeForbidden } from '../http/request-guard';
import { readBody, sendJson } from '../http/router';
import { closeServer, httpOrigin, listen } from '../http/server';
import { createCameras, pickProfile } from '../site/catalog';
import { servedCameras } from '../site/served-cameras';
import type { SimSite, SiteState } from '../site/site';
import { ALARM_STATES, AlarmBook, type SimAlarm } from './alarms';
import { createMilestoneControl } from './control';
import { EVENT_TYPES, EventBook, type MsEvent } from './event-book';
import { EventsSocket } from './events-socket';
import { NO_MILESTONE_FAULTS, updateMilestoneFaults, type MilestoneFaults } from './faults';
import { handleManagementLogin, SoapTokens, startRecorder } from './recorder';
import { TokenAuthority } from './tokens';
import { WebhookSender, type WebhookDelivery } from './webhooks';
import { UnknownSession, WebRtcSessions, type WebRtcSessionState } from './webrtc';

export interface MilestoneFrontOptions {
  readonly host?: string;
  readonly port?: number;
  /** Life of an IDP access token in seconds (Milestone: 3600); seconds in tests. */
  readonly tokenSeconds?: number;
  readonly username?: string;
  readonly password?: string;
  readonly faults?: Partial<MilestoneFaults>;
  /** The site cameras (by site id) this gateway serves; default all. */
  readonly cameras?: readonly number[];
}

/** User-defined events the simulated system has (`GET /userDefinedEvents`). */
export const USER_DEFINED_EVENTS = [
  { id: 'd0d0d0d0-0000-4000-8000-000000000001', name: 'Door forced', displayName: 'Door forced' },
  { id: 'd0d0d0d0-0000-4000-8000-000000000002', name: 'Panic button', displayName: 'Panic button' },
  { id: 'd0d0d0d0-0000-4000-8000-000000000003', name: 'Tessera sensor', displayName: 'Tessera sensor' },
] as const;

/** Site kinds that raise an alarm on the gateway, as an alarm definition on such events would. */
const ALARMING_KINDS = new Set(['intrusion', 'tampering']);

export interface MilestoneState extends SiteState {
  readonly webrtc: WebRtcSessionState[];
  readonly tokens: { issued: number; refreshed: number; lifeSeconds: number };
  readonly socket: EventsSocket['counters'] & { open: number };
  readonly webrtcEnded: number;
  readonly triggered: number;
  readonly faults: MilestoneFaults;
  readonly webhooks: WebhookDelivery[];
  /** The SOAP side: management server sign-ins and the recorder's sequence lists. */
  readonly soap: { logins: number; sequencesGet: number; jpegGetLive: number; refused: number };
}

export interface MilestoneFront {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly faults: MilestoneFaults;
  cameraGuid(siteId: number): string;
  state(): MilestoneState;
  setFaults(patch: unknown): void;
  resetFaults(): void;
  setTokenLife(seconds: number): void;
  /** Every token issued so far answers 401 from now on (401 mid-stream). */
  revokeTokens(): void;
  /** The management server forgets every SOAP token (as after its restart); recorders refuse them. */
  revokeSoapTokens(): void;
  /** Cuts every Events and State socket; sessions stay resumable for 30 s. */
  dropSockets(): number;
  events(): readonly MsEvent[];
  /** User-defined events clients triggered with `POST /events`, oldest first, with their data. */
  createdEvents(): readonly MsEvent[];
  emitEvent(siteCameraId?: number, kind?: string): Promise<MsEvent | undefined>;
  burst(count: number, perSecond: number): void;
  alarms(): readonly SimAlarm[];
  raiseAlarm(siteCameraId: number, name: string): SimAlarm;
  updateAlarm(id: string, patch: { state?: number; comment?: string; assignedTo?: string }): SimAlarm | undefined;
  readonly webhooks: WebhookSender;
  close(): Promise<void>;
}

const TokenForm = z.object({ grant_type: z.string() }).loose();
const SessionBody = z
  .object({
    deviceId: z.string().optional(),
    cameraId: z.string().optional(),
    resolution: z.string().optional(),
    includeAudio: z.boolean().optional(),
    streamId: z.string().optional(),
    playbackTimeNode: z.object({ playbackTime: z.string(), speed: z.number().positive().max(32).optional(), skipGaps: z.boolean().optional() }).optional(),
    iceServers: z.array(z.unknown()).optional(),
  })
  .loose();
const SessionPatch = z.object({ answerSDP: z.string().optional(), token: z.string().optional() }).loose();
const AlarmPatch = z
  .object({
    state: z.union([z.number().int(), z.object({ value: z.number().int() })]).optional(),
    priority: z.union([z.number().int(), z.object({ value: z.number().int() })]).optional(),
    comment: z.string().optional(),
    'assignedTo.displayName': z.string().optional(),
    assignedTo: z.object({ displayName: z.string() }).optional(),
    reasonForClosing: z.string().optional(),
  })
  .loose();

/**
 * The Milestone XProtect API Gateway front of the simulated site: the IDP token endpoint,
 * the configuration and events REST APIs (`{"array"}`/`{"data"}`/`{"error"}` envelopes),
 * alarms with states, user-defined events, the Events and State WebSocket with session
 * resume, WebRTC by REST signalling with a real sender of the site's H.264, and a webhook
 * sender with the add-on's retry rule.
 */
export async function startMilestoneFront(site: SimSite, options: MilestoneFrontOptions = {}): Promise<MilestoneFront> {
  const host = options.host ?? '127.0.0.1';
  const log = site.log;
  const username = options.username ?? 'tessera';
  const password = options.password ?? 'milestone-sim';
  let port = 0;
  let origin = '';
  let faults = updateMilestoneFaults(NO_MILESTONE_FAULTS, options.faults ?? {});
  const served = servedCameras(site.cameras, options.cameras, 'Milestone');
  const guid = (siteId: number): string => `c0ffee00-0000-4000-8000-${siteId.toString(16).padStart(12, '0')}`;
  const byGuid = new Map(served.map((camera) => [guid(camera.id), camera]));
  const tokens = new TokenAuthority(new Map([[username, password]]), options.tokenSeconds ?? 3600);
  const book = new EventBook();
  const alarms = new AlarmBook();
  const webrtc = new WebRtcSessions({ iceFailure: () => faults.iceFailure, log });
  const webhooks = new WebhookSender(log);
  const soapTokens = new SoapTokens();
  // One recording server holds every camera's recordings, as on a small site.
  const recorder = await startRecorder({
    host,
    tokens: soapTokens,
    log,
    down: () => faults.recorderDown,
    liveJpeg: async (cameraGuid) => {
      const camera = byGuid.get(cameraGuid);
      return camera?.online ? site.newestFrame(camera) : undefined;
    },
    recorded: (cameraGuid) => {
      const camera = byGuid.get(cameraGuid);
      return camera ? (site.recorders.get(camera.id)?.ring.ranges() ?? []) : undefined;
    },
  });
  const recorderId = '5ec0de00-0000-4000-8000-000000000001';
  const hardwareId = (siteId: number): string => `4a4d0000-0000-4000-8000-${siteId.toString(16).padStart(12, '0')}`;
  let triggered = 0;
  /** User-defined events clients triggered, with their data (for tests comparing with what a client sent). */
  const created: MsEvent[] = [];

  const states = (): Array<Omit<MsEvent, 'seq'>> =>
    served.flatMap((camera) => {
      const time = new Date().toISOString();
      const source = `cameras/${guid(camera.id)}`;
      const recording = site.recorders.get(camera.id)?.recording ?? false;
      return [
        { id: `state-com-${camera.id}`, time, source, type: camera.online ? EVENT_TYPES.communicationStarted.id : EVENT_TYPES.communicationStopped.id, stategroupid: 'communication' },
        { id: `state-rec-${camera.id}`, time, source, type: recording ? EVENT_TYPES.recordingStarted.id : EVENT_TYPES.recordingStopped.id, stategroupid: 'recording' },
      ];
    });
  const socket = new EventsSocket({ book, tokenValid: (token) => tokens.check(token).ok, states });

  const unsubscribeSite = site.events.subscribe((event) => {
    const camera = served.find((candidate) => candidate.id === event.cameraId);
    if (!camera) return;
    const added = book.fromSite(event, guid(camera.id));
    webhooks.deliver(added, camera.name, book.typeNames.get(added.type) ?? added.type);
    if (ALARMING_KINDS.has(event.kind)) alarms.raise(event.label, `${event.label} on ${camera.name}`, `cameras/${guid(camera.id)}`);
  });

  const cameraJson = (camera: (typeof served)[number]): Record<string, unknown> => ({
    id: guid(camera.id),
    name: camera.name,
    displayName: camera.name,
    shortName: camera.name,
    description: camera.model,
    enabled: true,
    channel: 0,
    ptzEnabled: false,
    recordingEnabled: site.recordingEnabled,
    lastModified: new Date(0).toISOString(),
    relations: { parent: { type: 'hardware', id: hardwareId(camera.id) }, self: { type: 'cameras', id: guid(camera.id) } },
  });
  // A camera an administrator disabled: listed by the configuration API, never streamed.
  const disabledCamera = { ...cameraJson({ ...(site.cameras[0] ?? createCameras(1)[0]), id: 0xdead, name: 'Decommissioned camera' } as (typeof served)[number]), enabled: false };

  const error = (response: ServerResponse, status: number, text: string): void => sendJson(response, status, { error: { httpCode: status, details: [{ errorText: text }] } });
  const bodyJson = async (request: IncomingMessage): Promise<unknown> => {
    const text = await readBody(request);
    return text.trim() ? (JSON.parse(text) as unknown) : {};
  };
  const page = <T>(items: readonly T[], url: URL): T[] => {
    const size = Math.min(1000, Math.max(1, Number(url.searchParams.get('size') ?? 100)));
    const index = Math.max(0, Number(url.searchParams.get('page') ?? 0));
    return items.slice(index * size, index * size + size);
  };
  const alarmJson = (alarm: SimAlarm): Record<string, unknown> => ({ ...alarm, state: { value: alarm.state, name: alarm.stateName } });

  const handleToken = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const form = new URLSearchParams(await readBody(request));
    TokenForm.parse(Object.fromEntries(form));
    if (faults.refuseTokens) return sendJson(response, 400, { error: 'invalid_grant', error_description: 'invalid_username_or_password' });
    const { status, body } = tokens.grant(form);
    sendJson(response, status, body);
  };

  const handleRest = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    const auth = tokens.check(request.headers.authorization);
    if (!auth.ok) return error(response, 401, auth.reason);
    const path = url.pathname.replace(/^\/api\/rest\/v1/i, '').replace(/^\/api\/REST\/v1/, '');
    const method = request.method ?? 'GET';
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/cameras') return sendJson(response, 200, { array: [...served.map(cameraJson), disabledCamera] });
    if (method === 'GET' && (match = /^\/cameras\/([^/]+)$/.exec(path))) {
      const camera = byGuid.get(match[1] ?? '');
      return camera ? sendJson(response, 200, { data: cameraJson(camera) }) : error(response, 404, `Unknown resource: cameras/${match[1]}`);
    }
    if (method === 'GET' && path === '/hardware') {
      return sendJson(response, 200, { array: served.map((camera) => ({ id: hardwareId(camera.id), name: `${camera.name} hardware`, enabled: true, relations: { parent: { type: 'recordingServers', id: recorderId }, self: { type: 'hardware', id: hardwareId(camera.id) } } })) });
    }
    if (method === 'GET' && path === '/recordingServers') {
      const uri = new URL(recorder.url);
      return sendJson(response, 200, { array: [{ id: recorderId, name: 'Recorder 1', displayName: 'Recorder 1', enabled: true, hostName: uri.hostname, portNumber: Number(uri.port), webServerUri: recorder.url, relations: { self: { type: 'recordingServers', id: recorderId } } }] });
    }
    if (method === 'GET' && path === '/eventTypes') return sendJson(response, 200, { array: [...book.typeNames].map(([id, displayName]) => ({ id, name: displayName, displayName })) });
    if (method === 'GET' && (match = /^\/eventTypes\/([^/]+)$/.exec(path))) {
      const id = match[1] ?? '';
      const userDefined = USER_DEFINED_EVENTS.find((event) => event.id === id);
      const name = book.typeNames.get(id) ?? userDefined?.displayName;
      return name ? sendJson(response, 200, { data: { id, name, displayName: name } }) : error(response, 404, `Unknown resource: eventTypes/${id}`);
    }
    if (method === 'GET' && path === '/userDefinedEvents') return sendJson(response, 200, { array: USER_DEFINED_EVENTS });
    if (method === 'GET' && path === '/events') return sendJson(response, 200, { array: page([...book.all()].reverse(), url).map(({ seq: _seq, ...event }) => event) });
    if (method === 'POST' && path === '/events') {
      const body = z.object({ type: z.string(), source: z.string().optional() }).loose().parse(await bodyJson(request));
      const userDefined = USER_DEFINED_EVENTS.find((event) => event.id === body.type);
      if (!userDefined) return error(response, 400, `Unknown event type ${body.type}`);
      book.typeNames.set(userDefined.id, userDefined.displayName);
      const data = body['data'] !== null && typeof body['data'] === 'object' && !Array.isArray(body['data']) ? (body['data'] as Record<string, unknown>) : {};
      const event = book.add({ source: body.source ?? `userDefinedEvents/${userDefined.id}`, type: userDefined.id, data: { ...data, triggeredBy: auth.user } });
      created.push(event);
      if (created.length > 5000) created.shift();
      triggered += 1;
      return sendJson(response, 202, { data: { id: event.id, type: event.type, time: event.time, source: event.source } });
    }
    if (method === 'GET' && path === '/alarmStates') return sendJson(response, 200, { array: ALARM_STATES.map((state) => ({ ...state, displayName: state.name })) });
    if (method === 'GET' && path === '/alarms') return sendJson(response, 200, { array: page([...alarms.list()].reverse(), url).map(alarmJson) });
    if (method === 'POST' && path === '/alarms') {
      const body = z.object({ name: z.string(), message: z.string().default(''), source: z.string() }).loose().parse(await bodyJson(request));
      const alarm = alarms.raise(body.name, body.message, body.source.includes('/') ? body.source : `cameras/${body.source}`);
      return sendJson(response, 202, { data: alarmJson(alarm) });
    }
    if ((match = /^\/alarms\/([^/]+)$/.exec(path))) {
      const id = match[1] ?? '';
      if (method === 'GET') {
        const alarm = alarms.get(id);
        return alarm ? sendJson(response, 200, { data: alarmJson(alarm) }) : error(response, 404, `Unknown resource: alarms/${id}`);
      }
      if (method === 'PATCH') {
        const body = AlarmPatch.parse(await bodyJson(request));
        const value = (field: number | { value: number } | undefined): number | undefined => (typeof field === 'object' ? field.value : field);
        const patch: { state?: number; priority?: number; comment?: string; assignedTo?: string; reasonForClosing?: string } = {};
        const state = value(body.state);
        const priority = value(body.priority);
        const assignedTo = body['assignedTo.displayName'] ?? body.assignedTo?.displayName;
        if (state !== undefined) patch.state = state;
        if (priority !== undefined) patch.priority = priority;
        if (body.comment !== undefined) patch.comment = body.comment;
        if (assignedTo !== undefined) patch.assignedTo = assignedTo;
        if (body.reasonForClosing !== undefined) patch.reasonForClosing = body.reasonForClosing;
        const alarm = alarms.update(id, patch);
        return alarm ? sendJson(response, 202, { data: alarmJson(alarm) }) : error(response, 404, `Unknown resource: alarms/${id}`);
      }
    }
    if (/^\/recordings/i.test(path)) return error(response, 404, 'Unknown resource: recordings');
    error(response, 404, `Unknown resource: ${path.slice(1)}`);
  };

  const handleWebRtc = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const header = request.headers.authorization;
    const auth = tokens.check(header);
    if (!auth.ok) return error(response, 401, auth.reason);
    const token = (header ?? '').replace(/^Bearer\s+/i, '');
    const path = url.pathname.replace(/^\/api\/REST\/v1\/WebRTC/i, '');
    const method = request.method ?? 'GET';
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/Session') {
      const body = SessionBody.parse(await bodyJson(request));
      const camera = byGuid.get(body.deviceId ?? body.cameraId ?? '');
      if (!camera) return error(response, 404, `Unknown resource: cameras/${body.deviceId ?? body.cameraId ?? ''}`);
      if (!camera.online) return error(response, 503, `${camera.name} is not communicating`);
      const playback = body.playbackTimeNode;
      let spec: Parameters<WebRtcSessions['create']>[0];
      const base = { cameraId: guid(camera.id), token, tokenExpiresAt: tokens.expiresAt(token) ?? Date.now() };
      if (playback) {
        const fromMs = Date.parse(playback.playbackTime);
        if (!Number.isFinite(fromMs)) return error(response, 400, `playbackTime ${playback.playbackTime} is not a time`);
        const ring = site.recorders.get(camera.id)?.ring;
        if (!ring || ring.segments.length === 0) return error(response, 404, `${camera.name} has no recordings`);
        const speed = playback.speed ?? 1;
        spec = { ...base, playback: { fromMs, speed }, source: { kind: 'recorded', ring, fromMs, speed, skipGaps: playback.skipGaps ?? false } };
      } else {
        const lease = site.pool.acquire(camera, pickProfile(site.profiles, 1280, 720));
        const tap = lease.encoder.live;
        if (!tap) {
          lease.release();
          return error(response, 503, `${camera.name} has no live stream`);
        }
        spec = { ...base, source: { kind: 'live', tap }, lease };
      }
      return sendJson(response, 200, await webrtc.create(spec));
    }
    if ((match = /^\/Session\/([^/]+)$/.exec(path))) {
      const id = match[1] ?? '';
      if (method === 'DELETE') return webrtc.close(id) ? sendJson(response, 200, {}) : error(response, 404, `Unknown resource: session ${id}`);
      if (method === 'PATCH') {
        const body = SessionPatch.parse(await bodyJson(request));
        if (body.answerSDP !== undefined) await webrtc.answer(id, body.answerSDP);
        if (body.token !== undefined) {
          const expiresAt = tokens.expiresAt(body.token);
          if (expiresAt === undefined || !tokens.check(body.token).ok) return error(response, 400, 'The new token is not valid');
          webrtc.renewToken(id, body.token, expiresAt);
        }
        return sendJson(response, 200, { sessionId: id });
      }
    }
    if ((match = /^\/IceCandidates\/([^/]+)$/.exec(path))) {
      const id = match[1] ?? '';
      if (method === 'GET') return sendJson(response, 200, { candidates: webrtc.candidates(id) });
      if (method === 'POST') {
        const body = z.object({ candidates: z.array(z.string()) }).parse(await bodyJson(request));
        for (const candidate of body.candidates) await webrtc.addCandidate(id, candidate);
        return sendJson(response, 200, {});
      }
    }
    error(response, 404, `Unknown resource: ${path.slice(1)}`);
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', origin || 'http://sim');
    const path = url.pathname;
    const refusal = refusalReason(request.headers, { host, port: () => port });
    if (refusal) return sendJson(response, 403, { error: { httpCode: 403, details: [{ errorText: `Forbidden: ${refusal}` }] } });
    let work: Promise<unknown>;
    if (path === '/API/IDP/connect/token' && request.method === 'POST') work = handleToken(request, response);
    else if (/^\/ManagementServer\/ServerCommandServiceOAuth\.svc$/i.test(path) && request.method === 'POST') {
      const auth = tokens.check(request.headers.authorization);
      work = auth.ok ? handleManagementLogin(request, response, soapTokens) : Promise.resolve(error(response, 401, auth.reason));
    }
    else if (/^\/api\/REST\/v1\/WebRTC\//i.test(path)) work = handleWebRtc(request, response, url);
    else if (/^\/api\/rest\/v1\//i.test(path)) work = handleRest(request, response, url);
    else if (path.startsWith('/_sim/')) work = control.dispatch(request, response, path).then((matched) => (matched ? undefined : error(response, 404, 'Not found')));
    else work = Promise.resolve(error(response, 404, `Unknown resource: ${path}`));
    work.catch((failure: unknown) => {
      if (response.headersSent) return;
      if (failure instanceof UnknownSession) error(response, 404, failure.message);
      else if (failure instanceof z.ZodError) error(response, 400, z.prettifyError(failure));
      else if (failure instanceof SyntaxError) error(response, 400, `Malformed JSON: ${failure.message}`);
      else {
        log(`Milestone request ${path} failed: ${String(failure)}`);
        error(response, 500, 'Internal server error');
      }
    });
  };
  const server = createServer(handle);
  server.on('upgrade', (request, upgrade, head) => {
    const path = new URL(request.url ?? '/', 'http://sim').pathname;
    if (refusalReason(request.headers, { host, port: () => port }) || path !== '/api/ws/events/v1') {
      refuseUpgradeForbidden(upgrade);
      return;
    }
    socket.handleUpgrade(request, upgrade, head);
  });

  const front: MilestoneFront = {
    get url() {
      return origin;
    },
    username,
    password,
    get faults() {
      return faults;
    },
    webhooks,
    cameraGuid: guid,
    state() {
      const state = site.state();
      const ids = new Set(served.map((camera) => camera.id));
      return {
        ...state,
        cameras: state.cameras.filter((camera) => ids.has(camera.id)),
        recordings: state.recordings.filter((recording) => ids.has(recording.cameraId)),
        webrtc: webrtc.describe(),
        webrtcEnded: webrtc.ended,
        tokens: { issued: tokens.issued, refreshed: tokens.refreshed, lifeSeconds: tokens.life },
        socket: { ...socket.counters, open: socket.openSockets },
        triggered,
        faults,
        webhooks: webhooks.deliveries(),
        soap: { logins: soapTokens.logins, ...recorder.counters },
      };
    },
    setFaults(patch) {
      faults = updateMilestoneFaults(faults, patch);
      log(`Milestone faults: ${JSON.stringify(faults)}`);
    },
    resetFaults() {
      faults = NO_MILESTONE_FAULTS;
    },
    setTokenLife: (seconds) => tokens.setLife(seconds),
    revokeTokens: () => tokens.revokeAll(),
    revokeSoapTokens: () => soapTokens.revokeAll(),
    dropSockets: () => socket.dropAll(),
    events: () => book.all(),
    createdEvents: () => created,
    async emitEvent(siteCameraId, kind) {
      const online = served.filter((camera) => camera.online);
      const camera = siteCameraId === undefined ? online[Math.floor(Math.random() * online.length)] : served.find((candidate) => candidate.id === siteCameraId);
      if (!camera) throw new Error('no such camera, or none online');
      const { ANALYTIC_KINDS } = await import('../site/events');
      const siteKind = kind === undefined ? undefined : ANALYTIC_KINDS.find((candidate) => candidate.kind === kind);
      const event = await site.events.emit(camera.id, siteKind);
      return book.all().find((candidate) => candidate.data?.['siteEventId'] === event.id);
    },
    burst(count, perSecond) {
      site.events.burst(
        count,
        perSecond,
        served.map((camera) => camera.id),
      );
    },
    alarms: () => alarms.list(),
    raiseAlarm(siteCameraId, name) {
      const camera = served.find((candidate) => candidate.id === siteCameraId);
      if (!camera) throw new Error(`no camera ${siteCameraId}`);
      return alarms.raise(name, `${name} on ${camera.name}`, `cameras/${guid(camera.id)}`);
    },
    updateAlarm: (id, patch) => alarms.update(id, patch),
    async close() {
      unsubscribeSite();
      webhooks.dispose();
      socket.close();
      webrtc.dispose();
      await Promise.all([closeServer(server), recorder.close()]);
    },
  };
  const control = createMilestoneControl(front);
  try {
    port = await listen(server, host, options.port ?? 0);
  } catch (failure) {
    await front.close().catch(() => undefined);
    throw failure;
  }
  origin = httpOrigin(host, port);
  return front;
}
