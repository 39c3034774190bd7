import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNELS, ipcChannel } from '../../shared/ipc/channels';
import { err } from '../../shared/result';
import type { HandlerRegistry } from '../core/registry';
import { isAppUrl } from './app-protocol';

/** The parts of Electron the transport uses; structural so unit tests can pass fakes. */
export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;
export type SenderContents = Pick<WebContents, 'id' | 'send' | 'isDestroyed'>;
export type WatchedContents = Pick<WebContents, 'id' | 'on'>;
export type InvokeEventLike = Pick<IpcMainInvokeEvent, 'senderFrame'> & { readonly sender: SenderContents & Pick<WebContents, 'mainFrame'> };

/**
 * Only the app's own top frame may call the core. Anything else (a page navigated
 * elsewhere, an injected frame) is refused, as VS Code's validated IPC does.
 */
export function isTrustedSender(event: InvokeEventLike): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame === event.sender.mainFrame && isAppUrl(frame.url);
}

/**
 * The Electron transport: ipcMain handlers over the same registry the web transport
 * uses. A window becomes a registry client on its first call; when its page goes away
 * (reload, navigation, crash, close) the client is disconnected and its sessions stop.
 */
export class ElectronIpcTransport {
  private readonly clients = new Map<number, string>();

  constructor(
    private readonly ipcMain: IpcMainLike,
    private readonly registry: HandlerRegistry,
    private readonly trusted: (event: InvokeEventLike) => boolean = isTrustedSender,
  ) {}

  install(): void {
    for (const channel of INVOKE_CHANNELS) {
      this.ipcMain.handle(ipcChannel(channel), async (event: InvokeEventLike, payload: unknown) => {
        if (!this.trusted(event)) return err('forbidden', 'IPC from an untrusted frame');
        return this.registry.invoke(channel, payload, { clientId: this.clientFor(event.sender) });
      });
    }
  }

  /** Releases a window's client whenever its page goes away. */
  watch(contents: WatchedContents): void {
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) this.release(contents.id);
    });
    contents.on('render-process-gone', () => this.release(contents.id));
    contents.on('destroyed', () => this.release(contents.id));
  }

  release(contentsId: number): void {
    const clientId = this.clients.get(contentsId);
    if (clientId === undefined) return;
    this.clients.delete(contentsId);
    this.registry.disconnect(clientId);
  }

  dispose(): void {
    for (const channel of INVOKE_CHANNELS) this.ipcMain.removeHandler(ipcChannel(channel));
    for (const contentsId of [...this.clients.keys()]) this.release(contentsId);
  }

  private clientFor(contents: SenderContents): string {
    const existing = this.clients.get(contents.id);
    if (existing !== undefined) return existing;
    // A fresh id per page load, so a late event for the previous page is never delivered.
    const clientId = `electron:${contents.id}:${Date.now().toString(36)}`;
    this.clients.set(contents.id, clientId);
    this.registry.connect(clientId, (name, payload) => {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, { name, payload });
    });
    return clientId;
  }
}
