import { cameraKey, type CameraRef } from '../../../shared/model/camera';
import type { EventRecord } from '../../../shared/model/event';
import type { TesseraClient } from '../../ipc/client';
import { livePicture, nextLivePicture } from '../../players/live-pictures';
import type { PictureSource } from '../../players/player';
import { useServers } from '../../stores/servers';
import { blobBase64 } from '../playback/snapshot';
import { takeHiddenPicture } from './hidden-picture';
import { HiddenPictures } from './hidden-pictures';

/** A frame for an alert is scaled down to this width at most: a thumbnail and the drawer's picture, not evidence (that is the recording). */
const MAX_WIDTH = 960;
const JPEG_QUALITY = 0.85;
/** Alerts one `alerts.picture` call names at most (its schema's limit). */
const MAX_IDS = 1000;

/**
 * How long an alert waits for a live tile of its camera to play, where none did as it came:
 * an alarm puts its camera on a tile (or the operator does, from the alarm stack), and the
 * tile plays a second or two later. Well within the minute the core takes a frame for.
 */
const WAIT_FOR_TILE_MS = 15_000;
/**
 * How long a tile has to show the camera before this window asks to open the camera's
 * stream itself: an alarm's own tile, where a rule gives one, plays by then on a quiet
 * machine; the core grants the alert to one window only.
 */
const TILE_FIRST_MS = 3000;

interface CameraAlerts extends CameraRef {
  readonly ids: string[];
}

/**
 * Alerts whose VMS gives no picture of their camera (an IVMS event may come without one;
 * XProtect's come without, and the core's picture from the camera's recording server may
 * not come) get a frame of the camera's live video: of a tile of
 * this window showing it as the alert comes or within seconds (the picture of the moment,
 * as an operator glancing at the tile would have seen it), or else of the camera's stream
 * opened out of sight for that one frame, by the one window the core grants it to. Servers
 * with a live image of their own (VXG, Eagle Eye) get it from the core. Every window
 * showing the camera offers its frame; the core keeps the first. The alerts of one camera
 * in one batch share one frame.
 */
export function sendAlertPictures(client: TesseraClient): () => void {
  const hidden = new HiddenPictures<Blob>({
    take: async (camera, signal) => {
      let jpeg: Promise<Blob | undefined> | undefined;
      await takeHiddenPicture(client, camera, (picture) => void (jpeg = jpegOf(picture)), signal);
      return jpeg;
    },
    fromTile: (camera) => {
      const picture = livePicture(camera.serverId, camera.cameraId);
      return picture && jpegOf(picture);
    },
  });
  const stop = client.on('events.added', (batch) => {
    const servers = useServers.getState().servers;
    const byCamera = new Map<string, CameraAlerts>();
    for (const record of batch) {
      if (!wantsPicture(record, (serverId) => servers.find((server) => server.id === serverId)?.livePreview ?? true)) continue;
      const key = cameraKey(record);
      const known = byCamera.get(key);
      if (known) known.ids.push(record.id);
      else byCamera.set(key, { serverId: record.serverId, cameraId: record.cameraId, ids: [record.id] });
    }
    // A frame that could not be sent leaves the alert as it was, with its placeholder.
    for (const alerts of byCamera.values()) void pictureFor(client, hidden, alerts).catch(() => undefined);
  });
  return () => {
    stop();
    hidden.dispose();
  };
}

function wantsPicture(record: EventRecord, hasLivePreview: (serverId: string) => boolean): record is EventRecord & { readonly cameraId: string } {
  return record.state !== 'none' && record.image === undefined && record.cameraId !== undefined && !hasLivePreview(record.serverId);
}

async function pictureFor(client: TesseraClient, hidden: HiddenPictures<Blob>, { serverId, cameraId, ids }: CameraAlerts): Promise<void> {
  const onTile = await nextLivePicture(serverId, cameraId, TILE_FIRST_MS);
  if (onTile) return send(client, ids, await jpegOf(onTile));
  const claim = await client.invoke('alerts.pictureClaim', { ids });
  const granted = claim.ok ? claim.value.ids : [];
  const rest = WAIT_FOR_TILE_MS - TILE_FIRST_MS;
  if (granted.length === 0) {
    // Another window opens the camera for them (or they have a picture now): a tile here may still show it first.
    const later = await nextLivePicture(serverId, cameraId, rest);
    if (later) await send(client, ids, await jpegOf(later));
    return;
  }
  // Whichever comes first: a tile that starts showing the camera, or the camera's own stream.
  const done = new AbortController();
  const jpeg = await firstFound([nextLivePicture(serverId, cameraId, rest, done.signal).then((picture) => picture && jpegOf(picture)), hidden.take({ serverId, cameraId })]);
  done.abort();
  await send(client, granted, jpeg);
}

/** The first of `candidates` to resolve with a value; undefined once all resolved without one. */
function firstFound<T>(candidates: ReadonlyArray<Promise<T | undefined>>): Promise<T | undefined> {
  return new Promise((resolve) => {
    let left = candidates.length;
    for (const candidate of candidates) {
      void candidate.then(
        (value) => {
          left--;
          if (value !== undefined) resolve(value);
          else if (left === 0) resolve(undefined);
        },
        () => {
          left--;
          if (left === 0) resolve(undefined);
        },
      );
    }
  });
}

/** The picture as a JPEG: drawn at once (the frame on screen now, not when the encoder gets to it), scaled down. */
function jpegOf(picture: PictureSource): Promise<Blob | undefined> {
  const scale = Math.min(1, MAX_WIDTH / picture.width);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(picture.width * scale);
  canvas.height = Math.round(picture.height * scale);
  const context = canvas.getContext('2d');
  if (!context) return Promise.resolve(undefined);
  context.drawImage(picture.image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob ?? undefined), 'image/jpeg', JPEG_QUALITY));
}

async function send(client: TesseraClient, ids: readonly string[], blob: Blob | undefined): Promise<void> {
  if (!blob) return;
  const base64 = await blobBase64(blob);
  for (let from = 0; from < ids.length; from += MAX_IDS) await client.invoke('alerts.picture', { ids: ids.slice(from, from + MAX_IDS), base64 });
}
