import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse, params: string[]) => void | Promise<void>;

interface Route {
  readonly methods: readonly string[];
  readonly pattern: RegExp;
  readonly handler: RouteHandler;
}

/** A minimal method + regular-expression router; the simulator's URL space is small and fixed. */
export class Router {
  private readonly routes: Route[] = [];

  on(methods: string | readonly string[], pattern: RegExp, handler: RouteHandler): this {
    this.routes.push({ methods: typeof methods === 'string' ? [methods] : methods, pattern, handler });
    return this;
  }

  /** Runs the first matching route; false when none matched. */
  async dispatch(request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> {
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (!match || !route.methods.includes(request.method ?? 'GET')) continue;
      await route.handler(request, response, match.slice(1).map((part: string | undefined) => decodeURIComponent(part ?? '')));
      return true;
    }
    return false;
  }
}

export function sendJson(response: ServerResponse, httpStatus: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(httpStatus, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  response.end(text);
}

export function sendText(response: ServerResponse, httpStatus: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  response.writeHead(httpStatus, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  response.end(text);
}

export async function readBody(request: IncomingMessage, limit = 1 << 20): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendBytes(response: ServerResponse, httpStatus: number, body: Buffer, contentType: string): void {
  response.writeHead(httpStatus, { 'content-type': contentType, 'content-length': body.length, 'cache-control': 'no-store' });
  response.end(body);
}

/** Streams a file; 404 when it is gone (a segment evicted between listing and fetching). */
export function sendFile(response: ServerResponse, path: string, contentType: string, bytes?: number): void {
  const stream = createReadStream(path);
  stream.once('open', () => {
    const headers: Record<string, string | number> = { 'content-type': contentType, 'cache-control': 'no-store' };
    if (bytes !== undefined) headers['content-length'] = bytes;
    response.writeHead(200, headers);
  });
  stream.once('error', () => {
    if (!response.headersSent) sendText(response, 404, 'Not Found');
    else response.destroy();
  });
  stream.pipe(response);
}
