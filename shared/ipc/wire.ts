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
]);
export type WireServerMessage = z.infer<typeof WireServerMessage>;

export const IPC_SOCKET_PATH = '/ipc';
