import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, ipcChannel, isInvokeChannel } from '../../shared/ipc/channels';
import { EventFanout } from '../../shared/ipc/event-fanout';

/** One listener on the event channel, whatever the number of subscriptions. */
const events = new EventFanout({ on: (listener) => ipcRenderer.on(EVENT_CHANNEL, (_event, message: unknown) => listener(message)) });

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
  on(name: unknown, listener: unknown): () => void {
    return events.subscribe(name, listener);
  },
});
