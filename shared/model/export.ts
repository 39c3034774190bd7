import { z } from 'zod';
import { CameraRef } from './camera';

/** Longest span one export may cover. */
export const MAX_EXPORT_SPAN_MS = 2 * 3600 * 1000;

/** A moment a JavaScript Date can hold (ECMA-262: ±8.64e15 ms), and not before 1970: no recording is older. */
const ExportMoment = z.number().min(0).max(8.64e15);

export const ExportRequest = z
  .object({
    cameras: z.array(CameraRef).min(1).max(16),
    from: ExportMoment,
    to: ExportMoment,
  })
  .strict()
  .refine((request) => request.to > request.from && request.to - request.from <= MAX_EXPORT_SPAN_MS, { message: 'An export covers more than 0 s and at most 2 hours' });

/** One camera's export: an MP4 of its recording from `from` to `to`. */
export const ExportJob = CameraRef.extend({
  id: z.string().min(1),
  cameraName: z.string(),
  from: z.number(),
  to: z.number(),
  state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  /** 0 to 1. */
  progress: z.number().min(0).max(1),
  /** Why it failed, or what the VMS could not give (in words for the operator). */
  message: z.string().optional(),
  fileName: z.string(),
  /** Done: where the renderer downloads it from, on the app's own origin. */
  download: z.string().optional(),
  bytes: z.number().int().nonnegative().optional(),
});
export type ExportJob = z.infer<typeof ExportJob>;

/** A file the renderer made (a snapshot PNG) handed to the main process to save. */
export const SaveFileRequest = z
  .object({
    fileName: z.string().min(1).max(200),
    contentType: z.enum(['image/png']),
    /** The bytes, base64; a 4K PNG is well under the limit. */
    base64: z.string().min(1).max(40_000_000),
  })
  .strict();

/**
 * How it was saved: to a file the operator chose (Electron save dialog), as a download
 * for the browser to fetch from the app's origin, or not at all (dialog cancelled).
 */
export const SaveFileResult = z.discriminatedUnion('saved', [
  z.object({ saved: z.literal('file'), path: z.string() }),
  z.object({ saved: z.literal('download'), url: z.string() }),
  z.object({ saved: z.literal('cancelled') }),
]);
export type SaveFileResult = z.infer<typeof SaveFileResult>;
