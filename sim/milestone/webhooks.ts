import { createHmac, randomUUID } from 'node:crypto';
import type { MsEvent } from './event-book';

export interface WebhookTarget {
  readonly url: string;
  readonly secret: string;
  /** How the signature is written: the add-on's text says hex, its example shows base64. */
  readonly encoding: 'hex' | 'base64';
  /** Between attempts (the add-on: 30 s); short in tests. */
  readonly retryMs: number;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly statuses: Array<number | string>;
}

/** Failed deliveries are retried this many more times (the add-on: 2), with the same EventHeader.ID. */
const RETRIES = 2;

/**
 * Milestone's webhook add-on: each event POSTed as `{"Event":{"EventHeader":...},"Site":...}`
 * signed with `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body>`. A 400 is final; any
 * other failure is retried twice, 30 s apart, with the same event id (so receivers must
 * de-duplicate). Off until a target is set.
 */
export class WebhookSender {
  private target: WebhookTarget | undefined;
  private readonly log: Map<string, WebhookDelivery> = new Map();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly logLine: (line: string) => void) {}

  configure(target: WebhookTarget | undefined): void {
    this.target = target;
  }

  deliveries(): WebhookDelivery[] {
    return [...this.log.values()].map((delivery) => ({ id: delivery.id, statuses: [...delivery.statuses] }));
  }

  /** Sends an event to the target, if one is set; `badSignature` signs with the wrong secret. */
  deliver(event: MsEvent, sourceName: string, typeName: string, options: { badSignature?: boolean; failFirst?: boolean } = {}): string | undefined {
    const target = this.target;
    if (!target) return undefined;
    const id = randomUUID();
    const body = JSON.stringify({
      Event: {
        EventHeader: {
          ID: id,
          Timestamp: event.time,
          Type: 'System Event',
          Version: '1.0',
          Priority: 1,
          PriorityName: 'High',
          Name: typeName,
          Message: typeName,
          Source: { Name: sourceName, FQID: { ServerId: { Type: 'XPCO', Hostname: 'sim', Port: 80, Id: randomUUID() }, ObjectId: event.source.split('/')[1] ?? '', Kind: event.source.split('/')[0] ?? '' } },
          MessageId: event.type,
        },
      },
      Site: { ServerHostname: 'sim', ServerType: 'XPCO' },
    });
    const signature = createHmac('sha256', options.badSignature ? `${target.secret}-wrong` : target.secret).update(body).digest(target.encoding);
    this.log.set(id, { id, statuses: [] });
    void this.attempt(target, id, body, `sha256=${signature}`, 0, options.failFirst === true);
    return id;
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async attempt(target: WebhookTarget, id: string, body: string, signature: string, attempt: number, failFirst: boolean): Promise<void> {
    let status: number | string;
    try {
      const response = await fetch(target.url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, signal: AbortSignal.timeout(10_000) });
      await response.body?.cancel();
      status = response.status;
    } catch (error) {
      status = error instanceof Error ? error.message : String(error);
    }
    // `failFirst`: the receiver's answer is lost once (a timeout), so the add-on retries a delivery that did arrive.
    if (failFirst && attempt === 0) status = 'timeout';
    this.log.get(id)?.statuses.push(status);
    const ok = typeof status === 'number' && status >= 200 && status < 300;
    if (ok || status === 400 || attempt >= RETRIES) return;
    this.logLine(`webhook ${id}: ${String(status)}, retrying in ${target.retryMs} ms`);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(target, id, body, signature, attempt + 1, false);
    }, target.retryMs);
    this.timers.add(timer);
  }
}
