import type { TesseraClient } from '../../ipc/client';
import { formatDateTime, formatOffset } from '../../format';
import { resourceUrl } from '../../ipc/resources';
import type { PictureSource } from '../../players/player';

export interface SnapshotSubject {
  /** The picture on screen at its own size: a video frame, or the canvas of a JPEG stream. */
  readonly picture: PictureSource;
  readonly cameraName: string;
  /** The moment of the frame (epoch ms), from the stream's program date-time. */
  readonly time: number | undefined;
}

/**
 * The frame on screen at its own resolution, with the camera name and the frame's time
 * stamped into the picture (a snapshot handed to the police must say what and when on
 * its face, not only in its file name).
 */
export async function snapshotPng({ picture, cameraName, time }: SnapshotSubject): Promise<Blob> {
  if (picture.width === 0) throw new Error('There is no picture to take yet');
  const canvas = document.createElement('canvas');
  canvas.width = picture.width;
  canvas.height = picture.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('The browser cannot draw the snapshot');
  context.drawImage(picture.image, 0, 0);
  const label = `${cameraName} · ${time === undefined ? 'time unknown' : `${formatDateTime(time)} ${formatOffset(time)}`}`;
  const size = Math.max(12, Math.round(canvas.height / 24));
  context.font = `600 ${size}px system-ui, sans-serif`;
  const pad = Math.round(size / 2);
  const width = context.measureText(label).width + 2 * pad;
  // Top right: the simulator (and most cameras) burn their own overlay top left and bottom left.
  context.fillStyle = 'rgb(0 0 0 / 0.75)';
  context.fillRect(canvas.width - width, 0, width, size + 2 * pad);
  context.fillStyle = '#fff';
  context.textBaseline = 'top';
  context.fillText(label, canvas.width - width + pad, pad);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The snapshot could not be encoded'))), 'image/png'));
}

/** A file name an operator can sort and read: camera and time. */
export function snapshotName(cameraName: string, time: number | undefined): string {
  const stamp = time === undefined ? 'now' : formatDateTime(time).replace(/:/g, '-').replace(' ', '_');
  return `${cameraName.replace(/[^\w .-]+/g, '_')} ${stamp}.png`;
}

/** Saves through the main process: a save dialog in Electron, a download in the browser. Returns what to tell the operator. */
export async function saveSnapshot(client: TesseraClient, subject: SnapshotSubject): Promise<string> {
  const blob = await snapshotPng(subject);
  const base64 = await blobBase64(blob);
  const fileName = snapshotName(subject.cameraName, subject.time);
  const result = await client.invoke('files.save', { fileName, contentType: 'image/png', base64 });
  if (!result.ok) throw new Error(result.error.message);
  const saved = result.value;
  if (saved.saved === 'cancelled') return 'Snapshot not saved';
  if (saved.saved === 'file') return `Snapshot saved to ${saved.path}`;
  const link = document.createElement('a');
  link.href = resourceUrl(saved.url);
  link.download = fileName;
  link.click();
  return `Snapshot downloaded: ${fileName}`;
}

/** A blob's bytes, base64 (what the IPC carries of a picture). */
export function blobBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '');
    reader.onerror = () => reject(reader.error ?? new Error('The picture could not be read'));
    reader.readAsDataURL(blob);
  });
}
