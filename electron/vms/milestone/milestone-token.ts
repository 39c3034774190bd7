import { z } from 'zod';
import type { Clock } from '../../common/clock';
import { VmsError } from '../errors';
import type { HttpFetch } from '../http';

/** A token is renewed this long before it expires, at most... */
const RENEW_MARGIN_MAX_MS = 60_000;
/**
 * ...and this share of its life before, for short lives (seconds in tests). A renewal is a
 * token request and then a PATCH per running WebRTC session, each of which must land
 * before the old token lapses, or the gateway ends that session: with a fifth of a 4 s
 * life (0.8 s) a loaded machine missed it once and a tile stalled; two fifths leave 1.6 s.
 */
const RENEW_MARGIN_SHARE = 0.4;

const TokenReply = z.object({ access_token: z.string().min(1), expires_in: z.number().positive(), token_type: z.string().optional(), refresh_token: z.string().min(1).optional() }).loose();
const TokenError = z.object({ error: z.string(), error_description: z.string().optional() }).loose();

export interface MilestoneTokenOptions {
  /** `https://{host}`: the token endpoint is `{base}/API/IDP/connect/token`. */
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly fetch: HttpFetch;
  readonly clock: Clock;
  readonly timeoutMs: number;
}

export interface BearerToken {
  readonly value: string;
  readonly expiresAt: number;
}

/**
 * The gateway's access token, one for every caller. Milestone's IDP password grant
 * (`POST /API/IDP/connect/token`, `grant_type=password`, `client_id=GrantValidatorClient`;
 * mipsdk-samples-protocol `RestfulCommunicationPython/identity_provider.py`) gives a token
 * of about an hour and no refresh token, so a new one is fetched a margin before expiry;
 * where a refresh token is given, it is used first. Renewals are single flight: callers
 * that ask (or report a 401) together share one request. `onRenewed` hears every new
 * token (running WebRTC sessions are PATCHed with it).
 */
export class MilestoneToken {
  private current: BearerToken | undefined;
  private refreshToken: string | undefined;
  private inflight: Promise<BearerToken> | undefined;
  private readonly listeners = new Set<(token: BearerToken) => void>();
  private cancelRenew: (() => void) | undefined;
  private disposed = false;
  /** Tokens obtained since start (for tests and diagnostics). */
  obtained = 0;

  constructor(private readonly options: MilestoneTokenOptions) {}

  onRenewed(listener: (token: BearerToken) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A valid token: the current one, or a new one (one request however many ask). */
  async get(signal?: AbortSignal): Promise<BearerToken> {
    const current = this.current;
    if (current && current.expiresAt - this.options.clock.now() > 1000) return current;
    return this.renew(signal);
  }

  /**
   * The gateway refused `rejected` (401): fetch a new token unless another caller already
   * did. Returns the token to retry with.
   */
  async refused(rejected: string, signal?: AbortSignal): Promise<BearerToken> {
    if (this.current && this.current.value !== rejected) return this.current;
    this.current = undefined;
    return this.renew(signal);
  }

  dispose(): void {
    this.disposed = true;
    this.cancelRenew?.();
    this.listeners.clear();
  }

  private renew(signal?: AbortSignal): Promise<BearerToken> {
    this.inflight ??= this.fetchToken(signal).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchToken(signal?: AbortSignal): Promise<BearerToken> {
    let token: BearerToken | undefined;
    if (this.refreshToken) {
      token = await this.grant({ grant_type: 'refresh_token', refresh_token: this.refreshToken, client_id: 'VmsClient' }, signal).catch(() => undefined);
      if (!token) this.refreshToken = undefined;
    }
    token ??= await this.grant({ grant_type: 'password', username: this.options.username, password: this.options.password, client_id: 'GrantValidatorClient' }, signal);
    this.current = token;
    this.obtained += 1;
    this.schedule(token);
    for (const listener of [...this.listeners]) listener(token);
    return token;
  }

  private schedule(token: BearerToken): void {
    this.cancelRenew?.();
    if (this.disposed) return;
    const life = token.expiresAt - this.options.clock.now();
    const margin = Math.min(RENEW_MARGIN_MAX_MS, Math.max(500, life * RENEW_MARGIN_SHARE));
    this.cancelRenew = this.options.clock.after(Math.max(0, life - margin), () => {
      this.cancelRenew = undefined;
      // Renewed ahead of need, so running sessions and the next calls never meet an expired token.
      this.renew().catch(() => undefined);
    });
  }

  private async grant(form: Record<string, string>, signal?: AbortSignal): Promise<BearerToken> {
    const url = `${this.options.baseUrl}/API/IDP/connect/token`;
    const response = await this.options.fetch({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      timeoutMs: this.options.timeoutMs,
      ...(signal ? { signal } : {}),
    });
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(response.body));
    } catch {
      json = undefined;
    }
    if (response.status === 200) {
      const parsed = TokenReply.safeParse(json);
      if (!parsed.success) throw new VmsError({ kind: 'protocol', url }, `The Milestone identity provider sent an unreadable token (${url})`);
      if (parsed.data.refresh_token) this.refreshToken = parsed.data.refresh_token;
      return { value: parsed.data.access_token, expiresAt: this.options.clock.now() + parsed.data.expires_in * 1000 };
    }
    const failure = TokenError.safeParse(json);
    if (response.status === 400 && failure.success && failure.data.error === 'invalid_grant') {
      throw new VmsError({ kind: 'auth', url, httpStatus: 400 }, 'Milestone refused the user name or password (basic users only; check them in the Servers dialog)');
    }
    if (response.status === 401 || response.status === 403) throw new VmsError({ kind: 'auth', url, httpStatus: response.status }, `Milestone refused the sign-in (HTTP ${response.status})`);
    const why = failure.success ? `${failure.data.error}${failure.data.error_description ? `: ${failure.data.error_description}` : ''}` : `HTTP ${response.status}`;
    throw new VmsError({ kind: response.status >= 500 ? 'http' : 'rejected', url, httpStatus: response.status }, `Milestone sign-in failed (${why})`);
  }
}
