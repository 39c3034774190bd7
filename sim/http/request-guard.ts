import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

export interface GuardOptions {
  /** The address the server is bound to. */
  readonly host: string;
  /** The port it listens on (known only once listening). */
  readonly port: () => number;
}

/**
 * Why a request must be refused, or undefined when it may proceed. A simulator is a
 * local server that any web page can reach: a page could post fake events or faults into
 * a demo wall, or (DNS rebinding: a name of the attacker's that resolves to 127.0.0.1)
 * read its API. So the Host must name this server (its bound address, or a loopback
 * name, with its port), and a request sent by a page (an `Origin` header) must come from
 * this very origin. `checkOrigin` false leaves out the Origin rule, for media that
 * browser players fetch across origins as from any media server.
 */
export function refusalReason(headers: IncomingHttpHeaders, options: GuardOptions, checkOrigin = true): string | undefined {
  const host = headers.host;
  if (!host || !hostAllowed(host, options)) return `Host "${host ?? ''}" is not this server`;
  const origin = headers.origin;
  if (checkOrigin && origin !== undefined && !sameOrigin(origin, host)) return `Origin "${origin}" is not this server`;
  return undefined;
}

function hostAllowed(hostHeader: string, options: GuardOptions): boolean {
  let url: URL;
  try {
    url = new URL(`http://${hostHeader}`);
  } catch {
    return false;
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return false;
  const port = url.port === '' ? 80 : Number(url.port);
  if (port !== options.port()) return false;
  const name = url.hostname.toLowerCase();
  const bound = bracketed(options.host.toLowerCase());
  if (name === bound || LOOPBACK_NAMES.has(name)) return true;
  // Bound to every interface: any address literal reaches it; a name could be rebound.
  return WILDCARDS.has(bound) && isIP(name.replace(/^\[|\]$/g, '')) !== 0;
}

function sameOrigin(origin: string, hostHeader: string): boolean {
  try {
    return new URL(origin).origin === new URL(`http://${hostHeader}`).origin;
  } catch {
    return false; // `null` and anything unparseable
  }
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** The refusal for a WebSocket upgrade. */
export function refuseUpgradeForbidden(socket: Duplex): void {
  socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}
