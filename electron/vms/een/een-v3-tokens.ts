import { z } from 'zod';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { parseRetryAfter, VmsError } from '../errors';
import { type HttpFetch, httpFetch } from '../http';
import type { SecretSink } from '../vendor';

/** The token endpoint's reply (EEN-V3 Agent Skills een-api/01-authenticate.md, 02-refresh-access-token.md). */
const TokenReply = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().optional(),
  httpsBaseUrl: z.object({ hostname: z.string().min(1), port: z.number().int().positive().optional() }).optional(),
});

/** Refresh this long before the access token expires, or at a fifth of its life for short lives (tests). */
const REFRESH_MARGIN_MS = 60_000;

export interface EenV3TokenOptions {
  /** `https://auth.eagleeyenetworks.com` (the token endpoint is `/oauth2/token` under it). */
  readonly authUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The refresh token of a completed sign-in (from the configuration or the sealed secrets). */
  readonly refreshToken: string;
  /** Where API calls go instead of `httpsBaseUrl` (a private deployment, a simulator). */
  readonly apiUrl?: string | undefined;
  readonly secrets: SecretSink;
  readonly fetch?: HttpFetch | undefined;
  readonly clock: Clock;
  readonly log: Logger;
  readonly timeoutMs: number;
}

/**
 * OAuth tokens of Eagle Eye's API v3, held in the core. Refresh tokens rotate: a refresh
 * invalidates the old refresh token and its access token, so one refresh runs at a time for
 * every caller (single flight), and the new refresh token is saved (sealed, atomically)
 * before the new access token is used — a crash in between cannot leave the wall holding
 * only a dead token. The model is Home Assistant's config_entry_oauth2_flow.
 */
export class EenV3Tokens {
  private readonly fetch: HttpFetch;
  private refreshToken: string;
  private access: { readonly token: string; readonly expiresAt: number; readonly lifeMs: number } | undefined;
  private base: string | undefined;
  private refreshing: Promise<string> | undefined;

  constructor(private readonly options: EenV3TokenOptions) {
    this.fetch = options.fetch ?? httpFetch;
    this.refreshToken = options.refreshToken;
  }

  /** The API origin: the configured `apiUrl`, else `https://<httpsBaseUrl>` from the last token reply. */
  async apiBase(signal?: AbortSignal): Promise<string> {
    if (this.options.apiUrl) return this.options.apiUrl.replace(/\/+$/, '');
    if (!this.base) await this.accessToken(signal);
    if (!this.base) throw new VmsError({ kind: 'protocol', url: this.tokenUrl }, 'Eagle Eye named no API host (httpsBaseUrl) in its token reply: give the API URL in the server settings');
    return this.base;
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async accessToken(signal?: AbortSignal): Promise<string> {
    const access = this.access;
    if (access && access.expiresAt - this.margin(access) > this.options.clock.now()) return access.token;
    return this.refresh(signal);
  }

  /** The API refused `token` (401): refresh, unless another caller already did. */
  async invalidate(token: string, signal?: AbortSignal): Promise<string> {
    if (this.access && this.access.token !== token) return this.access.token;
    this.access = undefined;
    return this.refresh(signal);
  }

  private get tokenUrl(): string {
    return `${this.options.authUrl.replace(/\/+$/, '')}/oauth2/token`;
  }

  private margin(access: { readonly lifeMs: number }): number {
    return Math.min(REFRESH_MARGIN_MS, access.lifeMs / 5);
  }

  private refresh(signal?: AbortSignal): Promise<string> {
    this.refreshing ??= this.doRefresh(signal).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(signal?: AbortSignal): Promise<string> {
    const url = this.tokenUrl;
    // Saved before its first sign-in: nothing to refresh until the operator signs in through Eagle Eye's page.
    if (this.refreshToken === '') throw new VmsError({ kind: 'auth', url }, 'Sign-in needed: use Sign in… on this server in the Servers dialog');
    const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`, 'utf8').toString('base64');
    const response = await this.fetch({
      url,
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'refresh_token', scope: 'vms.all', refresh_token: this.refreshToken }).toString(),
      timeoutMs: this.options.timeoutMs,
      signal,
    });
    if (response.status === 400 || response.status === 401) {
      throw new VmsError({ kind: 'auth', url, httpStatus: response.status }, `Eagle Eye no longer accepts this sign-in (HTTP ${response.status}): sign in again`);
    }
    if (response.status === 429) {
      throw new VmsError({ kind: 'rate-limited', url, httpStatus: 429, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) ?? 5000 }, 'Eagle Eye asks to slow down (HTTP 429)');
    }
    if (response.status !== 200) throw new VmsError({ kind: 'http', url, httpStatus: response.status }, `Eagle Eye's token endpoint answered HTTP ${response.status}`);
    let reply: z.infer<typeof TokenReply>;
    try {
      reply = TokenReply.parse(JSON.parse(new TextDecoder().decode(response.body)));
    } catch {
      throw new VmsError({ kind: 'protocol', url, httpStatus: 200 }, 'Eagle Eye sent a token reply of an unexpected shape');
    }
    // The old pair is dead from now on: keep the new refresh token on disk before anything uses the new access token.
    this.options.secrets.save({ refreshToken: reply.refresh_token });
    this.refreshToken = reply.refresh_token;
    const lifeMs = reply.expires_in * 1000;
    this.access = { token: reply.access_token, expiresAt: this.options.clock.now() + lifeMs, lifeMs };
    if (reply.httpsBaseUrl) this.base = `https://${reply.httpsBaseUrl.hostname}${reply.httpsBaseUrl.port && reply.httpsBaseUrl.port !== 443 ? `:${reply.httpsBaseUrl.port}` : ''}`;
    this.options.log.debug('Eagle Eye access token refreshed', { lifeMs });
    return reply.access_token;
  }
}
