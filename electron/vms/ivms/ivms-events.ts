import { DateTime } from 'luxon';
import WebSocket from 'ws';
import { z } from 'zod';
import type { CameraStatus } from '../../../shared/model/camera';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../../../shared/time/backoff';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { redactUrl } from '../../common/redact';
import type { EventSubscription, VmsEvent, VmsEventSink } from '../adapter';
import { describeNetworkError } from '../http';
import { wsText } from '../../common/ws-text';

/** `{"status":1,"code":101,...,"message":"Connection Successful!"}` and its "Closed" twin: not events. */
const StatusMessage = z.object({ status: z.number(), code: z.number(), message: z.string().optional() });

const EventMessage = z
  .object({
    cameraId: z.union([z.number(), z.string()]).optional(),
    cameraName: z.string().optional(),
    eventTime: z.string().optional(),
    alertMessage: z.string().optional(),
    alertType: z.union([z.number(), z.string()]).optional(),
    base64imageUrl: z.string().optional(),
    eventDetails1: z.string().optional(),
  })
  .loose();

/**
 * Alert types that report a camera's status (the simulator's "Camera Offline/Online";
 * a real server's status also reaches the client through the status poll).
 */
const STATUS_TYPES: Readonly<Record<string, CameraStatus>> = { '601': 'offline', '602': 'online' };

export type ParsedMessage = { readonly kind: 'status' } | { readonly kind: 'event'; readonly event: VmsEvent; readonly cameraStatus?: CameraStatus };

/**
 * One `/notification` message. Status messages are recognised and dropped; anything else
 * becomes an event, however incomplete, so that nothing which reached the client is lost:
 * a message that is not even JSON is kept as an "unreadable event" with its text.
 * `eventTime` carries no zone: it is read in the server's configured zone.
 */
export function parseIvmsMessage(text: string, zone: string, receivedAt: number): ParsedMessage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'event', event: unreadable({ text }, receivedAt) };
  }
  const parsed = EventMessage.safeParse(json);
  if (!parsed.success) return { kind: 'event', event: unreadable({ value: json }, receivedAt) };
  const message = parsed.data;
  if (message.cameraId === undefined && message.alertType === undefined && StatusMessage.safeParse(json).success) return { kind: 'status' };

  const sourceTime = message.eventTime ?? '';
  const time = readTime(sourceTime, zone);
  const type = message.alertType === undefined ? 'unknown' : String(message.alertType);
  const { base64imageUrl, ...rest } = message;
  const event: VmsEvent = {
    cameraId: message.cameraId === undefined ? undefined : String(message.cameraId),
    cameraName: message.cameraName,
    time: time ?? receivedAt,
    sourceTime,
    timeUncertain: time === undefined,
    type,
    label: message.alertMessage?.trim() || (type === 'unknown' ? 'Unknown event' : `Alert ${type}`),
    image: decodeDataUri(base64imageUrl),
    vendorEventId: /EventId=(\d+)/.exec(message.eventDetails1 ?? '')?.[1],
    raw: rest,
  };
  const cameraStatus = STATUS_TYPES[type];
  return cameraStatus ? { kind: 'event', event, cameraStatus } : { kind: 'event', event };
}

function readTime(value: string, zone: string): number | undefined {
  if (!value) return undefined;
  const local = DateTime.fromFormat(value.trim(), 'yyyy-MM-dd HH:mm:ss', { zone });
  if (local.isValid) return local.toMillis();
  const iso = DateTime.fromISO(value.trim(), { zone });
  return iso.isValid ? iso.toMillis() : undefined;
}

function decodeDataUri(value: string | undefined): VmsEvent['image'] {
  const match = /^data:(image\/[a-z0-9.+-]+);base64,(.+)$/is.exec(value?.trim() ?? '');
  if (!match?.[1] || !match[2]) return undefined;
  const bytes = Buffer.from(match[2], 'base64');
  return bytes.length > 0 ? { bytes: new Uint8Array(bytes), contentType: match[1].toLowerCase() } : undefined;
}

function unreadable(raw: Record<string, unknown>, receivedAt: number): VmsEvent {
  return { cameraId: undefined, cameraName: undefined, time: receivedAt, sourceTime: '', timeUncertain: true, type: 'unreadable', label: 'Unreadable event', raw };
}

export interface EventSocketOptions {
  /** The socket URL of the active server, asked at every (re)connect. */
  readonly url: () => string;
  readonly zone: string;
  readonly sink: VmsEventSink;
  readonly clock: Clock;
  readonly log: Logger;
  /** No message and no pong for this long while connected: the connection is dead. */
  readonly idleTimeoutMs: number;
  readonly backoff?: BackoffOptions;
  /** Sent with the upgrade request: `Authorization` where a reverse proxy guards the server. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The IVMS `/notification` socket, kept open for as long as the server is configured:
 * reconnects with exponential backoff and jitter, pings and declares the connection dead
 * when nothing (not even a pong) arrives for `idleTimeoutMs`, and delivers every event it
 * receives to the sink, in order.
 */
export class IvmsEventSocket implements EventSubscription {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private closed = false;
  private cancelIdle: (() => void) | undefined;
  private cancelPing: (() => void) | undefined;
  private cancelRetry: (() => void) | undefined;

  constructor(private readonly options: EventSocketOptions) {
    this.connect();
  }

  /** Drops the current connection and connects again at once (the active server changed). */
  reconnectNow(): void {
    if (this.closed) return;
    this.attempt = 0;
    this.teardown();
    this.connect();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.teardown();
    this.options.sink.onState('closed');
  }

  private connect(): void {
    this.cancelRetry?.();
    const url = this.options.url();
    this.options.sink.onState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(url, { handshakeTimeout: this.options.idleTimeoutMs, headers: { ...this.options.headers } });
    this.socket = socket;
    let failure: string | undefined;
    socket.on('open', () => {
      this.attempt = 0;
      this.options.sink.onState('open');
      this.armIdle();
      this.armPing();
    });
    socket.on('message', (data: WebSocket.RawData) => {
      this.armIdle();
      this.deliver(wsText(data));
    });
    socket.on('pong', () => this.armIdle());
    socket.on('unexpected-response', (_request, response) => {
      failure = response.statusCode === 401 ? this.refusedCredentials() : `The event socket was refused (HTTP ${response.statusCode ?? '?'})`;
      socket.terminate();
    });
    socket.on('error', (error) => {
      failure ??= `Event socket: ${describeNetworkError(error)} (${redactUrl(url)})`;
    });
    socket.on('close', (code) => {
      if (socket !== this.socket || this.closed) return;
      this.retry(failure ?? (code === 1000 || code === 1001 ? 'The server closed the event socket' : `The event socket dropped (code ${code})`));
    });
  }

  private refusedCredentials(): string {
    return this.options.headers?.['authorization'] === undefined
      ? 'The event socket asks for a user name and password (HTTP 401)'
      : 'The event socket refused the user name or password (HTTP 401)';
  }

  private deliver(text: string): void {
    const message = parseIvmsMessage(text, this.options.zone, this.options.clock.now());
    if (message.kind === 'status') return;
    try {
      if (message.cameraStatus && message.event.cameraId !== undefined) this.options.sink.onCameraStatus?.(message.event.cameraId, message.cameraStatus);
      this.options.sink.onEvent(message.event);
    } catch (error) {
      this.options.log.error('event sink failed', { error });
    }
  }

  private retry(reason: string): void {
    this.teardown();
    if (this.closed) return;
    const delay = backoffDelay(this.attempt++, this.options.backoff ?? DEFAULT_BACKOFF);
    this.options.sink.onState('reconnecting', reason);
    this.options.log.info('event socket reconnecting', { reason, inMs: delay });
    this.cancelRetry = this.options.clock.after(delay, () => this.connect());
  }

  private armIdle(): void {
    this.cancelIdle?.();
    this.cancelIdle = this.options.clock.after(this.options.idleTimeoutMs, () => {
      this.retry(`No traffic on the event socket for ${Math.round(this.options.idleTimeoutMs / 1000)} s`);
    });
  }

  private armPing(): void {
    this.cancelPing?.();
    this.cancelPing = this.options.clock.after(Math.max(500, Math.floor(this.options.idleTimeoutMs / 3)), () => {
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.ping();
      this.armPing();
    });
  }

  private teardown(): void {
    this.cancelIdle?.();
    this.cancelPing?.();
    this.cancelRetry?.();
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.removeAllListeners('close');
      socket.on('error', () => undefined);
      socket.terminate();
    }
  }
}
