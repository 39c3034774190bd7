import { timingSafeEqual } from 'node:crypto';
import { KEY_PROTOCOL_PREFIX, LAUNCH_KEY_HEADER, RESOURCE_CAPABILITY_PARAM } from '../../shared/ipc/wire';
import type { Capabilities } from './capability';

export interface AccessPolicy {
  /** The per-launch key the launcher prints in the wall's address. */
  readonly key: string;
  /** `host:port` values a request's Host header may carry. */
  readonly allowedHosts: ReadonlySet<string>;
  /** Origins (`http://host:port`) a request's Origin header may carry. */
  readonly allowedOrigins: ReadonlySet<string>;
  readonly capabilities: Capabilities;
}

/**
 * What is asked for: the app's page and its scripts (the same for everyone, no data, so
 * open: a reload must work without anything the browser adds by itself), one of the
 * core's resources (video, event pictures, downloads), or the control socket.
 */
export type RequestKind = 'page' | 'resource' | 'socket';

export type AccessDecision = { readonly ok: true } | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

export interface RequestHeaders {
  readonly host?: string;
  readonly origin?: string;
  readonly 'sec-websocket-protocol'?: string;
  readonly [LAUNCH_KEY_HEADER]?: string | string[];
}

/**
 * The web transport's gate, applied to every HTTP request and WebSocket upgrade: a
 * foreign Host (DNS rebinding) or Origin (another site in the same browser) gets 403;
 * the socket needs the launch key (as a subprotocol), a resource the key (in a header)
 * or a live capability (in the query), else 401. Cookies are never looked at.
 */
export function checkAccess(policy: AccessPolicy, headers: RequestHeaders, url: URL, kind: RequestKind): AccessDecision {
  if (!headers.host || !policy.allowedHosts.has(headers.host.toLowerCase())) return { ok: false, status: 403, reason: 'Host not allowed' };
  if (headers.origin !== undefined && !policy.allowedOrigins.has(headers.origin.toLowerCase())) return { ok: false, status: 403, reason: 'Origin not allowed' };
  if (kind === 'page') return { ok: true };
  if (kind === 'socket') return offeredKeys(headers['sec-websocket-protocol']).some((key) => sameKey(key, policy.key)) ? { ok: true } : missingKey();
  const header = headers[LAUNCH_KEY_HEADER];
  if (typeof header === 'string' && sameKey(header, policy.key)) return { ok: true };
  if (policy.capabilities.verify(url.searchParams.get(RESOURCE_CAPABILITY_PARAM))) return { ok: true };
  return missingKey();
}

function missingKey(): AccessDecision {
  return { ok: false, status: 401, reason: 'Missing, wrong or expired launch key: open the address Tessera printed' };
}

function offeredKeys(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol.startsWith(KEY_PROTOCOL_PREFIX))
    .map((protocol) => protocol.slice(KEY_PROTOCOL_PREFIX.length));
}

function sameKey(candidate: string, key: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Set-Cookie headers that delete the launch cookies earlier versions set (`tessera_<port>`):
 * the browser sends every 127.0.0.1 cookie here, whatever port set it, and each one it
 * keeps it also hands to every other web server on this machine.
 */
export function expireLegacyCookies(cookieHeader: string | undefined): string[] {
  if (!cookieHeader) return [];
  return cookieHeader
    .split(';')
    .map((part) => part.trim().split('=')[0] ?? '')
    .filter((name) => /^tessera_\d{1,5}$/.test(name))
    .map((name) => `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`);
}
