/**
 * How early (media s) a presented frame may be and still count as the moment asked for: the
 * frame on screen at a moment began up to one frame duration before it (0.1 s at 10 fps).
 */
const EARLY_TOLERANCE_S = 0.15;
/**
 * The longest the picture stays hidden after the first presented frame. A recording of one
 * frame a second or less never shows a frame within the tolerance; its seek's `seeked` is
 * what reveals it, and should that not come, the picture is shown anyway.
 */
const REVEAL_AT_THE_LATEST_MS = 2000;

/** What StartConcealer needs of a <video>. */
export interface ConcealableVideo {
  readonly style: Pick<CSSStyleDeclaration, 'setProperty' | 'removeProperty'>;
  addEventListener(type: 'seeked', listener: () => void): void;
  removeEventListener(type: 'seeked', listener: () => void): void;
  requestVideoFrameCallback?(callback: (now: number, metadata: { mediaTime: number }) => void): number;
  cancelVideoFrameCallback?(handle: number): void;
}

/**
 * Keeps a recorded video's picture transparent until it shows the moment it was started at.
 * The element is given that moment as its default playback start position before any media
 * arrives, and seeks there once the stream's metadata is known; on a busy machine Chromium
 * now and then presents the buffer's first frame (up to a segment early) before the seek
 * lands, and an operator replaying an incident saw, for a frame, a moment they did not ask
 * for. The tile keeps its own background meanwhile. `dispose()` shows the picture.
 */
export class StartConcealer {
  private done = false;
  private frameHandle: number | undefined;
  private latest: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly video: ConcealableVideo,
    /** The media time (s) the video starts at. */
    private readonly position: number,
  ) {
    video.style.setProperty('opacity', '0');
    // After the seek to the start position, every frame presented is from there.
    video.addEventListener('seeked', this.reveal);
    if (video.requestVideoFrameCallback) this.frameHandle = video.requestVideoFrameCallback(this.onFrame);
    else this.reveal();
  }

  /** True while the picture is hidden. */
  get concealing(): boolean {
    return !this.done;
  }

  dispose(): void {
    this.reveal();
  }

  private readonly onFrame = (_now: number, metadata: { mediaTime: number }): void => {
    this.frameHandle = undefined;
    if (this.done) return;
    if (metadata.mediaTime >= this.position - EARLY_TOLERANCE_S) {
      this.reveal();
      return;
    }
    this.latest ??= setTimeout(this.reveal, REVEAL_AT_THE_LATEST_MS);
    this.frameHandle = this.video.requestVideoFrameCallback?.(this.onFrame);
  };

  private readonly reveal = (): void => {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.latest);
    if (this.frameHandle !== undefined) this.video.cancelVideoFrameCallback?.(this.frameHandle);
    this.video.removeEventListener('seeked', this.reveal);
    this.video.style.removeProperty('opacity');
  };
}
