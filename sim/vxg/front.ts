import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import { refusalReason } from '../http/request-guard';
import { sendJson, sendText } from '../http/router';
import { closeServer, httpOrigin, listen } from '../http/server';
import { pick } from '../site/events';
import { servedCameras } from '../site/served-cameras';
import type { SimSite, SiteState } from '../site/site';
import { ApiError, createApiRouter, type VxgCounters } from './api';
import { ChannelBook, SITE_CHANNEL_BASE, type ChannelStatus } from './channels';
import { createControlRouter } from './control';
import { kindOfName, VxgEventBook, type VxgEvent } from './events';
import { NO_VXG_FAULTS, updateVxgFaults, type VxgFaults } from './faults';
import { LiveStreams } from './live';
import { createMediaRouter } from './media';
import { RecordFiles } from '../site/records';
import { MediaTickets } from './tickets';
import { formatVxgTime } from './time';
import { TokenAuthority, type Access, type Principal } from './tokens';

export interface VxgFrontOptions {
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Largest page any list answers (VXG: 1000); tests use a small one to make clients follow `meta.next`. */
  readonly pageSize?: number;
  /** Life of a live HLS ticket (`expire_hls` = now + this); default 3600. */
  readonly hlsTicketSeconds?: number;
  /** Life of record, image and thumbnail URLs; default 3600. */
  readonly storageTicketSeconds?: number;
  /** A stream that starts answers watch with 503 at least this long; default 1000. */
  readonly startDelayMs?: number;
  /** A stream nobody watched for this long stops (and starts again, with 503s, on the next watch); default 10000. */
  readonly streamLingerMs?: number;
  /** Longest record listed; default 20. */
  readonly recordChunkSeconds?: number;
  /** Signs tokens and tickets; the same secret gives the same cloud key and tokens across runs. Default: random per run. */
  readonly secret?: string;
  readonly faults?: Partial<VxgFaults>;
  /**
   * The site cameras (by IVMS id) this account has as channels; default all. The others
   * do not exist for its clients: no channel, not in the group, no events.
   */
  readonly cameras?: readonly number[];
}

/** A site event as this front lists it. */
export interface SentVxgEvent {
  readonly id: number;
  readonly camid: number;
  readonly name: string;
  readonly time: string;
  readonly timeMs: number;
  readonly thumb: boolean;
}

export interface CreatedVxgEvent {
  readonly id: number;
  readonly camid: number;
  readonly name: string;
  readonly time: string;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly createdWith: string;
}

export interface VxgCredentials {
  readonly url: string;
  readonly cloudKey: string;
  /** Covers every site channel. */
  readonly groupToken: string;
  readonly groupId: number;
  readonly channels: Array<{ camid: number; name: string; cameraId?: number; all: string; watch: string }>;
}

export interface VxgState extends SiteState {
  /** Live streams in use: VXG has no sessions, only streams kept alive by watch calls and media requests. */
  readonly sessions: Array<{ camid: number; ageMs: number; tickets: number; renewals: number; variants: string[] }>;
  readonly channels: Array<{ camid: number; name: string; status: ChannelStatus; recording: boolean; site: boolean }>;
  readonly counters: VxgCounters;
  readonly events: { sent: number; created: number };
  readonly faults: VxgFaults;
}

export interface VxgFront {
  /** `http://host:port`: the API, and the media its URLs name. */
  readonly url: string;
  readonly cloudKey: string;
  readonly groupToken: string;
  readonly faults: VxgFaults;
  credentials(): VxgCredentials;
  channelToken(camid: number, access: Access): string;
  state(): VxgState;
  setFaults(patch: unknown): void;
  resetFaults(): void;
  /** A site channel's camera (or an added channel) goes offline or comes back. */
  setChannelOnline(camid: number, online: boolean): Promise<void>;
  /** Raises a site event on a channel's camera (default: a random online one) under a VXG name (default: a random analytics kind). */
  emitEvent(camid?: number, name?: string): Promise<SentVxgEvent>;
  burst(count: number, perSecond: number, camid?: number, name?: string): void;
  eventsSince(afterId: number, limit: number): SentVxgEvent[];
  createdEvents(): CreatedVxgEvent[];
  /** Stops listening and forgets every stream, then comes back on the same port after `downMs`; tokens and events stay. */
  restart(downMs: number): Promise<void>;
  /** Closes this front (the site goes on unless the front owns it). */
  close(): Promise<void>;
}

/**
 * The VXG Cloud VMS front of the simulated site: every site camera is a channel of one
 * account; clients sign in with the account's cloud key (`LKey`), a channel-group token
 * (`SI`) or channel tokens (`Acc`); live video is HLS under signed, expiring tickets;
 * records, timeline and events come from the site's recordings and event hub.
 */
export async function startVxgFront(site: SimSite, options: VxgFrontOptions = {}, ownsSite = false): Promise<VxgFront> {
  const host = options.host ?? '127.0.0.1';
  const apiHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const log = site.log;
  const secret = options.secret === undefined ? randomBytes(32) : createHash('sha256').update(options.secret).digest();
  let port = 0;
  let origin = '';
  let faults: VxgFaults = updateVxgFaults(NO_VXG_FAULTS, options.faults ?? {});

  const served = servedCameras(site.cameras, options.cameras, 'VXG');
  const servedIds = new Set(served.map((camera) => camera.id));
  const channels = new ChannelBook(site, served);
  const defaultGroup = channels.createGroup(
    'All site cameras',
    channels.list().map((channel) => channel.camid),
  );
  const tokens = new TokenAuthority(secret, () => ({ host: apiHost, port }));
  const tickets = new MediaTickets(secret);
  const live = new LiveStreams({ pool: site.pool, profiles: site.profiles, lingerMs: options.streamLingerMs ?? 10_000, startDelayMs: options.startDelayMs ?? 1000 });
  const records = new RecordFiles(join(site.workDir, `vxg-records-${randomBytes(4).toString('hex')}`));
  const events = new VxgEventBook(site.events, (cameraId) => channels.ofCamera(cameraId)?.camid);
  const counters: VxgCounters = { watchCalls: 0, starting: 0, ticketsIssued: 0, renewals: 0, imageCalls: 0, mediaRequests: 0, mediaExpired: 0, createdEvents: 0, unauthorized: 0, forbidden: 0 };
  const pageSize = options.pageSize ?? 1000;
  const apiContext = {
    site,
    channels,
    tokens,
    tickets,
    live,
    events,
    counters,
    log,
    origin: () => origin,
    settings: {
      paging: { defaultLimit: Math.min(20, pageSize), maxLimit: pageSize },
      hlsTicketSeconds: options.hlsTicketSeconds ?? 3600,
      storageTicketSeconds: options.storageTicketSeconds ?? 3600,
      recordChunkSeconds: options.recordChunkSeconds ?? 20,
    },
  } as const;
  const media = createMediaRouter({ site, channels, live, tickets, records, events, counters });
  const unsubscribeStatus = site.onCameraStatus((camera, online) => {
    const channel = channels.ofCamera(camera.id);
    if (channel && !online) live.drop(channel.camid);
  });

  const revoked = (principal: Principal): boolean => {
    if (principal.scheme === 'LKey') return faults.revokedCloudKey;
    if (faults.revokedTokens.includes(principal.token) || faults.revokedTokens.includes(principal.inner)) return true;
    return principal.scheme === 'Acc' && faults.revokedChannels.includes(principal.camid);
  };

  const handleApi = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (response.destroyed) return;
    const reply = (status: number, body: unknown): void => {
      if (status === 401) counters.unauthorized += 1;
      if (status === 403) counters.forbidden += 1;
      if (!faults.malformedJson) return sendJson(response, status, body);
      const text = JSON.stringify(body);
      sendText(response, status, text.slice(0, Math.max(1, Math.floor(text.length / 2))), 'application/json');
    };
    if (faults.unavailable) return reply(503, { errorDetail: 'Service is temporarily unavailable.' });
    if (faults.retryAfterSeconds !== null) {
      const seconds = faults.retryAfterSeconds;
      if (faults.rateLimitedCalls !== null) {
        faults = updateVxgFaults(faults, faults.rateLimitedCalls > 1 ? { rateLimitedCalls: faults.rateLimitedCalls - 1 } : { rateLimitedCalls: null, retryAfterSeconds: null });
      }
      response.setHeader('retry-after', String(seconds));
      return reply(429, { errorDetail: `Request was throttled. Expected available in ${seconds} seconds.` });
    }
    const resolution = tokens.resolve(request.headers.authorization, url.searchParams.get('token'));
    if ('error' in resolution) return reply(401, { errorDetail: resolution.error });
    const { principal } = resolution;
    if (revoked(principal)) return reply(401, { errorDetail: 'Token has been revoked.' });
    try {
      const matched = await createApiRouter(apiContext, principal, url, reply).dispatch(request, response, url.pathname);
      if (!matched) reply(404, { errorDetail: 'Not found.' });
    } catch (error) {
      if (response.headersSent) return;
      if (error instanceof ApiError) reply(error.status, { errorDetail: error.message });
      else if (error instanceof z.ZodError) reply(400, { errorDetail: z.prettifyError(error) });
      else throw error;
    }
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', origin || 'http://sim');
    const path = url.pathname;
    const isApi = path.startsWith('/api/');
    const isControl = path.startsWith('/_sim/');
    // Media goes to any player, browsers on other origins included, as from VXG's media servers.
    const refusal = refusalReason(request.headers, { host, port: () => port }, isApi || isControl);
    if (refusal) return sendJson(response, 403, { errorDetail: `Forbidden: ${refusal}` });
    let work: Promise<boolean>;
    if (isControl) work = controlRouter.dispatch(request, response, path);
    else if (isApi) work = handleApi(request, response, url).then(() => true);
    else {
      response.setHeader('access-control-allow-origin', '*');
      work = media.dispatch(request, response, path);
    }
    work
      .then((matched) => {
        if (!matched && !response.headersSent) sendJson(response, 404, { errorDetail: 'Not found.' });
      })
      .catch((error: unknown) => {
        log(`VXG request ${path} failed: ${String(error)}`);
        if (!response.headersSent) sendJson(response, 500, { errorDetail: 'Internal server error.' });
        else response.destroy();
      });
  };
  const server = createServer(handle);

  const sent = (event: VxgEvent): SentVxgEvent => ({ id: event.id, camid: event.camid, name: event.name, time: formatVxgTime(event.time), timeMs: event.time, thumb: event.jpeg !== undefined });
  const siteCameraOf = (camid: number | undefined): number | undefined => {
    if (camid === undefined) {
      const online = channels.list().filter((channel) => channel.siteCamera && channel.camera.online);
      return online.length > 0 ? pick(online).camera.id : undefined;
    }
    const channel = channels.get(camid);
    if (!channel?.siteCamera) throw new Error(`channel ${camid} is not a site camera's`);
    return channel.camera.id;
  };

  const front: VxgFront = {
    get url() {
      return origin;
    },
    cloudKey: tokens.cloudKey,
    get groupToken() {
      return tokens.groupToken(defaultGroup.id);
    },
    get faults() {
      return faults;
    },
    credentials() {
      return {
        url: origin,
        cloudKey: tokens.cloudKey,
        groupToken: tokens.groupToken(defaultGroup.id),
        groupId: defaultGroup.id,
        channels: channels.list().map((channel) => ({
          camid: channel.camid,
          name: channel.name,
          ...(channel.siteCamera ? { cameraId: channel.camera.id } : {}),
          all: tokens.channelToken(channel.camid, channel.cmngrid, 'all'),
          watch: tokens.channelToken(channel.camid, channel.cmngrid, 'watch'),
        })),
      };
    },
    channelToken(camid, access) {
      const channel = channels.get(camid);
      if (!channel) throw new Error(`no channel ${camid}`);
      return tokens.channelToken(channel.camid, channel.cmngrid, access);
    },
    state() {
      const state = site.state();
      return {
        ...state,
        // Its own cameras and their recordings; the encoders are the whole site's (they are shared).
        cameras: state.cameras.filter((camera) => servedIds.has(camera.id)),
        recordings: state.recordings.filter((recording) => servedIds.has(recording.cameraId)),
        sessions: live.describe(),
        channels: channels.list().map((channel) => ({ camid: channel.camid, name: channel.name, status: channels.status(channel), recording: channels.recording(channel), site: channel.siteCamera })),
        counters: { ...counters },
        events: { sent: events.all().filter((event) => event.createdWith === undefined).length, created: events.createdEvents().length },
        faults,
      };
    },
    setFaults(patch) {
      faults = updateVxgFaults(faults, patch);
      log(`VXG faults: ${JSON.stringify(faults)}`);
    },
    resetFaults() {
      faults = NO_VXG_FAULTS;
    },
    async setChannelOnline(camid, online) {
      const channel = channels.get(camid);
      if (!channel) throw new Error(`no channel ${camid}`);
      if (channel.siteCamera) return site.setCameraOnline(channel.camera.id, online);
      channel.camera.online = online;
      if (online) channel.recorder?.start();
      else {
        live.drop(camid);
        await Promise.all([site.pool.stopCamera(camid), channel.recorder?.stop()]);
      }
    },
    async emitEvent(camid, name) {
      const cameraId = siteCameraOf(camid);
      if (cameraId === undefined) throw new Error('no site camera is online');
      const event = events.fromSite(await site.events.emit(cameraId, name === undefined ? undefined : kindOfName(name)));
      if (!event) throw new Error('the event is not one this account lists');
      return sent(event);
    },
    burst(count, perSecond, camid, name) {
      const among = channels.list().flatMap((channel) => (channel.siteCamera ? [channel.camera.id] : []));
      site.events.burst(count, perSecond, camid === undefined ? among : siteCameraOf(camid), name === undefined ? undefined : kindOfName(name));
    },
    eventsSince: (afterId, limit) =>
      events
        .all()
        .filter((event) => event.createdWith === undefined && event.id > afterId)
        .slice(0, limit)
        .map(sent),
    createdEvents: () =>
      events.createdEvents().map((event) => ({ id: event.id, camid: event.camid, name: event.name, time: formatVxgTime(event.time), meta: event.meta, createdWith: event.createdWith ?? '' })),
    async restart(downMs) {
      log(`VXG restarting: down for ${downMs} ms`);
      await closeServer(server);
      live.clear();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await listen(server, host, port);
      log('VXG back up');
    },
    async close() {
      unsubscribeStatus();
      live.close();
      await closeServer(server);
      await Promise.all([records.dispose(), channels.dispose()]);
      if (ownsSite) await site.close();
    },
  };
  const controlRouter = createControlRouter(front);

  try {
    port = await listen(server, host, options.port ?? 0);
  } catch (error) {
    // A port in use: leave nothing behind (the caller closes the site).
    await front.close().catch(() => undefined);
    throw error;
  }
  origin = httpOrigin(host, port);
  return front;
}

/** The channel id of a site camera. */
export function siteChannelId(cameraId: number): number {
  return SITE_CHANNEL_BASE + cameraId;
}
