import { unlink } from 'node:fs/promises';
import type { EncodedSegment } from './encoder';

export interface Segment extends EncodedSegment {
  /** Position in this ring, never reused: the HLS media sequence, and the segment's URL name. */
  readonly sequence: number;
  /** First segment of a new encoder run (after a gap): EXT-X-DISCONTINUITY before it. */
  readonly discontinuity: boolean;
}

export interface RingRetention {
  readonly maxSegments?: number;
  readonly maxAgeMs?: number;
  readonly maxBytes?: number;
}

/**
 * Segments of one stream in time order, bounded by count, age or bytes; evicted segments
 * are deleted from disk. A live window keeps a few; a camera's recording keeps hours.
 */
export class SegmentRing {
  private list: Segment[] = [];
  private nextSequence = 0;
  private totalBytes = 0;
  private newRun = true;

  constructor(
    private readonly retention: RingRetention,
    private readonly now: () => number = Date.now,
  ) {}

  /** The next segment starts a new run (a new encoder after a stop): mark the discontinuity. */
  startRun(): void {
    this.newRun = true;
  }

  add(encoded: EncodedSegment): Segment {
    const segment: Segment = { ...encoded, sequence: this.nextSequence++, discontinuity: this.newRun && this.list.length > 0 };
    this.newRun = false;
    this.list.push(segment);
    this.totalBytes += segment.bytes;
    this.evict();
    return segment;
  }

  get segments(): readonly Segment[] {
    return this.list;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  bySequence(sequence: number): Segment | undefined {
    const first = this.list[0];
    return first ? this.list[sequence - first.sequence] : undefined;
  }

  /**
   * Index of the segment showing `timeMs`; in a gap, the first segment after it; before
   * the oldest, the oldest. -1 when `timeMs` is after everything recorded.
   */
  indexAt(timeMs: number): number {
    let low = 0;
    let high = this.list.length - 1;
    let answer = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const segment = this.list[middle];
      if (!segment) break;
      if (segment.startMs + segment.durationMs <= timeMs) {
        low = middle + 1;
      } else {
        answer = middle;
        high = middle - 1;
      }
    }
    return answer;
  }

  /** Recorded time ranges (epoch ms), one per run. */
  ranges(): Array<{ fromMs: number; toMs: number }> {
    const ranges: Array<{ fromMs: number; toMs: number }> = [];
    for (const segment of this.list) {
      const last = ranges.at(-1);
      if (last && !segment.discontinuity) last.toMs = segment.startMs + segment.durationMs;
      else ranges.push({ fromMs: segment.startMs, toMs: segment.startMs + segment.durationMs });
    }
    return ranges;
  }

  /** Drops every segment and deletes its file. */
  clear(): void {
    for (const segment of this.list.splice(0)) void unlink(segment.path).catch(() => undefined);
    this.totalBytes = 0;
  }

  private evict(): void {
    const { maxSegments = Infinity, maxAgeMs = Infinity, maxBytes = Infinity } = this.retention;
    const oldestAllowed = this.now() - maxAgeMs;
    while (this.list.length > 1) {
      const oldest = this.list[0];
      if (!oldest) break;
      const tooMany = this.list.length > maxSegments;
      const tooOld = oldest.startMs + oldest.durationMs < oldestAllowed;
      const tooBig = this.totalBytes > maxBytes;
      if (!tooMany && !tooOld && !tooBig) break;
      this.list.shift();
      this.totalBytes -= oldest.bytes;
      void unlink(oldest.path).catch(() => undefined);
    }
  }
}
