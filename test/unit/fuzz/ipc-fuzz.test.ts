import fc from 'fast-check';
import { mkdtemp } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Core, createCore } from '../../../electron/core/app-core';
import { parseConfig } from '../../../electron/core/config';
import { AppRoutes, type HttpAnswer } from '../../../electron/common/http-answer';
import { silentLogger } from '../../../electron/common/logger';
import { ElectronIpcTransport, type InvokeEventLike } from '../../../electron/main/ipc-transport';
import { startWebTransport, type WebTransport } from '../../../electron/web/web-transport';
import { INVOKE_CHANNELS, ipcChannel } from '../../../shared/ipc/channels';
import { invokeContract } from '../../../shared/ipc/contract';
import { resultSchema } from '../../../shared/ipc/schemas';
import { FUZZ_SEED, hostilePayload, hostileValue, prototypeIsClean } from '../support/hostile';

/**
 * Every IPC channel, over both transports, fed random and hostile payloads: each call gets
 * a reply of the contract's shape (a typed error when refused), nothing throws or crashes
 * the core, a refused call changes no store and no journal, and the core goes on serving.
 * A real core (stores, journal, handlers) behind the real web transport and the Electron
 * transport's real ipcMain handlers (with a fake sender).
 */
const ERROR_CODES = new Set(['invalid-request', 'not-found', 'unavailable', 'forbidden', 'conflict', 'internal', 'unsupported', 'rejected', 'too-large']);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 60);

let dataDir: string;
let core: Core;
let web: WebTransport;
const ipcHandlers = new Map<string, (event: InvokeEventLike, payload: unknown) => Promise<unknown>>();
let electron: ElectronIpcTransport;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tessera-fuzz-'));
  core = createCore({ config: parseConfig({}), dataDir, info: { version: '0.0.0-fuzz', transport: 'web', demo: false }, log: silentLogger });
  // Something in every store and the journal, so that a change would show.
  core.journal.append([0, 1, 2].map((n) => ({ record: { id: `e${n}`, serverId: 'hq', cameraId: '1', cameraName: 'Gate', time: 1_800_000_000_000 + n, sourceTime: '2027-01-15 08:00:00', timeUncertain: false, receivedAt: 1_800_000_000_000 + n, type: '201', label: 'Intrusion Detection', severity: 'critical', raw: { n: String(n) }, state: 'open' } })));
  await core.registry.invoke('settings.update', { operatorName: 'Asha' }, { clientId: 'seed' });
  web = await startWebTransport({
    registry: core.registry,
    routes: () => new AppRoutes(core.routes, (): Promise<HttpAnswer> => Promise.resolve({ status: 200, headers: { 'content-type': 'text/html' }, body: new TextEncoder().encode('<!doctype html>') })),
    log: silentLogger,
  });
  electron = new ElectronIpcTransport({ handle: (channel, handler) => void ipcHandlers.set(channel, handler as never), removeHandler: (channel) => void ipcHandlers.delete(channel) }, core.registry);
  electron.install();
});

afterAll(async () => {
  electron.dispose();
  await web.close();
  await core.dispose();
});

/** What the stores and the journal hold, as the core reports it. */
async function snapshot(): Promise<string> {
  const read = async (channel: (typeof INVOKE_CHANNELS)[number], payload: unknown): Promise<unknown> => core.registry.invoke(channel, payload, { clientId: 'snapshot' });
  return JSON.stringify([
    await read('walls.get', {}),
    await read('settings.get', {}),
    await read('servers.settings', {}),
    await read('events.query', { filter: { state: 'all' }, limit: 1000 }),
    await read('alerts.counts', {}),
    core.journal.audit(),
  ]);
}

/** The reply has the contract's shape: the channel's reply, or an error with a known code and words. */
function expectContractReply(channel: string, reply: unknown): { ok: boolean } {
  const contract = Object.hasOwn(invokeContract, channel) ? (invokeContract as Record<string, { response: Parameters<typeof resultSchema>[0] }>)[channel] : undefined;
  if (contract) expect(resultSchema(contract.response).safeParse(reply).success, `reply to ${channel}: ${String(JSON.stringify(reply) as string | undefined).slice(0, 300)}`).toBe(true);
  const result = reply as { ok: boolean; error?: { code: string; message: string } };
  if (!contract) expect(result.ok, `an unknown channel ${JSON.stringify(channel)} is refused`).toBe(false);
  if (!result.ok) {
    expect(ERROR_CODES.has(result.error?.code ?? ''), `error code ${String(result.error?.code)}`).toBe(true);
    expect(result.error?.message.length).toBeGreaterThan(0);
  }
  return result;
}

const channel = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...INVOKE_CHANNELS) }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('system.exec', 'tessera:app.info', '', '__proto__', 'constructor'), fc.string({ maxLength: 20 })) });

/** Opens the web transport's control socket the way a window of this launch does. */
async function openSocket(): Promise<WebSocket> {
  const key = new URL(web.url).searchParams.get('k') ?? '';
  const socketUrl = `${web.origin.replace(/^http/, 'ws')}/ipc`;
  const attempt = (url: string, protocols: string[]): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(url, protocols, { origin: web.origin });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode ?? 0}`)));
    });
  // The launch key as a subprotocol (no cookie); where the transport still reads it from the address, that.
  return attempt(socketUrl, ['tessera.v1', `tessera.key.${key}`]).catch(() => attempt(`${socketUrl}?k=${encodeURIComponent(key)}`, []));
}

function socketInvoke(socket: WebSocket, id: number, channelName: unknown, payload: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reply to ${String(channelName)} within 10 s`)), 10_000);
    const onMessage = (data: WebSocket.RawData): void => {
      const message = JSON.parse(wsText(data)) as { type: string; id?: number; result?: unknown };
      if (message.type !== 'result' || message.id !== id) return;
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve(message.result);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ type: 'invoke', id, channel: channelName, payload }));
  });
}

function wsText(data: WebSocket.RawData): string {
  return Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
}

const trustedEvent = (): InvokeEventLike => {
  const frame = { url: 'tessera://app/?monitor=0' };
  return { senderFrame: frame, sender: { id: 7, mainFrame: frame, send: () => undefined, isDestroyed: () => false } } as unknown as InvokeEventLike;
};

describe('IPC under random and hostile payloads', () => {
  it('over the web transport (WebSocket): typed replies, and a refused call changes nothing', async () => {
    const socket = await openSocket();
    let id = 0;
    try {
      await fc.assert(
        fc.asyncProperty(channel, hostilePayload, async (name, payload) => {
          const before = await snapshot();
          const reply = expectContractReply(name, await socketInvoke(socket, ++id, name, payload));
          if (!reply.ok) expect(await snapshot(), `${name} was refused but changed a store`).toBe(before);
        }),
        { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true },
      );
    } finally {
      socket.close();
    }
    expect(prototypeIsClean()).toBe(true);
  });

  it('over the Electron transport (ipcMain handlers, a fake sender): the same; an untrusted sender is refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...INVOKE_CHANNELS), hostilePayload, fc.boolean(), async (name, payload, trusted) => {
        const handler = ipcHandlers.get(ipcChannel(name));
        if (!handler) throw new Error(`no ipcMain handler for ${name}`);
        const event = trustedEvent();
        // A frame of another page, or a child frame: never served.
        const sender = trusted ? event : ({ ...event, senderFrame: { url: 'https://evil.example/' } } as unknown as InvokeEventLike);
        const before = await snapshot();
        const reply = expectContractReply(name, await handler(sender, payload));
        if (!trusted) expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        if (!reply.ok) expect(await snapshot(), `${name} was refused but changed a store`).toBe(before);
      }),
      { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(prototypeIsClean()).toBe(true);
  });

  it('frames that are not the wire format, and garbage HTTP requests, neither crash nor stop the core', async () => {
    const garbage = fc.oneof(
      fc.string({ maxLength: 200 }),
      hostileValue.map((value) => String(JSON.stringify(value) as string | undefined)),
      fc.record({ type: fc.constantFrom('invoke', 'result', 'event', 'access', 'nope'), id: hostileValue, channel: hostileValue, payload: hostileValue }).map((message) => JSON.stringify(message)),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      // Nested far past any stack: the server's JSON.parse must fail cleanly.
      fc.integer({ min: 10_000, max: 200_000 }).map((depth) => `{"type":"invoke","id":1,"channel":"app.info","payload":${'['.repeat(depth)}${']'.repeat(depth)}}`),
    );
    const socket = await openSocket();
    await fc.assert(
      fc.asyncProperty(garbage, async (frame) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(frame);
        await new Promise((resolve) => setImmediate(resolve));
      }),
      { seed: FUZZ_SEED, numRuns: RUNS * 2 },
    );
    socket.close();

    const path = fc.oneof(
      fc.constantFrom('/media/', '/event-media/', '/downloads/', '/ipc', '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/media/%00/index.m3u8', '/event-media/e0/image', '/downloads/x?download=1'),
      fc.webPath(),
      fc.string({ maxLength: 60 }).map((text) => `/${encodeURIComponent(text)}`),
    );
    const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH');
    await fc.assert(
      fc.asyncProperty(path, method, fc.boolean(), async (target, verb, withKey) => {
        const status = await rawRequest(verb, target, withKey);
        expect(status, `${verb} ${target}`).toBeGreaterThanOrEqual(200);
        expect(status, `${verb} ${target}`).toBeLessThan(500);
      }),
      { seed: FUZZ_SEED, numRuns: RUNS * 2 },
    );

    // Still serving, over a fresh socket.
    const again = await openSocket();
    try {
      expect(await socketInvoke(again, 1, 'app.info', {})).toMatchObject({ ok: true, value: { version: '0.0.0-fuzz' } });
    } finally {
      again.close();
    }
  });
});

function rawRequest(method: string, path: string, withKey: boolean): Promise<number> {
  const key = new URL(web.url).searchParams.get('k') ?? '';
  const target = new URL(web.origin);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: target.hostname, port: target.port, method, path: withKey ? `${path}${path.includes('?') ? '&' : '?'}k=${encodeURIComponent(key)}` : path, headers: withKey ? { 'x-tessera-key': key } : {} }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    request.once('error', reject);
    request.end();
  });
}
