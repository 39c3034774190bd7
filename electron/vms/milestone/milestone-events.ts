import WebSocket from 'ws';
import { z } from 'zod';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../shared/time/backoff';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { wsText } from '../../common/ws-text';
import type { EventSubscription, VmsEvent, VmsEventSink } from '../adapter';
import { VmsError } from '../errors';
import type { MilestoneToken } from './milestone-token';

/** One event as the Events and State API pushes it. */
export const MsEvent = z
  .object({ id: z.string().min(1), time: z.string(), source: z.string().default(''), type: z.string(), stategroupid: z.string().optional(), data: z.record(z.string(), z.unknown()).optional() })
  .loose();
export type MsEvent = z.infer<typeof MsEvent>;

const Reply = z.object({ commandId: z.number(), status: z.number(), sessionId: z.string().optional(), states: z.array(MsEvent).optional(), error: z.object({ errorText: z.string() }).loose().optional() }).loose();
type Reply = z.infer<typeof Reply>;
const Push = z.object({ events: z.array(z.unknown()) }).loose();

/** Where a stream can resume: the gateway's session and the last event read from it. */
const Cursor = z.object({ sessionId: z.string(), eventId: z.string() });

export interface EssOptions {
  /** `wss://{host}/api/ws/events/v1` (ws:// for http gateways). */
  readonly url: string;
  readonly token: MilestoneToken;
  readonly clock: Clock;
  readonly log: Logger;
  readonly timeoutMs: number;
}

/**
 * One connection to the Events and State WebSocket (mipsdk-samples-protocol
 * `EventsAndStateWebSocketApiPython/ess_api.py`): commands carry a `commandId` the reply
 * echoes; events arrive as `{"events":[…]}`. The token goes in the `Authorization` header,
 * checked only at connect.
 */
class EssConnection {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  readonly socket: WebSocket;
  onEvents: (events: unknown[]) => void = () => undefined;
  onClose: (reason: string) => void = () => undefined;

  constructor(url: string, token: string, timeoutMs: number) {
    this.socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, handshakeTimeout: timeoutMs });
    this.socket.on('message', (data: WebSocket.RawData) => {
      let json: unknown;
      try {
        json = JSON.parse(wsText(data));
      } catch {
        return;
      }
      const push = Push.safeParse(json);
      if (push.success) {
        this.onEvents(push.data.events);
        return;
      }
      const reply = Reply.safeParse(json);
      if (!reply.success) return;
      this.waiting.get(reply.data.commandId)?.resolve(reply.data);
      this.waiting.delete(reply.data.commandId);
    });
    this.socket.on('close', (code, reason) => {
      const why = `the events socket closed (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`;
      for (const waiter of this.waiting.values()) waiter.reject(new Error(why));
      this.waiting.clear();
      this.onClose(why);
    });
    this.socket.on('error', () => undefined);
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('unexpected-response', (_request, response) => {
        const status = response.statusCode ?? 0;
        reject(status === 401 || status === 403 ? new VmsError({ kind: 'auth', url: this.socket.url, httpStatus: status }, 'Milestone refused the token on the events socket') : new VmsError({ kind: 'http', url: this.socket.url, httpStatus: status }, `The events socket was refused (HTTP ${status})`));
      });
      this.socket.once('error', (error) => reject(new VmsError({ kind: 'unreachable', url: this.socket.url }, `The events socket could not connect (${error.message})`)));
    });
  }

  command(body: Record<string, unknown>, timeoutMs: number): Promise<Reply> {
    const commandId = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(commandId);
        reject(new Error(`no answer to ${String(body['command'])} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiting.set(commandId, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.socket.send(JSON.stringify({ ...body, commandId }));
    });
  }

  close(): void {
    this.socket.removeAllListeners('close');
    this.socket.terminate();
  }
}

/** The current stateful events (communication, recording) of every camera: one short-lived socket. */
export async function currentStates(options: EssOptions, signal?: AbortSignal): Promise<MsEvent[]> {
  const token = await options.token.get(signal);
  const connection = new EssConnection(options.url, token.value, options.timeoutMs);
  try {
    await connection.opened();
    const session = await connection.command({ command: 'startSession', sessionId: '', eventId: '' }, options.timeoutMs);
    if (session.status >= 300) throw new VmsError({ kind: 'rejected', url: options.url }, `Milestone refused an events session (${session.error?.errorText ?? session.status})`);
    const reply = await connection.command({ command: 'getState' }, options.timeoutMs);
    return reply.states ?? [];
  } finally {
    connection.close();
  }
}

export interface EventStreamHooks {
  /** A pushed or replayed event, in order, with the cursor to resume after it. */
  readonly onEvent: (event: MsEvent, cursor: string) => void;
  /** A new session began where the old one could not be resumed: read what was missed from REST. */
  readonly onGap: (since: number | undefined) => void;
  readonly onState: VmsEventSink['onState'];
}

/**
 * The live event stream: start a session, subscribe to everything, and when the socket
 * drops, connect again with a fresh token and resume the session with the last event's
 * id. Within the gateway's 30 s window it answers 200 and replays what was missed (the
 * journal's dedupe key holds each once); after it, 201 and a new session, and `onGap`
 * lets the adapter fill the hole from the REST events.
 */
export class MilestoneEventStream implements EventSubscription {
  private connection: EssConnection | undefined;
  private cursor: z.infer<typeof Cursor> | undefined;
  private lastEventAt: number | undefined;
  private closed = false;
  private attempt = 0;
  private cancelRetry: (() => void) | undefined;

  constructor(
    private readonly options: EssOptions,
    private readonly hooks: EventStreamHooks,
    resumeFrom: string | undefined,
  ) {
    if (resumeFrom) {
      try {
        this.cursor = Cursor.parse(JSON.parse(resumeFrom));
      } catch {
        this.cursor = undefined;
      }
    }
    void this.connect();
  }

  close(): void {
    this.closed = true;
    this.cancelRetry?.();
    this.connection?.close();
    this.hooks.onState('closed');
  }

  private isClosed(): boolean {
    return this.closed;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    this.hooks.onState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let connection: EssConnection | undefined;
    try {
      // A fresh token each time: the gateway checks it only at connect, and recycles its sockets about daily.
      const token = await this.options.token.get();
      if (this.isClosed()) return;
      connection = new EssConnection(this.options.url, token.value, this.options.timeoutMs);
      this.connection = connection;
      connection.onEvents = (events) => this.receive(events);
      await connection.opened();
      const previous = this.cursor;
      const started = await connection.command({ command: 'startSession', sessionId: previous?.sessionId ?? '', eventId: previous?.eventId ?? '' }, this.options.timeoutMs);
      if (started.status >= 300 || !started.sessionId) throw new Error(`startSession answered ${started.status} ${started.error?.errorText ?? ''}`);
      if (started.status !== 200) {
        // A new session: nothing resumed, no subscription kept.
        await connection.command({ command: 'addSubscription', filters: [{ modifier: 'include', resourceTypes: ['*'], sourceIds: ['*'], eventTypes: ['*'] }] }, this.options.timeoutMs);
        if (previous) this.hooks.onGap(this.lastEventAt);
      }
      this.cursor = { sessionId: started.sessionId, eventId: previous?.eventId ?? '' };
      this.attempt = 0;
      connection.onClose = (reason) => this.dropped(reason);
      this.hooks.onState('open');
      if (this.isClosed()) connection.close();
    } catch (error) {
      connection?.close();
      if (this.isClosed()) return;
      if (error instanceof VmsError && error.kind === 'auth') {
        // The token was refused at connect: the next attempt asks the IDP again.
        void this.options.token.refused('').catch(() => undefined);
      }
      this.dropped(error instanceof Error ? error.message : String(error));
    }
  }

  private dropped(reason: string): void {
    if (this.closed) return;
    this.connection = undefined;
    this.hooks.onState('reconnecting', reason);
    this.options.log.info('milestone events socket dropped', { reason, attempt: this.attempt });
    this.cancelRetry = this.options.clock.after(backoffDelay(this.attempt++, { ...DEFAULT_BACKOFF, initialMs: 250 }), () => {
      this.cancelRetry = undefined;
      void this.connect();
    });
  }

  private receive(raw: unknown[]): void {
    for (const item of raw) {
      const parsed = MsEvent.safeParse(item);
      if (!parsed.success) continue;
      const sessionId = this.cursor?.sessionId ?? '';
      this.cursor = { sessionId, eventId: parsed.data.id };
      const at = Date.parse(parsed.data.time);
      if (Number.isFinite(at)) this.lastEventAt = Math.max(this.lastEventAt ?? 0, at);
      this.hooks.onEvent(parsed.data, JSON.stringify(this.cursor));
    }
  }
}

/** A Milestone event as the core's journal takes it. */
export function toVmsEvent(event: MsEvent, label: string, cameraName: (id: string) => string | undefined): VmsEvent {
  const [resourceType = '', sourceId = ''] = event.source.split('/');
  const cameraId = resourceType === 'cameras' ? sourceId : undefined;
  const parsed = Date.parse(event.time);
  return {
    cameraId,
    cameraName: cameraId === undefined ? undefined : cameraName(cameraId),
    time: Number.isFinite(parsed) ? parsed : Date.now(),
    sourceTime: event.time,
    timeUncertain: !Number.isFinite(parsed),
    type: event.type,
    label,
    vendorEventId: event.id,
    dedupeKey: event.id,
    raw: { ...event },
  };
}
