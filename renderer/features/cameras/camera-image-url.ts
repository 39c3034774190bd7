import type { CameraRef } from '../../../shared/model/camera';

/** Where the core serves a camera's latest picture (for servers whose VMS gives one apart from the video). */
export function cameraImageUrl(camera: CameraRef): string {
  return `/camera-image/${encodeURIComponent(camera.serverId)}/${encodeURIComponent(camera.cameraId)}.jpg`;
}
