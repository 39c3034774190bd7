import type { z } from 'zod';
import { VmsError } from '../errors';
import { httpFetch, type HttpFetch } from '../http';
import { IvmsEnvelope } from './ivms-schemas';

export interface IvmsClientOptions {
  /** `http://host:port` of the API server. */
  readonly baseUrl: string;
  /** Context prefix some deployments put before `/REST/local`, e.g. `/V-Pro-IVMS-APIServer`. */
  readonly pathPrefix: string;
  readonly timeoutMs: number;
  readonly fetch?: HttpFetch;
  /**
   * Sent on every call: `Authorization` where the deployment puts the API behind a
   * reverse proxy with Basic authentication (the API itself has none).
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** IVMS status codes from the document, with the words an operator sees. */
const STATUS_OK = new Set([2000, 2007]);

/**
 * Transport for the IVMS Pro TS API: builds URLs under the configured prefix, unwraps
 * the `{status, result}` envelope and turns every failure into a VmsError naming the
 * URL and status. An unexpected shape is an error, never a crash.
 */
export class IvmsClient {
  private readonly fetch: HttpFetch;
  readonly apiRoot: string;

  constructor(private readonly options: IvmsClientOptions) {
    this.fetch = options.fetch ?? httpFetch;
    this.apiRoot = joinUrl(options.baseUrl, normalisePrefix(options.pathPrefix), 'REST/local');
  }

  url(path: string): string {
    return `${this.apiRoot}/${path.replace(/^\/+/, '')}`;
  }

  /** Calls `path` and returns the reply's text as is, for replies that are not valid JSON in the field. */
  async text(path: string, signal?: AbortSignal): Promise<{ status: number; text: string }> {
    const url = this.url(path);
    const response = await this.fetch({ url, timeoutMs: this.options.timeoutMs, headers: this.options.headers, signal });
    this.checkAccess(url, response.status);
    return { status: response.status, text: new TextDecoder().decode(response.body) };
  }

  /**
   * Calls an endpoint that answers with bytes on success (event snap and clip) and with
   * the JSON envelope on failure.
   */
  async binary(path: string, signal?: AbortSignal): Promise<{ bytes: Uint8Array; contentType: string }> {
    const url = this.url(path);
    const response = await this.fetch({ url, timeoutMs: Math.max(this.options.timeoutMs, 30_000), headers: this.options.headers, signal });
    this.checkAccess(url, response.status);
    const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
    if (response.status === 200 && !contentType.includes('json')) return { bytes: response.body, contentType };
    const envelope = parseEnvelope(url, response.status, new TextDecoder().decode(response.body));
    throw STATUS_OK.has(envelope.status)
      ? new VmsError({ kind: 'protocol', url, httpStatus: response.status }, `Expected a picture or video from ${url}, got an empty reply`)
      : statusError(url, response.status, envelope);
  }

  /** Calls `path` and returns its `result`, checked against `schema`. */
  async call<S extends z.ZodType>(path: string, schema: S, init: { method?: 'GET' | 'POST'; signal?: AbortSignal } = {}): Promise<z.output<S>> {
    const url = this.url(path);
    const response = await this.fetch({ url, method: init.method ?? 'GET', timeoutMs: this.options.timeoutMs, headers: this.options.headers, signal: init.signal });
    this.checkAccess(url, response.status);
    const envelope = parseEnvelope(url, response.status, new TextDecoder().decode(response.body));
    if (!STATUS_OK.has(envelope.status)) throw statusError(url, response.status, envelope);
    const parsed = schema.safeParse(envelope.result);
    if (!parsed.success) {
      throw new VmsError(
        { kind: 'protocol', url, httpStatus: response.status, vendorStatus: envelope.status },
        `Unexpected reply from ${url} (HTTP ${response.status}): ${parsed.error.issues[0]?.message ?? 'wrong shape'} at result${formatPath(parsed.error.issues[0]?.path)}`,
      );
    }
    return parsed.data;
  }

  /**
   * 401 and 403 come from the reverse proxy in front of the API, not from IVMS (which has
   * no authentication), so their bodies are the proxy's HTML: say what they mean before
   * anything tries to read an envelope from them.
   */
  private checkAccess(url: string, httpStatus: number): void {
    if (httpStatus === 401) {
      const sent = this.options.headers?.['authorization'] !== undefined;
      throw new VmsError({ kind: 'auth', url, httpStatus }, sent ? 'The server refused the user name or password (HTTP 401)' : 'The server asks for a user name and password (HTTP 401)');
    }
    if (httpStatus === 403) throw new VmsError({ kind: 'auth', url, httpStatus }, 'The server refused access to its API (HTTP 403)');
  }
}

function parseEnvelope(url: string, httpStatus: number, text: string): IvmsEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The document's own failure examples are not valid JSON (an unclosed string before
    // "uri"); real servers copy that. Recover a failure's status code when it is there.
    // Never a success's: its result is what got cut off, and an empty list would pass
    // for "no cameras".
    const sniffed = /"status"\s*:\s*(\d{3,4})/.exec(text);
    if (sniffed?.[1] && !STATUS_OK.has(Number(sniffed[1]))) {
      const messageMatch = /"message"\s*:\s*"([^"]*)/.exec(text);
      return { status: Number(sniffed[1]), result: [], message: messageMatch?.[1]?.replace(/[.,\s]+$/, '') };
    }
    if (httpStatus === 404) throw new VmsError({ kind: 'not-found', url, httpStatus }, `Not found: ${url} (HTTP 404)`);
    throw new VmsError({ kind: 'protocol', url, httpStatus }, `Reply from ${url} is not JSON (HTTP ${httpStatus})`);
  }
  const envelope = IvmsEnvelope.safeParse(json);
  if (!envelope.success) {
    if (httpStatus === 404) throw new VmsError({ kind: 'not-found', url, httpStatus }, `Not found: ${url} (HTTP 404)`);
    throw new VmsError({ kind: 'protocol', url, httpStatus }, `Reply from ${url} is not an IVMS envelope (HTTP ${httpStatus})`);
  }
  return envelope.data;
}

function statusError(url: string, httpStatus: number, envelope: IvmsEnvelope): VmsError {
  const details = { url, httpStatus, vendorStatus: envelope.status };
  const said = envelope.message ? `: ${envelope.message}` : '';
  switch (envelope.status) {
    case 1504:
      return new VmsError({ ...details, kind: 'site-down' }, `The site VMS server is down (IVMS 1504${said})`);
    case 3002:
      return new VmsError({ ...details, kind: 'rejected' }, `The VMS refused the request (IVMS 3002${said})`);
    case 3110:
      return new VmsError({ ...details, kind: 'not-found' }, `No such channel on the VMS (IVMS 3110${said})`);
    default:
      return new VmsError({ ...details, kind: 'http' }, `The VMS answered status ${envelope.status} (HTTP ${httpStatus}${said}) for ${url}`);
  }
}

function formatPath(path: readonly PropertyKey[] | undefined): string {
  return (path ?? []).map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
}

function normalisePrefix(prefix: string): string {
  return prefix.replace(/^\/+|\/+$/g, '');
}

function joinUrl(base: string, ...parts: string[]): string {
  const root = base.replace(/\/+$/, '');
  const rest = parts.filter((part) => part.length > 0).join('/');
  return rest ? `${root}/${rest}` : root;
}
