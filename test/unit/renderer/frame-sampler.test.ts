import { describe, expect, it } from 'vitest';
import type { FrameCopy } from '../../../renderer/players/frame-copy';
import { CODEC_NOISE, type FrameCopier, FrameSampler, picturesAlike, SAMPLE_EVERY_MS } from '../../../renderer/players/frame-sampler';

describe('picturesAlike (frozen-picture check)', () => {
  const picture = Array.from({ length: 16 * 9 * 4 }, (_, index) => (index * 37) % 256);

  it('takes a frozen picture re-decoded from a new key frame (codec noise) for the same', () => {
    const redecoded = picture.map((value, index) => Math.max(0, Math.min(255, value + (index % 3) - 1)));
    expect(picturesAlike(picture, redecoded)).toBe(true);
    expect(picturesAlike(picture, picture.map((value) => Math.min(255, value + CODEC_NOISE)).map((value, index) => (picture[index] === 255 ? 255 : value)))).toBe(true);
  });

  it('sees movement in one cell of the thumbnail', () => {
    const moved = [...picture];
    moved[40] = ((moved[40] ?? 0) + 40) % 256;
    expect(picturesAlike(picture, moved)).toBe(false);
  });

  it('never takes thumbnails of different sizes for one picture', () => {
    expect(picturesAlike(picture, picture.slice(4))).toBe(false);
  });
});

/** A copier whose copies finish when the test says, into the buffer the sampler hands it. */
class ControlledCopier implements FrameCopier {
  readonly pending: { reuse: Uint8Array | undefined; finish: (luma: number) => void }[] = [];
  canCopy(_image: CanvasImageSource): _image is HTMLVideoElement {
    return true;
  }
  copy(_video: HTMLVideoElement, reuse: Uint8Array | undefined): Promise<FrameCopy | undefined> {
    return new Promise((resolve) => {
      this.pending.push({
        reuse,
        finish: (luma) => {
          const data = reuse ?? new Uint8Array(32 * 18);
          data.fill(luma);
          resolve({ format: 'I420', width: 32, height: 18, displayWidth: 32, displayHeight: 18, layout: [{ offset: 0, stride: 32 }], data });
        },
      });
    });
  }
}

describe('FrameSampler', () => {
  const video = {} as CanvasImageSource;
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

  it('keeps each finished copy with the moment it shows, and never writes the next copy into the kept one', async () => {
    const copier = new ControlledCopier();
    const sampler = new FrameSampler(copier);
    expect(sampler.lastFrame()).toBeUndefined();
    sampler.unchangedFor(video, 10_000, () => 1_000);
    copier.pending[0]?.finish(50);
    await settle();
    const first = sampler.lastFrame();
    expect(first?.takenAt).toBe(1_000);
    expect(first?.copy.data[0]).toBe(50);

    // The next copy runs into the other buffer: the kept picture stays whole meanwhile.
    sampler.unchangedFor(video, 10_000 + SAMPLE_EVERY_MS, () => 3_000);
    expect(copier.pending[1]?.reuse).not.toBe(first?.copy.data);
    copier.pending[1]?.finish(200);
    expect(sampler.lastFrame()?.copy.data[0]).toBe(50);
    await settle();
    expect(sampler.lastFrame()?.takenAt).toBe(3_000);
    expect(sampler.lastFrame()?.copy.data[0]).toBe(200);

    // The third copy reuses the first buffer, no longer kept, and not the second's.
    sampler.unchangedFor(video, 10_000 + 2 * SAMPLE_EVERY_MS, () => 5_000);
    expect(copier.pending[2]?.reuse).toBe(first?.copy.data);
    expect(copier.pending[2]?.reuse).not.toBe(sampler.lastFrame()?.copy.data);
  });

  it('copies at most once per sample period, and one copy at a time', () => {
    const copier = new ControlledCopier();
    const sampler = new FrameSampler(copier);
    sampler.unchangedFor(video, 10_000);
    sampler.unchangedFor(video, 10_000 + SAMPLE_EVERY_MS / 2);
    expect(copier.pending).toHaveLength(1);
    // Due again, but the first copy has not finished: no second one on top of it.
    sampler.unchangedFor(video, 10_000 + SAMPLE_EVERY_MS);
    expect(copier.pending).toHaveLength(1);
  });

  it('counts how long the picture stayed the same across copies, and starts over after a reset', async () => {
    const copier = new ControlledCopier();
    const sampler = new FrameSampler(copier);
    const sample = async (at: number, luma: number): Promise<number> => {
      sampler.unchangedFor(video, at);
      copier.pending.at(-1)?.finish(luma);
      await settle();
      return sampler.unchangedFor(video, at);
    };
    const start = performance.now();
    await sample(start, 80);
    await sample(start + SAMPLE_EVERY_MS, 80);
    const later = start + 2 * SAMPLE_EVERY_MS;
    await sample(later, 80);
    expect(sampler.unchangedFor(video, later + 100)).toBeGreaterThan(0);
    sampler.reset();
    expect(sampler.unchangedFor(video, later + 200)).toBe(0);
  });

  it('drops a copy started before a reset for the comparison and the still, keeping the earlier still', async () => {
    const copier = new ControlledCopier();
    const sampler = new FrameSampler(copier);
    sampler.unchangedFor(video, 10_000, () => 1_000);
    copier.pending[0]?.finish(50);
    await settle();
    sampler.unchangedFor(video, 10_000 + SAMPLE_EVERY_MS, () => 3_000);
    sampler.reset();
    copier.pending[1]?.finish(200);
    await settle();
    expect(sampler.lastFrame()?.takenAt).toBe(1_000);
    expect(sampler.lastFrame()?.copy.data[0]).toBe(50);
  });
});
