import { backoffDelay, DEFAULT_BACKOFF } from '../../../shared/time/backoff';
import { type Clock, sleep } from '../../common/clock';
import type { Logger } from '../../common/logger';
import type { EventSubscription, VmsEvent, VmsEventSink } from '../adapter';
import { isVmsError, retryDelay, VmsError } from '../errors';
import type { EenLegacyClient } from './een-client';
import { PollReply } from './een-schemas';
import { decodeStatus } from './een-status';
import { parseEenTime } from './een-time';

/** A `GET /poll` is a long poll: the server holds it until something changes. */
const POLL_TIMEOUT_MS = 90_000;

export interface EenPollerOptions {
  readonly client: EenLegacyClient;
  readonly sink: VmsEventSink;
  readonly clock: Clock;
  readonly log: Logger;
  /** The cameras to follow (ESN → name), read when the poll is (re)registered. */
  readonly cameras: (signal: AbortSignal) => Promise<ReadonlyMap<string, string>>;
  /** The four-CC event codes to ask for. */
  readonly codes: readonly string[];
  readonly label: (code: string) => string;
}

/**
 * Real-time events of Eagle Eye's legacy API from its long poll (EENCloud/api-docs
 * _api_poll.md): register the cameras with `POST /poll` (the reply sets the `ee-poll-ses`
 * cookie), then `GET /poll` in a loop, each answer holding what changed. 502 → GET again;
 * 400/500 (the poll session is gone) → register again; 401 → the client signs in again,
 * then register again. Camera status bits in the same stream update the tree at once.
 * The legacy poll cannot be resumed from a position, so no cursor is journaled; events
 * carry their `eventid`, which the journal keeps once.
 */
export class EenEventPoller implements EventSubscription {
  private readonly controller = new AbortController();
  private names: ReadonlyMap<string, string> = new Map();

  constructor(private readonly options: EenPollerOptions) {
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
    // A call, not a property read: it changes across the awaits below.
    const stopped = (): boolean => signal.aborted;
    let failures = 0;
    while (!stopped()) {
      try {
        const session = await this.register(signal);
        this.options.sink.onState('open');
        failures = 0;
        await this.follow(session, signal);
      } catch (error) {
        if (stopped()) return;
        const reason = error instanceof Error ? error.message : 'Unexpected error reading events';
        if (!isVmsError(error)) this.options.log.error('reading Eagle Eye events failed', { error });
        this.options.sink.onState('reconnecting', reason);
        await sleep(this.options.clock, isVmsError(error) ? retryDelay(error, failures++) : backoffDelay(failures++, DEFAULT_BACKOFF), signal).catch(() => undefined);
      }
    }
  }

  /** `POST /poll` for every camera; returns the poll session cookie. */
  private async register(signal: AbortSignal): Promise<string> {
    this.names = await this.options.cameras(signal);
    const cameras = Object.fromEntries([...this.names.keys()].map((esn) => [esn, { resource: ['status', 'event'], event: [...this.options.codes] }]));
    const response = await this.options.client.request('/poll', { method: 'POST', body: { cameras }, signal });
    const session = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0]?.trim() ?? '')
      .find((pair) => pair.startsWith('ee-poll-ses='))
      ?.slice('ee-poll-ses='.length);
    const reply = this.parse(response.body, '/poll');
    if (!session) throw new VmsError({ kind: 'protocol', url: '/poll', httpStatus: response.status }, 'Eagle Eye registered the event poll but sent no poll session cookie (ee-poll-ses)');
    this.deliver(reply);
    return session;
  }

  /** `GET /poll` until the poll session is gone (an error other than 502 ends it: the caller registers again). */
  private async follow(session: string, signal: AbortSignal): Promise<void> {
    const stopped = (): boolean => signal.aborted;
    while (!stopped()) {
      try {
        const response = await this.options.client.request('/poll', { cookies: { 'ee-poll-ses': session }, timeoutMs: POLL_TIMEOUT_MS, signal });
        this.deliver(this.parse(response.body, '/poll'));
      } catch (error) {
        // 502: "GET again" (the documented answer when the poll server had nothing or was switched).
        if (isVmsError(error) && error.httpStatus === 502 && !stopped()) continue;
        throw error;
      }
    }
  }

  private parse(body: Uint8Array, url: string): PollReply {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new VmsError({ kind: 'protocol', url }, 'Eagle Eye sent a poll reply that is not JSON');
    }
    const parsed = PollReply.safeParse(json);
    if (!parsed.success) throw new VmsError({ kind: 'protocol', url }, 'Eagle Eye sent a poll reply of an unexpected shape');
    return parsed.data;
  }

  private deliver(reply: PollReply): void {
    for (const [esn, changes] of Object.entries(reply.cameras)) {
      if (changes.status !== undefined) {
        const condition = decodeStatus(changes.status);
        if (condition) this.options.sink.onCameraStatus?.(esn, condition.status);
      }
      for (const [code, body] of Object.entries(changes.event ?? {})) this.options.sink.onEvent(this.normalise(esn, code, body));
    }
  }

  private normalise(esn: string, code: string, body: Readonly<Record<string, unknown>>): VmsEvent {
    const sourceTime = typeof body.timestamp === 'string' ? body.timestamp : '';
    const time = parseEenTime(sourceTime);
    const camera = typeof body.cameraid === 'string' && body.cameraid !== '' ? body.cameraid : esn;
    const eventId = typeof body.eventid === 'number' || typeof body.eventid === 'string' ? String(body.eventid) : undefined;
    return {
      cameraId: camera,
      cameraName: this.names.get(camera),
      time: time ?? this.options.clock.now(),
      sourceTime,
      timeUncertain: time === undefined,
      type: code,
      label: this.options.label(code),
      ...(eventId === undefined ? {} : { vendorEventId: eventId }),
      // Event ids are per camera (uint32); without one, the code and the moment identify it.
      dedupeKey: `${camera}:${code}:${eventId ?? sourceTime}`,
      raw: { esn: camera, code, ...body },
    };
  }
}
