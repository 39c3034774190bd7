import { z } from 'zod';

export const Severity = z.enum(['info', 'low', 'normal', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;
export const SEVERITIES: readonly Severity[] = Severity.options;

/** An event is an alert unless a rule says not: open until acknowledged. */
export const AlertState = z.enum(['open', 'acknowledged', 'none']);
export type AlertState = z.infer<typeof AlertState>;

export const Acknowledgement = z.object({
  by: z.string().min(1),
  at: z.number(),
  comment: z.string().optional(),
});
export type Acknowledgement = z.infer<typeof Acknowledgement>;

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
  /** `none` when a rule made it a plain event rather than an alert. */
  state: AlertState,
  ack: Acknowledgement.optional(),
});
export type EventRecord = z.infer<typeof EventRecord>;

/** Which events a list shows; every field narrows it. */
export const EventFilter = z
  .object({
    /** `alerts`: open and acknowledged alerts; `all`: plain events too. */
    state: z.enum(['open', 'acknowledged', 'alerts', 'all']).default('alerts'),
    serverId: z.string().min(1).optional(),
    cameraId: z.string().min(1).optional(),
    type: z.string().min(1).optional(),
    severity: z.array(Severity).min(1).optional(),
    /** Event time range, epoch ms, inclusive. */
    from: z.number().optional(),
    to: z.number().optional(),
    /** Words in the label, camera name or metadata. */
    // SQLite's full-text search ends a string at a NUL, and refuses one inside a query.
    text: z.string().trim().min(1).max(200).regex(/^[^\0]*$/, 'cannot contain a NUL character').optional(),
  })
  .strict();
export type EventFilter = z.infer<typeof EventFilter>;

/**
 * Whether a record belongs in a list with this filter: the renderer's twin of the journal's
 * query, for events that arrive while the list is open. Words match as prefixes of words
 * in the label, camera name or metadata, as the journal's full-text search does.
 */
export function matchesFilter(record: EventRecord, filter: EventFilter): boolean {
  if (filter.state === 'alerts' && record.state === 'none') return false;
  if ((filter.state === 'open' || filter.state === 'acknowledged') && record.state !== filter.state) return false;
  if (filter.serverId !== undefined && record.serverId !== filter.serverId) return false;
  if (filter.cameraId !== undefined && record.cameraId !== filter.cameraId) return false;
  if (filter.type !== undefined && record.type !== filter.type) return false;
  if (filter.severity !== undefined && !filter.severity.includes(record.severity)) return false;
  if (filter.from !== undefined && record.time < filter.from) return false;
  if (filter.to !== undefined && record.time > filter.to) return false;
  if (filter.text !== undefined) {
    const words = `${record.label} ${record.cameraName ?? ''} ${JSON.stringify(record.raw)}`.toLowerCase().split(/[^\p{L}\p{N}]+/u);
    return filter.text
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .every((wanted) => words.some((word) => word.startsWith(wanted)));
  }
  return true;
}

/** A JPEG of a live tile for the alerts of its camera that came without a picture (`alerts.picture`). */
export const AlertPictureRequest = z
  .object({
    /** The alerts of one camera in one batch share its frame: a burst costs one picture, not one per alert. */
    ids: z.array(z.string().min(1).max(100)).min(1).max(1000),
    /** The JPEG's bytes, base64: a frame of a live tile at its own size, well under 2 MB. */
    base64: z.string().min(4).max(2_800_000),
  })
  .strict();
export type AlertPictureRequest = z.infer<typeof AlertPictureRequest>;

/**
 * Alerts a window offers to picture with a player of its own, where none of its tiles shows
 * the camera (`alerts.pictureClaim`): the core grants each to one window only.
 */
export const AlertPictureClaim = z.object({ ids: AlertPictureRequest.shape.ids }).strict();
export type AlertPictureClaim = z.infer<typeof AlertPictureClaim>;
