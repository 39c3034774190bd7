import { isIP } from 'node:net';

/**
 * Whether the web transport may listen on `host`: loopback only. It speaks plain HTTP, so
 * on any other interface the launch key would cross the network in clear, and a browser
 * elsewhere would be refused anyway (its Host header names this machine). A wall on
 * another PC runs its own Tessera.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase();
  if (name === 'localhost') return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1' || name === '0:0:0:0:0:0:0:1';
}

/** `host` as it appears in a URL or a Host header: IPv6 in brackets. */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}
