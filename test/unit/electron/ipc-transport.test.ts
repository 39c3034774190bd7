import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, INVOKE_CHANNELS } from '../../../shared/ipc/channels';
import { HandlerRegistry, type Handlers } from '../../../electron/core/registry';
import { fakeHandlers } from '../support/handlers';
import { ElectronIpcTransport, isTrustedSender, type InvokeEventLike, type IpcMainLike, type WatchedContents } from '../../../electron/main/ipc-transport';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Just enough of ipcMain, typed against Electron's own declarations. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a handler as Electron would; the fake event carries only what the transport reads. */
  call(channel: string, event: InvokeEventLike, payload: unknown): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(listener(event as unknown as IpcMainInvokeEvent, payload));
  }
}

function frame(url: string): NonNullable<InvokeEventLike['senderFrame']> {
  return { url } as unknown as NonNullable<InvokeEventLike['senderFrame']>;
}

function event(url: string, id = 1, sent: unknown[] = [], topFrame = true): InvokeEventLike {
  const senderFrame = frame(url);
  return {
    senderFrame,
    sender: {
      id,
      mainFrame: topFrame ? senderFrame : frame('tessera://app/'),
      isDestroyed: () => false,
      send: (channel: string, message: unknown) => void sent.push([channel, message]),
    },
  };
}

function setup() {
  const clients: string[] = [];
  const stopped: string[] = [];
  const handlers: Handlers = fakeHandlers({
    'app.info': () => Promise.resolve({ version: '1', transport: 'electron', demo: true }),
    'live.start': (_request, { clientId }) => {
      clients.push(clientId);
      return Promise.resolve({ streamId: 's', url: '/media/s/index.m3u8', kind: 'hls', mode: 'live' });
    },
  });
  const registry = new HandlerRegistry();
  registry.implement(handlers);
  registry.onDisconnect((clientId) => stopped.push(clientId));
  const ipcMain = new FakeIpcMain();
  const transport = new ElectronIpcTransport(ipcMain, registry);
  transport.install();
  return { ipcMain, registry, transport, clients, stopped };
}

describe('ElectronIpcTransport', () => {
  it('handles every contract channel under the tessera: prefix', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(INVOKE_CHANNELS.map((channel) => `tessera:${channel}`).sort());
  });

  it('serves the app frame and refuses any other sender', async () => {
    const { ipcMain } = setup();
    expect(await ipcMain.call('tessera:app.info', event('tessera://app/index.html'), {})).toEqual({ ok: true, value: { version: '1', transport: 'electron', demo: true } });
    expect(await ipcMain.call('tessera:app.info', event('https://evil.example/'), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ipcMain.call('tessera:app.info', event('tessera://app/', 1, [], false), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('validates payloads in the registry, as over the web', async () => {
    const { ipcMain } = setup();
    const reply = await ipcMain.call('tessera:live.start', event('tessera://app/'), { serverId: 'a' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('sends events to the window and releases its client when the page goes away', async () => {
    const { ipcMain, registry, transport, stopped } = setup();
    const sent: unknown[] = [];
    await ipcMain.call('tessera:live.start', event('tessera://app/', 5, sent), { serverId: 'a', cameraId: 'b', width: 1, height: 1 });
    registry.emit('servers.changed', []);
    expect(sent).toEqual([[EVENT_CHANNEL, { name: 'servers.changed', payload: [] }]]);

    const listeners = new Map<string, (...args: unknown[]) => void>();
    const contents = { id: 5, on: (name: string, listener: (...args: unknown[]) => void) => listeners.set(name, listener) } as unknown as WatchedContents;
    transport.watch(contents);
    listeners.get('did-start-navigation')?.({ isMainFrame: true, isSameDocument: true });
    expect(stopped).toHaveLength(0);
    listeners.get('did-start-navigation')?.({ isMainFrame: true, isSameDocument: false });
    expect(stopped).toHaveLength(1);
    listeners.get('destroyed')?.();
    expect(stopped).toHaveLength(1);
  });

  it('removes its handlers on dispose', () => {
    const { ipcMain, transport } = setup();
    transport.dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('trusts only the top frame of the app origin', () => {
    expect(isTrustedSender(event('tessera://app/'))).toBe(true);
    expect(isTrustedSender(event('tessera://other/'))).toBe(false);
    expect(isTrustedSender(event('file:///etc/passwd'))).toBe(false);
  });
});
