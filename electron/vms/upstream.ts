import type { MediaUpstream, UpstreamRequest } from './adapter';
import { VmsError } from './errors';
import type { HttpFetch, HttpResponse } from './http';
import { keepAliveFetch } from './keep-alive-fetch';

/** Redirects followed before a fetch gives up (a loop, or a chain no VMS needs). */
const MAX_REDIRECTS = 5;

export interface CredentialedUpstreamOptions {
  /** Default: `keepAliveFetch`, the lean client for the requests a wall makes all the time. */
  readonly fetch?: HttpFetch | undefined;
  /**
   * The exact origins (`scheme://host:port`) the credentials were given for. A URL on any
   * other origin — another port of the same host, the same host over plain http when the
   * credentials were given for https, a host a playlist names — is fetched without them.
   */
  readonly origins: readonly string[];
  /** The credential headers, asked per request because tokens rotate. */
  readonly headers: () => Promise<Readonly<Record<string, string>>> | Readonly<Record<string, string>>;
  /**
   * The server refused the credentials `sent` (401): renew them. The request is then sent
   * once more with `headers()`. Where tokens rotate, a segment fetched with a token another
   * caller is just replacing meets a 401 through no fault of its own; without this, the
   * tile's player would count it as a failed load. Absent: a 401 is the answer.
   */
  readonly refused?: (sent: Readonly<Record<string, string>>) => Promise<unknown>;
  /** See MediaUpstream.identity. */
  readonly identity?: (url: string) => string;
}

/**
 * A MediaUpstream that attaches credentials per request, only to the origins they were
 * saved for. Redirects are followed by hand, one hop at a time, so that a hop to another
 * origin loses the credentials instead of carrying them along.
 */
export function credentialedUpstream(options: CredentialedUpstreamOptions): MediaUpstream {
  const fetch = options.fetch ?? keepAliveFetch;
  const trusted = new Set(options.origins.map(originOf).filter((origin): origin is string => origin !== undefined));
  const upstream: MediaUpstream = {
    async fetch(request: UpstreamRequest): Promise<HttpResponse> {
      let url = request.url;
      let renewed = false;
      for (let hop = 0; ; hop++) {
        const origin = originOf(url);
        const headers = origin !== undefined && trusted.has(origin) ? await options.headers() : undefined;
        const response = await fetch({ url, timeoutMs: request.timeoutMs, signal: request.signal, headers, redirect: 'manual' });
        if (response.status === 401 && headers && options.refused && !renewed) {
          // Once per request: credentials refused again are the answer, not a loop.
          renewed = true;
          await options.refused(headers);
          hop -= 1;
          continue;
        }
        const location = isRedirect(response.status) ? response.headers.get('location') : null;
        if (location === null) return url === request.url ? response : { ...response, url };
        if (hop >= MAX_REDIRECTS) throw new VmsError({ kind: 'protocol', url }, `Too many redirects fetching media (${MAX_REDIRECTS})`);
        url = new URL(location, url).toString();
      }
    },
  };
  if (options.identity) upstream.identity = options.identity;
  return upstream;
}

/** Media fetched with no credentials at all (the URL itself carries what is needed, e.g. a ticket). */
export function plainUpstream(fetch: HttpFetch = keepAliveFetch, identity?: (url: string) => string): MediaUpstream {
  return credentialedUpstream({ fetch, origins: [], headers: () => ({}), identity });
}

/** `scheme://host:port` of an address, with the scheme's default port made explicit by URL itself; undefined if unparseable. */
export function originOf(address: string): string | undefined {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
