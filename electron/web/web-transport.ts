import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { IPC_SOCKET_PATH, LAUNCH_KEY_PARAM, MAX_WINDOW_MESSAGE_BYTES, WIRE_PROTOCOL, WireInvoke, type WireServerMessage } from '../../shared/ipc/wire';
import { encodeMessage } from './wire-frame';
import type { AppRoutes } from '../common/http-answer';
import type { Logger } from '../common/logger';
import type { HandlerRegistry } from '../core/registry';
import { type AccessPolicy, checkAccess, expireLegacyCookies, type RequestKind } from './access';
import { Capabilities } from './capability';
import { isLoopbackHost, urlHost } from './loopback';
import { wsText } from '../common/ws-text';


/** Heartbeats a window may leave unanswered in a row before it counts as gone. */
const MISSED_PINGS_LIMIT = 3;
export interface WebTransportOptions {
  readonly registry: HandlerRegistry;
  /** The core's routes and the renderer's assets; built per origin, which the CSP names. */
  readonly routes: (origin: string) => AppRoutes;
  readonly log: Logger;
  /** A loopback address (127.0.0.1 by default, or ::1, localhost); anything else is refused. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** For tests; otherwise 32 random bytes per launch. */
  readonly secret?: string;
  /** For tests: the resource capabilities (their clock and lifetime). */
  readonly capabilities?: Capabilities;
  /** Interval of the WebSocket heartbeat that detects dead clients (gone after MISSED_PINGS_LIMIT unanswered). */
  readonly heartbeatMs?: number;
}

export interface WebTransport {
  /** The URL to open, carrying the launch key (the page moves it out of its address). */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The loopback web transport: the same core, served to a browser. HTTP serves the
 * renderer and the media proxy; one WebSocket per window carries invokes and events.
 * The socket is the window's identity: when it closes, the core releases that
 * window's sessions, just as Electron does when a webContents goes away.
 */
export async function startWebTransport(options: WebTransportOptions): Promise<WebTransport> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`The web transport listens on loopback only (127.0.0.1, ::1 or localhost), not ${host}`);
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const hostNames = new Set([urlHost(host), '127.0.0.1', 'localhost', '[::1]']);
  const capabilities = options.capabilities ?? new Capabilities();
  const policy: AccessPolicy = {
    key: secret,
    capabilities,
    allowedHosts: new Set([...hostNames].map((name) => `${name}:${port}`)),
    allowedOrigins: new Set([...hostNames].map((name) => `http://${name}:${port}`)),
  };
  const origin = `http://${urlHost(host)}:${port}`;
  const routes = options.routes(origin);
  const log = options.log;

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void handleHttp(request, response).catch((error: unknown) => {
      log.error('web request failed', { url: request.url?.split('?')[0], error });
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = requestUrl(request.url, origin);
    if (!url) {
      response.writeHead(400).end();
      return;
    }
    const kind: RequestKind = routes.isCoreRoute(url.pathname) ? 'resource' : 'page';
    const access = checkAccess(policy, request.headers, url, kind);
    if (!access.ok) {
      response.writeHead(access.status, { 'content-type': 'text/plain; charset=utf-8' }).end(access.reason);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const abort = new AbortController();
    response.once('close', () => abort.abort());
    // The page and its files are the same for everyone; the key in the address is for the
    // page's script, which moves it into sessionStorage and out of the address.
    url.searchParams.delete(LAUNCH_KEY_PARAM);
    const answer = await routes.handle(url, abort.signal);
    if (response.destroyed) return;
    const headers: Record<string, string | number | string[]> = { ...answer.headers };
    const legacy = kind === 'page' ? expireLegacyCookies(request.headers.cookie) : [];
    if (legacy.length > 0) headers['set-cookie'] = legacy;
    if (answer.file) {
      response.writeHead(answer.status, { ...headers, 'content-length': answer.file.size });
      if (request.method === 'HEAD') response.end();
      // A client that goes away mid-download ends the pipeline; that is not an error of ours.
      else await pipeline(createReadStream(answer.file.path), response).catch(() => response.destroy());
      return;
    }
    response.writeHead(answer.status, { ...headers, 'content-length': answer.body.byteLength });
    response.end(request.method === 'HEAD' ? undefined : answer.body);
  }

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_WINDOW_MESSAGE_BYTES,
    // The page offers the wire protocol and its key as two subprotocols; only the first is answered.
    handleProtocols: (protocols) => (protocols.has(WIRE_PROTOCOL) ? WIRE_PROTOCOL : false),
  });
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = requestUrl(request.url, origin) ?? new URL('/invalid', origin);
    const access = checkAccess(policy, request.headers, url, 'socket');
    if (!access.ok || url.pathname !== IPC_SOCKET_PATH) {
      const status = access.ok ? 404 : access.status;
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveClient(ws));
  });

  // Pings a window has not answered. Chromium answers pings in its network service but stops
  // reading a socket whose page has not taken its messages, so a page starved of CPU (a
  // 64-tile wall on a busy machine) can miss one: only several in a row mean it is gone.
  const unanswered = new WeakMap<WebSocket, number>();
  function serveClient(ws: WebSocket): void {
    const clientId = `web:${randomUUID()}`;
    unanswered.set(ws, 0);
    ws.on('pong', () => unanswered.set(ws, 0));
    const send = (message: WireServerMessage): void => {
      // Text, or one binary frame when the message carries bytes (a live segment with its playlist).
      if (ws.readyState === ws.OPEN) ws.send(encodeMessage(message));
    };
    send(accessMessage());
    const disconnect = options.registry.connect(clientId, (name, payload) => send({ type: 'event', name, payload }));
    log.debug('client connected', { clientId });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text only');
      let message: WireInvoke;
      try {
        message = WireInvoke.parse(JSON.parse(wsText(data)));
      } catch {
        return ws.close(1007, 'malformed message');
      }
      void options.registry.invoke(message.channel, message.payload, { clientId }).then((result) => send({ type: 'result', id: message.id, result }));
    });
    ws.on('close', (code, reason) => {
      log.info('window disconnected', { clientId, code, reason: reason.toString() });
      disconnect();
    });
    ws.on('error', (error) => log.warn('client socket error', { clientId, error }));
  }

  // A window that vanished without closing its socket (crash, sleep, killed browser)
  // is found by the missing pong, so its VMS sessions do not run on for ever.
  const heartbeat = setInterval(() => {
    for (const ws of sockets.clients) {
      const missed = unanswered.get(ws) ?? 0;
      if (missed >= MISSED_PINGS_LIMIT) {
        log.warn('a window did not answer the heartbeat: its socket is closed and its sessions released', { missed });
        ws.terminate();
        continue;
      }
      unanswered.set(ws, missed + 1);
      ws.ping();
    }
  }, options.heartbeatMs ?? 15_000);

  function accessMessage(): WireServerMessage {
    const { token, expiresAt } = capabilities.issue();
    return { type: 'access', capability: token, expiresAt };
  }
  // Every window gets a fresh capability long before its last one expires.
  const renewal = setInterval(() => {
    const message = JSON.stringify(accessMessage());
    for (const ws of sockets.clients) if (ws.readyState === ws.OPEN) ws.send(message);
  }, capabilities.lifetimeMs / 3);

  return {
    url: `${origin}/?${LAUNCH_KEY_PARAM}=${secret}`,
    origin,
    port,
    async close() {
      clearInterval(heartbeat);
      clearInterval(renewal);
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The request's URL on our own origin. The request target is read as a path even when it
 * starts with `//` (which `new URL(target, base)` takes for another host, and throws on
 * for `//` alone: a 500 for `GET //`); undefined for a target no URL can be made of.
 */
function requestUrl(target: string | undefined, origin: string): URL | undefined {
  try {
    return new URL(`${origin}${target?.startsWith('/') ? target : '/'}`);
  } catch {
    return undefined;
  }
}
