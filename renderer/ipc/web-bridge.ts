import type { EventName, InvokeChannel } from '../../shared/ipc/channels';
import { EventFanout } from '../../shared/ipc/event-fanout';
import { IPC_SOCKET_PATH, WireServerMessage, type WireInvoke } from '../../shared/ipc/wire';
import { err } from '../../shared/result';
import type { TesseraBridge } from './bridge';

/**
 * The browser side of the web transport: one WebSocket to the core, carrying invokes
 * (answered by id) and events. The launch secret travels in the HttpOnly cookie the
 * server set, so nothing here handles it. When the socket drops, pending calls fail
 * with a clear error and `onLost` is called; the core has then released this window's
 * sessions, so the app starts clean (reloads) once the core is reachable again.
 */
export function createWebBridge(onLost: () => void = () => undefined): TesseraBridge {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${IPC_SOCKET_PATH}`;
  let dispatch: (message: unknown) => void = () => undefined;
  const events = new EventFanout({ on: (listener) => (dispatch = listener) });
  const pending = new Map<number, (result: unknown) => void>();
  const queue: string[] = [];
  let nextId = 1;
  const socket = new WebSocket(url);
  let wasOpen = false;

  socket.addEventListener('open', () => {
    wasOpen = true;
    for (const message of queue.splice(0)) socket.send(message);
  });
  socket.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = WireServerMessage.safeParse(typeof event.data === 'string' ? safeJson(event.data) : undefined);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else {
      dispatch(message);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve(err('unavailable', 'Lost the connection to the Tessera core'));
    pending.clear();
    if (wasOpen) onLost();
  });

  return {
    invoke(channel: InvokeChannel, payload: unknown): Promise<unknown> {
      const id = nextId++;
      const message: WireInvoke = { type: 'invoke', id, channel, payload };
      const text = JSON.stringify(message);
      return new Promise((resolve) => {
        if (socket.readyState === WebSocket.CLOSED || socket.readyState === WebSocket.CLOSING) {
          resolve(err('unavailable', 'Not connected to the Tessera core'));
          return;
        }
        pending.set(id, resolve);
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    on(name: EventName, listener: (payload: unknown) => void): () => void {
      return events.subscribe(name, listener);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
