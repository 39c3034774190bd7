import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived capabilities for the app's resources (video, event pictures, downloads)
 * where the browser itself makes the request and no header can be added: an `<img>`, a
 * download link. A capability is `<expiry>.<HMAC-SHA256 of it>` under a key made per
 * launch: it opens only those resources (never the control socket), only until it
 * expires, so one that ends up somewhere (a browser's list of downloads) is soon worth
 * nothing. The page is sent a fresh one well before the last one expires.
 */
export class Capabilities {
  private readonly key: Buffer;

  constructor(
    private readonly now: () => number = Date.now,
    /** How long one is valid. */
    readonly lifetimeMs = 10 * 60_000,
    key?: Buffer,
  ) {
    this.key = key ?? randomBytes(32);
  }

  /** A capability valid for `lifetimeMs` from now. */
  issue(): { readonly token: string; readonly expiresAt: number } {
    const expiresAt = this.now() + this.lifetimeMs;
    const expiry = String(Math.ceil(expiresAt / 1000));
    return { token: `${expiry}.${this.sign(expiry)}`, expiresAt: Number(expiry) * 1000 };
  }

  /** Whether `token` is one this launch issued and it has not expired. */
  verify(token: string | null | undefined): boolean {
    if (!token) return false;
    const match = /^(\d{1,15})\.([\w-]{43})$/.exec(token);
    if (!match) return false;
    const [, expiry = '', mac = ''] = match;
    if (Number(expiry) * 1000 <= this.now()) return false;
    const expected = Buffer.from(this.sign(expiry));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(expiry: string): string {
    return createHmac('sha256', this.key).update(`tessera-resource:${expiry}`).digest('base64url');
  }
}
