import { z } from 'zod';

/** Camera ids are strings for every vendor (IVMS numbers, EEN ESNs, Milestone GUIDs). */
export const CameraRef = z.object({
  serverId: z.string().min(1),
  cameraId: z.string().min(1),
});
export type CameraRef = z.infer<typeof CameraRef>;

export const CameraStatus = z.enum(['online', 'offline', 'unknown']);
export type CameraStatus = z.infer<typeof CameraStatus>;

/**
 * A camera as the renderer may see it. Vendor records (which for IVMS include the
 * camera's own username and password in clear text) never cross into this shape.
 */
export const Camera = CameraRef.extend({
  name: z.string(),
  model: z.string().optional(),
  address: z.string().optional(),
  /** The VMS's grouping of cameras (site, building, floor), where it has one. */
  group: z.string().optional(),
  status: CameraStatus,
  /** More than up or down, in words, where the VMS says it ("Not recording", "Password needed"). */
  detail: z.string().optional(),
  /** Whether the VMS records the camera, where it says. */
  recording: z.boolean().optional(),
});
export type Camera = z.infer<typeof Camera>;

export function cameraKey(ref: CameraRef): string {
  return `${ref.serverId}/${ref.cameraId}`;
}
