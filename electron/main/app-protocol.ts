import type { Protocol } from 'electron';
import type { AppAssets } from '../core/app-assets';
import { MEDIA_ROUTE, type MediaProxy } from '../media/media-proxy';

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

/** Privileges the scheme must be registered with before `ready`, so it behaves like https. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } as const;

export interface AppProtocolDeps {
  readonly assets: AppAssets;
  readonly media: MediaProxy;
}

/**
 * Answers one request on the app scheme: media through the proxy, everything else from
 * the built renderer. Plain fetch Request/Response, so it is tested without Electron.
 */
export async function handleAppRequest(request: Request, deps: AppProtocolDeps): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
  const answer = url.pathname.startsWith(MEDIA_ROUTE)
    ? await deps.media.handle(url.pathname.slice(MEDIA_ROUTE.length), request.signal)
    : await deps.assets.get(url.pathname);
  return new Response(request.method === 'HEAD' ? null : answer.body, { status: answer.status, headers: answer.headers });
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, deps: AppProtocolDeps): void {
  protocol.handle(APP_SCHEME, (request) => handleAppRequest(request, deps));
}
