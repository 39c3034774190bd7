import type { z } from 'zod';
import { parseRetryAfter, VmsError } from '../errors';
import { type HttpFetch, httpFetch, type HttpResponse } from '../http';
import { ErrorBody } from './vxg-schemas';

/** How a call is authorised: `Authorization: <scheme> <token>` (LKey, Acc or SI). */
export interface VxgAuth {
  readonly scheme: 'LKey' | 'Acc' | 'SI';
  readonly token: string;
}

export interface VxgCall<T> {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  readonly schema: z.ZodType<T>;
  readonly signal?: AbortSignal;
}

/** Pages of a list followed through `meta.next`, at most this many (a runaway `next` must end). */
const MAX_PAGES = 200;

/**
 * One JSON call to a VXG API at `base`, its reply schema-checked, its failures in words
 * and in the categories the core acts on: 401 is a refused token (sign-in needed), 429 and
 * 503 back off as the server asks (`Retry-After`), a 503 "stream is starting" is retried
 * within a second, anything unreadable names the URL. VXG answers errors as
 * `{"errorDetail": "..."}` (VXG.API.Samples.Python).
 */
export class VxgClient {
  private readonly fetch: HttpFetch;

  constructor(options: { readonly fetch?: HttpFetch; readonly timeoutMs: number }) {
    this.fetch = options.fetch ?? httpFetch;
    this.timeoutMs = options.timeoutMs;
  }

  private readonly timeoutMs: number;

  async call<T>(base: string, path: string, auth: VxgAuth, call: VxgCall<T>): Promise<T> {
    const url = this.url(base, path, call.query);
    const response = await this.fetch({
      url,
      method: call.method ?? 'GET',
      headers: { authorization: `${auth.scheme} ${auth.token}`, accept: 'application/json', ...(call.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      timeoutMs: this.timeoutMs,
      signal: call.signal,
    });
    return this.read(response, url, call.schema);
  }

  /** Every object of a paged list, following `meta.next` (a path on the same host, or a URL). */
  async all<O>(base: string, path: string, auth: VxgAuth, query: Readonly<Record<string, string | number | undefined>>, schema: z.ZodType<{ meta: { next?: string | null | undefined }; objects: O[] }>, signal?: AbortSignal): Promise<O[]> {
    const objects: O[] = [];
    let page = await this.call(base, path, auth, { query, schema, signal });
    objects.push(...page.objects);
    for (let count = 1; page.meta.next && count < MAX_PAGES; count++) {
      const next = new URL(page.meta.next, new URL(base).origin).toString();
      page = await this.callUrl(next, auth, schema, signal);
      objects.push(...page.objects);
    }
    return objects;
  }

  /** A binary resource the API pointed at (a thumbnail, a record): its URL carries its own ticket. */
  async binary(url: string, signal?: AbortSignal): Promise<HttpResponse> {
    const response = await this.fetch({ url, timeoutMs: Math.max(this.timeoutMs, 30_000), signal });
    if (response.status !== 200) throw this.failure(response, url);
    return response;
  }

  url(base: string, path: string, query: Readonly<Record<string, string | number | undefined>> = {}): string {
    const url = new URL(`${base.replace(/\/+$/, '')}${path}`);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    return url.toString();
  }

  private async callUrl<T>(url: string, auth: VxgAuth, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
    const response = await this.fetch({ url, headers: { authorization: `${auth.scheme} ${auth.token}`, accept: 'application/json' }, timeoutMs: this.timeoutMs, signal });
    return this.read(response, url, schema);
  }

  private read<T>(response: HttpResponse, url: string, schema: z.ZodType<T>): T {
    if (response.status < 200 || response.status >= 300) throw this.failure(response, url);
    if (response.status === 204) return schema.parse({});
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(response.body));
    } catch {
      throw new VmsError({ kind: 'protocol', url, httpStatus: response.status }, `VXG sent a reply that is not JSON (${redacted(url)})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new VmsError({ kind: 'protocol', url, httpStatus: response.status }, `VXG sent a reply of an unexpected shape (${redacted(url)})`);
    return parsed.data;
  }

  private failure(response: HttpResponse, url: string): VmsError {
    const status = response.status;
    const detail = errorDetail(response.body);
    const said = detail ? `: ${detail}` : '';
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    if (status === 401) return new VmsError({ kind: 'auth', url, httpStatus: status }, `VXG refused the token (HTTP 401${said})`);
    if (status === 403) return new VmsError({ kind: 'rejected', url, httpStatus: status }, `VXG refused this with the token given (HTTP 403${said})`);
    if (status === 404) return new VmsError({ kind: 'not-found', url, httpStatus: status }, `VXG has no such resource (HTTP 404${said})`);
    if (status === 429) return new VmsError({ kind: 'rate-limited', url, httpStatus: status, retryAfterMs: retryAfterMs ?? 5000 }, `VXG asks to slow down (HTTP 429${said})`);
    if (status === 503 && /starting/i.test(detail ?? '')) {
      // The cloud is connecting to the camera: VXG's own SDK asks again every second (CloudSDK `_polingLoadCameraLiveUrl`).
      return new VmsError({ kind: 'starting', url, httpStatus: status, retryAfterMs: 1000 }, "The camera's stream is starting");
    }
    if (status === 503) return new VmsError({ kind: retryAfterMs === undefined ? 'http' : 'rate-limited', url, httpStatus: status, retryAfterMs }, `VXG is unavailable (HTTP 503${said})`);
    return new VmsError({ kind: 'http', url, httpStatus: status }, `VXG answered HTTP ${status}${said}`);
  }
}

function errorDetail(body: Uint8Array): string | undefined {
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(new TextDecoder().decode(body)));
    return parsed.success ? parsed.data.errorDetail.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

function redacted(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
