import { createParser } from 'eventsource-parser';
import { z } from 'zod';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../shared/time/backoff';
import { type Clock, sleep } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { type EventSubscription, sensorEchoOf, type VmsEvent, type VmsEventSink, withEcho } from '../adapter';
import { isVmsError, retryDelay, VmsError } from '../errors';
import { describeNetworkError } from '../http';
import type { EenV3Tokens } from './een-v3-tokens';

/** An event as `/events` and the SSE stream give it (events_category.yaml); only what Tessera reads is checked. */
export const V3Event = z
  .object({
    id: z.string().min(1),
    startTimestamp: z.string(),
    actorId: z.string().nullish(),
    actorType: z.string().nullish(),
    type: z.string().min(1),
  })
  .loose();
type V3Event = z.infer<typeof V3Event>;

const Created = z.object({ id: z.string().min(1), deliveryConfig: z.object({ sseUrl: z.string().min(1) }).loose() }).loose();
const EventPage = z.object({ results: z.array(z.unknown()), nextPageToken: z.string().nullish() });

/** Asked again from this long before the newest event seen: an event may be stored a little after its time; what comes twice has the same id. */
const OVERLAP_MS = 30_000;
/** With no cursor (first run), how far back the first fill reads. */
const FIRST_LOOK_BACK_MS = 5 * 60_000;
const MAX_PAGES = 20;

export interface EenV3EventsOptions {
  readonly tokens: EenV3Tokens;
  readonly sink: VmsEventSink;
  readonly clock: Clock;
  readonly log: Logger;
  readonly timeoutMs: number;
  readonly cameras: (signal: AbortSignal) => Promise<ReadonlyMap<string, string>>;
  readonly types: readonly string[];
  readonly label: (type: string) => string;
}

/**
 * Real-time events of Eagle Eye's API v3: a temporary event subscription delivered as
 * server-sent events (POST `/eventSubscriptions` → `sseUrl`; GET it with the Bearer token,
 * one client per subscription; EENCloud/VMS-Developer-Portal events_category.yaml, and
 * klaushofrichter/een-api-toolkit src/eventSubscriptions/service.ts). When the stream drops
 * the same subscription is opened again; when it expired (404: temporary subscriptions
 * are deleted after their time to live without a client) a new one is made. Either way the
 * gap is filled from `/events` since the newest event seen, after the stream is open again,
 * so nothing raised meanwhile is lost; events carry their id, which the journal keeps once.
 * The cursor journaled with each event is the newest event time, so a restart fills from there.
 */
export class EenV3EventStream implements EventSubscription {
  private readonly controller = new AbortController();
  private names: ReadonlyMap<string, string> = new Map();
  private newest: number | undefined;

  constructor(private readonly options: EenV3EventsOptions) {
    const resumed = options.sink.resumeFrom === undefined ? Number.NaN : Date.parse(options.sink.resumeFrom);
    this.newest = Number.isFinite(resumed) ? resumed : undefined;
    options.sink.onState('connecting');
    void this.run();
  }

  close(): void {
    if (this.controller.signal.aborted) return;
    this.controller.abort();
    this.options.sink.onState('closed');
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    const stopped = (): boolean => signal.aborted;
    let failures = 0;
    let sseUrl: string | undefined;
    while (!stopped()) {
      try {
        this.names = await this.options.cameras(signal);
        sseUrl ??= await this.subscribe(signal);
        const response = await this.open(sseUrl, signal);
        if (response.status === 404) {
          // The subscription expired while no client held it: make another (the gap is filled below).
          sseUrl = undefined;
          continue;
        }
        this.options.sink.onState('open');
        failures = 0;
        // The stream is open, so nothing new is missed: now read what came while it was not.
        await this.fill(signal);
        await this.read(response, signal);
        if (!stopped()) this.options.sink.onState('reconnecting', 'The event stream ended');
      } catch (error) {
        if (stopped()) return;
        const reason = error instanceof Error ? error.message : 'Unexpected error reading events';
        if (isVmsError(error) && error.kind === 'auth') {
          this.options.sink.onState('closed', `Sign-in needed: ${reason}`);
          return;
        }
        if (!isVmsError(error)) this.options.log.debug('the Eagle Eye event stream failed', { error });
        this.options.sink.onState('reconnecting', reason);
        await sleep(this.options.clock, isVmsError(error) ? retryDelay(error, failures++) : backoffDelay(failures++, DEFAULT_BACKOFF), signal).catch(() => undefined);
      }
    }
  }

  private async subscribe(signal: AbortSignal): Promise<string> {
    // One actor per filter: the OpenAPI example has several, a docs page says one (unconfirmed); one per filter satisfies both.
    const filters = [...this.names.keys()].map((esn) => ({ actors: [`camera:${esn}`], types: this.options.types.map((id) => ({ id })) }));
    const created = Created.safeParse(await this.api('/eventSubscriptions', signal, { method: 'POST', body: { deliveryConfig: { type: 'serverSentEvents.v1' }, filters } }));
    if (!created.success) throw new VmsError({ kind: 'protocol', url: '/eventSubscriptions' }, 'Eagle Eye made an event subscription but named no stream (sseUrl)');
    return created.data.deliveryConfig.sseUrl;
  }

  /** GET the SSE stream (a streaming response: the core's HTTP helper reads whole bodies). */
  private async open(sseUrl: string, signal: AbortSignal): Promise<Response> {
    let token = await this.options.tokens.accessToken(signal);
    const get = async (): Promise<Response> => {
      try {
        return await fetch(sseUrl, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new VmsError({ kind: 'unreachable', url: sseUrl }, `${describeNetworkError(error)} (event stream)`, { cause: error });
      }
    };
    let response = await get();
    if (response.status === 401) {
      await response.body?.cancel();
      token = await this.options.tokens.invalidate(token, signal);
      response = await get();
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return response;
    }
    if (response.status !== 200 || !response.body) {
      await response.body?.cancel();
      throw new VmsError({ kind: response.status === 401 ? 'auth' : 'http', url: sseUrl, httpStatus: response.status }, `Eagle Eye's event stream answered HTTP ${response.status}`);
    }
    return response;
  }

  private async read(response: Response, signal: AbortSignal): Promise<void> {
    const parser = createParser({
      onEvent: (message) => {
        let json: unknown;
        try {
          json = JSON.parse(message.data);
        } catch {
          this.options.log.debug('an Eagle Eye event that is not JSON was skipped');
          return;
        }
        const event = V3Event.safeParse(json);
        if (event.success) this.deliver(event.data);
        else this.options.log.debug('an Eagle Eye event of an unexpected shape was skipped');
      },
    });
    const decoder = new TextDecoder();
    const body = response.body;
    if (!body) return;
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || signal.aborted) return;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      if (signal.aborted) return;
      throw new VmsError({ kind: 'unreachable', url: response.url }, 'The event stream was cut', { cause: error });
    }
  }

  /** Every event since the newest seen (less an overlap), camera by camera, oldest first. */
  private async fill(signal: AbortSignal): Promise<void> {
    const since = (this.newest ?? this.options.clock.now() - FIRST_LOOK_BACK_MS) - OVERLAP_MS;
    const found: V3Event[] = [];
    for (const esn of this.names.keys()) {
      let pageToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const query = new URLSearchParams({ actor: `camera:${esn}`, startTimestamp__gte: new Date(since).toISOString(), sort: '+startTimestamp', pageSize: '100', type__in: this.options.types.join(',') });
        if (pageToken) query.set('pageToken', pageToken);
        const reply = EventPage.safeParse(await this.api(`/events?${query.toString()}`, signal));
        if (!reply.success) throw new VmsError({ kind: 'protocol', url: '/events' }, 'Eagle Eye sent an event list of an unexpected shape');
        for (const item of reply.data.results) {
          const event = V3Event.safeParse(item);
          if (event.success) found.push(event.data);
        }
        // A next page named like the page just read would be read for ever: the list ends there.
        if (!reply.data.nextPageToken || reply.data.nextPageToken === pageToken) break;
        pageToken = reply.data.nextPageToken;
      }
    }
    found.sort((a, b) => Date.parse(a.startTimestamp) - Date.parse(b.startTimestamp));
    for (const event of found) this.deliver(event);
  }

  private deliver(event: V3Event): void {
    const time = Date.parse(event.startTimestamp);
    if (Number.isFinite(time)) this.newest = Math.max(this.newest ?? 0, time);
    const camera = event.actorType === 'camera' || !event.actorType ? (event.actorId ?? undefined) : undefined;
    const normalised: VmsEvent = {
      cameraId: camera,
      cameraName: camera === undefined ? undefined : this.names.get(camera),
      time: Number.isFinite(time) ? time : this.options.clock.now(),
      sourceTime: event.startTimestamp,
      timeUncertain: !Number.isFinite(time),
      type: event.type,
      label: this.options.label(event.type),
      vendorEventId: event.id,
      dedupeKey: event.id,
      // Tessera's own events carry its marks in their data item (see the adapter's createEvent).
      ...withEcho(Array.isArray(event['data']) ? (event['data'] as unknown[]).map(sensorEchoOf).find((echo) => echo !== undefined) : undefined),
      raw: { ...event },
    };
    this.options.sink.onEvent(normalised, this.newest === undefined ? undefined : new Date(this.newest).toISOString());
  }

  /** A v3 API call with the Bearer token (one refresh on 401); its JSON. */
  private async api(path: string, signal: AbortSignal, request: { method?: 'POST'; body?: unknown } = {}): Promise<unknown> {
    const url = `${await this.options.tokens.apiBase(signal)}/api/v3.0${path}`;
    let token = await this.options.tokens.accessToken(signal);
    const send = async (): Promise<Response> => {
      try {
        return await fetch(url, {
          method: request.method ?? 'GET',
          headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)]),
        });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new VmsError({ kind: 'unreachable', url }, `${describeNetworkError(error)} (${path.split('?')[0] ?? path})`, { cause: error });
      }
    };
    let response = await send();
    if (response.status === 401) {
      token = await this.options.tokens.invalidate(token, signal);
      response = await send();
    }
    const text = await response.text();
    if (response.status === 429) throw new VmsError({ kind: 'rate-limited', url, httpStatus: 429, retryAfterMs: 5000 }, 'Eagle Eye asks to slow down (HTTP 429)');
    if (response.status < 200 || response.status >= 300) throw new VmsError({ kind: response.status === 401 ? 'auth' : 'http', url, httpStatus: response.status }, `Eagle Eye answered HTTP ${response.status} (${path.split('?')[0] ?? path})`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new VmsError({ kind: 'protocol', url, httpStatus: response.status }, 'Eagle Eye sent a reply that is not JSON');
    }
  }
}
