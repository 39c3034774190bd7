import { z } from 'zod';
import { CameraRef } from './camera';

/** A span of time, epoch ms, `from` < `to`. */
export const TimeRange = z.object({ from: z.number(), to: z.number() }).strict();
export type TimeRange = z.infer<typeof TimeRange>;

/** Longest span one timeline request may cover: the timeline zooms out to a week. */
export const MAX_TIMELINE_SPAN_MS = 8 * 24 * 3600 * 1000;

export const RecordingsRequest = CameraRef.extend({ from: z.number(), to: z.number() }).strict();

/**
 * What is recorded of one camera within a span. IVMS has no recording list, so its
 * ranges are inferred (`inferred`): from the channel's oldest clip to now, minus the
 * periods the core saw the camera offline. `unknown`: the VMS gives no hint at all.
 */
export const Recordings = z.object({
  ranges: z.array(TimeRange),
  source: z.enum(['vms', 'inferred', 'unknown']),
});
export type Recordings = z.infer<typeof Recordings>;

export const MarkersRequest = z
  .object({
    from: z.number(),
    to: z.number(),
    /** The cameras whose events are wanted; at least one. */
    cameras: z.array(CameraRef).min(1).max(64),
    limit: z.number().int().min(1).max(200_000).default(100_000),
  })
  .strict();

/**
 * Event markers for the timeline, column-wise (one entry per event in every array,
 * ascending time) so 100,000 of them cost a few arrays, not 100,000 objects.
 */
export const Markers = z.object({
  from: z.number(),
  to: z.number(),
  /** More events than `limit` were in the span: the newest `limit` are given. */
  truncated: z.boolean(),
  /** The distinct event types, indexed by `type`. */
  types: z.array(z.object({ type: z.string(), label: z.string() })),
  time: z.array(z.number()),
  type: z.array(z.number().int().nonnegative()),
  /** Index into the request's `cameras`. */
  camera: z.array(z.number().int().nonnegative()),
  /** The event ids (for the drawer and for hover details through `events.get`). */
  id: z.array(z.string()),
});
export type Markers = z.infer<typeof Markers>;
