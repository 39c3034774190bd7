import type { EventRecord } from '../../../shared/model/event';
import type { TesseraClient } from '../../ipc/client';
import { nextLivePicture } from '../../players/live-pictures';
import type { PictureSource } from '../../players/player';
import { useServers } from '../../stores/servers';
import { blobBase64 } from '../playback/snapshot';

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
 * Alerts whose VMS gives no picture of their camera (XProtect's API Gateway has none; an
 * IVMS event may come without one) get a frame of the camera's live tile, where this window
 * shows it as the alert comes or within seconds: the picture of the moment, as an operator
 * glancing at the tile would have seen it. Servers with a live image of their own (VXG,
 * Eagle Eye) get it from the core. Every window showing the camera offers its frame; the
 * core keeps the first. The alerts of one camera in one batch share one frame.
 */
export function sendAlertPictures(client: TesseraClient): () => void {
  return client.on('events.added', (batch) => {
    const servers = useServers.getState().servers;
    const byCamera = new Map<string, { readonly serverId: string; readonly cameraId: string; readonly ids: string[] }>();
    for (const record of batch) {
      if (!wantsPicture(record, (serverId) => servers.find((server) => server.id === serverId)?.livePreview ?? true)) continue;
      const key = `${record.serverId}\n${record.cameraId}`;
      const known = byCamera.get(key);
      if (known) known.ids.push(record.id);
      else byCamera.set(key, { serverId: record.serverId, cameraId: record.cameraId, ids: [record.id] });
    }
    for (const { serverId, cameraId, ids } of byCamera.values()) {
      // A frame that could not be sent leaves the alert as it was, with its placeholder.
      void nextLivePicture(serverId, cameraId, WAIT_FOR_TILE_MS)
        .then((picture) => picture && send(client, ids, picture))
        .catch(() => undefined);
    }
  });
}

function wantsPicture(record: EventRecord, hasLivePreview: (serverId: string) => boolean): record is EventRecord & { readonly cameraId: string } {
  return record.state !== 'none' && record.image === undefined && record.cameraId !== undefined && !hasLivePreview(record.serverId);
}

async function send(client: TesseraClient, ids: readonly string[], picture: PictureSource): Promise<void> {
  const scale = Math.min(1, MAX_WIDTH / picture.width);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(picture.width * scale);
  canvas.height = Math.round(picture.height * scale);
  const context = canvas.getContext('2d');
  if (!context) return;
  // Drawn at once, as the alerts come: the frame on screen now, not when the encoder gets to it.
  context.drawImage(picture.image, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
  if (!blob) return;
  const base64 = await blobBase64(blob);
  for (let from = 0; from < ids.length; from += MAX_IDS) await client.invoke('alerts.picture', { ids: ids.slice(from, from + MAX_IDS), base64 });
}
