import type { SaveFileResult } from '../../../shared/model/export';
import type { Downloads } from './downloads';
import { type FileSaver, safeFileName } from './file-saver';

export interface DownloadSaverLimits {
  readonly maxFiles: number;
  readonly maxBytes: number;
}

const DEFAULT_LIMITS: DownloadSaverLimits = { maxFiles: 50, maxBytes: 200 * 1024 * 1024 };

/**
 * The browser host's saver: a page cannot be handed a save dialog from the server, so the
 * bytes are kept (in memory) for it to download from the app's origin. A wall left open
 * all shift must not grow without end: the oldest files go beyond the limits.
 */
export class DownloadSaver implements FileSaver {
  private readonly kept: Array<{ readonly id: string; readonly bytes: number }> = [];
  private totalBytes = 0;

  constructor(
    private readonly downloads: Downloads,
    private readonly limits: DownloadSaverLimits = DEFAULT_LIMITS,
  ) {}

  save(fileName: string, bytes: Uint8Array, contentType: string): Promise<SaveFileResult> {
    const id = this.downloads.add({ fileName: safeFileName(fileName, contentType), contentType, body: { kind: 'bytes', bytes } });
    this.kept.push({ id, bytes: bytes.byteLength });
    this.totalBytes += bytes.byteLength;
    // The newest stays even when it alone is over the byte limit: it was just asked for.
    while (this.kept.length > 1 && (this.kept.length > this.limits.maxFiles || this.totalBytes > this.limits.maxBytes)) {
      const oldest = this.kept.shift();
      if (!oldest) break;
      this.totalBytes -= oldest.bytes;
      this.downloads.remove(oldest.id);
    }
    return Promise.resolve({ saved: 'download', url: this.downloads.url(id) });
  }

  dispose(): void {
    for (const { id } of this.kept.splice(0)) this.downloads.remove(id);
    this.totalBytes = 0;
  }
}
