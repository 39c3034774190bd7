import { z } from 'zod';
import { Camera } from '../model/camera';
import { ServerInfo } from '../model/server';
import { EventRecord } from '../model/event';
import { ArchiveStartRequest, LiveStartRequest, StreamInfo, StreamRef, StreamRestartRequest, StreamStateEvent } from '../model/stream';

/** Runtime schemas of every payload that crosses the IPC boundary, in either transport. */

export const Empty = z.object({}).strict();

export const AppInfo = z.object({
  version: z.string(),
  transport: z.enum(['electron', 'web']),
  /** True when the embedded demo VMS is running because no server was configured. */
  demo: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const CamerasListRequest = z.object({ serverId: z.string().min(1).optional() }).strict();

export const CamerasChanged = z.object({ serverId: z.string().min(1), cameras: z.array(Camera) });
export type CamerasChanged = z.infer<typeof CamerasChanged>;

export const IpcErrorSchema = z.object({
  code: z.enum(['invalid-request', 'not-found', 'unavailable', 'forbidden', 'internal']),
  message: z.string(),
});

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: IpcErrorSchema }),
  ]);
}

export const EventsRecentRequest = z
  .object({
    limit: z.number().int().min(1).max(1000).default(200),
    /** Only events received before this event id (paging back). */
    before: z.string().optional(),
  })
  .strict();

export { ArchiveStartRequest, Camera, EventRecord, LiveStartRequest, ServerInfo, StreamInfo, StreamRef, StreamRestartRequest, StreamStateEvent };
