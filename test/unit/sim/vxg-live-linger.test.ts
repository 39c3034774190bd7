import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SimCamera, SimProfile } from '../../../sim/site/catalog';
import type { EncoderLease, EncoderPool } from '../../../sim/site/encoder-pool';
import { LiveStreams } from '../../../sim/vxg/live';

/** A pool whose leases only count: the encoders themselves are not this module's concern. */
function countingPool(): { pool: EncoderPool; held: () => number; acquired: () => number; segments: string[]; firstSegment: () => void } {
  let held = 0;
  let acquired = 0;
  const segments: string[] = [];
  let firstSegment = (): void => undefined;
  const started = new Promise<void>((resolve) => {
    firstSegment = () => {
      segments.push('0.ts');
      resolve();
    };
  });
  const pool = {
    acquire: () => {
      held += 1;
      acquired += 1;
      let released = false;
      return {
        ring: { segments },
        encoder: { waitForFirstSegment: () => started },
        release: () => {
          if (!released) held -= 1;
          released = true;
        },
      } as unknown as EncoderLease;
    },
  } as unknown as EncoderPool;
  return { pool, held: () => held, acquired: () => acquired, segments, firstSegment: () => firstSegment() };
}

const camera = { id: 1 } as SimCamera;
const profiles = [{ name: 'MinorStream' }] as SimProfile[];

describe('VXG simulated live streams', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps the stream a client keeps watching, past the linger time, and stops it once the watch calls stop', () => {
    const { pool, held, acquired, segments } = countingPool();
    const live = new LiveStreams({ pool, profiles, lingerMs: 500, startDelayMs: 0 });
    expect(live.watch(1, camera).ready).toBe(false);
    segments.push('0.ts');
    for (let step = 0; step < 10; step += 1) {
      vi.advanceTimersByTime(200);
      expect(live.watch(1, camera).ready).toBe(true);
      expect(held()).toBe(1);
    }
    // One encoder start: never given back and taken again between two watch calls.
    expect(acquired()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(held()).toBe(0);
    live.close();
  });

  it('keeps a variant whose first segment a request waits for, however long the encoder takes to start', async () => {
    const { pool, held, acquired, firstSegment } = countingPool();
    const live = new LiveStreams({ pool, profiles, lingerMs: 500, startDelayMs: 0 });
    const variant = live.variant(1, camera, 'main');
    if (!variant) throw new Error('no variant');
    const waiting = live.untilFirstSegment(variant, 10_000);
    // A busy machine: the encoder's first segment comes long after the linger time.
    vi.advanceTimersByTime(3000);
    expect(held()).toBe(1);
    firstSegment();
    expect(await waiting).toBe(true);
    // The request that waited now fetches the playlist's segment: the same encoder serves it.
    expect(live.variant(1, camera, 'main')).toBe(variant);
    expect(acquired()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(held()).toBe(0);
    live.close();
  });
});
