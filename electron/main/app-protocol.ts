import type { Protocol } from 'electron';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { AppRoutes } from '../common/http-answer';

/** The renderer's origin in Electron: `tessera://app/`. Media is served under it too. */
export const APP_SCHEME = 'tessera';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * True for URLs of the app itself. Compared by scheme and host, not `URL.origin`: Node's
 * URL gives custom schemes an opaque "null" origin, Electron's registered one does not.
 */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Privileges the scheme must be registered with before `ready`, so it behaves like https.
 * `codeCache`: Chromium keeps V8's compiled code only for http(s) scripts unless a custom
 * scheme asks for it (with `standard`; Electron's `protocol.registerSchemesAsPrivileged`,
 * https://www.electronjs.org/docs/latest/api/protocol). Without it every start of the wall
 * parsed and compiled the whole renderer bundle again (about 1 MB, 0.3 s of a busy 2-core
 * machine's thread pool before the page could run); with it, starts after the first reuse
 * the code compiled before.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true } as const;

/**
 * Answers one request on the app scheme through the core's routes (media, event media,
 * then the built renderer). Plain fetch Request/Response, so it is tested without Electron.
 */
export async function handleAppRequest(request: Request, routes: AppRoutes): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
  const answer = await routes.handle(url, request.signal);
  if (request.method === 'HEAD') return new Response(null, { status: answer.status, headers: answer.headers });
  if (answer.file) {
    // Streamed: an export may be far larger than anything worth reading into memory.
    const stream = Readable.toWeb(createReadStream(answer.file.path)) as ReadableStream<Uint8Array>;
    return new Response(stream, { status: answer.status, headers: { ...answer.headers, 'content-length': String(answer.file.size) } });
  }
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, routes: AppRoutes): void {
  protocol.handle(APP_SCHEME, (request) => handleAppRequest(request, routes));
}
