import { describe, expect, it } from 'vitest';
import type { Segment } from '../../../sim/site/segment-ring';
import { recordChunks } from '../../../sim/site/records';

/** Segments of a ring: consecutive sequences, `durationMs` each, a discontinuity where a run restarts. */
function ring(runs: Array<{ fromMs: number; count: number }>, durationMs = 2000): Segment[] {
  let sequence = 0;
  return runs.flatMap((run, runIndex) =>
    Array.from({ length: run.count }, (_, index) => ({
      path: `/tmp/seg${sequence}.ts`,
      startMs: run.fromMs + index * durationMs,
      durationMs,
      bytes: 1000,
      sequence: sequence++,
      discontinuity: runIndex > 0 && index === 0,
    })),
  );
}

describe('VXG records: cutting a recording into records', () => {
  it('never lets a record span a gap, nor run longer than the chunk length', () => {
    const segments = ring([
      { fromMs: 1_000_000, count: 15 },
      { fromMs: 1_060_000, count: 4 },
    ]);
    const chunks = recordChunks(segments, 20_000);
    for (const chunk of chunks) expect(chunk.endMs - chunk.startMs).toBeLessThanOrEqual(20_000);
    expect(chunks.some((chunk) => chunk.startMs < 1_030_000 && chunk.endMs > 1_030_000)).toBe(false);
    expect(chunks.at(-1)).toMatchObject({ startMs: 1_060_000, endMs: 1_068_000 });
    // Every segment is in exactly one record, in order.
    expect(chunks.flatMap((chunk) => chunk.segments.map((segment) => segment.sequence))).toEqual(segments.map((segment) => segment.sequence));
  });

  it('keeps a record bounds when the ring drops its oldest segments and grows at the other end', () => {
    const segments = ring([{ fromMs: 1_000_000, count: 30 }]);
    const before = recordChunks(segments.slice(0, 25), 20_000);
    const after = recordChunks(segments.slice(3), 20_000);
    const key = (chunk: { first: number; last: number }): string => `${chunk.first}-${chunk.last}`;
    // Neither the first record (it lost segments) nor the last (it grew) is comparable; every record between is the same.
    expect(before.slice(1, -1).map(key)).toEqual(after.slice(1, 1 + before.length - 2).map(key));
  });
});
