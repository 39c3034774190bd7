import type { CameraCondition } from '../adapter';

/**
 * The camera status bitmask of `/g/device/list` (field 10) and `/poll` `status`
 * (EENCloud/api-docs source/includes/_api_camera.md; decoding order from
 * EENCloud/API-Documentation EE-status-decoder/status.py).
 */
const REGISTERED = 0x100000;
const ON = 0x020000;
const RECORDING = 0x080000;
const STREAMING = 0x040000;
const PASSWORD_NEEDED = 0x000100;
/** "Invalid": the bridge sent an update that must be ignored. */
export const STATUS_INVALID = 0x010000;

/** What a status bitmask means to an operator, or undefined for an update to ignore. */
export function decodeStatus(bits: number): CameraCondition | undefined {
  if (!Number.isInteger(bits) || bits < 0 || (bits & STATUS_INVALID) !== 0) return undefined;
  const recording = (bits & RECORDING) !== 0;
  if ((bits & ON) === 0) return { status: 'offline', detail: 'Turned off', recording: false };
  if ((bits & REGISTERED) === 0) return { status: 'offline', detail: 'Internet offline', recording };
  if ((bits & STREAMING) !== 0) return { status: 'online', recording, ...(recording ? {} : { detail: 'Not recording' }) };
  if ((bits & PASSWORD_NEEDED) !== 0) return { status: 'offline', detail: 'Password needed (the bridge cannot log in to the camera)', recording };
  return { status: 'offline', detail: 'Offline', recording };
}
