import { Agent as HttpAgent, type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type HttpFetch, httpFetch, type HttpRequest, type HttpResponse, noAnswerError, unreachableError } from './http';

/**
 * Kept-alive connections to the VMS, shared by every media stream. A live tile asks its VMS
 * for a segment and a playlist every segment (1-2 s), so a connection is always about to be
 * used again; LIFO hands out the most recently used one, which the server has not yet timed
 * out, and leaves the others to close by themselves.
 */
const AGENT_OPTIONS = { keepAlive: true, scheduling: 'lifo', maxFreeSockets: 64 } as const;
const httpAgent = new HttpAgent(AGENT_OPTIONS);
const httpsAgent = new HttpsAgent(AGENT_OPTIONS);

/**
 * The media path's HTTP client: Node's own `http` with kept-alive connections, for the
 * requests a wall makes all the time (each live tile's segments and playlists).
 *
 * It does what `httpFetch` does for a request that handles its own redirects (`manual`), at
 * a fraction of the CPU: the core's profile of a 16-tile wall spent more on undici's `fetch`
 * machinery (its Request, Response, AbortSignal.any and timeout per request) than on
 * anything but the sockets' writes (`npm run bench:upstream` measures the two). Errors are
 * the same VmsErrors in the same words. A request that follows redirects, or whose URL Node
 * cannot send, goes through `httpFetch`, which has the rules for both.
 */
export const keepAliveFetch: HttpFetch = (request) => {
  const url = sendableUrl(request);
  if (!url) return httpFetch(request);
  return exchange(request, url);
};

function sendableUrl(request: HttpRequest): URL | undefined {
  if (request.redirect !== 'manual') return undefined;
  try {
    const url = new URL(request.url);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** How a kept-alive connection the server closed fails a request written to it: reset, or a write to a closed socket. */
const CLOSED_CONNECTION = new Set(['ECONNRESET', 'EPIPE']);

/** `retry`: the request's second go, after a kept-alive connection failed it; it goes on a connection of its own. */
function exchange(request: HttpRequest, url: URL, retry = false): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const signal = request.signal;
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void => {
      finish(() => reject(signal ? abortReason(signal) : new Error('aborted')));
      outgoing.destroy();
    };
    const fail = (error: Error): void => {
      // A kept-alive connection the server closed just as it was taken: the request never
      // reached the server, so a GET is sent once more (Node's documented remedy for
      // `reusedSocket`), on a new connection: the pool's next idle one may have been closed
      // by the same server at the same moment (a busy VMS's idle timers fire late, together).
      if (!retry && outgoing.reusedSocket && (request.method ?? 'GET') === 'GET' && CLOSED_CONNECTION.has((error as NodeJS.ErrnoException).code ?? '')) {
        finish(() => resolve(exchange(request, url, true)));
        return;
      }
      finish(() => reject(unreachableError(request, error)));
    };
    const deadline = setTimeout(() => {
      finish(() => reject(noAnswerError(request)));
      outgoing.destroy();
    }, request.timeoutMs);
    const client = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing: ClientRequest = client(url, { method: request.method ?? 'GET', headers: request.headers, agent: retry ? false : url.protocol === 'https:' ? httpsAgent : httpAgent }, (incoming) => {
      readBody(incoming).then(
        (body) => finish(() => resolve({ status: incoming.statusCode ?? 0, headers: headersOf(incoming), body })),
        (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
      );
    });
    outgoing.on('error', fail);
    signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.end(request.body);
  });
}

/** Why the caller aborted, as an Error (AbortSignal's reason may be any value). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException(typeof reason === 'string' ? reason : 'The request was aborted', 'AbortError');
}

function readBody(incoming: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
    incoming.on('error', reject);
    // A server that drops the connection in the middle of the body (after 'end', no-op).
    incoming.on('close', () => {
      if (!incoming.complete) reject(Object.assign(new Error('The connection closed in the middle of the answer'), { code: 'ECONNRESET' }));
    });
  });
}

/** The response's headers as the WHATWG `Headers` every caller reads (repeated names kept). */
function headersOf(incoming: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let at = 0; at + 1 < raw.length; at += 2) {
    const [name, value] = [raw[at], raw[at + 1]];
    if (name === undefined || value === undefined) continue;
    try {
      headers.append(name, value);
    } catch {
      // A header no WHATWG client would accept either: nothing the media path reads.
    }
  }
  return headers;
}
