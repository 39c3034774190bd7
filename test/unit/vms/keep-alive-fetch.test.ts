import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { VmsError } from '../../../electron/vms/errors';
import { keepAliveFetch } from '../../../electron/vms/keep-alive-fetch';

/** The media client against a real local HTTP server: what a VMS's media host does to it. */
const servers: Server[] = [];

async function serve(handler: (request: IncomingMessage, response: ServerResponse, socket: Socket) => void): Promise<{ url: string; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => handler(request, response, request.socket));
  server.on('connection', (socket) => sockets.add(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const get = (url: string, extra: { timeoutMs?: number; signal?: AbortSignal; headers?: Record<string, string> } = {}) => keepAliveFetch({ url, timeoutMs: extra.timeoutMs ?? 2000, signal: extra.signal, headers: extra.headers, redirect: 'manual' });

describe('keepAliveFetch', () => {
  it('answers status, headers and body, and sends its headers; one connection serves request after request', async () => {
    const seen: Array<string | undefined> = [];
    const { url, sockets } = await serve((request, response) => {
      seen.push(request.headers['authorization']);
      response.setHeader('set-cookie', ['a=1', 'b=2']);
      response.writeHead(200, { 'content-type': 'video/mp2t' }).end(Buffer.alloc(40_000, 7));
    });
    for (let round = 0; round < 3; round++) {
      const answer = await get(`${url}/seg${round}.ts`, { headers: { authorization: 'Bearer t' } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('video/mp2t');
      expect(answer.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(answer.body.byteLength).toBe(40_000);
      expect(answer.body.every((byte) => byte === 7)).toBe(true);
    }
    expect(seen).toEqual(['Bearer t', 'Bearer t', 'Bearer t']);
    expect(sockets.size).toBe(1);
  });

  it('gives a redirect back as it is, for the caller to decide where its credentials may go', async () => {
    const { url } = await serve((_request, response) => response.writeHead(302, { location: 'http://elsewhere.test/x' }).end());
    const answer = await get(`${url}/a.m3u8`);
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('http://elsewhere.test/x');
  });

  it('follows redirects when asked to (through the general client)', async () => {
    const { url } = await serve((request, response) => {
      if (request.url === '/old') response.writeHead(302, { location: '/new' }).end();
      else response.writeHead(200).end('here');
    });
    const answer = await keepAliveFetch({ url: `${url}/old`, timeoutMs: 2000 });
    expect(answer.status).toBe(200);
    expect(new TextDecoder().decode(answer.body)).toBe('here');
  });

  it('says in words when nothing listens, and when the answer does not come in time', async () => {
    const { url } = await serve(() => undefined); // never answers
    const refused = await serve(() => undefined);
    servers.pop()?.close();
    await expect(get(`${refused.url}/a.ts`)).rejects.toThrow(/^Connection refused \(GET http:\/\/127\.0\.0\.1:\d+\/a\.ts\)$/);
    const late = await get(`${url}/a.ts`, { timeoutMs: 200 }).catch((error: unknown) => error);
    expect(late).toBeInstanceOf(VmsError);
    expect((late as VmsError).kind).toBe('timeout');
    expect((late as Error).message).toMatch(/^No answer within 0\.2 s \(GET /);
  });

  it('a server that drops the connection in the middle of the answer is an error, not a short segment', async () => {
    const { url } = await serve((_request, response, socket) => {
      response.writeHead(200, { 'content-length': '40000' });
      response.write(Buffer.alloc(1000));
      setTimeout(() => socket.destroy(), 20);
    });
    await expect(get(`${url}/a.ts`)).rejects.toThrow(/^Connection dropped by the server \(GET /);
  });

  it('a kept-alive connection the server closed as it was taken: the GET goes once more on a new one', async () => {
    let requests = 0;
    const { url, sockets } = await serve((_request, response, socket) => {
      requests += 1;
      // The second request arrives on the first connection: close it unanswered, as a server
      // whose idle timeout fired just then does.
      if (requests === 2) socket.destroy();
      else response.writeHead(200).end(`answer ${requests}`);
    });
    expect(new TextDecoder().decode((await get(`${url}/1.ts`)).body)).toBe('answer 1');
    expect(new TextDecoder().decode((await get(`${url}/2.ts`)).body)).toBe('answer 3');
    expect(sockets.size).toBe(2);
  });

  it('the second go is on a new connection, not on another kept-alive one the server closed at the same moment', async () => {
    let closing = false;
    const idle = new Set<Socket>();
    const { url, sockets } = await serve((_request, response, socket) => {
      // Every connection that was idle when the server's timers fired: closed unanswered.
      if (closing && idle.has(socket)) socket.destroy();
      // Held a little, so that the first two requests overlap and open two connections.
      else setTimeout(() => response.writeHead(200).end('answer'), closing ? 0 : 50);
    });
    await Promise.all([get(`${url}/1.ts`), get(`${url}/2.ts`)]);
    expect(sockets.size).toBe(2);
    for (const socket of sockets) idle.add(socket);
    closing = true;
    expect(new TextDecoder().decode((await get(`${url}/3.ts`)).body)).toBe('answer');
    expect(sockets.size).toBe(3);
  });

  it('an abort by the caller ends the request with the caller\'s reason', async () => {
    const { url } = await serve(() => undefined);
    const controller = new AbortController();
    const pending = get(`${url}/a.ts`, { signal: controller.signal });
    controller.abort(new Error('tile closed'));
    await expect(pending).rejects.toThrow('tile closed');
  });
});
