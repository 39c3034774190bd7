import { timingSafeEqual } from 'node:crypto';

export interface AccessPolicy {
  readonly secret: string;
  /** `host:port` values a request's Host header may carry. */
  readonly allowedHosts: ReadonlySet<string>;
  /** Origins (`http://host:port`) a request's Origin header may carry. */
  readonly allowedOrigins: ReadonlySet<string>;
  readonly cookieName: string;
}

export type AccessDecision =
  | { readonly ok: true; /** The secret came in the query: set the cookie and drop it from the URL. */ readonly fromQuery: boolean }
  | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

export const SECRET_PARAM = 'k';

/**
 * The web transport's gate, applied to every HTTP request and WebSocket upgrade:
 * a foreign Host (DNS rebinding) or Origin (another site in the same browser) gets
 * 403; a request without the per-launch secret, in its cookie or the query, gets 401.
 */
export function checkAccess(policy: AccessPolicy, headers: { host?: string; origin?: string; cookie?: string }, url: URL): AccessDecision {
  if (!headers.host || !policy.allowedHosts.has(headers.host.toLowerCase())) return { ok: false, status: 403, reason: 'Host not allowed' };
  if (headers.origin !== undefined && !policy.allowedOrigins.has(headers.origin.toLowerCase())) return { ok: false, status: 403, reason: 'Origin not allowed' };
  const fromCookie = readCookie(headers.cookie, policy.cookieName);
  if (fromCookie !== undefined && sameSecret(fromCookie, policy.secret)) return { ok: true, fromQuery: false };
  const fromQuery = url.searchParams.get(SECRET_PARAM);
  if (fromQuery !== null && sameSecret(fromQuery, policy.secret)) return { ok: true, fromQuery: true };
  return { ok: false, status: 401, reason: 'Missing or wrong launch secret' };
}

export function sessionCookie(policy: AccessPolicy): string {
  return `${policy.cookieName}=${policy.secret}; Path=/; HttpOnly; SameSite=Strict`;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function sameSecret(candidate: string, secret: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
