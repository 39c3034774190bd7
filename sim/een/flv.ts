import { mkdir, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { runFfmpeg } from '../site/ffmpeg';
import type { Segment } from '../site/segment-ring';

/** How many FLV files stay on disk: enough for a client stepping through an hour of archive. */
const KEEP_FILES = 120;

/**
 * Recorded video as the legacy API gives it, FLV (`/asset/play/video.flv`, EENCloud/api-docs
 * _api_asset.md): the site's recorded MPEG-TS segments of a span joined into one FLV by
 * ffmpeg without re-encoding, made on first request and kept for later ones.
 */
export class FlvRecordings {
  private readonly files = new Map<string, Promise<{ path: string; bytes: number } | undefined>>();

  constructor(private readonly dir: string) {}

  file(cameraId: number, segments: readonly Segment[]): Promise<{ path: string; bytes: number } | undefined> {
    const first = segments[0];
    const last = segments.at(-1);
    if (!first || !last) return Promise.resolve(undefined);
    const key = `${cameraId}-${first.sequence}-${last.sequence}`;
    let made = this.files.get(key);
    if (!made) {
      const path = join(this.dir, `${key}.flv`);
      // prettier-ignore
      const args = ['-i', `concat:${segments.map((segment) => segment.path).join('|')}`, '-map', '0:v:0', '-c', 'copy', '-f', 'flv', '-y', path];
      made = mkdir(this.dir, { recursive: true })
        .then(() => runFfmpeg(args))
        .then(async () => ({ path, bytes: (await stat(path)).size }))
        .catch(() => undefined);
      this.files.set(key, made);
      // A failure (a segment evicted meanwhile) is not kept: the next request tries again.
      void made.then((result) => {
        if (!result && this.files.get(key) === made) this.files.delete(key);
      });
      while (this.files.size > KEEP_FILES) {
        const [oldKey, oldest] = this.files.entries().next().value ?? [];
        if (oldKey === undefined || oldest === undefined) break;
        this.files.delete(oldKey);
        void oldest.then((result) => (result ? unlink(result.path).catch(() => undefined) : undefined));
      }
    }
    return made;
  }

  async dispose(): Promise<void> {
    this.files.clear();
    await rm(this.dir, { recursive: true, force: true });
  }
}
