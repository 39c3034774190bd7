import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { refusalReason } from '../http/request-guard';
import { readBody, Router, sendFile, sendJson } from '../http/router';
import { closeServer, httpOrigin, listen } from '../http/server';
import type { SimCamera } from '../site/catalog';
import { ANALYTIC_KINDS, isStatusKind, pick, type SiteEvent } from '../site/events';
import { recordChunks } from '../site/records';
import { servedCameras } from '../site/served-cameras';
import type { SimSite, SiteState } from '../site/site';
import { ACCOUNT_ID, BRIDGE_ESN, deviceRow, esnOf, formatEenTime, parseEenTime, statusBits } from './devices';
import { NO_EEN_FAULTS, updateEenFaults, type EenFaults } from './faults';
import { PollRegistration, PollSession } from './poll';
import { FlvRecordings } from './flv';
import { PreviewPool, type PreviewImage } from './previews';
import { EenV3, type EenV3Counters, type EenV3Options } from './v3';

export interface EenFrontOptions {
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** The one user of the account. */
  readonly username?: string;
  readonly password?: string;
  /** The user signs in with two-factor authentication (which a wall cannot answer). */
  readonly twoFactor?: boolean;
  /** Longest a `GET /poll` waits for a change before answering an empty one; default 20000. */
  readonly pollWaitMs?: number;
  /** Longest `/asset/next/image.jpeg` waits for the next preview; default 10000. */
  readonly nextImageWaitMs?: number;
  /** A camera's preview encoder nobody asked for this long stops; default 10000. */
  readonly previewLingerMs?: number;
  readonly faults?: Partial<EenFaults>;
  /** The site cameras (ids) this account has; default all. */
  readonly cameras?: readonly number[];
  /** API v3 (OAuth client, token life) on the same port. */
  readonly v3?: EenV3Options;
}

export const EEN_DEFAULT_USER = { username: 'wall@example.com', password: 'preview-only-1' } as const;

/** Four-CC codes of the legacy API for what the site raises (EENCloud/api-docs _api_poll.md, "Event Objects"). */
/** Longest recording `/asset/list/video` lists as one without `options=coalesce` (cut on segment boundaries). */
const VIDEO_PIECE_MS = 60_000;

const CODE_OF_KIND: Readonly<Record<string, string>> = {
  activity: 'EMES',
  intrusion: 'ALRS',
  tripwire: 'ROMS',
  loitering: 'ALMS',
  tampering: 'AEDA',
  'abandoned-object': 'ALRS',
  crowd: 'ALMS',
  'camera-offline': 'RCOF',
  'camera-online': 'RCON',
};

/** A site event as this front sent it on `/poll`. */
export interface SentEenEvent {
  readonly id: number;
  readonly esn: string;
  readonly cameraId: number;
  readonly code: string;
  readonly timestamp: string;
  readonly timeMs: number;
}

export interface EenState extends SiteState {
  readonly counters: EenCounters;
  /** Upstream preview requests per camera ESN (prev + next), since start. */
  readonly previewRequests: Record<string, number>;
  readonly previewEncoders: number[];
  readonly authSessions: number;
  readonly pollSessions: number;
  readonly faults: EenFaults;
  readonly v3: EenV3Counters;
}

export interface EenCounters {
  authenticate: number;
  authorize: number;
  unauthorized: number;
  deviceLists: number;
  pollPosts: number;
  pollGets: number;
  poll502: number;
  rateLimited: number;
  previewRequests: number;
  videoLists: number;
  /** `/asset/play/video.flv` requests. */
  videoPlays: number;
}

export interface EenFront {
  /** `http://host:port`: the login host and (the simulator serves no brand subdomains) the API host too. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly faults: EenFaults;
  /** API v3: the OAuth client and what the token endpoint holds. */
  readonly v3: EenV3;
  state(): EenState;
  setFaults(patch: unknown): void;
  resetFaults(): void;
  /** When each recent preview image was made (served from then on), by camera ESN and the time it shows. */
  previewsMade(): Array<{ cameraId: string; takenAt: number; madeAt: number }>;
  /** Every signed-in session ends, as when Eagle Eye logs a user out: the next call answers 401. */
  endSessions(): void;
  setCameraOnline(cameraId: number, online: boolean): Promise<void>;
  emitEvent(cameraId?: number, kind?: string): Promise<SentEenEvent>;
  eventsSince(afterId: number): SentEenEvent[];
  esnOf(cameraId: number): string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The Eagle Eye Networks front of the simulated site, legacy API (EENCloud/api-docs): sign-in
 * in two steps (`/g/aaa/authenticate` → single-use token, `/g/aaa/authorize` → `auth_key`
 * cookie and the user with its brand subdomain), the device list as arrays, preview JPEGs
 * from `/asset/{prev,next}/image.jpeg` (about one a second per camera, drawn while asked
 * for), recorded spans from `/asset/list/video`, and events from the `/poll` long poll.
 */
export async function startEenFront(site: SimSite, options: EenFrontOptions = {}): Promise<EenFront> {
  const host = options.host ?? '127.0.0.1';
  const username = options.username ?? EEN_DEFAULT_USER.username;
  const password = options.password ?? EEN_DEFAULT_USER.password;
  const pollWaitMs = options.pollWaitMs ?? 20_000;
  const nextImageWaitMs = options.nextImageWaitMs ?? 10_000;
  let port = 0;
  let origin = '';
  let faults: EenFaults = updateEenFaults(NO_EEN_FAULTS, options.faults ?? {});
  const log = site.log;

  const cameras = servedCameras(site.cameras, options.cameras, 'Eagle Eye');
  const byEsn = new Map(cameras.map((camera) => [esnOf(camera.id), camera]));
  const previews = new PreviewPool({ rootDir: site.workDir, timeZone: site.timeZone, lingerMs: options.previewLingerMs ?? 10_000, log });
  const flv = new FlvRecordings(join(site.workDir, `een-flv-${randomBytes(4).toString('hex')}`));
  const tokens = new Map<string, number>(); // authenticate token → expiry
  const authKeys = new Set<string>();
  const polls = new Map<string, PollSession>();
  const sent: SentEenEvent[] = [];
  const previewRequests: Record<string, number> = {};
  const counters: EenCounters = { authenticate: 0, authorize: 0, unauthorized: 0, deviceLists: 0, pollPosts: 0, pollGets: 0, poll502: 0, rateLimited: 0, previewRequests: 0, videoLists: 0, videoPlays: 0 };

  const recording = (camera: SimCamera): boolean => site.recorders.get(camera.id)?.recording ?? false;
  const status = (camera: SimCamera): number => statusBits(camera, recording(camera), faults.passwordNeeded.includes(camera.id));

  const unsubscribeEvents = site.events.subscribe((event: SiteEvent) => {
    const camera = cameras.find((candidate) => candidate.id === event.cameraId);
    if (!camera) return;
    const esn = esnOf(camera.id);
    const code = CODE_OF_KIND[event.kind] ?? 'AEDA';
    const timestamp = formatEenTime(event.time);
    sent.push({ id: event.id, esn, cameraId: camera.id, code, timestamp, timeMs: event.time });
    if (sent.length > 5000) sent.shift();
    // Event ids are uint32 in the legacy API; the site's are small positive integers.
    const body = { cameraid: esn, timestamp, eventid: event.id, ...(isStatusKind(event.kind) ? {} : { label: event.label }) };
    for (const poll of polls.values()) {
      poll.pushEvent({ esn, code, body });
      if (isStatusKind(event.kind)) poll.pushStatus(esn, status(camera));
    }
  });
  const unsubscribeStatus = site.onCameraStatus((camera, online) => {
    if (!online && byEsn.has(esnOf(camera.id))) void previews.stop(camera.id);
  });

  const cookies = (request: IncomingMessage): Map<string, string> => {
    const jar = new Map<string, string>();
    for (const part of (request.headers.cookie ?? '').split(';')) {
      const at = part.indexOf('=');
      if (at > 0) jar.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
    }
    return jar;
  };

  /** The session of a request: the `A` parameter first, then the `auth_key` cookie (the documented precedence). */
  const authorised = (request: IncomingMessage, url: URL): string => {
    if (faults.unauthorizedCalls > 0) {
      faults = { ...faults, unauthorizedCalls: faults.unauthorizedCalls - 1 };
      throw new HttpError(401, 'Unauthorized due to invalid session cookie');
    }
    const key = url.searchParams.get('A') ?? cookies(request).get('auth_key');
    if (!key || !authKeys.has(key)) throw new HttpError(401, 'Unauthorized due to invalid session cookie');
    return key;
  };

  const cameraOf = (url: URL): SimCamera => {
    const esn = url.searchParams.get('id') ?? url.searchParams.get('c') ?? '';
    const camera = byEsn.get(esn);
    if (!camera) throw new HttpError(404, 'Camera not provisioned');
    return camera;
  };

  const sendImage = (response: ServerResponse, image: PreviewImage): void => {
    response.writeHead(200, {
      'content-type': 'image/jpeg',
      'content-length': image.jpeg.length,
      'cache-control': 'no-store',
      'x-ee-timestamp': `pre-${formatEenTime(image.takenAt)}`,
      'x-ee-prev': 'unknown',
      'x-ee-next': 'unknown',
    });
    response.end(image.jpeg);
  };

  const json = async (request: IncomingMessage): Promise<unknown> => {
    const text = await readBody(request);
    try {
      return text.trim() ? (JSON.parse(text) as unknown) : {};
    } catch {
      throw new HttpError(400, 'Unexpected or non-identifiable arguments are supplied');
    }
  };

  const Credentials = z.object({ username: z.string(), password: z.string(), realm: z.string().optional() });
  const Token = z.object({ token: z.string(), two_factor_authentication_code: z.string().optional() });

  const api = new Router()
    .on('POST', /^\/g\/aaa\/authenticate$/, async (request, response) => {
      counters.authenticate += 1;
      const body = Credentials.safeParse(await json(request));
      if (!body.success) throw new HttpError(400, 'Unexpected or non-identifiable arguments are supplied');
      if (body.data.username !== username || body.data.password !== password) throw new HttpError(401, 'Invalid credentials supplied');
      const token = randomBytes(48).toString('base64');
      // Valid 30 s for simple sign-in, 15 min with two-factor (EENCloud/api-docs _api_authentication.md).
      tokens.set(token, Date.now() + (options.twoFactor ? 15 * 60_000 : 30_000));
      sendJson(response, 200, options.twoFactor ? { token, two_factor_authentication_code: { sms: '*** *** 779', email: '****@example.com' } } : { token });
    })
    .on('POST', /^\/g\/aaa\/authorize$/, async (request, response) => {
      counters.authorize += 1;
      const body = Token.safeParse(await json(request));
      if (!body.success) throw new HttpError(400, 'Unexpected or non-identifiable arguments are supplied');
      const expiry = tokens.get(body.data.token);
      tokens.delete(body.data.token); // single use
      if (expiry === undefined || expiry < Date.now()) throw new HttpError(401, 'Invalid token supplied');
      if (options.twoFactor && !body.data.two_factor_authentication_code) throw new HttpError(401, 'Missing TFA code');
      const authKey = randomBytes(24).toString('hex');
      authKeys.add(authKey);
      response.setHeader('set-cookie', `auth_key=${authKey}; Path=/; HttpOnly`);
      sendJson(response, 200, {
        id: 'ca0e1cf2',
        user_id: 'ca0e1cf2',
        email: username,
        owner_account_id: ACCOUNT_ID,
        active_account_id: ACCOUNT_ID,
        is_view_preview_video: 1,
        is_two_factor_authentication_enabled: options.twoFactor ? 1 : 0,
        timezone: site.timeZone,
        camera_access: cameras.map((camera) => [esnOf(camera.id), 'r']),
        active_brand_subdomain: 'c001',
      });
    })
    .on('GET', /^\/g\/device\/list$/, (_request, response) => {
      counters.deviceLists += 1;
      const rows = [deviceRow(BRIDGE_ESN, 'Simulated bridge', 'bridge', 0x160000, site.timeZone), ...cameras.map((camera) => deviceRow(esnOf(camera.id), camera.name, 'camera', status(camera), site.timeZone))];
      sendJson(response, 200, rows);
    })
    .on('GET', /^\/asset\/(prev|next|after|asset)\/image\.jpeg$/, async (request, response, [which]) => {
      const url = new URL(request.url ?? '/', origin);
      const camera = cameraOf(url);
      const esn = esnOf(camera.id);
      previewRequests[esn] = (previewRequests[esn] ?? 0) + 1;
      counters.previewRequests += 1;
      const timestamp = url.searchParams.get('timestamp') ?? url.searchParams.get('t') ?? 'now';
      const at = timestamp === 'now' ? 'now' : parseEenTime(timestamp);
      if (at === undefined) throw new HttpError(400, 'Unexpected or non-identifiable arguments are supplied');
      const abort = new AbortController();
      response.once('close', () => abort.abort());
      let image: PreviewImage | undefined;
      if (which === 'prev') image = camera.online ? await previews.latest(camera, 8000, abort.signal) : previews.stored(camera.id);
      else if (which === 'next') image = camera.online ? await previews.next(camera, at, nextImageWaitMs, abort.signal) : undefined;
      // `after` with `now` has nothing yet; `asset` names an exact image, which only the newest is kept of.
      else image = which === 'asset' && at !== 'now' && previews.stored(camera.id)?.takenAt === at ? previews.stored(camera.id) : undefined;
      if (response.destroyed) return;
      if (!image) throw new HttpError(404, 'Image not found');
      sendImage(response, image);
    })
    .on('GET', /^\/asset\/list\/video$/, (request, response) => {
      counters.videoLists += 1;
      const url = new URL(request.url ?? '/', origin);
      const camera = cameraOf(url);
      const from = parseEenTime(url.searchParams.get('start_timestamp') ?? '') ?? 0;
      const to = parseEenTime(url.searchParams.get('end_timestamp') ?? '') ?? Date.now();
      const ring = site.recorders.get(camera.id)?.ring;
      // `options=coalesce` joins touching recordings into one span; without it each recording
      // is its own (here a stretch of up to a minute, as the site records in segments).
      const coalesce = (url.searchParams.get('options') ?? '').split(',').includes('coalesce');
      const ranges = !ring ? [] : coalesce ? ring.ranges() : recordChunks(ring.segments, VIDEO_PIECE_MS).map((chunk) => ({ fromMs: chunk.startMs, toMs: chunk.endMs }));
      const spans = ranges.filter((range) => range.toMs > from && range.fromMs < to).map((range) => ({ s: formatEenTime(range.fromMs), e: formatEenTime(range.toMs) }));
      sendJson(response, 200, spans);
    })
    .on('GET', /^\/asset\/play\/video\.flv$/, async (request, response) => {
      // The recorded video of a span as FLV: every recorded segment that starts in it.
      counters.videoPlays += 1;
      const url = new URL(request.url ?? '/', origin);
      const camera = cameraOf(url);
      const from = parseEenTime(url.searchParams.get('start_timestamp') ?? '');
      const to = parseEenTime(url.searchParams.get('end_timestamp') ?? '');
      if (from === undefined || to === undefined || to <= from) throw new HttpError(400, 'Unexpected or non-identifiable arguments are supplied');
      const segments = (site.recorders.get(camera.id)?.ring.segments ?? []).filter((segment) => segment.startMs >= from - 1 && segment.startMs < to);
      const file = await flv.file(camera.id, segments);
      if (!file) throw new HttpError(404, 'Video not found');
      sendFile(response, file.path, 'video/x-flv', file.bytes);
    })
    .on('POST', /^\/poll$/, async (request, response) => {
      counters.pollPosts += 1;
      const url = new URL(request.url ?? '/', origin);
      const authKey = authorised(request, url);
      const registration = PollRegistration.safeParse(await json(request));
      if (!registration.success) throw new HttpError(400, 'Unexpected or non-identifiable arguments are supplied');
      const poll = new PollSession(authKey, registration.data);
      polls.set(poll.id, poll);
      const now: Record<string, Record<string, unknown>> = {};
      for (const esn of poll.cameras()) {
        const camera = byEsn.get(esn);
        if (!camera) continue;
        const current: Record<string, unknown> = {};
        if (poll.wants(esn, 'status')) current.status = status(camera);
        const image = previews.stored(camera.id);
        if (poll.wants(esn, 'pre') && image) current.pre = formatEenTime(image.takenAt);
        now[esn] = current;
      }
      response.setHeader('set-cookie', `ee-poll-ses=${poll.id}; Path=/poll; HttpOnly`);
      sendJson(response, 200, { cameras: now, token: poll.id });
    })
    .on('GET', /^\/poll$/, async (request, response) => {
      counters.pollGets += 1;
      const url = new URL(request.url ?? '/', origin);
      const authKey = authorised(request, url);
      if (faults.poll502 > 0) {
        faults = { ...faults, poll502: faults.poll502 - 1 };
        counters.poll502 += 1;
        throw new HttpError(502, 'Bad Gateway');
      }
      const poll = polls.get(cookies(request).get('ee-poll-ses') ?? '');
      if (!poll || poll.authKey !== authKey) throw new HttpError(400, 'No poll session: POST /poll first');
      const abort = new AbortController();
      response.once('close', () => abort.abort());
      const changes = await poll.changes(pollWaitMs, abort.signal);
      if (!response.destroyed) sendJson(response, 200, { cameras: changes });
    });

  const control = createEenControl(() => front);
  const v3 = new EenV3(site, cameras, () => origin, options.v3, previews);
  const v3Routes = v3.router();

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', origin || 'http://sim');
    const path = url.pathname;
    const isControl = path.startsWith('/_sim/');
    // The authorize page is a page of its own (its form posts to itself), and media goes to players on any origin.
    const isV3 = path.startsWith('/oauth2/') || path.startsWith('/api/v3.0/') || path.startsWith('/media/v3/') || path.startsWith('/sse/v3.0/');
    const refusal = refusalReason(request.headers, { host, port: () => port }, !path.startsWith('/media/v3/'));
    if (refusal) return sendJson(response, 403, { message: `Forbidden: ${refusal}` });
    const run = async (): Promise<boolean> => {
      if (isControl) return control.dispatch(request, response, path);
      if (isV3) return v3Routes.dispatch(request, response, path);
      if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
      if (faults.retryAfterSeconds !== null) {
        const seconds = faults.retryAfterSeconds;
        if (faults.rateLimitedCalls !== null) faults = updateEenFaults(faults, faults.rateLimitedCalls > 1 ? { rateLimitedCalls: faults.rateLimitedCalls - 1 } : { rateLimitedCalls: null, retryAfterSeconds: null });
        counters.rateLimited += 1;
        response.setHeader('retry-after', String(seconds));
        sendJson(response, 429, { status_code: 429, message: 'Too many requests' });
        return true;
      }
      // Everything but the two sign-in steps needs a session (the poll routes check theirs themselves).
      if (!path.startsWith('/g/aaa/') && path !== '/poll') authorised(request, url);
      return api.dispatch(request, response, path);
    };
    run()
      .then((matched) => {
        if (!matched && !response.headersSent) sendJson(response, 404, { status_code: 404, message: 'Not found' });
      })
      .catch((error: unknown) => {
        if (response.headersSent) return void response.destroy();
        if (error instanceof HttpError) {
          if (error.status === 401) counters.unauthorized += 1;
          return sendJson(response, error.status, { status_code: error.status, message: error.message });
        }
        log(`Eagle Eye request ${path} failed: ${String(error)}`);
        sendJson(response, 500, { status_code: 500, message: 'Internal server error' });
      });
  };
  const server = createServer(handle);

  const front: EenFront = {
    get url() {
      return origin;
    },
    username,
    password,
    get faults() {
      return faults;
    },
    v3,
    state() {
      const state = site.state();
      const served = new Set(cameras.map((camera) => camera.id));
      return {
        ...state,
        cameras: state.cameras.filter((camera) => served.has(camera.id)),
        recordings: state.recordings.filter((recording) => served.has(recording.cameraId)),
        counters: { ...counters },
        previewRequests: { ...previewRequests },
        previewEncoders: previews.running(),
        authSessions: authKeys.size,
        pollSessions: polls.size,
        faults,
        v3: { ...v3.counters },
      };
    },
    setFaults(patch) {
      faults = updateEenFaults(faults, patch);
      log(`Eagle Eye faults: ${JSON.stringify(faults)}`);
    },
    resetFaults() {
      faults = NO_EEN_FAULTS;
    },
    endSessions() {
      authKeys.clear();
      for (const poll of polls.values()) poll.close();
      polls.clear();
      log('Eagle Eye: every session ended');
    },
    async setCameraOnline(cameraId, online) {
      if (!cameras.some((camera) => camera.id === cameraId)) throw new Error(`camera ${cameraId} is not this account's`);
      await site.setCameraOnline(cameraId, online);
    },
    async emitEvent(cameraId, kind) {
      const online = cameras.filter((camera) => camera.online);
      const target = cameraId ?? (online.length > 0 ? pick(online).id : undefined);
      if (target === undefined || !cameras.some((camera) => camera.id === target)) throw new Error('no camera of this account to raise an event on');
      const siteKind = kind === undefined ? undefined : ANALYTIC_KINDS.find((candidate) => candidate.kind === kind);
      if (kind !== undefined && !siteKind) throw new Error(`no event kind "${kind}"`);
      const event = await site.events.emit(target, siteKind);
      const found = sent.find((candidate) => candidate.id === event.id);
      if (!found) throw new Error('the event was not sent');
      return found;
    },
    eventsSince: (afterId) => sent.filter((event) => event.id > afterId),
    previewsMade: () => previews.made().map((image) => ({ ...image, cameraId: esnOf(image.cameraId) })),
    esnOf,
    async close() {
      unsubscribeEvents();
      unsubscribeStatus();
      for (const poll of polls.values()) poll.close();
      v3.close();
      await closeServer(server);
      await previews.close();
      await flv.dispose();
    },
  };

  try {
    port = await listen(server, host, options.port ?? 0);
  } catch (error) {
    await front.close().catch(() => undefined);
    throw error;
  }
  origin = httpOrigin(host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host, port);
  return front;
}

const CameraBody = z.object({ online: z.boolean() }).strict();
const EventBody = z.object({ cameraId: z.number().int().optional(), kind: z.string().optional() }).strict();

/** `/_sim/...` of the Eagle Eye front: state, faults, camera status, events; bad input answers 400 with the reason. */
function createEenControl(front: () => EenFront): Router {
  const body = async (request: IncomingMessage): Promise<unknown> => {
    const text = await readBody(request);
    return text.trim() ? (JSON.parse(text) as unknown) : {};
  };
  const guarded =
    (handler: (request: IncomingMessage, response: ServerResponse, params: string[]) => Promise<void> | void) =>
    async (request: IncomingMessage, response: ServerResponse, params: string[]): Promise<void> => {
      try {
        await handler(request, response, params);
      } catch (error) {
        sendJson(response, 400, { error: error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message });
      }
    };
  return new Router()
    .on('GET', /^\/_sim\/state$/, (_request, response) => sendJson(response, 200, front().state()))
    .on('GET', /^\/_sim\/previews\/made$/, (_request, response) => sendJson(response, 200, front().previewsMade()))
    .on(
      'PUT',
      /^\/_sim\/faults$/,
      guarded(async (request, response) => {
        front().setFaults(await body(request));
        sendJson(response, 200, front().faults);
      }),
    )
    .on('DELETE', /^\/_sim\/faults$/, (_request, response) => {
      front().resetFaults();
      sendJson(response, 200, front().faults);
    })
    .on(
      'POST',
      /^\/_sim\/sse\/drop$/,
      guarded(async (request, response) => {
        const { expire } = z.object({ expire: z.boolean().default(false) }).strict().parse(await body(request));
        sendJson(response, 200, { dropped: front().v3.dropStreams(expire) });
      }),
    )
    .on('GET', /^\/_sim\/v3\/events$/, (_request, response) => sendJson(response, 200, front().v3.events))
    .on('GET', /^\/_sim\/created-events$/, (_request, response) => sendJson(response, 200, front().v3.created))
    .on('POST', /^\/_sim\/sessions\/end$/, (_request, response) => {
      front().endSessions();
      sendJson(response, 200, {});
    })
    .on(
      'POST',
      /^\/_sim\/cameras\/(\d+)$/,
      guarded(async (request, response, [id]) => {
        const { online } = CameraBody.parse(await body(request));
        await front().setCameraOnline(Number(id), online);
        sendJson(response, 200, { online });
      }),
    )
    .on(
      'POST',
      /^\/_sim\/events$/,
      guarded(async (request, response) => {
        const { cameraId, kind } = EventBody.parse(await body(request));
        sendJson(response, 200, await front().emitEvent(cameraId, kind));
      }),
    )
    .on('GET', /^\/_sim\/events$/, (request, response) => {
      const after = Number(new URL(request.url ?? '/', 'http://sim').searchParams.get('after') ?? 0);
      sendJson(response, 200, front().eventsSince(Number.isFinite(after) ? after : 0));
    });
}

