import { VmsError } from './errors';
import { redactUrl } from '../common/redact';

export interface HttpRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Whole-request deadline, including reading the body. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /**
   * `manual` returns a redirect as it is (status 3xx and its `location`), so that a caller
   * holding credentials decides where they may follow (see upstream.ts). Default: follow.
   */
  readonly redirect?: 'follow' | 'manual';
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Uint8Array;
  /** The URL that answered, when redirects led elsewhere: relative URIs in the body resolve against it. */
  readonly url?: string;
}

export type HttpFetch = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * One HTTP exchange with a deadline. Network failures become VmsErrors whose message
 * says what happened in words (refused, DNS, TLS, timeout), never a bare "fetch failed".
 */
export const httpFetch: HttpFetch = async (request) => {
  const deadline = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
  try {
    const response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body,
      signal,
      redirect: request.redirect ?? 'follow',
    });
    const body = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    throw deadline.aborted ? noAnswerError(request, error) : unreachableError(request, error);
  }
};

/** The VmsError of a request that got no answer within its deadline, in words. */
export function noAnswerError(request: HttpRequest, cause?: unknown): VmsError {
  return new VmsError({ kind: 'timeout', url: request.url }, `No answer within ${request.timeoutMs / 1000} s (${requestPlace(request)})`, { cause });
}

/** The VmsError of a request that failed on the network (refused, DNS, TLS, dropped), in words. */
export function unreachableError(request: HttpRequest, cause: unknown): VmsError {
  return new VmsError({ kind: 'unreachable', url: request.url }, `${describeNetworkError(cause)} (${requestPlace(request)})`, { cause });
}

/** `GET https://vms/…` with any secret in the address masked: where an error message says it happened. */
function requestPlace(request: HttpRequest): string {
  return `${request.method ?? 'GET'} ${redactUrl(request.url)}`;
}

/** Words for the low-level error behind undici's "fetch failed". */
export function describeNetworkError(error: unknown): string {
  const code = networkErrorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return 'Connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'Host name not found (DNS)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'Connection dropped by the server';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'No route to the server';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'Connection timed out';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return `TLS error: the server's certificate is self-signed, so it cannot be trusted (${code})`;
    case 'CERT_HAS_EXPIRED':
      return `TLS error: the server's certificate has expired (${code})`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `TLS error: the server's certificate is for another host name (${code})`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `TLS error: the server's certificate is not signed by a trusted authority (${code})`;
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      // What an https:// URL gets from a port that speaks plain HTTP.
      return `TLS error: the server does not speak TLS on this port; try http:// (${code})`;
    default:
      if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || code?.startsWith('ERR_SSL')) return `TLS error (${code})`;
      // undici refuses the fetch standard's "bad ports" (e.g. 6000, 6666) before connecting.
      if (!code && innermostMessage(error) === 'bad port') return 'This port is one HTTP clients refuse to use (a "bad port" of the fetch standard)';
      return code ? `Network error (${code})` : 'Network error';
  }
}

function innermostMessage(error: unknown): string | undefined {
  let message: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    message = current.message;
    current = current.cause;
  }
  return message;
}

function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
