import type { z } from 'zod';
import { z as zod } from 'zod';
import { parseRetryAfter, VmsError } from '../errors';
import type { HttpFetch, HttpResponse } from '../http';
import type { MilestoneToken } from './milestone-token';

const ErrorEnvelope = zod.object({ error: zod.object({ httpCode: zod.number().optional(), details: zod.array(zod.object({ errorText: zod.string() }).loose()).optional() }).loose() }).loose();

export interface MilestoneClientOptions {
  /** `https://{host}`; the gateway's API is under `{base}/api`. */
  readonly baseUrl: string;
  readonly token: MilestoneToken;
  readonly fetch: HttpFetch;
  readonly timeoutMs: number;
}

/**
 * The API Gateway's REST calls with the current bearer token. Replies come in envelopes
 * (`{"array":[…]}` for lists, `{"data":{…}}` for one, `{"error":{"httpCode","details":
 * [{"errorText"}]}}`; mipsdk-samples-protocol `RestfulCommunicationPython`), which callers
 * read with their schema. A 401 gets a new token (shared with every other caller) and one
 * retry; a second 401 is a refused sign-in.
 */
export class MilestoneClient {
  constructor(private readonly options: MilestoneClientOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  async call<S extends z.ZodType>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, schema: S, body?: unknown, signal?: AbortSignal): Promise<z.output<S>> {
    const url = `${this.options.baseUrl}/api${path}`;
    let token = await this.options.token.get(signal);
    let response = await this.send(method, url, token.value, body, signal);
    if (response.status === 401) {
      token = await this.options.token.refused(token.value, signal);
      response = await this.send(method, url, token.value, body, signal);
    }
    const text = new TextDecoder().decode(response.body);
    let json: unknown = undefined;
    if (text.trim()) {
      try {
        json = JSON.parse(text);
      } catch {
        if (response.status < 300) throw new VmsError({ kind: 'protocol', url, httpStatus: response.status }, `Milestone sent an unreadable answer to ${method} ${path}`);
      }
    }
    if (response.status >= 300) throw failure(method, path, url, response, json);
    const parsed = schema.safeParse(json ?? {});
    if (!parsed.success) throw new VmsError({ kind: 'protocol', url, httpStatus: response.status }, `Milestone's answer to ${method} ${path} is not what its API documents`);
    return parsed.data;
  }

  private send(method: string, url: string, token: string, body: unknown, signal?: AbortSignal): Promise<HttpResponse> {
    return this.options.fetch({
      url,
      method: method as 'GET',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      timeoutMs: this.options.timeoutMs,
      ...(signal ? { signal } : {}),
    });
  }
}

function failure(method: string, path: string, url: string, response: HttpResponse, json: unknown): VmsError {
  const envelope = ErrorEnvelope.safeParse(json);
  const text = envelope.success ? (envelope.data.error.details ?? []).map((detail) => detail.errorText).join('; ') : '';
  const why = `${method} ${path}: HTTP ${response.status}${text ? ` (${text})` : ''}`;
  const status = response.status;
  if (status === 401 || status === 403) return new VmsError({ kind: 'auth', url, httpStatus: status }, `Milestone refused the sign-in token (${why})`);
  if (status === 404) return new VmsError({ kind: 'not-found', url, httpStatus: status }, `Milestone does not know it (${why})`);
  if (status === 429 || (status === 503 && response.headers.get('retry-after'))) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return new VmsError({ kind: 'rate-limited', url, httpStatus: status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }, `Milestone asks to slow down (${why})`);
  }
  if (status === 400 || status === 409 || status === 422) return new VmsError({ kind: 'rejected', url, httpStatus: status }, `Milestone refused the request (${why})`);
  return new VmsError({ kind: 'http', url, httpStatus: status }, `Milestone failed (${why})`);
}
