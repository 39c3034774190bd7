import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../../sim/ffmpeg';
import { SegmentEncoder, type EncodedSegment } from '../../../sim/site/encoder';

/**
 * The largest change between consecutive frames of a segment, on 16×9 grey thumbnails (as
 * the wall's frozen-picture check looks at them): codec noise for a frozen picture, far
 * more for a moving one.
 */
async function largestChange(segment: EncodedSegment): Promise<number> {
  const raw = await runFfmpeg(['-i', segment.path, '-vf', 'scale=16:9', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
  const size = 16 * 9;
  let largest = 0;
  for (let offset = size; offset + size <= raw.length; offset += size) {
    for (let pixel = 0; pixel < size; pixel++) largest = Math.max(largest, Math.abs((raw[offset + pixel] ?? 0) - (raw[offset - size + pixel] ?? 0)));
  }
  return largest;
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((wake) => setTimeout(wake, 50));
  }
}

describe('a frozen camera (SegmentEncoder.setStill)', () => {
  let encoder: SegmentEncoder | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await encoder?.stop(!process.env.KEEP);
    if (dir && !process.env.KEEP) await rm(dir, { recursive: true, force: true });
  });

  it('keeps segments coming on time, each frame of a frozen one alike, and moves again when unfrozen', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-frozen-'));
    const segments: EncodedSegment[] = [];
    encoder = new SegmentEncoder(
      { label: 'Gate', width: 192, height: 108, fps: 5, bitrateKbps: 100, segmentSeconds: 1, hue: 0, dir, timeZone: 'UTC' },
      (segment) => segments.push(segment),
    );
    await encoder.start();
    await until(() => segments.length >= 2);
    await encoder.setStill(true);
    const frozenFrom = segments.length;
    await until(() => segments.length >= frozenFrom + 2);
    await encoder.setStill(false);
    const movingFrom = segments.length;
    await until(() => segments.length >= movingFrom + 2);

    expect(await largestChange(segments[0] as EncodedSegment), 'moving').toBeGreaterThan(40);
    expect(await largestChange(segments[frozenFrom + 1] as EncodedSegment), 'frozen').toBeLessThanOrEqual(6);
    expect(await largestChange(segments[movingFrom + 1] as EncodedSegment), 'moving again').toBeGreaterThan(40);
    // No hole in time across either switch beyond what a restart of ffmpeg takes (well under
    // a second on a quiet machine, more with both cores busy: the bound is
    // against a stream that stops, not a slow start), and no overlap.
    for (let index = 1; index < segments.length; index++) {
      const previous = segments[index - 1] as EncodedSegment;
      const gap = (segments[index] as EncodedSegment).startMs - (previous.startMs + previous.durationMs);
      expect(gap, `gap before segment ${index}`).toBeGreaterThan(-50);
      expect(gap, `gap before segment ${index}`).toBeLessThan(3000);
    }
    // The picture's time stays the wall clock's: the last segment ends about now.
    const last = segments.at(-1) as EncodedSegment;
    expect(Math.abs(Date.now() - (last.startMs + last.durationMs))).toBeLessThan(3000);
  }, 40_000);
});
