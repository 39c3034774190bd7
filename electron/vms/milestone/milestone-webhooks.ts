import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../../common/logger';
import type { VmsEvent } from '../adapter';

const MAX_BODY = 256 * 1024;
/** Event ids remembered for de-duplication: far more than the add-on retries in its 60 s. */
const REMEMBERED = 10_000;

const Webhook = z
  .object({
    Event: z
      .object({
        EventHeader: z
          .object({
            ID: z.string().min(1),
            Timestamp: z.string().optional(),
            Name: z.string().optional(),
            Message: z.string().optional(),
            MessageId: z.string().optional(),
            Type: z.string().optional(),
            Source: z.object({ Name: z.string().optional(), FQID: z.object({ ObjectId: z.string().optional(), Kind: z.string().optional() }).loose().optional() }).loose().optional(),
          })
          .loose(),
      })
      .loose(),
  })
  .loose();

export interface WebhookReceiverOptions {
  readonly host: string;
  readonly port: number;
  readonly secret: string;
  readonly log: Logger;
  readonly onEvent: (event: VmsEvent) => void;
}

/**
 * The receiver for Milestone's webhook add-on (doc.milestonesys.com, add-ons/add-on_webhooks/
 * webhooks_apidoc.htm): each POST carries `{"Event":{"EventHeader":{"ID",…}}}` signed with
 * `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body>`, in hex per the text and base64 in
 * its example, so both are accepted. A bad or missing signature answers 400, which the
 * add-on never retries; other failures it retries twice, 30 s apart, with the same
 * EventHeader.ID, so a repeated ID is answered 200 and not delivered again (the journal
 * also holds it once, by its dedupe key). Off unless the server's configuration names a port.
 */
export class WebhookReceiver {
  private readonly server: Server;
  private readonly seen = new Set<string>();
  received = 0;
  rejected = 0;

  constructor(private readonly options: WebhookReceiverOptions) {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const answer = (status: number, text: string): void => {
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(text);
    };
    if (request.method !== 'POST') return answer(405, 'POST only');
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch {
      return answer(413, 'Body too large');
    }
    const signature = request.headers['x-hub-signature-256'];
    if (typeof signature !== 'string' || !this.signedBy(body, signature)) {
      this.rejected += 1;
      this.options.log.warn('a Milestone webhook had a bad signature', { from: request.socket.remoteAddress });
      return answer(400, 'Bad signature');
    }
    let parsed;
    try {
      parsed = Webhook.safeParse(JSON.parse(body.toString('utf8')));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) return answer(400, 'Not a Milestone webhook event');
    const header = parsed.data.Event.EventHeader;
    answer(200, 'OK');
    if (this.seen.has(header.ID)) return;
    this.seen.add(header.ID);
    if (this.seen.size > REMEMBERED) this.seen.delete(this.seen.values().next().value ?? '');
    this.received += 1;
    const time = header.Timestamp ? Date.parse(header.Timestamp) : Number.NaN;
    const kind = header.Source?.FQID?.Kind?.toLowerCase() ?? '';
    const cameraId = kind.includes('camera') ? header.Source?.FQID?.ObjectId : undefined;
    this.options.onEvent({
      cameraId,
      cameraName: cameraId === undefined ? undefined : header.Source?.Name,
      time: Number.isFinite(time) ? time : Date.now(),
      sourceTime: header.Timestamp ?? '',
      timeUncertain: !Number.isFinite(time),
      type: header.MessageId ?? header.Name ?? 'webhook',
      label: header.Name ?? header.Message ?? 'Milestone webhook',
      vendorEventId: `webhook:${header.ID}`,
      dedupeKey: `webhook:${header.ID}`,
      raw: parsed.data,
    });
  }

  private signedBy(body: Buffer, header: string): boolean {
    const given = header.replace(/^sha256=/i, '').trim();
    const mac = createHmac('sha256', this.options.secret).update(body).digest();
    // Hex compares without regard to case; base64 exactly.
    return same(given.toLowerCase(), mac.toString('hex')) || same(given, mac.toString('base64'));
  }
}

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
