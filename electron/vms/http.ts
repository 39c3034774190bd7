import { VmsError } from './errors';
import { redactUrl } from '../core/redact';

export interface HttpRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Whole-request deadline, including reading the body. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Uint8Array;
}

export type HttpFetch = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * One HTTP exchange with a deadline. Network failures become VmsErrors whose message
 * says what happened in words (refused, DNS, TLS, timeout), never a bare "fetch failed".
 */
export const httpFetch: HttpFetch = async (request) => {
  const deadline = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
  const where = `${request.method ?? 'GET'} ${redactUrl(request.url)}`;
  try {
    const response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body,
      signal,
      redirect: 'follow',
    });
    const body = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    if (deadline.aborted) {
      throw new VmsError({ kind: 'timeout', url: request.url }, `No answer within ${request.timeoutMs / 1000} s (${where})`, { cause: error });
    }
    throw new VmsError({ kind: 'unreachable', url: request.url }, `${describeNetworkError(error)} (${where})`, { cause: error });
  }
};

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
    default:
      if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || code?.startsWith('ERR_SSL')) return `TLS error (${code})`;
      return code ? `Network error (${code})` : 'Network error';
  }
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
