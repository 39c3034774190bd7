import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** The user name and password the simulator asks for, as a reverse proxy in front of IVMS would. */
export interface SimAuth {
  readonly username: string;
  readonly password: string;
}

const CHALLENGE = 'Basic realm="IVMS", charset="UTF-8"';

/**
 * Whether a request carries the expected Basic credentials (always true when none are
 * configured). Compared in constant time, as a real proxy would.
 */
export function isAuthorized(auth: SimAuth | undefined, headers: IncomingHttpHeaders): boolean {
  if (!auth) return true;
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(headers.authorization ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'base64');
  const expected = Buffer.from(`${auth.username}:${auth.password}`, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The answer of an authenticating proxy: 401 with a challenge and a body that is not IVMS JSON. */
export function sendUnauthorized(response: ServerResponse): void {
  const body = '401 Authorization Required';
  response.writeHead(401, { 'www-authenticate': CHALLENGE, 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  response.end(body);
}

/** The same refusal for a WebSocket upgrade. */
export function refuseUpgrade(socket: Duplex): void {
  socket.end(`HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: ${CHALLENGE}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Reads `user:pass` (the password may itself contain colons). */
export function parseSimAuth(value: string): SimAuth | undefined {
  const colon = value.indexOf(':');
  if (colon < 1) return undefined;
  return { username: value.slice(0, colon), password: value.slice(colon + 1) };
}
