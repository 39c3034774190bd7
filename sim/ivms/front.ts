import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { refusalReason, refuseUpgradeForbidden } from '../http/request-guard';
import { sendText } from '../http/router';
import { closeServer, httpOrigin, listen } from '../http/server';
import { type SimCamera } from '../site/catalog';
import type { SiteEvent } from '../site/events';
import { servedCameras } from '../site/served-cameras';
import type { SimSite, SiteState } from '../site/site';
import { alertOf, kindOfAlert, wireEvent, type AlertKind } from './alerts';
import { type CountStyle, handleApi } from './api';
import { isAuthorized, refuseUpgrade, type SimAuth, sendUnauthorized } from './basic-auth';
import { createControlRouter } from './control';
import { unprocessable } from './envelope';
import { type Faults, NO_FAULTS, updateFaults } from './faults';
import { createMediaRouter } from './media-routes';
import { Notifier } from './notification';
import { SessionTable } from './sessions';

export interface IvmsFrontOptions {
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
  /** A session with no keepalive for this long expires (the real server's behaviour). */
  readonly sessionExpiryMs?: number;
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
  /**
   * The site cameras (by id) this front serves; default all. The others do not exist for
   * its clients: not listed, 3110 on startlive/startarchive, no media, no events.
   */
  readonly cameras?: readonly number[];
}

export interface SimState {
  readonly sessions: Array<{ id: number; kind: 'live' | 'archive'; cameraId: number; profile?: string; ageMs: number; keepalives: number; maxGapMs: number }>;
  readonly encoders: Array<{ key: string; refs: number; running: boolean; segments: number }>;
  readonly recordings: Array<{ cameraId: number; recording: boolean; segments: number; bytes: number; ranges: Array<{ fromMs: number; toMs: number }> }>;
  readonly cameras: Array<{ id: number; name: string; online: boolean; frozen: boolean }>;
  readonly counters: { started: number; stopped: number; expired: number; keepalives: number; unknown: number };
  readonly events: { emitted: number; deliveries: number; clients: number; connections: number };
  readonly faults: Faults;
}

/** A site event as this front pushed it. */
export interface SimEvent {
  readonly id: number;
  readonly cameraId: number;
  readonly cameraName: string;
  /** Epoch ms. */
  readonly time: number;
  readonly alert: AlertKind;
  readonly jpeg: Buffer | undefined;
  /** Event-socket clients it was delivered to. */
  readonly delivered: number;
}

export interface IvmsFront {
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
  setCameraFrozen(cameraId: number, frozen: boolean): Promise<void>;
  emitEvent(cameraId?: number, alert?: AlertKind): Promise<SimEvent>;
  burst(count: number, perSecond: number, cameraId?: number, alert?: AlertKind): void;
  eventsSince(afterId: number, limit: number): Array<{ id: number; cameraId: number; time: number; alertType: number; alertMessage: string; delivered: number }>;
  dropEventSockets(): void;
  /** Stops listening and forgets every session, then comes back on the same ports after `downMs`. */
  restart(downMs: number): Promise<void>;
  /** Closes this front (the site goes on unless the front owns it). */
  close(): Promise<void>;
}

/** How many events remember how many clients they reached. */
const DELIVERIES_KEPT = 5000;

/**
 * The IVMS Pro TS API front of the simulated site: the embedded demo VMS and the test
 * peer of the IVMS adapter. Live and archive sessions serve the site's real H.264 HLS
 * (live from the shared encoders, archive from the cameras' recordings); the site's
 * events go out on `/notification` with their snapshots; and every fault a field server
 * shows can be switched on (see faults.ts, control.ts).
 */
export async function startIvmsFront(site: SimSite, options: IvmsFrontOptions = {}, ownsSite = false): Promise<IvmsFront> {
  const host = options.host ?? '127.0.0.1';
  const prefix = normalisePrefix(options.pathPrefix ?? '');
  const log = site.log;
  const cameras = servedCameras(site.cameras, options.cameras, 'IVMS');
  const served = new Set(cameras.map((camera) => camera.id));
  const servedCamera = (cameraId: number): SimCamera | undefined => (served.has(cameraId) ? site.camera(cameraId) : undefined);
  /** A served camera for the control routes, which are told plainly when they name another. */
  const ownCamera = (cameraId: number): SimCamera => {
    const camera = servedCamera(cameraId);
    if (!camera) throw new Error(`camera ${cameraId} is not one this IVMS front serves (${[...served].join(', ') || 'none'})`);
    return camera;
  };
  let faults: Faults = updateFaults(NO_FAULTS, options.faults ?? {});
  const sessionExpiryMs = options.sessionExpiryMs ?? 60_000;
  const sessions = new SessionTable(() => faults.sessionExpiryMs ?? sessionExpiryMs);
  const notifier = new Notifier(() => faults);
  const delivered = new Map<number, number>();
  const unsubscribeEvents = site.events.subscribe((event) => {
    if (!served.has(event.cameraId)) return;
    delivered.set(event.id, notifier.broadcast(wireEvent(event, site.timeZone)));
    if (delivered.size > DELIVERIES_KEPT) delivered.delete(delivered.keys().next().value ?? event.id);
  });
  const unsubscribeStatus = site.onCameraStatus((camera, online) => {
    if (!online) sessions.dropCamera(camera.id);
  });
  /** The site as this front shows it: its own cameras and their recordings; the encoders are the whole site's (they are shared). */
  const siteState = (): SiteState => {
    const state = site.state();
    return { ...state, cameras: state.cameras.filter((camera) => served.has(camera.id)), recordings: state.recordings.filter((recording) => served.has(recording.cameraId)) };
  };
  const asSimEvent = (event: SiteEvent): SimEvent => ({
    id: event.id,
    cameraId: event.cameraId,
    cameraName: event.cameraName,
    time: event.time,
    alert: alertOf(event),
    jpeg: event.jpeg,
    delivered: delivered.get(event.id) ?? 0,
  });

  let apiPort = 0;
  let mediaPort = 0;
  let apiOrigin = '';
  let mediaOrigin = '';
  const apiContext = {
    cameras,
    profiles: site.profiles,
    sessions,
    pool: site.pool,
    recorders: site.recorders,
    events: site.events,
    faults: () => faults,
    countStyle: options.countStyle ?? 'document',
    stopArchive: options.stopArchive ?? true,
    mediaOrigin: () => mediaOrigin,
    apiOrigin: () => apiOrigin,
    log,
  } as const;
  const media = createMediaRouter({ camera: servedCamera, pool: site.pool, recorders: site.recorders, sessions, faults: () => faults, liveWindow: site.liveWindow, archiveWindowMs: 30 * 60 * 1000 });
  const apiRoot = `${prefix}/REST/local/`;
  const socketPaths = new Set(['/notification', `${prefix}/notification`]);

  const handle = (request: IncomingMessage, response: ServerResponse, serveApi: boolean): void => {
    const path = new URL(request.url ?? '/', 'http://sim').pathname;
    const isControl = serveApi && path.startsWith('/_sim/');
    const isApi = serveApi && path.startsWith(apiRoot);
    // HLS goes to any player, browsers on other origins included, as from public media servers.
    const refusal = refusalReason(request.headers, { host, port: () => (serveApi ? apiPort : mediaPort) }, isApi || isControl);
    if (refusal) return sendText(response, 403, `Forbidden: ${refusal}`);
    if (!isControl && !isAuthorized(options.auth, request.headers)) {
      sendUnauthorized(response);
      return;
    }
    let work: Promise<boolean>;
    if (isApi) work = handleApi(apiContext, request, response, path.slice(apiRoot.length)).then(() => true);
    else if (isControl) work = controlRouter.dispatch(request, response, path);
    else {
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
    // A browser always sends Origin on a WebSocket: a foreign page must not read the events.
    if (refusalReason(request.headers, { host, port: () => apiPort })) refuseUpgradeForbidden(socket);
    else if (socketPaths.has(path) && !isAuthorized(options.auth, request.headers)) refuseUpgrade(socket);
    else if (socketPaths.has(path)) notifier.handleUpgrade(request, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  const mediaServer: Server | undefined = options.mediaPort === undefined ? undefined : createServer((request, response) => handle(request, response, false));

  const front: IvmsFront = {
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
        ...siteState(),
        counters: { ...sessions.counters },
        events: { emitted: site.events.count, deliveries: notifier.deliveries, clients: notifier.clients, connections: notifier.connections },
        faults,
      };
    },
    setFaults(patch) {
      faults = updateFaults(faults, patch);
      log(`IVMS faults: ${JSON.stringify(faults)}`);
    },
    resetFaults() {
      faults = NO_FAULTS;
    },
    setCameraOnline: (cameraId, online) => site.setCameraOnline(ownCamera(cameraId).id, online),
    setCameraFrozen: (cameraId, frozen) => site.setCameraFrozen(ownCamera(cameraId).id, frozen),
    async emitEvent(cameraId, alert) {
      const target = cameraId === undefined ? (cameras.find((camera) => camera.online) ?? cameras[0]) : ownCamera(cameraId);
      if (!target) throw new Error('this IVMS front serves no camera');
      return asSimEvent(await site.events.emit(target.id, alert ? kindOfAlert(alert.type, alert.message) : undefined));
    },
    burst: (count, perSecond, cameraId, alert) =>
      site.events.burst(count, perSecond, cameraId === undefined ? [...served] : ownCamera(cameraId).id, alert ? kindOfAlert(alert.type, alert.message) : undefined),
    eventsSince: (afterId, limit) =>
      site.events
        .since(afterId, Number.MAX_SAFE_INTEGER)
        .filter((event) => served.has(event.cameraId))
        .slice(0, limit)
        .map((event) => {
          const { id, cameraId, time, alert, delivered: count } = asSimEvent(event);
          return { id, cameraId, time, alertType: alert.type, alertMessage: alert.message, delivered: count };
        }),
    dropEventSockets: () => notifier.dropAll(),
    async restart(downMs) {
      log(`IVMS restarting: down for ${downMs} ms`);
      notifier.closeAll();
      await Promise.all([closeServer(apiServer), mediaServer ? closeServer(mediaServer) : undefined]);
      // Forgetting the sessions releases their encoders; the site's cameras go on.
      sessions.clear();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await listen(apiServer, host, apiPort);
      if (mediaServer) await listen(mediaServer, host, mediaPort);
      log('IVMS back up');
    },
    async close() {
      unsubscribeEvents();
      unsubscribeStatus();
      notifier.close();
      sessions.close();
      await Promise.all([closeServer(apiServer), mediaServer ? closeServer(mediaServer) : undefined]);
      if (ownsSite) await site.close();
    },
  };
  const controlRouter = createControlRouter(front);

  try {
    apiPort = await listen(apiServer, host, options.port ?? 0);
    mediaPort = mediaServer ? await listen(mediaServer, host, options.mediaPort ?? 0) : apiPort;
  } catch (error) {
    // A port in use: leave nothing behind (the caller closes the site).
    await front.close().catch(() => undefined);
    throw error;
  }
  apiOrigin = httpOrigin(host, apiPort);
  mediaOrigin = httpOrigin(host, mediaPort);
  return front;
}

function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}
