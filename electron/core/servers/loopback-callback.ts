import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpAnswer } from '../../common/http-answer';

export interface LoopbackCallback {
  /** `http://127.0.0.1:<port><path>`: the redirect URI the VMS sends the browser back to. */
  readonly uri: string;
  close(): void;
}

/**
 * A one-off HTTP listener on the loopback address for an OAuth redirect (RFC 8252 §7.3,
 * "loopback interface redirection"): where the app's own pages are not on HTTP (Electron's
 * `tessera://` scheme), the system browser comes back here. Only GET of `path` is answered,
 * by `onCallback`; the listener closes after the first such request or after `ttlMs`.
 * Nothing but the loopback interface can reach it.
 */
export async function listenForCallback(options: { readonly path: string; readonly ttlMs: number; readonly port?: number; readonly onCallback: (url: URL) => Promise<HttpAnswer> }): Promise<LoopbackCallback> {
  const server: Server = createServer();
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    server.close();
    server.closeAllConnections();
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const timer = setTimeout(close, options.ttlMs);
  timer.unref();
  server.on('request', (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    if (request.method !== 'GET' || url.pathname !== options.path) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    void options.onCallback(url).then(
      (answer) => {
        response.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.byteLength, connection: 'close' }).end(answer.body, close);
      },
      () => {
        response.writeHead(500, { connection: 'close' }).end(undefined, close);
      },
    );
  });
  return { uri: `${origin}${options.path}`, close };
}
