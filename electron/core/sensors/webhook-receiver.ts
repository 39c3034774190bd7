import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SensorConfig, WebhookSource } from '../../../shared/model/sensor';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { mapPayload } from './payload-map';

export interface WebhookReceiverOptions {
  readonly host: string;
  readonly port: number;
  /** A request signed (or an event stamped) longer ago than this is refused as a replay. */
  readonly replayWindowMs: number;
  readonly sensors: () => readonly SensorConfig[];
  readonly receive: (sensor: SensorConfig, body: Uint8Array) => Promise<'accepted' | 'duplicate' | 'skipped'>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly onState: (listening: boolean, reason?: string) => void;
}

/** No access-control event comes near this; a larger body is refused unread. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * HTTP webhooks of sensors on a port of their own (access control: Genea, Avigilon Alta,
 * Verkada...). Every request must carry a valid HMAC signature of its body: `sha256` —
 * `X-Signature-256: sha256=<hex or base64>` (the GitHub/Milestone style header, accepted as
 * `X-Hub-Signature-256` too), over `<timestamp>.<body>` when `X-Signature-Timestamp` is
 * sent; `sequr` — Genea's `x-sequr-signature: sha1=<hex HMAC-SHA1(secret, body)>`
 * (sequr/genea-webhook-client-sample README.md). A bad signature gets 401 and nothing else
 * happens but a log line. A signed timestamp, or the event's own time, older than the
 * replay window is refused too (a recorded request played again); a retry within the window
 * is taken and de-duplicated by the event's id.
 */
export class WebhookReceiver {
  private server: Server | undefined;

  constructor(private readonly options: WebhookReceiverOptions) {}

  start(): void {
    const server = createServer((request, response) => void this.handle(request, response));
    this.server = server;
    server.on('error', (error) => {
      this.options.log.error('the webhook port could not be opened', { error });
      this.options.onState(false, `Webhook port ${String(this.options.port)}: ${error.message}`);
    });
    server.listen(this.options.port, this.options.host, () => {
      this.options.log.info(`sensor webhooks on ${this.url() ?? ''}`);
      this.options.onState(true);
    });
  }

  url(): string | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address ? `http://${this.options.host}:${String(address.port)}` : undefined;
  }

  dispose(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://webhooks').pathname;
    const sensor = this.options.sensors().find((candidate) => candidate.source.kind === 'webhook' && candidate.source.path === path);
    if (request.method !== 'POST') return answer(response, 405, 'POST only');
    if (!sensor || sensor.source.kind !== 'webhook') return answer(response, 404, 'No sensor listens here');
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch (error) {
      return answer(response, 413, error instanceof Error ? error.message : 'Body too large');
    }
    const now = this.options.clock.now();
    const verdict = verify(sensor.source, request, body, now, this.options.replayWindowMs);
    if (verdict !== 'ok') {
      // Nothing but the log line: no event, no outbox row, no health change.
      this.options.log.warn('a sensor webhook was refused', { sensor: sensor.id, reason: verdict, from: request.socket.remoteAddress });
      return answer(response, 401, 'Signature refused');
    }
    const mapped = mapPayload(sensor, body, now);
    if (mapped.kind === 'event' && !mapped.event.timeUncertain && now - mapped.event.time > this.options.replayWindowMs) {
      this.options.log.warn('a sensor webhook was refused', { sensor: sensor.id, reason: 'the event is older than the replay window' });
      return answer(response, 401, 'Replay refused');
    }
    try {
      const outcome = await this.options.receive(sensor, body);
      answer(response, 200, outcome);
    } catch (error) {
      this.options.log.error('a sensor webhook could not be written', { sensor: sensor.id, error });
      answer(response, 500, 'Not written; send it again');
    }
  }
}

/** `ok`, or why the request is refused (for the log only). */
export function verify(source: WebhookSource, request: Pick<IncomingMessage, 'headers'>, body: Buffer, now: number, windowMs: number): string {
  if (!source.secret) return 'the sensor has no secret configured';
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  if (source.signature === 'sequr') {
    const given = header('x-sequr-signature');
    if (!given) return 'no x-sequr-signature header';
    return matches(given.replace(/^sha1=/i, ''), createHmac('sha1', source.secret).update(body).digest()) ? 'ok' : 'the signature does not match';
  }
  const given = header('x-signature-256') ?? header('x-hub-signature-256');
  if (!given) return 'no X-Signature-256 header';
  const stamp = header('x-signature-timestamp');
  const hmac = createHmac('sha256', source.secret);
  if (stamp !== undefined) {
    const seconds = Number(stamp);
    if (!Number.isFinite(seconds) || Math.abs(now - seconds * 1000) > windowMs) return 'the signed timestamp is outside the replay window';
    hmac.update(`${stamp}.`);
  }
  return matches(given.replace(/^sha256=/i, ''), hmac.update(body).digest()) ? 'ok' : 'the signature does not match';
}

/** Hex or base64 (vendors write both), compared in constant time. */
function matches(given: string, expected: Buffer): boolean {
  const candidates = [/^[0-9a-f]+$/i.test(given) ? Buffer.from(given, 'hex') : undefined, Buffer.from(given, 'base64')];
  return candidates.some((candidate) => candidate !== undefined && candidate.length === expected.length && timingSafeEqual(candidate, expected));
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.destroy();
        reject(new Error('Body too large'));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function answer(response: ServerResponse, status: number, text: string): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
