import type { CameraRef } from '../../../shared/model/camera';
import type { TesseraClient } from '../../ipc/client';
import { createPlayer } from '../../players/create-player';
import { pictureWithin } from '../../players/live-pictures';
import type { PictureSource } from '../../players/player';

/**
 * The size the stream is asked for: the VMS's smallest stream at least this large (its sub
 * stream), the cheapest to start; enough for an alert's thumbnail and the drawer's picture.
 */
const PICTURE_SIZE = { width: 320, height: 180 } as const;
/** Longest a camera's stream may take to show its first frame here before the alert goes without. */
const FIRST_FRAME_WITHIN_MS = 15_000;
/** How often the player is looked at for its first frame. */
const LOOK_EVERY_MS = 100;

/**
 * Opens a camera's live stream in no tile, plays it out of sight until its first frame, and
 * hands that frame to `take` (which must copy it at once: the player goes right after). For
 * an alert of a camera no tile shows, whose VMS gives no picture of its own (XProtect's API
 * Gateway has none; it gives video only as WebRTC, which only a browser here can decode).
 * Resolves false when no frame came (the VMS refused, the camera is offline, the time ran
 * out, or `signal` aborted); the stream is stopped either way.
 */
export async function takeHiddenPicture(client: TesseraClient, camera: CameraRef, take: (picture: PictureSource) => void, signal: AbortSignal): Promise<boolean> {
  const started = await client.invoke('live.start', { ...camera, ...PICTURE_SIZE });
  if (!started.ok) return false;
  const { streamId, kind, url } = started.value;
  // In the page and drawn, as a tile is (a video that is not laid out presents no frames, and
  // the players count presented frames), but invisible and out of the operator's way.
  const host = document.createElement('div');
  host.className = 'hidden-player';
  host.setAttribute('aria-hidden', 'true');
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  const canvas = document.createElement('canvas');
  host.append(video, canvas);
  document.body.append(host);
  const player = createPlayer(kind, { video, canvas }, { onState: () => undefined, onEscalate: () => undefined }, client);
  try {
    player.load(url);
    const picture = await pictureWithin(() => player.picture(), FIRST_FRAME_WITHIN_MS, signal, LOOK_EVERY_MS);
    if (!picture) return false;
    take(picture);
    return true;
  } finally {
    player.dispose();
    host.remove();
    void client.invoke('stream.stop', { streamId });
  }
}
