import { z } from 'zod';
import { Camera } from '../model/camera';
import { ServerInfo } from '../model/server';
import { Acknowledgement, AlertState, EventFilter, EventRecord, Severity } from '../model/event';
import { Settings, SettingsPatch } from '../model/settings';
import { ArchiveStartRequest, LiveStartRequest, StreamInfo, StreamRef, StreamPlaylistEvent, StreamRestartRequest, StreamsTaking, StreamStateEvent } from '../model/stream';

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

/**
 * A camera to add to a VMS that takes camera addresses (a VXG account). The camera's own
 * password passes through to the VMS and is kept nowhere by Tessera.
 */
export const CameraAddRequest = z
  .object({
    serverId: z.string().min(1),
    name: z.string().trim().min(1).max(200),
    sourceUrl: z.string().trim().min(1).max(2000),
    login: z.string().max(200).optional(),
    password: z.string().max(200).optional(),
    record: z.boolean(),
  })
  .strict();
export const CameraAdded = z.object({ cameraId: z.string().min(1) });
export const CameraRemoveRequest = z.object({ serverId: z.string().min(1), cameraId: z.string().min(1) }).strict();

export const CamerasChanged = z.object({ serverId: z.string().min(1), cameras: z.array(Camera) });
export type CamerasChanged = z.infer<typeof CamerasChanged>;

export const IpcErrorSchema = z.object({
  code: z.enum(['invalid-request', 'not-found', 'unavailable', 'sign-in', 'forbidden', 'internal']),
  message: z.string(),
  retryAfterMs: z.number().int().nonnegative().optional(),
});

function buildResultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: IpcErrorSchema }),
  ]);
}

type ResultSchema<T extends z.ZodType> = ReturnType<typeof buildResultSchema<T>>;

/** Reply schemas by the schema of their value (a channel's response), built on first use. */
const resultSchemas = new WeakMap<z.ZodType, unknown>();

/**
 * The schema of a reply carrying `value` or an error, one per value schema. Building a zod
 * schema costs far more than checking a reply against it (zod 4 sets up each schema's
 * parts and caches as it is made), and the page checks every reply of the core: built
 * anew for each, this was most of the page's zod time while a wall opened
 * (`npm run bench:ipc-replies`).
 */
export function resultSchema<T extends z.ZodType>(value: T): ResultSchema<T> {
  const known = resultSchemas.get(value) as ResultSchema<T> | undefined;
  if (known) return known;
  const built = buildResultSchema(value);
  resultSchemas.set(value, built);
  return built;
}



export const EventsQuery = z
  .object({
    filter: EventFilter.default({ state: 'alerts' }),
    limit: z.number().int().min(1).max(1000).default(200),
    /** Only events received before this event id (paging back through a list). */
    before: z.string().optional(),
  })
  .strict();

export const AcknowledgeRequest = z
  .object({
    ids: z.array(z.string().min(1)).min(1).max(5000),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict();

export const AcknowledgeResult = z.object({
  /** Acknowledged by this call. */
  acknowledged: z.array(z.string()),
  /** Already acknowledged, or not alerts: left as they were (acknowledging twice is harmless). */
  unchanged: z.array(z.string()),
});
export type AcknowledgeResult = z.infer<typeof AcknowledgeResult>;

export const AlertCounts = z.object({
  open: z.number().int().nonnegative(),
  bySeverity: z.record(Severity, z.number().int().nonnegative()),
});
export type AlertCounts = z.infer<typeof AlertCounts>;

/** An alert that changed: its state, or (`image`) a picture that came after it. */
export const AlertChange = z.object({ id: z.string().min(1), state: AlertState, ack: Acknowledgement.optional(), image: z.string().min(1).optional() });
export type AlertChange = z.infer<typeof AlertChange>;

/** An alert whose rule pops its camera onto the wall, sounds or flashes. */
export const AlarmEvent = z.object({
  eventId: z.string().min(1),
  serverId: z.string().min(1),
  cameraId: z.string().optional(),
  label: z.string(),
  severity: Severity,
  tile: z.number().int().min(0).nullable(),
  /** The monitor whose window pops the camera onto `tile`; the others only list, flash and sound. */
  monitor: z.number().int().min(0),
  /** Goes to the stack of recent alarms (and there too when `tile` is in use). */
  stack: z.boolean().default(false),
  /** The rule says to take `tile` even while the operator is using it. */
  takeTileInUse: z.boolean().default(false),
  /** When it happened (epoch ms) and the camera's name, for the alarm stack. */
  time: z.number().optional(),
  cameraName: z.string().optional(),
  sound: z.boolean(),
  flash: z.boolean(),
});
export type AlarmEvent = z.infer<typeof AlarmEvent>;

export { ArchiveStartRequest, Camera, EventFilter, EventRecord, LiveStartRequest, ServerInfo, Settings, SettingsPatch, StreamInfo, StreamRef, StreamPlaylistEvent, StreamRestartRequest, StreamsTaking, StreamStateEvent };
