import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, ipcChannel, isEventName, isInvokeChannel } from '../../shared/ipc/channels';

/**
 * The only surface the renderer gets: `window.tessera = { invoke, on }`. Raw
 * ipcRenderer is never exposed; channel names are checked here and payloads in the
 * main process.
 */
contextBridge.exposeInMainWorld('tessera', {
  invoke(channel: unknown, payload: unknown): Promise<unknown> {
    if (!isInvokeChannel(channel)) return Promise.resolve({ ok: false, error: { code: 'invalid-request', message: `Unknown channel ${String(channel)}` } });
    return ipcRenderer.invoke(ipcChannel(channel), payload);
  },
  on(name: unknown, listener: (payload: unknown) => void): () => void {
    if (!isEventName(name) || typeof listener !== 'function') return () => undefined;
    const handler = (_event: IpcRendererEvent, message: unknown): void => {
      if (typeof message === 'object' && message !== null && 'name' in message && message.name === name) listener((message as { payload?: unknown }).payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
});
