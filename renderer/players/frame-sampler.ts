import { canCopyFrames, copyFrame, type FrameCopy, thumbnail } from './frame-copy';

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

/** A copy of the picture taken while it played, and the moment (epoch ms) it shows. */
export interface KeptFrame {
  readonly copy: FrameCopy;
  readonly takenAt: number;
}

/** How the sampler copies a <video>'s frame (WebCodecs in the page; replaced in unit tests). */
export interface FrameCopier {
  canCopy(image: CanvasImageSource): image is HTMLVideoElement;
  copy(video: HTMLVideoElement, reuse: Uint8Array | undefined): Promise<FrameCopy | undefined>;
}

const WEB_CODECS: FrameCopier = { canCopy: canCopyFrames, copy: copyFrame };

/**
 * Notices a picture that stopped changing while playback runs on (an encoder repeating its
 * last frame, a camera whose preview is stuck): a 16×9 thumbnail of the picture, compared
 * every two seconds. Shown, not acted on, because a very still scene can look the same.
 * The decoder's own counters cannot tell: a repeated frame is still a new frame to them.
 *
 * Each copy of a <video>'s frame is also kept (`lastFrame`) for the still a tile shows
 * when its stream drops, so a tile copies its picture once per sample, not once for each
 * use. Copies alternate between two buffers: the kept copy's buffer is never the one being
 * written, so a still drawn while the next copy runs is never torn.
 */
export class FrameSampler {
  private context: CanvasRenderingContext2D | null | undefined;
  private previous: ArrayLike<number> | undefined;
  private sameSince = 0;
  private sampledAt = 0;
  /** A video frame being copied (asynchronous); its result counts when it comes. */
  private copying = false;
  /** The two buffers copies alternate between, and the one the next copy writes. */
  private readonly buffers: [Uint8Array | undefined, Uint8Array | undefined] = [undefined, undefined];
  private nextBuffer: 0 | 1 = 0;
  private kept: KeptFrame | undefined;
  /** Bumped by `reset`: a copy started before it is dropped. */
  private generation = 0;

  constructor(private readonly copier: FrameCopier = WEB_CODECS) {}

  /**
   * The stream starts over: the picture's history is forgotten. The kept frame stays: it
   * is still the last picture this tile showed, until a newer one is copied.
   */
  reset(): void {
    this.previous = undefined;
    this.sameSince = 0;
    this.generation += 1;
  }

  /** The last finished copy of a <video>'s picture; undefined for other pictures (a canvas). */
  lastFrame(): KeptFrame | undefined {
    return this.kept;
  }

  /**
   * Milliseconds the picture has stayed identical (0 when it changes). `position` tells
   * the moment the picture shows, read when a copy is taken.
   */
  unchangedFor(image: CanvasImageSource | undefined, now: number, position: () => number = Date.now): number {
    if (!image || now - this.sampledAt < SAMPLE_EVERY_MS) return this.unchanged(now);
    // A <video> is copied through WebCodecs, never drawn on a canvas: drawn, each frame
    // stays decoded in Chromium's canvas image cache (see frame-copy.ts).
    if (this.copier.canCopy(image)) {
      if (this.copying) return this.unchanged(now);
      this.sampledAt = now;
      this.copying = true;
      const generation = this.generation;
      const index = this.nextBuffer;
      const takenAt = position();
      void this.copier.copy(image, this.buffers[index]).then((copy) => {
        this.copying = false;
        if (!copy || generation !== this.generation) return;
        this.buffers[index] = copy.data;
        this.nextBuffer = index === 0 ? 1 : 0;
        this.kept = { copy, takenAt };
        this.compare(thumbnail(copy), performance.now());
      });
      return this.unchanged(now);
    }
    // Other pictures (the JPEG player's canvas) are already decoded: drawing them caches nothing.
    this.kept = undefined;
    const context = this.thumbnailContext();
    if (!context) return this.unchanged(now);
    this.sampledAt = now;
    context.drawImage(image, 0, 0, 16, 9);
    this.compare(context.getImageData(0, 0, 16, 9).data, now);
    return this.unchanged(now);
  }

  private thumbnailContext(): CanvasRenderingContext2D | null {
    if (this.context === undefined) {
      const canvas = document.createElement('canvas');
      canvas.width = 16;
      canvas.height = 9;
      this.context = canvas.getContext('2d', { willReadFrequently: true });
    }
    return this.context;
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
