import type { z } from 'zod';
import type { Logger } from '../../common/logger';
import { parseRetryAfter, VmsError } from '../errors';
import { type HttpFetch, httpFetch, type HttpResponse } from '../http';
import { Authenticated, Authorized } from './een-schemas';

export interface EenLegacyCredentials {
  /** Where sign-in starts (https://login.eagleeyenetworks.com). */
  readonly loginUrl: string;
  /** Where API calls go instead of the brand subdomain host (a private deployment, a simulator). */
  readonly apiUrl?: string | undefined;
  readonly username: string;
  readonly password: string;
}

export interface EenRequest {
  readonly method?: 'GET' | 'POST';
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  /** Cookies besides `auth_key` (the poll session's `ee-poll-ses`). */
  readonly cookies?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The API host after sign-in: `https://{active_brand_subdomain}.eagleeyenetworks.com` for
 * Eagle Eye's own login host ("after the authorization response is returned, API calls
 * should then use the branded subdomain", EENCloud/api-docs _api_authentication.md); the
 * configured `apiUrl` where given; else the login host itself (a private deployment that
 * serves both, as the simulator does).
 */
export function apiBaseFor(credentials: EenLegacyCredentials, subdomain: string | undefined): string {
  if (credentials.apiUrl) return credentials.apiUrl.replace(/\/+$/, '');
  const login = new URL(credentials.loginUrl);
  if (subdomain && /^[a-z0-9-]{1,63}$/i.test(subdomain) && login.hostname.toLowerCase().startsWith('login.')) {
    return `${login.protocol}//${subdomain}.${login.hostname.slice('login.'.length)}${login.port ? `:${login.port}` : ''}`;
  }
  return login.origin;
}

/**
 * A signed-in session with Eagle Eye's legacy API: authenticate (user name and password →
 * a single-use token valid 30 s), authorize (token → the `auth_key` cookie and the brand
 * subdomain), then every call carries the cookie to the API host only. A 401 means the
 * session ended: sign in again once (one sign-in for every caller at a time) and retry.
 * Accounts that sign in with two-factor authentication are refused in words: a wall cannot
 * type the code sent by SMS or e-mail.
 */
export class EenLegacyClient {
  private readonly fetch: HttpFetch;
  private authKey: string | undefined;
  private apiBase: string | undefined;
  private signingIn: Promise<void> | undefined;

  constructor(
    private readonly credentials: EenLegacyCredentials,
    private readonly options: { readonly fetch?: HttpFetch | undefined; readonly timeoutMs: number; readonly log: Logger },
  ) {
    this.fetch = options.fetch ?? httpFetch;
  }

  /** The API origin, once signed in. */
  get base(): string | undefined {
    return this.apiBase;
  }

  /** Signs in unless a session is held (the core calls this before every status round). */
  async ensureSignedIn(signal?: AbortSignal): Promise<void> {
    if (!this.authKey) await this.signIn(signal);
  }

  /** Signs in now, whatever the current session. */
  signIn(signal?: AbortSignal): Promise<void> {
    this.signingIn ??= this.doSignIn(signal).finally(() => {
      this.signingIn = undefined;
    });
    return this.signingIn;
  }

  /** A JSON call, its reply checked by `schema`. */
  async json<T>(path: string, schema: z.ZodType<T>, request: EenRequest = {}): Promise<T> {
    const response = await this.request(path, request);
    return readJson(response, this.url(path, request.query), schema);
  }

  /**
   * One authorised request: signs in first if needed, and once more when the session
   * ended (401). Non-2xx answers become VmsErrors in the categories the core acts on.
   */
  async request(path: string, request: EenRequest = {}): Promise<HttpResponse> {
    if (!this.authKey) await this.signIn(request.signal);
    const usedKey = this.authKey;
    let response = await this.send(path, request);
    if (response.status === 401) {
      // The session ended (logged out, expired): sign in again once, unless another caller already did.
      if (this.authKey === usedKey) {
        this.authKey = undefined;
        await this.signIn(request.signal);
      }
      response = await this.send(path, request);
      if (response.status === 401) throw new VmsError({ kind: 'auth', url: this.url(path, request.query), httpStatus: 401 }, 'Eagle Eye ended the session and refused a new one (HTTP 401)');
    }
    if (response.status < 200 || response.status >= 300) throw failure(response, this.url(path, request.query));
    return response;
  }

  /** The session's cookies for a request to the API host (never sent anywhere else). */
  private send(path: string, request: EenRequest): Promise<HttpResponse> {
    const cookies = { auth_key: this.authKey ?? '', ...request.cookies };
    const cookie = Object.entries(cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    return this.fetch({
      url: this.url(path, request.query),
      method: request.method ?? 'GET',
      headers: { cookie, accept: 'application/json, image/jpeg', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      timeoutMs: request.timeoutMs ?? this.options.timeoutMs,
      signal: request.signal,
    });
  }

  private url(path: string, query: Readonly<Record<string, string | undefined>> = {}): string {
    const url = new URL(`${this.apiBase ?? apiBaseFor(this.credentials, undefined)}${path}`);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
    return url.toString();
  }

  private async doSignIn(signal?: AbortSignal): Promise<void> {
    const login = this.credentials.loginUrl.replace(/\/+$/, '');
    const post = (path: string, body: unknown): Promise<HttpResponse> =>
      this.fetch({ url: `${login}${path}`, method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body), timeoutMs: this.options.timeoutMs, signal });

    const authenticateUrl = `${login}/g/aaa/authenticate`;
    const authenticated = await post('/g/aaa/authenticate', { username: this.credentials.username, password: this.credentials.password });
    if (authenticated.status !== 200) throw signInFailure(authenticated, authenticateUrl);
    const { token, two_factor_authentication_code: twoFactor } = readJson(authenticated, authenticateUrl, Authenticated);
    if (twoFactor !== undefined) {
      throw new VmsError(
        { kind: 'auth', url: authenticateUrl, httpStatus: 200 },
        'This Eagle Eye user signs in with two-factor authentication, which a wall cannot answer: give Tessera a user without it (preview rights are enough)',
      );
    }
    const authorizeUrl = `${login}/g/aaa/authorize`;
    const authorized = await post('/g/aaa/authorize', { token });
    if (authorized.status !== 200) throw signInFailure(authorized, authorizeUrl);
    const user = readJson(authorized, authorizeUrl, Authorized);
    const authKey = authorized.headers
      .getSetCookie()
      .map((line) => line.split(';')[0]?.trim() ?? '')
      .find((pair) => pair.startsWith('auth_key='))
      ?.slice('auth_key='.length);
    if (!authKey) throw new VmsError({ kind: 'protocol', url: authorizeUrl, httpStatus: 200 }, 'Eagle Eye signed in but sent no session cookie (auth_key)');
    this.apiBase = apiBaseFor(this.credentials, user.active_brand_subdomain);
    this.authKey = authKey;
    this.options.log.info('signed in to Eagle Eye', { api: this.apiBase });
  }
}

function readJson<T>(response: HttpResponse, url: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(response.body));
  } catch {
    throw new VmsError({ kind: 'protocol', url, httpStatus: response.status }, `Eagle Eye sent a reply that is not JSON (${pathOf(url)})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new VmsError({ kind: 'protocol', url, httpStatus: response.status }, `Eagle Eye sent a reply of an unexpected shape (${pathOf(url)})`);
  return parsed.data;
}

/** Sign-in refusals in the documented words (EENCloud/api-docs _api_authentication.md, error status codes). */
function signInFailure(response: HttpResponse, url: string): VmsError {
  const status = response.status;
  const words: Readonly<Record<number, string>> = {
    401: 'Eagle Eye refused the user name or password',
    402: 'The Eagle Eye account is suspended',
    412: 'This Eagle Eye user is disabled (or locked after failed two-factor codes)',
    460: 'The Eagle Eye account is inactive',
    461: 'The Eagle Eye account is pending',
    462: 'This Eagle Eye user is pending (not activated yet)',
  };
  const known = words[status];
  if (known) return new VmsError({ kind: 'auth', url, httpStatus: status }, `${known} (HTTP ${status})`);
  return failure(response, url);
}

function failure(response: HttpResponse, url: string): VmsError {
  const status = response.status;
  if (status === 401) return new VmsError({ kind: 'auth', url, httpStatus: status }, 'Eagle Eye refused this user (HTTP 401)');
  if (status === 403) return new VmsError({ kind: 'rejected', url, httpStatus: status }, `This Eagle Eye user lacks the rights for this (HTTP 403, ${pathOf(url)})`);
  if (status === 404) return new VmsError({ kind: 'not-found', url, httpStatus: status }, `Eagle Eye has no such resource (HTTP 404, ${pathOf(url)})`);
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after')) ?? 5000;
    return new VmsError({ kind: 'rate-limited', url, httpStatus: status, retryAfterMs }, 'Eagle Eye asks to slow down (HTTP 429)');
  }
  if (status === 503) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return new VmsError({ kind: retryAfterMs === undefined ? 'http' : 'rate-limited', url, httpStatus: status, retryAfterMs }, 'Eagle Eye is unavailable (HTTP 503)');
  }
  return new VmsError({ kind: 'http', url, httpStatus: status }, `Eagle Eye answered HTTP ${status} (${pathOf(url)})`);
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
