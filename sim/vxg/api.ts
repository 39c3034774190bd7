import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { readBody, Router } from '../http/router';
import type { SimSite } from '../site/site';
import type { ChannelBook, VxgChannel } from './channels';
import type { VxgEvent, VxgEventBook } from './events';
import type { LiveStreams } from './live';
import { liveHlsUrl, liveImageUrl, recordUrl, streamName, thumbUrl } from './media';
import { page, type PagingLimits } from './paging';
import { recordChunks, type RecordChunk } from '../site/records';
import { MediaTickets } from './tickets';
import { formatVxgTime, parseVxgTime } from './time';
import type { Principal, TokenAuthority } from './tokens';

export interface VxgSettings {
  readonly paging: PagingLimits;
  /** Life of a live HLS ticket: `expire_hls` is now plus this. */
  readonly hlsTicketSeconds: number;
  /** Life of the tickets in record, image and thumbnail URLs. */
  readonly storageTicketSeconds: number;
  /** Longest record listed (records are cut on segment boundaries). */
  readonly recordChunkSeconds: number;
}

export interface VxgCounters {
  watchCalls: number;
  starting: number;
  ticketsIssued: number;
  renewals: number;
  imageCalls: number;
  mediaRequests: number;
  mediaExpired: number;
  createdEvents: number;
  unauthorized: number;
  forbidden: number;
}

export interface VxgApiContext {
  readonly site: SimSite;
  readonly channels: ChannelBook;
  readonly tokens: TokenAuthority;
  readonly tickets: MediaTickets;
  readonly live: LiveStreams;
  readonly events: VxgEventBook;
  readonly settings: VxgSettings;
  readonly counters: VxgCounters;
  /** `http://host:port` of this front: media URLs name it. */
  readonly origin: () => string;
  readonly log: (line: string) => void;
}

/** An answer with VXG's error body `{"errorDetail": "..."}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Reply = (status: number, body: unknown) => void;

const ChannelSource = z.object({ url: z.string().min(1), login: z.string().optional(), password: z.string().optional() }).loose();
const NewChannelBody = z
  .object({ name: z.string().min(1).max(200), source: ChannelSource, rec_mode: z.string().default('off'), timezone: z.string().optional(), meta: z.record(z.string(), z.unknown()).optional() })
  .loose();
const ChannelPatch = z.object({ name: z.string().min(1).max(200).optional(), rec_mode: z.string().optional(), timezone: z.string().optional(), streaming: z.boolean().optional() }).loose();
const GroupBody = z.object({ name: z.string().min(1).max(200) }).loose();
const GroupPatch = z.object({ name: z.string().min(1).max(200).optional(), channels: z.array(z.number().int()).optional() }).loose();
const EventBody = z
  .object({ camid: z.number().int(), name: z.string().min(1).max(128), time: z.string().optional(), meta: z.record(z.string(), z.unknown()).default({}) })
  .loose();

/**
 * The VXG Cloud API over the simulated site: the admin calls (`LKey`), the group list
 * (`SI`), and the channel calls (`Acc`): live watch and image, records, storage data,
 * timeline and events. The caller is already authenticated; each route checks what the
 * credential may do (403) and what exists (404).
 */
export function createApiRouter(context: VxgApiContext, principal: Principal, url: URL, reply: Reply): Router {
  const { channels, settings, counters } = context;
  const origin = context.origin();

  const channelOf = (camidText?: string | null): VxgChannel => {
    if (principal.scheme === 'Acc') {
      if (camidText && Number(camidText) !== principal.camid) throw new ApiError(403, 'This token has no access to that channel.');
      const channel = channels.get(principal.camid);
      if (!channel) throw new ApiError(401, 'Invalid token.');
      return channel;
    }
    if (principal.scheme === 'LKey') {
      if (!camidText) throw new ApiError(400, 'camid is required.');
      const channel = channels.get(Number(camidText));
      if (!channel) throw new ApiError(404, 'Not found.');
      return channel;
    }
    throw new ApiError(403, 'A group token gives access to the channel list only.');
  };
  const needs = (...schemes: Array<Principal['scheme']>): void => {
    if (!schemes.includes(principal.scheme)) throw new ApiError(403, `This call needs ${schemes.join(' or ')} authorization.`);
  };
  const time = (name: string): number | undefined => {
    const text = url.searchParams.get(name);
    if (text === null || text === '') return undefined;
    const parsed = parseVxgTime(text);
    if (parsed === undefined) throw new ApiError(400, `${name} must be a UTC time YYYY-MM-DDTHH:MM:SS[.ffffff] without a zone, got "${text}".`);
    return parsed;
  };
  const descending = (): boolean => {
    const order = url.searchParams.get('order_by') ?? 'time';
    if (order !== 'time' && order !== '-time') throw new ApiError(400, `order_by must be time or -time, got "${order}".`);
    return order === '-time';
  };
  const storageTicket = (camid: number): string => context.tickets.issue(streamName(camid), Date.now() + settings.storageTicketSeconds * 1000);

  const v3Channel = (channel: VxgChannel): Record<string, unknown> => ({
    id: channel.camid,
    created: formatVxgTime(channel.createdMs),
    name: channel.name,
    rec_mode: channel.recMode,
    streaming: channel.streaming,
    timezone: channel.timezone,
    access_tokens: { all: context.tokens.channelToken(channel.camid, channel.cmngrid, 'all'), watch: context.tokens.channelToken(channel.camid, channel.cmngrid, 'watch') },
  });
  const groupObject = (id: number): Record<string, unknown> => {
    const group = channels.group(id);
    if (!group) throw new ApiError(404, 'Not found.');
    return { id: group.id, name: group.name, token: context.tokens.groupToken(group.id), channels: group.camids };
  };
  const chunksOf = (channel: VxgChannel): RecordChunk[] => (channel.recorder ? recordChunks(channel.recorder.ring.segments, settings.recordChunkSeconds * 1000) : []);
  const recordsBetween = (channel: VxgChannel): RecordChunk[] => {
    const start = time('start');
    const end = time('end');
    const chosen = chunksOf(channel).filter((chunk) => (start === undefined || chunk.endMs > start) && (end === undefined || chunk.startMs < end));
    return descending() ? chosen.reverse() : chosen;
  };
  const eventObject = (event: VxgEvent, withMeta: boolean, ticket: () => string): Record<string, unknown> => ({
    id: event.id,
    camid: event.camid,
    name: event.name,
    time: formatVxgTime(event.time),
    ...(withMeta ? { meta: event.meta } : {}),
    ...(event.jpeg ? { thumb: { url: thumbUrl(origin, ticket(), event.camid, event.id) } } : {}),
  });

  return (
    new Router()
      // ---- admin (LKey)
      .on('GET', /^\/api\/v3\/channels\/?$/, () => {
        needs('LKey');
        const listed = page(channels.list(), url, settings.paging);
        reply(200, { meta: listed.meta, objects: listed.objects.map(v3Channel) });
      })
      .on('POST', /^\/api\/v3\/channels\/?$/, async (request) => {
        needs('LKey');
        const body = NewChannelBody.parse(await jsonBody(request));
        const channel = channels.add({ name: body.name, source: body.source, recMode: body.rec_mode, timezone: body.timezone });
        context.log(`VXG channel ${channel.camid} added: ${channel.name}`);
        reply(201, v3Channel(channel));
      })
      .on('GET', /^\/api\/v3\/channels\/(\d+)\/?$/, (_request, _response, [id = '']) => {
        needs('LKey');
        reply(200, v3Channel(channelOf(id)));
      })
      .on('PUT', /^\/api\/v3\/channels\/(\d+)\/?$/, async (request, _response, [id = '']) => {
        needs('LKey');
        const channel = channelOf(id);
        const patch = ChannelPatch.parse(await jsonBody(request));
        if (patch.name !== undefined) channel.name = patch.name;
        if (patch.rec_mode !== undefined) channel.recMode = patch.rec_mode;
        if (patch.timezone !== undefined) channel.timezone = patch.timezone;
        if (patch.streaming !== undefined) channel.streaming = patch.streaming;
        if (!channel.streaming) context.live.drop(channel.camid);
        reply(200, v3Channel(channel));
      })
      .on('DELETE', /^\/api\/v3\/channels\/(\d+)\/?$/, async (_request, response, [id = '']) => {
        needs('LKey');
        const channel = channelOf(id);
        context.live.drop(channel.camid);
        await channels.remove(channel.camid);
        context.log(`VXG channel ${channel.camid} deleted`);
        response.writeHead(204, { 'cache-control': 'no-store' });
        response.end();
      })
      .on('POST', /^\/api\/v3\/channel_groups\/?$/, async (request) => {
        needs('LKey');
        const body = GroupBody.parse(await jsonBody(request));
        reply(201, groupObject(channels.createGroup(body.name).id));
      })
      .on('GET', /^\/api\/v3\/channel_groups\/(\d+)\/?$/, (_request, _response, [id = '']) => {
        needs('LKey');
        reply(200, groupObject(Number(id)));
      })
      .on('PUT', /^\/api\/v3\/channel_groups\/(\d+)\/?$/, async (request, _response, [id = '']) => {
        needs('LKey');
        const group = channels.group(Number(id));
        if (!group) throw new ApiError(404, 'Not found.');
        const patch = GroupPatch.parse(await jsonBody(request));
        const unknown = (patch.channels ?? []).filter((camid) => !channels.get(camid));
        if (unknown.length > 0) throw new ApiError(400, `No such channels: ${unknown.join(', ')}.`);
        if (patch.name !== undefined) group.name = patch.name;
        if (patch.channels !== undefined) group.camids = [...new Set(patch.channels)];
        reply(200, groupObject(group.id));
      })
      // ---- group (SI)
      .on('GET', /^\/api\/v5\/channels\/?$/, () => {
        if (principal.scheme !== 'SI') throw new ApiError(403, 'This call needs SI authorization.');
        const group = channels.group(principal.groupId);
        if (!group) throw new ApiError(401, 'Invalid token.');
        const members = group.camids.flatMap((camid) => channels.get(camid) ?? []);
        const listed = page(members, url, settings.paging);
        const preview = url.searchParams.get('preview') === 'true';
        reply(200, {
          meta: listed.meta,
          objects: listed.objects.map((channel) => ({
            id: channel.camid,
            name: channel.name,
            recording: channels.recording(channel),
            status: channels.status(channel),
            // What a group share hands out: each channel's full-access token.
            token: context.tokens.channelToken(channel.camid, channel.cmngrid, 'all'),
            ...(preview ? { preview: { url: liveImageUrl(origin, storageTicket(channel.camid), channel.camid) } } : {}),
          })),
        });
      })
      // ---- channel (Acc)
      .on('GET', /^\/api\/v2\/cameras\/(\d+)\/?$/, (_request, _response, [id = '']) => {
        const channel = channelOf(id);
        reply(200, { id: channel.camid, name: channel.name, status: channels.status(channel), recording: channels.recording(channel), timezone: channel.timezone });
      })
      .on('GET', /^\/api\/v4\/live\/watch\/?$/, () => {
        needs('Acc');
        const channel = channelOf();
        counters.watchCalls += 1;
        if (!channel.camera.online) throw new ApiError(503, 'Camera is offline.');
        if (!channel.streaming) throw new ApiError(503, 'Channel is inactive.');
        const outcome = context.live.watch(channel.camid, channel.camera);
        if (!outcome.ready) {
          counters.starting += 1;
          throw new ApiError(503, 'stream is starting');
        }
        counters.ticketsIssued += 1;
        if (outcome.renewal) counters.renewals += 1;
        const now = Date.now();
        const hlsTicket = context.tickets.issue(streamName(channel.camid), now + settings.hlsTicketSeconds * 1000);
        // RTSP/RTMP tickets run shorter than the HLS one in VXG's example reply; neither is served here.
        const streamTicket = context.tickets.issue(streamName(channel.camid), now + Math.min(settings.hlsTicketSeconds, 300) * 1000);
        const api = new URL(origin);
        reply(200, {
          expire_hls: formatVxgTime(MediaTickets.expiry(hlsTicket) ?? now),
          expire: formatVxgTime(MediaTickets.expiry(streamTicket) ?? now),
          hls: liveHlsUrl(origin, hlsTicket, channel.camid),
          rtsp: `rtsp://${api.hostname}:554/live/${streamName(channel.camid)}?ticket=${streamTicket}`,
          rtmp: `rtmp://${api.hostname}:1935/live/${streamName(channel.camid)}?ticket=${streamTicket}`,
          webrtc: { ice_servers: [], version: '2.0.2', connection_url: `${origin.replace(/^http/, 'ws')}/${channel.camid}/watch/${streamName(channel.camid)}/?ticket=${streamTicket}` },
        });
      })
      .on('GET', /^\/api\/v4\/live\/image\/?$/, () => {
        needs('Acc');
        const channel = channelOf();
        counters.imageCalls += 1;
        reply(200, { url: liveImageUrl(origin, storageTicket(channel.camid), channel.camid) });
      })
      .on('GET', /^\/api\/v4\/storage\/records\/?$/, () => {
        needs('Acc');
        const channel = channelOf();
        const ticket = storageTicket(channel.camid);
        const listed = page(recordsBetween(channel), url, settings.paging);
        reply(200, {
          meta: { expire: formatVxgTime(MediaTickets.expiry(ticket) ?? Date.now()), ...listed.meta },
          objects: listed.objects.map((chunk) => ({
            start: formatVxgTime(chunk.startMs),
            end: formatVxgTime(chunk.endMs),
            url: recordUrl(origin, ticket, channel.camid, chunk.first, chunk.last),
          })),
        });
      })
      .on('GET', /^\/api\/v2\/storage\/data\/?$/, () => {
        needs('Acc', 'LKey');
        const channel = channelOf(url.searchParams.get('camid'));
        const ticket = storageTicket(channel.camid);
        const listed = page(recordsBetween(channel), url, settings.paging);
        reply(200, {
          meta: listed.meta,
          objects: listed.objects.map((chunk) => ({
            start: formatVxgTime(chunk.startMs),
            end: formatVxgTime(chunk.endMs),
            url: recordUrl(origin, ticket, channel.camid, chunk.first, chunk.last),
            size: chunk.bytes,
          })),
        });
      })
      .on('GET', /^\/api\/v2\/storage\/timeline\/(\d+)\/?$/, (_request, _response, [id = '']) => {
        needs('Acc', 'LKey');
        const channel = channelOf(id);
        const start = time('start') ?? -Infinity;
        const end = time('end') ?? Infinity;
        const slices = url.searchParams.get('slices') ?? '4';
        const spans = (channel.recorder?.ring.ranges() ?? [])
          .map((range) => ({ fromMs: Math.max(range.fromMs, start), toMs: Math.min(range.toMs, end) }))
          .filter((range) => range.toMs > range.fromMs)
          .map((range) => [formatVxgTime(range.fromMs), Math.round(range.toMs - range.fromMs) / 1000]);
        reply(200, { objects: [{ [slices]: spans }] });
      })
      .on('GET', /^\/api\/v2\/storage\/events\/?$/, () => {
        needs('Acc', 'LKey');
        const camidText = url.searchParams.get('camid');
        const camid = principal.scheme === 'Acc' ? channelOf(camidText).camid : camidText ? Number(camidText) : undefined;
        const start = time('start');
        const end = time('end');
        const names = url.searchParams.get('events')?.split(',').map((name) => name.trim()).filter(Boolean);
        const chosen = context.events
          .all()
          .filter(
            (event) =>
              (camid === undefined || event.camid === camid) &&
              (start === undefined || event.time >= start) &&
              (end === undefined || event.time <= end) &&
              (!names || names.length === 0 || names.includes(event.name)),
          )
          .sort((a, b) => a.time - b.time || a.id - b.id);
        if (descending()) chosen.reverse();
        const listed = page(chosen, url, settings.paging);
        const withMeta = url.searchParams.get('include_meta') === 'true';
        const ticketOf = new Map<number, string>();
        reply(200, {
          meta: listed.meta,
          objects: listed.objects.map((event) =>
            eventObject(event, withMeta, () => {
              const ticket = ticketOf.get(event.camid) ?? storageTicket(event.camid);
              ticketOf.set(event.camid, ticket);
              return ticket;
            }),
          ),
        });
      })
      .on('GET', /^\/api\/v2\/storage\/events\/(\d+)\/?$/, (_request, _response, [id = '']) => {
        needs('Acc', 'LKey');
        const event = context.events.get(Number(id));
        if (!event || (principal.scheme === 'Acc' && event.camid !== principal.camid)) throw new ApiError(404, 'Not found.');
        reply(200, eventObject(event, true, () => storageTicket(event.camid)));
      })
      .on('POST', /^\/api\/v2\/storage\/events\/?$/, async (request) => {
        needs('Acc', 'LKey');
        // Creating events needs an `all` token (VXG help: how to create or trigger an event).
        if (principal.scheme === 'Acc' && principal.access !== 'all') throw new ApiError(403, 'This token has watch access only: creating events needs an all token.');
        const body = EventBody.parse(await jsonBody(request));
        const channel = channelOf(String(body.camid));
        const at = body.time === undefined ? Date.now() : parseVxgTime(body.time);
        if (at === undefined) throw new ApiError(400, `time must be a UTC time YYYY-MM-DDTHH:MM:SS[.ffffff] without a zone, got "${body.time ?? ''}".`);
        const event = context.events.create({ camid: channel.camid, name: body.name, time: at, meta: body.meta }, principal.scheme === 'Acc' ? principal.access : 'LKey');
        counters.createdEvents += 1;
        reply(201, { id: event.id, camid: event.camid, name: event.name, time: formatVxgTime(event.time), meta: event.meta });
      })
  );
}

async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const text = await readBody(request);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(400, `JSON parse error - ${(error as Error).message}`);
  }
}
