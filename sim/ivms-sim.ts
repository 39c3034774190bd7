import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { isAuthorized, refuseUpgrade, type SimAuth, sendUnauthorized } from './basic-auth';
import { createCameras, DEFAULT_PROFILES, RECORDING_PROFILE, type SimCamera, type SimProfile } from './catalog';
import { createControlRouter } from './control';
import { EncoderPool } from './encoder-pool';
import { EventHub, STATUS_ALERTS, type AlertKind, type SimEvent } from './events';
import { type Faults, NO_FAULTS, updateFaults } from './faults';
import { sendText } from './http';
import { type CountStyle, handleApi } from './ivms-api';
import { unprocessable } from './ivms-envelope';
import { createMediaRouter } from './media-routes';
import { Notifier } from './notification';
import { CameraRecorder } from './recorder';
import { SessionTable } from './sessions';

export interface RecordingOptions {
  readonly profile?: SimProfile;
  readonly segmentSeconds?: number;
  /** Ring length per camera (default 2 hours). */
  readonly retentionMs?: number;
  /** Disk budget per camera; the ring drops its oldest segments beyond it. */
  readonly maxBytesPerCamera?: number;
}

export interface IvmsSimOptions {
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /**
   * Where HLS is served: undefined serves it from the API port; a number (0 for a free
   * one) starts a separate media server, as real deployments have.
   */
  readonly mediaPort?: number;
  /** Context prefix before `/REST/local`, e.g. `/V-Pro-IVMS-APIServer`. */
  readonly pathPrefix?: string;
  readonly cameraCount?: number;
  /** A session with no keepalive for this long expires (the real server's behaviour). */
  readonly sessionExpiryMs?: number;
  readonly encoderLingerMs?: number;
  /** Live segment length. */
  readonly segmentSeconds?: number;
  readonly liveWindow?: number;
  readonly profiles?: readonly SimProfile[];
  /** Continuous recording of every camera; false records nothing (no archive, no clips). */
  readonly recording?: RecordingOptions | false;
  /** Analytics events raised at random per minute (0: only on request). */
  readonly eventsPerMinute?: number;
  /** IANA zone the server writes `eventTime` (and burns its clocks) in; default: this machine's. */
  readonly timeZone?: string;
  readonly countStyle?: CountStyle;
  /** False makes stoparchive answer 404, as where it is only "Planned". */
  readonly stopArchive?: boolean;
  readonly faults?: Partial<Faults>;
  /**
   * Ask for these Basic credentials on the API, the media and the event socket (401 with
   * `WWW-Authenticate` otherwise), as deployments that put IVMS behind a reverse proxy do.
   * The `/_sim/` control routes stay open: they are the simulator's own, not the VMS's.
   */
  readonly auth?: SimAuth;
  readonly log?: (line: string) => void;
}

export interface SimState {
  readonly sessions: Array<{ id: number; kind: 'live' | 'archive'; cameraId: number; profile?: string; ageMs: number; keepalives: number; maxGapMs: number }>;
  readonly encoders: Array<{ key: string; refs: number; running: boolean; segments: number }>;
  readonly recordings: Array<{ cameraId: number; recording: boolean; segments: number; bytes: number; ranges: Array<{ fromMs: number; toMs: number }> }>;
  readonly cameras: Array<{ id: number; name: string; online: boolean }>;
  readonly counters: { started: number; stopped: number; expired: number; keepalives: number; unknown: number };
  readonly events: { emitted: number; deliveries: number; clients: number; connections: number };
  readonly faults: Faults;
}

export interface IvmsSim {
  /** `http://host:port` of the API: what a Tessera server config's `url` names. */
  readonly url: string;
  /** `http://host:port` the HLS is served from (the API's, unless a media port was asked for). */
  readonly mediaUrl: string;
  readonly pathPrefix: string;
  readonly cameras: readonly SimCamera[];
  readonly faults: Faults;
  state(): SimState;
  setFaults(patch: unknown): void;
  resetFaults(): void;
  setCameraOnline(cameraId: number, online: boolean): Promise<void>;
  emitEvent(cameraId?: number, alert?: AlertKind): Promise<SimEvent>;
  burst(count: number, perSecond: number, cameraId?: number, alert?: AlertKind): void;
  eventsSince(afterId: number, limit: number): Array<{ id: number; cameraId: number; time: number; alertType: number; alertMessage: string; delivered: number }>;
  dropEventSockets(): void;
  /** Stops listening and forgets every session, then comes back on the same ports after `downMs`. */
  restart(downMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The IVMS Pro TS API simulator: the embedded demo VMS and the test peer of the IVMS
 * adapter. Cameras record continuously into a bounded ring; live and archive sessions
 * serve real H.264 HLS; events go out on `/notification` with real snapshots; and
 * every fault a field server shows can be switched on (see faults.ts, control.ts).
 */
export async function startIvmsSim(options: IvmsSimOptions = {}): Promise<IvmsSim> {
  const host = options.host ?? '127.0.0.1';
  const prefix = normalisePrefix(options.pathPrefix ?? '');
  const log = options.log ?? (() => undefined);
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const cameras = createCameras(options.cameraCount ?? 9);
  const workDir = await mkdtemp(join(tmpdir(), 'tessera-sim-'));
  let faults: Faults = updateFaults(NO_FAULTS, options.faults ?? {});
  const sessionExpiryMs = options.sessionExpiryMs ?? 60_000;
  const sessions = new SessionTable(() => faults.sessionExpiryMs ?? sessionExpiryMs);
  const pool = new EncoderPool({
    rootDir: workDir,
    timeZone,
    segmentSeconds: options.segmentSeconds ?? 1,
    keepSegments: (options.liveWindow ?? 6) * 4,
    lingerMs: options.encoderLingerMs ?? 10_000,
    onError: log,
  });
  const recorders = new Map<number, CameraRecorder>();
  if (options.recording !== false) {
    const recording = options.recording ?? {};
    for (const camera of cameras) {
      const recorder = new CameraRecorder(camera, {
        rootDir: workDir,
        timeZone,
        profile: recording.profile ?? RECORDING_PROFILE,
        segmentSeconds: recording.segmentSeconds ?? 2,
        retentionMs: recording.retentionMs ?? 2 * 60 * 60 * 1000,
        maxBytes: recording.maxBytesPerCamera ?? 256 * 1024 * 1024,
        onError: log,
      });
      recorders.set(camera.id, recorder);
      recorder.start();
    }
  }
  const notifier = new Notifier(() => faults);
  const events = new EventHub({
    cameras,
    recorder: (cameraId) => recorders.get(cameraId),
    notifier,
    timeZone,
    keep: 5000,
    clipBeforeMs: 5000,
    clipAfterMs: 5000,
  });
  events.generate(options.eventsPerMinute ?? 0);

  let apiOrigin = '';
  let mediaOrigin = '';
  const apiContext = {
    cameras,
    profiles: options.profiles ?? DEFAULT_PROFILES,
    sessions,
    pool,
    recorders,
    events,
    faults: () => faults,
    countStyle: options.countStyle ?? 'document',
    stopArchive: options.stopArchive ?? true,
    mediaOrigin: () => mediaOrigin,
    apiOrigin: () => apiOrigin,
    log,
  } as const;
  const media = createMediaRouter({ pool, recorders, sessions, faults: () => faults, liveWindow: options.liveWindow ?? 6, archiveWindowMs: 30 * 60 * 1000 });
  const apiRoot = `${prefix}/REST/local/`;
  const socketPaths = new Set(['/notification', `${prefix}/notification`]);

  const handle = (request: IncomingMessage, response: ServerResponse, serveApi: boolean): void => {
    const path = new URL(request.url ?? '/', 'http://sim').pathname;
    const isControl = serveApi && path.startsWith('/_sim/');
    if (!isControl && !isAuthorized(options.auth, request.headers)) {
      sendUnauthorized(response);
      return;
    }
    let work: Promise<boolean>;
    if (serveApi && path.startsWith(apiRoot)) work = handleApi(apiContext, request, response, path.slice(apiRoot.length)).then(() => true);
    else if (isControl) work = controlRouter.dispatch(request, response, path);
    else {
      // HLS for any player, browsers included, as public media servers serve it.
      response.setHeader('access-control-allow-origin', '*');
      work = media.dispatch(request, response, path);
    }
    work
      .then((matched) => {
        if (!matched && !response.headersSent) sendText(response, 404, 'Not Found');
      })
      .catch((error: unknown) => {
        log(`request ${path} failed: ${String(error)}`);
        if (!response.headersSent) {
          if (path.startsWith(apiRoot)) {
            const answer = unprocessable(`${apiOrigin}${request.url ?? ''}`);
            sendText(response, answer.httpStatus, JSON.stringify(answer.body), 'application/json');
          } else sendText(response, 500, 'Internal Server Error');
        } else response.destroy();
      });
  };

  const apiServer: Server = createServer((request, response) => handle(request, response, true));
  apiServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://sim').pathname;
    if (socketPaths.has(path) && !isAuthorized(options.auth, request.headers)) refuseUpgrade(socket);
    else if (socketPaths.has(path)) notifier.handleUpgrade(request, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  const mediaServer: Server | undefined = options.mediaPort === undefined ? undefined : createServer((request, response) => handle(request, response, false));

  let apiPort = 0;
  let mediaPort = 0;

  const setCameraOnline = async (cameraId: number, online: boolean): Promise<void> => {
    const camera = cameras.find((candidate) => candidate.id === cameraId);
    if (!camera) throw new Error(`no camera ${cameraId}`);
    if (camera.online === online) return;
    camera.online = online;
    log(`camera ${cameraId} is ${online ? 'online' : 'offline'}`);
    if (online) {
      recorders.get(cameraId)?.start();
    } else {
      sessions.dropCamera(cameraId);
      await Promise.all([pool.stopCamera(cameraId), recorders.get(cameraId)?.stop()]);
    }
    await events.emit(cameraId, online ? STATUS_ALERTS.online : STATUS_ALERTS.offline);
  };

  const sim: IvmsSim = {
    get url() {
      return apiOrigin;
    },
    get mediaUrl() {
      return mediaOrigin;
    },
    pathPrefix: prefix,
    cameras,
    get faults() {
      return faults;
    },
    state() {
      const now = Date.now();
      return {
        sessions: sessions.list().map((session) => ({
          id: session.id,
          kind: session.kind,
          cameraId: session.cameraId,
          profile: session.kind === 'live' ? session.profile.name : undefined,
          ageMs: now - session.createdAt,
          keepalives: session.keepalives,
          maxGapMs: session.maxGapMs,
        })),
        encoders: pool.describe(),
        recordings: [...recorders].map(([cameraId, recorder]) => ({
          cameraId,
          recording: recorder.recording,
          segments: recorder.ring.segments.length,
          bytes: recorder.ring.bytes,
          ranges: recorder.ring.ranges(),
        })),
        cameras: cameras.map((camera) => ({ id: camera.id, name: camera.name, online: camera.online })),
        counters: { ...sessions.counters },
        events: { emitted: events.count, deliveries: notifier.deliveries, clients: notifier.clients, connections: notifier.connections },
        faults,
      };
    },
    setFaults(patch) {
      faults = updateFaults(faults, patch);
      log(`faults: ${JSON.stringify(faults)}`);
    },
    resetFaults() {
      faults = NO_FAULTS;
    },
    setCameraOnline,
    emitEvent(cameraId, alert) {
      const target = cameraId ?? cameras.find((camera) => camera.online)?.id ?? 1;
      return events.emit(target, alert);
    },
    burst: (count, perSecond, cameraId, alert) => events.burst(count, perSecond, cameraId, alert),
    eventsSince: (afterId, limit) =>
      events.since(afterId, limit).map((event) => ({
        id: event.id,
        cameraId: event.cameraId,
        time: event.time,
        alertType: event.alert.type,
        alertMessage: event.alert.message,
        delivered: event.delivered,
      })),
    dropEventSockets: () => notifier.dropAll(),
    async restart(downMs) {
      log(`restarting: down for ${downMs} ms`);
      notifier.closeAll();
      await Promise.all([closeServer(apiServer), mediaServer ? closeServer(mediaServer) : undefined]);
      sessions.clear();
      await pool.close();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await listen(apiServer, host, apiPort);
      if (mediaServer) await listen(mediaServer, host, mediaPort);
      log('back up');
    },
    async close() {
      events.close();
      notifier.close();
      sessions.close();
      await Promise.all([closeServer(apiServer), mediaServer ? closeServer(mediaServer) : undefined]);
      await pool.close();
      await Promise.all([...recorders.values()].map((recorder) => recorder.dispose()));
      await rm(workDir, { recursive: true, force: true });
    },
  };
  const controlRouter = createControlRouter(sim);

  apiPort = await listen(apiServer, host, options.port ?? 0);
  mediaPort = mediaServer ? await listen(mediaServer, host, options.mediaPort ?? 0) : apiPort;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  apiOrigin = `http://${hostPart}:${apiPort}`;
  mediaOrigin = `http://${hostPart}:${mediaPort}`;
  return sim;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}
