import { createHmac, timingSafeEqual } from 'node:crypto';

export type TicketCheck = 'valid' | 'expired' | 'invalid';

/**
 * Media tickets as VXG puts them in its media URLs: `media.<base64 {"n":"<stream>"}>.<unix
 * expiry seconds>.<sig>` (VXG help "retrieving video data"; VXG.Web.Client SDK
 * `_applyMediaTiket`). The middle part is base64url here so the ticket can stand in a
 * URL path, where VXG's HLS URLs carry it; the signature is this run's HMAC.
 */
export class MediaTickets {
  constructor(private readonly secret: Buffer) {}

  issue(stream: string, expiresAtMs: number): string {
    const body = Buffer.from(JSON.stringify({ n: stream })).toString('base64url');
    const epoch = Math.floor(expiresAtMs / 1000);
    return `media.${body}.${epoch}.${this.sign(body, epoch)}`;
  }

  /** Whether a ticket was issued for `stream` and its epoch has not passed. */
  check(ticket: string, stream: string, now = Date.now()): TicketCheck {
    const parts = ticket.split('.');
    if (parts.length !== 4 || parts[0] !== 'media') return 'invalid';
    const [, body = '', epochText = '', signature = ''] = parts;
    const epoch = Number(epochText);
    if (!/^\d+$/.test(epochText) || !safeEqual(signature, this.sign(body, epoch))) return 'invalid';
    let name: unknown;
    try {
      name = (JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { n?: unknown }).n;
    } catch {
      return 'invalid';
    }
    if (name !== stream) return 'invalid';
    return now > epoch * 1000 ? 'expired' : 'valid';
  }

  /** Epoch ms a ticket runs to (for `expire_hls`), or undefined for a malformed one. */
  static expiry(ticket: string): number | undefined {
    const epoch = Number(ticket.split('.')[2]);
    return Number.isSafeInteger(epoch) ? epoch * 1000 : undefined;
  }

  private sign(body: string, epoch: number): string {
    return createHmac('sha256', this.secret).update(`media.${body}.${epoch}`).digest('hex').slice(0, 32);
  }
}

function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
