import { z } from 'zod';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../shared/time/backoff';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { type EventSubscription, sensorEchoOf, type VmsBinary, type VmsEvent, type VmsEventSink, withEcho } from '../adapter';
import { isVmsError, retryDelay } from '../errors';
import { acc, type VxgChannels, type VxgCredentials } from './vxg-channels';
import type { VxgAuth, VxgClient } from './vxg-client';
import { VxgEvents, type VxgEventObject } from './vxg-schemas';
import { formatVxgTime, parseVxgTime } from './vxg-time';

/**
 * Where polling stands, as journaled with each event: per channel (or `*` for an account's
 * cloud key, which lists every channel's events at once), the time of the newest event read.
 */
const Cursor = z.record(z.string(), z.number());
type Cursor = z.infer<typeof Cursor>;

/**
 * Each poll asks again from this long before the cursor: VXG's `start` is inclusive and an
 * event may be stored a little after its time. What comes twice is dropped by its id.
 */
const OVERLAP_MS = 30_000;
/** Where a first run (no cursor) starts reading: the recent past, not the whole history. */
const FIRST_LOOK_BACK_MS = 15 * 60_000;
/** Thumbnails fetched at once in a burst. */
const THUMB_CONCURRENCY = 4;

export interface VxgEventPollerOptions {
  readonly client: VxgClient;
  readonly channels: VxgChannels;
  readonly credentials: VxgCredentials;
  readonly sink: VmsEventSink;
  readonly clock: Clock;
  readonly log: Logger;
  readonly pollMs: number;
  /** Words for event names (`motion` → "Motion"). */
  readonly label: (name: string) => string;
}

/**
 * VXG Cloud has no event push for API clients: events are read from
 * `/api/v2/storage/events/` (VXG.Web.Client vxg_cloud_api.js `getEventslist`), here every
 * `pollMs`, in time order, from where the journaled cursor stood — so after a restart, or
 * after the VMS or the network was away for hours, the events missed meanwhile are read
 * first, and none is read twice (each carries its VXG id, which the journal keeps once).
 * Thumbnails are fetched through the core into the journal with their event.
 */
export class VxgEventPoller implements EventSubscription {
  private cursor: Cursor;
  private cancel: (() => void) | undefined;
  private readonly controller = new AbortController();
  private failures = 0;
  private closed = false;

  constructor(private readonly options: VxgEventPollerOptions) {
    this.cursor = readCursor(options.sink.resumeFrom);
    options.sink.onState('connecting');
    this.schedule(0);
  }

  close(): void {
    this.closed = true;
    this.cancel?.();
    this.controller.abort();
    this.options.sink.onState('closed');
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    this.cancel = this.options.clock.after(delayMs, () => void this.poll());
  }

  private async poll(): Promise<void> {
    try {
      const read = await this.readAll();
      const images = await this.thumbnails(read.map(({ event }) => event));
      if (this.isClosed()) return;
      read.forEach(({ event, key }, index) => this.deliver(event, key, images[index]));
      this.options.sink.onState('open');
      this.failures = 0;
      this.schedule(this.options.pollMs);
    } catch (error) {
      if (this.isClosed()) return;
      const reason = error instanceof Error ? error.message : 'Unexpected error reading events';
      if (isVmsError(error) && error.kind === 'auth') {
        // Asking again with a refused token helps nothing: the server row says sign-in is needed.
        this.options.sink.onState('closed', `Sign-in needed: ${reason}`);
        return;
      }
      if (!isVmsError(error)) this.options.log.error('reading VXG events failed', { error });
      this.options.sink.onState('reconnecting', reason);
      this.schedule(isVmsError(error) ? retryDelay(error, this.failures++) : backoffDelay(this.failures++, DEFAULT_BACKOFF));
    }
  }

  /** Every event since the cursor, oldest first, with the cursor key it moves. */
  private async readAll(): Promise<Array<{ event: VxgEventObject; key: string }>> {
    const { credentials, channels } = this.options;
    const signal = this.controller.signal;
    if (credentials.kind === 'cloudKey') {
      const events = await this.readFrom(credentials.apiUrl, { scheme: 'LKey', token: credentials.cloudKey }, '*', undefined, signal);
      return events.map((event) => ({ event, key: '*' }));
    }
    if (channels.all().length === 0) await channels.list(signal);
    const read: Array<{ event: VxgEventObject; key: string }> = [];
    for (const channel of channels.all()) {
      const key = String(channel.camid);
      const events = await this.readFrom(channel.token.baseUrl, acc(channel.token), key, channel.camid, signal);
      read.push(...events.map((event) => ({ event, key })));
    }
    return read.sort((a, b) => (parseVxgTime(a.event.time) ?? 0) - (parseVxgTime(b.event.time) ?? 0) || a.event.id - b.event.id);
  }

  private readFrom(base: string, auth: VxgAuth, key: string, camid: number | undefined, signal: AbortSignal): Promise<VxgEventObject[]> {
    const since = this.cursor[key] ?? this.options.clock.now() - FIRST_LOOK_BACK_MS + OVERLAP_MS;
    return this.options.client.all(
      base,
      '/api/v2/storage/events/',
      auth,
      { camid, start: formatVxgTime(since - OVERLAP_MS), order_by: 'time', include_meta: 'true', limit: 100 },
      VxgEvents,
      signal,
    );
  }

  private deliver(event: VxgEventObject, key: string, image: VmsBinary | undefined): void {
    const time = parseVxgTime(event.time);
    this.cursor = { ...this.cursor, [key]: Math.max(this.cursor[key] ?? 0, time ?? 0) };
    const channel = this.options.channels.all().find((candidate) => candidate.camid === event.camid);
    const normalised: VmsEvent = {
      cameraId: String(event.camid),
      cameraName: channel?.name,
      time: time ?? this.options.clock.now(),
      sourceTime: event.time,
      timeUncertain: time === undefined,
      type: event.name,
      label: this.options.label(event.name),
      ...(image ? { image } : {}),
      dedupeKey: String(event.id),
      ...withEcho(sensorEchoOf(event.meta)),
      raw: { id: event.id, camid: event.camid, name: event.name, time: event.time, ...(event.meta ? { meta: event.meta } : {}) },
    };
    this.options.sink.onEvent(normalised, JSON.stringify(this.cursor));
  }

  /** The events' thumbnails, a few at a time; an event whose picture cannot be had keeps its place without one. */
  private async thumbnails(events: readonly VxgEventObject[]): Promise<Array<VmsBinary | undefined>> {
    const images: Array<VmsBinary | undefined> = new Array<VmsBinary | undefined>(events.length).fill(undefined);
    for (let at = 0; at < events.length; at += THUMB_CONCURRENCY) {
      await Promise.all(
        events.slice(at, at + THUMB_CONCURRENCY).map(async (event, offset) => {
          const url = event.thumb?.url;
          if (!url) return;
          try {
            const response = await this.options.client.binary(url, this.controller.signal);
            images[at + offset] = { bytes: response.body, contentType: response.headers.get('content-type') ?? 'image/jpeg' };
          } catch (error) {
            this.options.log.debug('a VXG event thumbnail could not be fetched', { error });
          }
        }),
      );
    }
    return images;
  }

  /** A call, not a field read, because it changes across awaits. */
  private isClosed(): boolean {
    return this.closed;
  }
}

function readCursor(text: string | undefined): Cursor {
  if (!text) return {};
  try {
    const parsed = Cursor.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
