import { mkdir, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { segmentsToMp4 } from './cuts';
import type { Segment, SegmentRing } from './segment-ring';

/** A contiguous stretch of recording a VMS lists as one record (VXG records, Eagle Eye media): whole segments of one run. */
export interface RecordChunk {
  /** Sequences (in the camera's recording ring) of its first and last segment. */
  readonly first: number;
  readonly last: number;
  readonly startMs: number;
  readonly endMs: number;
  /** Bytes of its MPEG-TS segments: the MP4 made of them is a little smaller. */
  readonly bytes: number;
  readonly segments: readonly Segment[];
}

/**
 * Cuts a recording into records of at most `chunkMs`, on segment boundaries, never across
 * a gap (a camera that was offline). A new record also starts at every multiple of
 * `chunkMs` since the epoch, so records keep their bounds (and their URLs) as the ring
 * grows at one end and drops segments at the other.
 */
export function recordChunks(segments: readonly Segment[], chunkMs: number): RecordChunk[] {
  const chunks: RecordChunk[] = [];
  let current: Segment[] = [];
  const flush = (): void => {
    const first = current[0];
    const last = current.at(-1);
    if (first && last) {
      chunks.push({
        first: first.sequence,
        last: last.sequence,
        startMs: first.startMs,
        endMs: last.startMs + last.durationMs,
        bytes: current.reduce((sum, segment) => sum + segment.bytes, 0),
        segments: current,
      });
    }
    current = [];
  };
  for (const segment of segments) {
    const head = current[0];
    const previous = current.at(-1);
    const breaks =
      !head ||
      !previous ||
      segment.discontinuity ||
      segment.sequence !== previous.sequence + 1 ||
      Math.floor(segment.startMs / chunkMs) !== Math.floor(head.startMs / chunkMs) ||
      segment.startMs + segment.durationMs - head.startMs > chunkMs;
    if (breaks) flush();
    current.push(segment);
  }
  flush();
  return chunks;
}

/** The record from `first` to `last` if the ring still holds all of it as one run. */
export function findChunk(ring: SegmentRing, first: number, last: number): RecordChunk | undefined {
  if (last < first || last - first > 10_000) return undefined;
  const segments: Segment[] = [];
  for (let sequence = first; sequence <= last; sequence++) {
    const segment = ring.bySequence(sequence);
    if (!segment || (sequence > first && segment.discontinuity)) return undefined;
    segments.push(segment);
  }
  const head = segments[0];
  const tail = segments.at(-1);
  if (!head || !tail) return undefined;
  return { first, last, startMs: head.startMs, endMs: tail.startMs + tail.durationMs, bytes: segments.reduce((sum, segment) => sum + segment.bytes, 0), segments };
}

/** How many record MP4s stay on disk: enough for a client stepping through an hour of archive. */
const KEEP_FILES = 200;

/**
 * MP4 files of records, made on first request (ffmpeg joins the TS segments without
 * re-encoding) and kept for later ones; the oldest made are deleted beyond `KEEP_FILES`.
 */
export class RecordFiles {
  private readonly files = new Map<string, Promise<{ path: string; bytes: number } | undefined>>();

  constructor(private readonly dir: string) {}

  file(camid: number, chunk: RecordChunk): Promise<{ path: string; bytes: number } | undefined> {
    const key = `${camid}-${chunk.first}-${chunk.last}`;
    let made = this.files.get(key);
    if (!made) {
      const path = join(this.dir, `${key}.mp4`);
      made = mkdir(this.dir, { recursive: true })
        .then(() => segmentsToMp4(chunk.segments.map((segment) => segment.path), path))
        .then(async () => ({ path, bytes: (await stat(path)).size }))
        .catch(() => undefined);
      this.files.set(key, made);
      // A failure (a segment evicted meanwhile) is not kept: the next request tries again.
      void made.then((result) => {
        if (!result && this.files.get(key) === made) this.files.delete(key);
      });
      this.evict();
    }
    return made;
  }

  async dispose(): Promise<void> {
    this.files.clear();
    await rm(this.dir, { recursive: true, force: true });
  }

  private evict(): void {
    while (this.files.size > KEEP_FILES) {
      const [key, oldest] = this.files.entries().next().value ?? [];
      if (key === undefined || oldest === undefined) break;
      this.files.delete(key);
      void oldest.then((result) => (result ? unlink(result.path).catch(() => undefined) : undefined));
    }
  }
}
