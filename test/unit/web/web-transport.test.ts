import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AppAssets, contentSecurityPolicy } from '../../../electron/core/app-assets';
import { silentLogger } from '../../../electron/common/logger';
import { AppRoutes } from '../../../electron/common/http-answer';
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
      return new AppRoutes([], (pathname) => assets.get(pathname));
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

const cookie = (): string => `tessera_${transport.port}=${SECRET}`;

function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${transport.origin.replace('http', 'ws')}/ipc`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('web transport', () => {
  it('listens on loopback and prints a URL carrying the secret', () => {
    expect(transport.url).toBe(`http://127.0.0.1:${transport.port}/?k=${SECRET}`);
  });

  it('refuses a request without the secret (401) and a foreign Origin or Host (403)', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/media/x/index.m3u8')).status).toBe(401);
    expect((await get('/', { cookie: cookie(), origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/', { cookie: cookie(), host: 'evil.example' })).status).toBe(403);
  });

  it('swaps the secret in the URL for a cookie and a clean address', async () => {
    const answer = await get(`/?monitor=2&k=${SECRET}`);
    expect(answer.status).toBe(303);
    expect(answer.headers['location']).toBe('/?monitor=2');
    expect(answer.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('serves the app with a strict CSP, and never a file outside it', async () => {
    const page = await get('/', { cookie: cookie() });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect((await get('/assets/app.js', { cookie: cookie() })).body).toBe('console.log(1)');
    expect((await get('/assets/../../../../etc/passwd.js', { cookie: cookie() })).status).toBe(404);
  });

  it('refuses WebSocket upgrades without the secret or from a foreign Origin', async () => {
    await expect(openSocket({})).rejects.toThrow('HTTP 401');
    await expect(openSocket({ cookie: cookie(), origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('carries invokes over the socket and releases the client when it closes', async () => {
    const ws = await openSocket({ cookie: cookie(), origin: transport.origin });
    const reply = new Promise<unknown>((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')))));
    ws.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'app.info', payload: {} }));
    expect(await reply).toEqual({ type: 'result', id: 7, result: { ok: true, value: { version: '9.9.9', transport: 'web', demo: false } } });
    expect(registry.clientCount).toBe(1);
    ws.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(disconnected).toHaveLength(1);
    expect(registry.clientCount).toBe(0);
  });

  it('closes a socket that sends garbage', async () => {
    const ws = await openSocket({ cookie: cookie() });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{not json');
    expect(await closed).toBe(1007);
  });
});
