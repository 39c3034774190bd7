import type { EventName, InvokeChannel } from '../../shared/ipc/channels';
import { EventFanout } from '../../shared/ipc/event-fanout';
import { IPC_SOCKET_PATH, KEY_PROTOCOL_PREFIX, LAUNCH_KEY_HEADER, MAX_WINDOW_MESSAGE_BYTES, RESOURCE_CAPABILITY_PARAM, WIRE_PROTOCOL, WireServerMessage, type WireInvoke } from '../../shared/ipc/wire';
import { formatMegabytes } from '../format';
import { decodeBinaryMessage } from './wire-frame';
import { err } from '../../shared/result';
import type { TesseraBridge } from './bridge';
import { withLaunchKey } from './launch-key';

export interface WebBridgeEvents {
  /** The socket dropped after it was open: the core has released this window's sessions. */
  readonly onLost?: () => void;
  /** The socket never opened: the core is not running, or refused this window's key (a later launch). */
  readonly onRefused?: () => void;
}

/**
 * The browser side of the web transport: one WebSocket to the core, carrying invokes
 * (answered by id) and events. The launch key opens the socket (offered as a
 * subprotocol: a browser cannot set a WebSocket's headers), goes in a header on the
 * requests hls.js makes, and never in a cookie. For `<img>` and links the core sends a
 * short-lived capability over the socket, renewed before it expires. When the socket
 * drops, pending calls fail with a clear error and `onLost` is called; the core has then
 * released this window's sessions, so the app starts clean (reloads) once the core is
 * reachable again.
 */
export function createWebBridge(key: string, events: WebBridgeEvents = {}): TesseraBridge {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${IPC_SOCKET_PATH}`;
  let dispatch: (message: unknown) => void = () => undefined;
  const fanout = new EventFanout({ on: (listener) => (dispatch = listener) });
  const pending = new Map<number, (result: unknown) => void>();
  const queue: string[] = [];
  let nextId = 1;
  const socket = new WebSocket(url, [WIRE_PROTOCOL, `${KEY_PROTOCOL_PREFIX}${key}`]);
  // Messages that carry bytes (live segments with their playlists) come as binary frames.
  socket.binaryType = 'arraybuffer';
  let wasOpen = false;
  let capability: string | undefined;

  socket.addEventListener('open', () => {
    wasOpen = true;
    for (const message of queue.splice(0)) socket.send(message);
  });
  socket.addEventListener('message', (event: MessageEvent<unknown>) => {
    const raw = typeof event.data === 'string' ? safeJson(event.data) : event.data instanceof ArrayBuffer ? decodeBinaryMessage(event.data) : undefined;
    const parsed = WireServerMessage.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'access') {
      capability = message.capability;
    } else if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else {
      dispatch(message);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve(err('unavailable', 'Lost the connection to the Tessera core'));
    pending.clear();
    if (wasOpen) events.onLost?.();
    else events.onRefused?.();
  });

  return {
    invoke(channel: InvokeChannel, payload: unknown): Promise<unknown> {
      const id = nextId++;
      const message: WireInvoke = { type: 'invoke', id, channel, payload };
      const text = JSON.stringify(message);
      return new Promise((resolve) => {
        const bytes = utf8Length(text);
        if (bytes > MAX_WINDOW_MESSAGE_BYTES) {
          // Sent, it would make the core close this window's socket, and with it every tile's session.
          resolve(err('invalid-request', `Too large to send to the Tessera core (${formatMegabytes(bytes)}; at most ${formatMegabytes(MAX_WINDOW_MESSAGE_BYTES)})`));
          return;
        }
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
      return fanout.subscribe(name, listener);
    },
    resourceUrl(address: string): string {
      const target = new URL(address, location.href);
      if (capability === undefined || target.origin !== location.origin) return address;
      target.searchParams.set(RESOURCE_CAPABILITY_PARAM, capability);
      return target.pathname + target.search + target.hash;
    },
    requestHeaders: () => ({ [LAUNCH_KEY_HEADER]: key }),
    windowUrl: (href: string) => withLaunchKey(href, key),
  };
}

/** The UTF-8 size of `text`, counted only where it could matter (a UTF-16 unit is at most 3 bytes). */
function utf8Length(text: string): number {
  return text.length * 3 <= MAX_WINDOW_MESSAGE_BYTES ? text.length : new TextEncoder().encode(text).byteLength;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
