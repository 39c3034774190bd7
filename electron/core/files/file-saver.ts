import type { SaveFileResult } from '../../../shared/model/export';
import { CoreError } from '../errors';

/**
 * How the host saves a file the renderer made (a snapshot PNG). Electron asks where with
 * its save dialog and writes the file; the browser host keeps the bytes for the page to
 * download from the app's origin. The core only knows this interface.
 */
export interface FileSaver {
  save(fileName: string, bytes: Uint8Array, contentType: string): Promise<SaveFileResult>;
}

const EXTENSIONS: Readonly<Record<string, string>> = { 'image/png': 'png', 'video/mp4': 'mp4' };

/**
 * A name that is safe as a file name on every platform: no folders, none of the characters
 * Windows refuses, no control characters, no leading or trailing dots and spaces, not too
 * long, and ending in the extension of its content type.
 */
export function safeFileName(name: string, contentType: string): string {
  const extension = EXTENSIONS[contentType];
  const base = (name.split(/[/\\]/).at(-1) ?? '')
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[<>:"|?*\u0000-\u001f\u007f]+/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 150);
  const stem = base || 'tessera';
  if (!extension || stem.toLowerCase().endsWith(`.${extension}`)) return stem;
  return `${stem}.${extension}`;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A JPEG begins with its start-of-image marker (FF D8) and the next marker's FF (ITU-T T.81, B.1.1.3). */
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/** The bytes of a file the renderer sent as base64, checked to be what it says it is. */
export function decodeRendererFile(base64: string, contentType: string): Uint8Array {
  const bytes = Buffer.from(base64, 'base64');
  if (contentType === 'image/png' && !PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) throw new CoreError('invalid-request', 'The file is not a PNG image');
  if (contentType === 'image/jpeg' && !JPEG_SIGNATURE.every((byte, index) => bytes[index] === byte)) throw new CoreError('invalid-request', 'The picture is not a JPEG image');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
