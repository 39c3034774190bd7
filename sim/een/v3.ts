import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, Router, sendFile, sendJson, sendText } from '../http/router';
import type { SimCamera } from '../site/catalog';
import type { EncoderLease } from '../site/encoder-pool';
import { mediaPlaylist } from '../site/hls';
import type { SimSite } from '../site/site';
import { esnOf } from './devices';

export interface EenV3Options {
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Life of an access token (`expires_in`); seconds in tests so refreshes happen. */
  readonly accessTokenSeconds?: number;
  /** A live stream nobody fetched for this long gives its encoder back. */
  readonly streamLingerMs?: number;
}

export const EEN_V3_DEFAULT_CLIENT = { clientId: 'tessera-sim-client', clientSecret: 'sim-client-secret' } as const;

export interface EenV3Counters {
  authorizationCodes: number;
  tokenGrants: number;
  refreshes: number;
  refusedRefreshes: number;
  apiCalls: number;
  unauthorized: number;
  mediaRequests: number;
}

interface Grant {
  readonly refreshToken: string;
  readonly accessToken: string;
  readonly accessExpiresAt: number;
}

/**
 * Eagle Eye's API v3 on the simulated site: OAuth2 authorization code (an authorize page
 * that approves with a button, a token endpoint with Basic client authentication and
 * rotating refresh tokens: a refresh invalidates the old refresh token and its access token,
 * EEN-V3 Agent Skills 02-refresh-access-token.md), `/api/v3.0/cameras` (paged, with
 * `connectionStatus`), `/api/v3.0/feeds` (the main stream's `hlsUrl`), and that HLS, which
 * demands the Bearer token on the playlist and every segment.
 */
export class EenV3 {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly counters: EenV3Counters = { authorizationCodes: 0, tokenGrants: 0, refreshes: 0, refusedRefreshes: 0, apiCalls: 0, unauthorized: 0, mediaRequests: 0 };
  private readonly codes = new Map<string, { redirectUri: string; expiresAt: number }>();
  private readonly grants = new Map<string, Grant>(); // by refresh token
  private readonly access = new Map<string, number>(); // access token → expiry
  private readonly leases = new Map<number, { lease: EncoderLease; lastUsed: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly site: SimSite,
    private readonly cameras: readonly SimCamera[],
    private readonly origin: () => string,
    private readonly options: EenV3Options = {},
  ) {
    this.clientId = options.clientId ?? EEN_V3_DEFAULT_CLIENT.clientId;
    this.clientSecret = options.clientSecret ?? EEN_V3_DEFAULT_CLIENT.clientSecret;
    this.sweeper = setInterval(() => this.sweep(), 1000);
  }

  /** Every refresh token still valid (a test reads what a client should hold). */
  validRefreshTokens(): string[] {
    return [...this.grants.keys()];
  }

  /** Ends every grant: the next refresh is refused, as when a user revokes the app. */
  revokeAll(): void {
    this.grants.clear();
    this.access.clear();
  }

  router(): Router {
    return new Router()
      .on('GET', /^\/oauth2\/authorize$/, (request, response) => this.authorizePage(request, response))
      .on('POST', /^\/oauth2\/authorize$/, async (request, response) => this.approve(request, response))
      .on('POST', /^\/oauth2\/token$/, async (request, response) => this.token(request, response))
      .on('GET', /^\/api\/v3\.0\/cameras$/, (request, response) => this.api(request, response, (url) => this.listCameras(url)))
      .on('GET', /^\/api\/v3\.0\/feeds$/, (request, response) => this.api(request, response, (url) => this.feeds(url)))
      .on('GET', /^\/media\/v3\/([0-9a-f]{8})\/main\.m3u8$/, async (request, response, [esn]) => this.playlist(request, response, esn ?? ''))
      .on('GET', /^\/media\/v3\/([0-9a-f]{8})\/(\d+)\.ts$/, (request, response, [esn, sequence]) => this.segment(request, response, esn ?? '', Number(sequence)));
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const { lease } of this.leases.values()) lease.release();
    this.leases.clear();
  }

  private authorizePage(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.origin());
    const clientId = url.searchParams.get('client_id');
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    if (clientId !== this.clientId || url.searchParams.get('response_type') !== 'code' || !/^https?:\/\//.test(redirectUri)) {
      return sendText(response, 400, 'invalid_request: client_id, response_type=code and redirect_uri are required');
    }
    const field = (name: string, value: string): string => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>Eagle Eye Networks (simulator) — sign in</title></head><body>
<h1>Eagle Eye Networks (simulator)</h1><p>Allow <b>${escapeHtml(clientId)}</b> to see this account's cameras?</p>
<form method="post" action="/oauth2/authorize">${field('redirect_uri', redirectUri)}${field('state', url.searchParams.get('state') ?? '')}
<button type="submit" id="approve" data-testid="een-approve">Approve</button></form></body></html>`;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(html);
  }

  private async approve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(request));
    const redirectUri = form.get('redirect_uri') ?? '';
    if (!/^https?:\/\//.test(redirectUri)) return sendText(response, 400, 'invalid_request');
    const code = randomBytes(16).toString('hex');
    // Codes are valid five minutes (developer.eagleeyenetworks.com, authorization code flow).
    this.codes.set(code, { redirectUri, expiresAt: Date.now() + 5 * 60_000 });
    this.counters.authorizationCodes += 1;
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = form.get('state');
    if (state) target.searchParams.set('state', state);
    response.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' });
    response.end();
  }

  private async token(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const [id, secret] = Buffer.from(basic ?? '', 'base64').toString('utf8').split(':');
    if (id !== this.clientId || secret !== this.clientSecret) return sendJson(response, 401, { error: 'invalid_client' });
    const form = new URLSearchParams(await readBody(request));
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      if (!code || code.expiresAt < Date.now() || code.redirectUri !== form.get('redirect_uri')) return sendJson(response, 400, { error: 'invalid_grant' });
      this.counters.tokenGrants += 1;
      return sendJson(response, 200, this.issue());
    }
    if (grantType === 'refresh_token') {
      const old = this.grants.get(form.get('refresh_token') ?? '');
      if (!old) {
        this.counters.refusedRefreshes += 1;
        return sendJson(response, 400, { error: 'invalid_grant' });
      }
      // Rotation: the old refresh token and its access token stop working now.
      this.grants.delete(old.refreshToken);
      this.access.delete(old.accessToken);
      this.counters.refreshes += 1;
      return sendJson(response, 200, this.issue());
    }
    sendJson(response, 400, { error: 'unsupported_grant_type' });
  }

  private issue(): Record<string, unknown> {
    const seconds = this.options.accessTokenSeconds ?? 43_198;
    const grant: Grant = { refreshToken: randomBytes(24).toString('hex'), accessToken: randomBytes(24).toString('hex'), accessExpiresAt: Date.now() + seconds * 1000 };
    this.grants.set(grant.refreshToken, grant);
    this.access.set(grant.accessToken, grant.accessExpiresAt);
    const base = new URL(this.origin());
    return {
      access_token: grant.accessToken,
      expires_in: seconds,
      refresh_token: grant.refreshToken,
      scope: 'vms.all',
      token_type: 'Bearer',
      httpsBaseUrl: { hostname: base.hostname, port: Number(base.port) },
    };
  }

  private bearer(request: IncomingMessage): boolean {
    const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const expiry = this.access.get(token);
    if (expiry !== undefined && expiry > Date.now()) return true;
    this.counters.unauthorized += 1;
    return false;
  }

  private api(request: IncomingMessage, response: ServerResponse, answer: (url: URL) => unknown): void {
    this.counters.apiCalls += 1;
    if (!this.bearer(request)) return sendJson(response, 401, { code: 401, status: 'unauthenticated', message: 'The access token is missing, invalid or expired.' });
    const url = new URL(request.url ?? '/', this.origin());
    sendJson(response, 200, answer(url));
  }

  private listCameras(url: URL): unknown {
    const pageSize = Math.min(100, Math.max(1, Number(url.searchParams.get('pageSize') ?? 100) || 100));
    const start = Number(url.searchParams.get('pageToken') ?? 0) || 0;
    const withStatus = (url.searchParams.get('include') ?? '').split(',').includes('status');
    const page = this.cameras.slice(start, start + pageSize).map((camera) => ({
      id: esnOf(camera.id),
      accountId: '00001d2a',
      name: camera.name,
      ...(withStatus ? { status: { connectionStatus: camera.online ? 'online' : 'deviceOffline' } } : {}),
    }));
    const next = start + pageSize < this.cameras.length ? String(start + pageSize) : '';
    return { results: page, nextPageToken: next, prevPageToken: start > 0 ? String(Math.max(0, start - pageSize)) : '', totalSize: this.cameras.length };
  }

  private feeds(url: URL): unknown {
    const esn = url.searchParams.get('deviceId') ?? '';
    const camera = this.cameras.find((candidate) => esnOf(candidate.id) === esn);
    const type = url.searchParams.get('type') ?? 'main';
    if (!camera) return { results: [], nextPageToken: '', prevPageToken: '', totalSize: 0 };
    const include = (url.searchParams.get('include') ?? '').split(',');
    const feed = { id: `${esn}-${type}`, type, deviceId: esn, mediaType: 'video', ...(type === 'main' && include.includes('hlsUrl') ? { hlsUrl: `${this.origin()}/media/v3/${esn}/main.m3u8` } : {}) };
    return { results: [feed], nextPageToken: '', prevPageToken: '', totalSize: 1 };
  }

  private async playlist(request: IncomingMessage, response: ServerResponse, esn: string): Promise<void> {
    this.counters.mediaRequests += 1;
    if (!this.bearer(request)) return sendText(response, 401, 'Unauthorized');
    const camera = this.cameras.find((candidate) => esnOf(candidate.id) === esn);
    if (!camera?.online) return sendText(response, 404, 'Not found');
    const entry = this.lease(camera);
    try {
      await entry.lease.encoder.waitForFirstSegment(15_000);
    } catch {
      return sendText(response, 503, 'Stream unavailable');
    }
    const segments = entry.lease.ring.segments.slice(-this.site.liveWindow);
    response.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'no-store' });
    response.end(mediaPlaylist(segments, { uri: (segment) => `${segment.sequence}.ts` }));
  }

  private segment(request: IncomingMessage, response: ServerResponse, esn: string, sequence: number): void {
    this.counters.mediaRequests += 1;
    if (!this.bearer(request)) return sendText(response, 401, 'Unauthorized');
    const camera = this.cameras.find((candidate) => esnOf(candidate.id) === esn);
    const entry = camera ? this.leases.get(camera.id) : undefined;
    const segment = entry?.lease.ring.segments.find((candidate) => candidate.sequence === sequence);
    if (!entry || !segment) return sendText(response, 404, 'Not found');
    entry.lastUsed = Date.now();
    sendFile(response, segment.path, 'video/mp2t', segment.bytes);
  }

  private lease(camera: SimCamera): { lease: EncoderLease; lastUsed: number } {
    let entry = this.leases.get(camera.id);
    if (!entry) {
      const main = this.site.profiles.at(-1);
      if (!main) throw new Error('the site has no stream profiles');
      entry = { lease: this.site.pool.acquire(camera, main), lastUsed: Date.now() };
      this.leases.set(camera.id, entry);
    }
    entry.lastUsed = Date.now();
    return entry;
  }

  private sweep(): void {
    const idle = this.options.streamLingerMs ?? 10_000;
    for (const [id, entry] of this.leases) {
      if (Date.now() - entry.lastUsed > idle) {
        entry.lease.release();
        this.leases.delete(id);
      }
    }
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
