import { z } from 'zod';

/**
 * Messages of the web transport's WebSocket (`/ipc`). The payloads inside are checked
 * against the contract by the registry (requests) and the renderer client (replies).
 */
export const WireInvoke = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  // Optional: `invoke(channel)` with no payload sends none (JSON has no undefined), and
  // the registry reads a missing payload as `{}`; requiring it closed the window's socket.
  payload: z.unknown().optional(),
});
export type WireInvoke = z.infer<typeof WireInvoke>;

export const WireServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), result: z.unknown() }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
  /** A fresh capability for the app's resources (see RESOURCE_CAPABILITY_PARAM), sent on connect and before the last one expires. */
  z.object({ type: z.literal('access'), capability: z.string().min(1).max(200), expiresAt: z.number() }),
]);
export type WireServerMessage = z.infer<typeof WireServerMessage>;

export const IPC_SOCKET_PATH = '/ipc';

/**
 * How a window proves it belongs to this launch, without a cookie (cookies are scoped by
 * host, not port, so every other web server on 127.0.0.1 would receive one). The page
 * takes the launch key from the address it was opened with (`?k=`), keeps it in its own
 * origin's sessionStorage, and presents it: on the socket as a subprotocol, on requests
 * it makes itself (hls.js) in a header, and for `<img>` and links, which cannot carry a
 * header, as a short-lived capability in the query.
 */
export const LAUNCH_KEY_PARAM = 'k';
export const LAUNCH_KEY_HEADER = 'x-tessera-key';
/** The socket's subprotocol, which the server answers with. */
export const WIRE_PROTOCOL = 'tessera.v1';
/** Offered next to WIRE_PROTOCOL: this prefix, then the launch key (base64url, a valid protocol token). */
export const KEY_PROTOCOL_PREFIX = 'tessera.key.';
export const RESOURCE_CAPABILITY_PARAM = 'cap';

/**
 * The largest message a window may send over the socket (bytes). The core closes a socket
 * that sends more (it is the window's identity, so its sessions go with it), and the page
 * refuses to send one instead. What a window sends is small, except a snapshot to save: a
 * PNG of the frame, in base64. A 4K camera's frame makes a PNG of 10-25 MB (a 1080p one
 * 2-6 MB, which a 1 MiB limit turned into a dropped wall).
 */
export const MAX_WINDOW_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * Bytes inside the web transport's messages. A message whose payload holds a `Uint8Array`
 * (a live stream's newest segment, sent with its playlist) goes as one binary WebSocket
 * frame instead of JSON text, where bytes would have to become base64 (a third larger, and
 * encoded and decoded on both sides):
 *
 *   [header length: uint32, big-endian] [header: UTF-8 JSON] [the bytes, one after another]
 *
 * The header is the message with each `Uint8Array` replaced by `{ [WIRE_BYTES_KEY]: [offset, length] }`
 * into the part after it (electron/web/wire-frame.ts writes it, renderer/ipc/wire-frame.ts reads it). Electron's IPC needs none of this: it clones a `Uint8Array` as is.
 */
export const WIRE_BYTES_KEY = '$bytes';
/** The header's length field, at the start of a binary frame. */
export const WIRE_LENGTH_BYTES = 4;
