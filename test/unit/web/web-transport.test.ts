import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { AppAssets, contentSecurityPolicy } from '../../../electron/core/app-assets';
import { silentLogger } from '../../../electron/common/logger';
import { AppRoutes, textAnswer } from '../../../electron/common/http-answer';
import { HandlerRegistry } from '../../../electron/core/registry';
import { startWebTransport, type WebTransport } from '../../../electron/web/web-transport';
import { fakeHandlers } from '../support/handlers';

const SECRET = 'test-secret';
let transport: WebTransport;
let registry: HandlerRegistry;
const disconnected: string[] = [];


beforeEach(async () => {
  const root = await mkdtemp(join(tmpdir(), 'tessera-assets-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  registry = new HandlerRegistry();
  registry.implement(fakeHandlers());
  registry.onDisconnect((id) => disconnected.push(id));
  transport = await startWebTransport({
    registry,
    routes: (origin) => {
      const assets = new AppAssets(root, contentSecurityPolicy([origin.replace('http', 'ws')]));
      return new AppRoutes([['/media/', (path) => Promise.resolve(textAnswer(200, `media ${path}`))]], (pathname) => assets.get(pathname));
    },
    log: silentLogger,
    secret: SECRET,
  });
});
afterEach(async () => {
  await transport.close();
  disconnected.length = 0;
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so tests control Host, Origin and Cookie exactly. */
function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${transport.origin}${path}`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The subprotocols the page offers: the wire protocol and its launch key. */
const KEYED = ['tessera.v1', `tessera.key.${SECRET}`];

interface OpenSocket {
  readonly ws: WebSocket;
  /** Resolves with the next message of this type, including one that came before it was asked for. */
  readonly next: (type: string) => Promise<Record<string, unknown>>;
}

function openSocket(headers: Record<string, string>, protocols: string[] = KEYED): Promise<OpenSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${transport.origin.replace('http', 'ws')}/ipc`, protocols, { headers });
    const received: Array<Record<string, unknown>> = [];
    const waiting: Array<() => void> = [];
    ws.on('message', (data: Buffer) => {
      received.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
      for (const wake of waiting.splice(0)) wake();
    });
    const next = async (type: string): Promise<Record<string, unknown>> => {
      for (;;) {
        const at = received.findIndex((message) => message['type'] === type);
        if (at >= 0) return received.splice(at, 1)[0] ?? {};
        await new Promise<void>((wake) => waiting.push(wake));
      }
    };
    ws.once('open', () => resolve({ ws, next }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('web transport', () => {
  it('listens on loopback and prints a URL carrying the secret', () => {
    expect(transport.url).toBe(`http://127.0.0.1:${transport.port}/?k=${SECRET}`);
  });

  it('serves the page to a reload without anything, but the core\'s resources only to the launch key (401), and nothing to a foreign Origin or Host (403)', async () => {
    expect((await get('/?monitor=1')).status).toBe(200);
    expect((await get('/media/x/index.m3u8')).status).toBe(401);
    expect((await get('/media/x/index.m3u8', { cookie: `tessera_${transport.port}=${SECRET}` })).status, 'a cookie opens nothing').toBe(401);
    expect((await get('/media/x/index.m3u8', { 'x-tessera-key': SECRET })).body).toBe('media x/index.m3u8');
    expect((await get('/', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/', { host: 'evil.example' })).status).toBe(403);
    expect((await get('/media/x/index.m3u8', { 'x-tessera-key': SECRET, origin: `http://127.0.0.1:${transport.port + 1}` })).status).toBe(403);
  });

  it('sets no cookie, and deletes the launch cookies earlier versions left in the browser', async () => {
    const answer = await get(`/?monitor=2&k=${SECRET}`);
    expect(answer.status).toBe(200);
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect((await get('/', { cookie: 'tessera_4123=old; other=1' })).headers['set-cookie']).toEqual(['tessera_4123=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict']);
  });

  it('serves the app with a strict CSP, and never a file outside it', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect((await get('/assets/app.js')).body).toBe('console.log(1)');
    expect((await get('/assets/../../../../etc/passwd.js')).status).toBe(404);
  });

  it('refuses WebSocket upgrades without the launch key or from a foreign Origin', async () => {
    await expect(openSocket({}, ['tessera.v1'])).rejects.toThrow('HTTP 401');
    await expect(openSocket({ cookie: `tessera_${transport.port}=${SECRET}` }, ['tessera.v1'])).rejects.toThrow('HTTP 401');
    await expect(openSocket({ origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('hands each window a resource capability on connect, which opens resources', async () => {
    const { ws, next } = await openSocket({ origin: transport.origin });
    expect(ws.protocol).toBe('tessera.v1');
    const capability = String((await next('access'))['capability']);
    expect((await get(`/media/x/seg.ts?cap=${capability}`)).status).toBe(200);
    expect((await get(`/media/x/seg.ts?cap=${capability.slice(0, -1)}${capability.endsWith('A') ? 'B' : 'A'}`)).status).toBe(401);
    ws.close();
    await expect.poll(() => registry.clientCount).toBe(0);
  });

  it('carries invokes over the socket and releases the client when it closes', async () => {
    const { ws, next } = await openSocket({ origin: transport.origin });
    const reply = next('result');
    ws.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'app.info', payload: {} }));
    expect(await reply).toEqual({ type: 'result', id: 7, result: { ok: true, value: { version: '9.9.9', transport: 'web', demo: false } } });
    expect(registry.clientCount).toBe(1);
    ws.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(disconnected).toHaveLength(1);
    expect(registry.clientCount).toBe(0);
  });

  it('takes a message as large as a snapshot of a 1080p frame, without closing the window', async () => {
    const { ws, next } = await openSocket({ origin: transport.origin });
    const reply = next('result');
    const closed = new Promise<string>((resolve) => ws.once('close', (code) => resolve(`closed with ${code}`)));
    // A PNG of a 1080p camera frame in base64: about 5 MB.
    ws.send(JSON.stringify({ type: 'invoke', id: 8, channel: 'files.save', payload: { fileName: 'a.png', contentType: 'image/png', base64: 'A'.repeat(5 * 1024 * 1024) } }));
    expect(await Promise.race([reply, closed])).toMatchObject({ type: 'result', id: 8 });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(registry.clientCount).toBe(1);
    ws.close();
  });

  it('closes a socket that sends garbage', async () => {
    const { ws } = await openSocket({});
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{not json');
    expect(await closed).toBe(1007);
  });
});

describe('web transport addresses', () => {
  const routes = () => new AppRoutes([], () => Promise.resolve(textAnswer(200, 'page')));

  it('listens on IPv6 loopback with a URL a browser can open', async () => {
    const v6 = await startWebTransport({ registry: new HandlerRegistry(), routes, log: silentLogger, host: '::1', secret: SECRET });
    try {
      expect(v6.url).toBe(`http://[::1]:${v6.port}/?k=${SECRET}`);
      const status = await new Promise<number>((resolve, reject) => {
        httpRequest(v6.url, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
      expect(status).toBe(200);
    } finally {
      await v6.close();
    }
  });

  it('refuses to listen beyond loopback', async () => {
    await expect(startWebTransport({ registry: new HandlerRegistry(), routes, log: silentLogger, host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
  });
});

describe('web transport heartbeat', () => {
  it('closes a window that leaves three pings in a row unanswered, and keeps one that answers late', async () => {
    await transport.close();
    transport = await startWebTransport({
      registry,
      routes: () => new AppRoutes([], () => Promise.resolve(textAnswer(404, 'none'))),
      log: silentLogger,
      secret: SECRET,
      heartbeatMs: 40,
    });
    // A window whose page is starved: its pings go unanswered until it is closed.
    const starved = await openSocket({});
    starved.ws.pong = () => undefined;
    let pingsToStarved = 0;
    starved.ws.on('ping', () => (pingsToStarved += 1));
    // A window answering every other ping: one miss at a time is not "gone".
    const slow = new WebSocket(`${transport.origin.replace('http', 'ws')}/ipc`, KEYED, { autoPong: false });
    let pingsToSlow = 0;
    let slowClosed = false;
    slow.on('ping', () => {
      pingsToSlow += 1;
      if (pingsToSlow % 2 === 0) slow.pong();
    });
    slow.on('close', () => (slowClosed = true));
    await new Promise((resolve) => slow.once('open', resolve));

    const starvedClosed = new Promise<void>((resolve) => starved.ws.once('close', () => resolve()));
    await starvedClosed;
    expect(pingsToStarved, 'pings the starved window got before it was closed').toBeGreaterThanOrEqual(3);
    await vi.waitFor(() => expect(pingsToSlow).toBeGreaterThanOrEqual(8), { timeout: 5000 });
    expect(slowClosed, 'a window answering every other ping stays').toBe(false);
    slow.close();
  });
});
