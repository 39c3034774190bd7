import { z } from 'zod';

export const Severity = z.enum(['info', 'low', 'normal', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;

/**
 * One event from any vendor, normalised. Times are UTC epoch ms, with the source's own
 * writing kept beside them. Pictures and clips are URLs on the app's own origin, served
 * by the core; the vendor's bytes and addresses never reach the renderer.
 */
export const EventRecord = z.object({
  /** Tessera's id: unique across servers, increasing in the order events were received. */
  id: z.string().min(1),
  serverId: z.string().min(1),
  cameraId: z.string().optional(),
  cameraName: z.string().optional(),
  time: z.number(),
  /** The time exactly as the source wrote it (IVMS: local time of the server, no zone). */
  sourceTime: z.string(),
  /** True when the source's time was unreadable and `time` is when the event arrived. */
  timeUncertain: z.boolean(),
  receivedAt: z.number(),
  /** The vendor's type code (IVMS alertType, e.g. "209"). */
  type: z.string(),
  /** Words for the type (IVMS alertMessage, e.g. "Activity Detection"). */
  label: z.string(),
  severity: Severity,
  /** The picture that came with the event. */
  image: z.string().optional(),
  /** The VMS's snapshot and clip of the event, where it keeps them. */
  snap: z.string().optional(),
  clip: z.string().optional(),
  vendorEventId: z.string().optional(),
  /** Everything else the source sent (never its image bytes). */
  raw: z.record(z.string(), z.unknown()),
});
export type EventRecord = z.infer<typeof EventRecord>;
