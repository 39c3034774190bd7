/**
 * Notices a picture that stopped changing while playback runs on (an encoder repeating its
 * last frame, a camera whose preview is stuck): a 16×9 thumbnail of the picture, compared
 * once a second. Shown, not acted on, because a very still scene can look the same.
 */
export class FrameSampler {
  private readonly canvas = document.createElement('canvas');
  private readonly context = this.canvas.getContext('2d', { willReadFrequently: true });
  private previous: Uint8ClampedArray | undefined;
  private sameSince = 0;
  private sampledAt = 0;

  constructor() {
    this.canvas.width = 16;
    this.canvas.height = 9;
  }

  reset(): void {
    this.previous = undefined;
    this.sameSince = 0;
  }

  /** Milliseconds the picture has stayed identical (0 when it changes). */
  unchangedFor(image: CanvasImageSource | undefined, now: number): number {
    if (!this.context || !image || now - this.sampledAt < 1000) return this.previous ? now - this.sameSince : 0;
    this.sampledAt = now;
    this.context.drawImage(image, 0, 0, 16, 9);
    const pixels = this.context.getImageData(0, 0, 16, 9).data;
    const same = this.previous !== undefined && pixels.every((value, index) => value === this.previous?.[index]);
    if (!same) this.sameSince = now;
    this.previous = pixels;
    return now - this.sameSince;
  }
}
