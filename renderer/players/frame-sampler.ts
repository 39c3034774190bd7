import { canCopyFrames, copyFrame, thumbnail } from './frame-copy';

/**
 * How far (0–255, per colour channel of one thumbnail cell) two thumbnails of one frozen
 * picture can differ: a stuck encoder repeats its frame, but each new key frame decodes a
 * little differently from the refined picture before it (a level or two, more at low bit
 * rates). Any movement in the scene changes some cell by far more.
 */
export const CODEC_NOISE = 6;

/**
 * How often the picture is sampled. The tile flags a picture unchanged for 10 s, so a
 * sample every 2 s is early enough, and half the cost of one a second (a read-back of the
 * decoded frame on every tile of the wall).
 */
export const SAMPLE_EVERY_MS = 2000;

/** Two thumbnails (RGBA bytes) of the same picture, but for codec noise. */
export function picturesAlike(a: ArrayLike<number>, b: ArrayLike<number>, tolerance = CODEC_NOISE): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (Math.abs((a[index] ?? 0) - (b[index] ?? 0)) > tolerance) return false;
  return true;
}

/**
 * Notices a picture that stopped changing while playback runs on (an encoder repeating its
 * last frame, a camera whose preview is stuck): a 16×9 thumbnail of the picture, compared
 * every two seconds. Shown, not acted on, because a very still scene can look the same.
 * The decoder's own counters cannot tell: a repeated frame is still a new frame to them.
 */
export class FrameSampler {
  private readonly canvas = document.createElement('canvas');
  private readonly context = this.canvas.getContext('2d', { willReadFrequently: true });
  private previous: ArrayLike<number> | undefined;
  private sameSince = 0;
  private sampledAt = 0;
  /** A video frame being copied (asynchronous); its result counts when it comes. */
  private copying = false;
  /** The buffer of the last copy, reused: one per tile. */
  private buffer: Uint8Array | undefined;
  /** Bumped by `reset`: a copy started before it is dropped. */
  private generation = 0;

  constructor() {
    this.canvas.width = 16;
    this.canvas.height = 9;
  }

  reset(): void {
    this.previous = undefined;
    this.sameSince = 0;
    this.generation += 1;
  }

  /** Milliseconds the picture has stayed identical (0 when it changes). */
  unchangedFor(image: CanvasImageSource | undefined, now: number): number {
    if (!image || now - this.sampledAt < SAMPLE_EVERY_MS) return this.unchanged(now);
    // A <video> is copied through WebCodecs, never drawn on a canvas: drawn, each frame
    // stays decoded in Chromium's canvas image cache (see frame-copy.ts).
    if (canCopyFrames(image)) {
      if (this.copying) return this.unchanged(now);
      this.sampledAt = now;
      this.copying = true;
      const generation = this.generation;
      void copyFrame(image, this.buffer).then((copy) => {
        this.copying = false;
        if (!copy || generation !== this.generation) return;
        this.buffer = copy.data;
        this.compare(thumbnail(copy), performance.now());
      });
      return this.unchanged(now);
    }
    // Other pictures (the JPEG player's canvas) are already decoded: drawing them caches nothing.
    if (!this.context) return this.unchanged(now);
    this.sampledAt = now;
    this.context.drawImage(image, 0, 0, 16, 9);
    this.compare(this.context.getImageData(0, 0, 16, 9).data, now);
    return this.unchanged(now);
  }

  private unchanged(now: number): number {
    return this.previous ? now - this.sameSince : 0;
  }

  private compare(pixels: ArrayLike<number>, now: number): void {
    // Compared with the picture as it was when it last changed, so a slow drift under the
    // tolerance still counts as change once it adds up.
    const same = this.previous !== undefined && picturesAlike(pixels, this.previous);
    if (!same) {
      this.sameSince = now;
      this.previous = pixels;
    }
  }
}
