import type { PictureSource, PlayerEvents } from './player';
import { SupervisedPlayer } from './supervised-player';
import { resourceHeaders } from '../ipc/resources';

/**
 * The tile asks without waiting at the core, and paces its asking itself: a browser opens at
 * most six HTTP/1.1 connections to one host (the web transport), so thirty tiles each
 * holding a long poll open would starve one another and every other request of the page
 * (HLS playlists timed out behind them in the end-to-end test). Asking briefly holds a
 * connection for milliseconds.
 */
const WAIT_MS = 0;
/** After "nothing new", ask again this much later: the most an image waits at the core before a tile has it. */
const POLL_MS = 150;
/** After an image, the next is not expected before this share of the usual interval between images. */
const EARLY_SHARE = 0.6;

/**
 * A camera shown as a sequence of JPEG images (Eagle Eye previews): the tile asks the core
 * for the image after the one it shows, draws it on a canvas when there is one, and asks
 * again a little later. The core fetches each camera's images once for every tile and window, so
 * a wall of previews costs the VMS one request per camera, not one per viewer. The
 * picture's moment is when the camera took it, which the freshness watermark shows.
 */
export class JpegPlayer extends SupervisedPlayer {
  readonly canReplay = false;
  private loop: AbortController | undefined;
  private sequence: number | undefined;
  private seen: number | undefined;
  private takenAt: number | undefined;
  private drawn = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    events: PlayerEvents,
  ) {
    super(events);
  }

  position(): number | undefined {
    return this.drawn ? this.takenAt : undefined;
  }

  override mediaEpoch(): number | undefined {
    return undefined;
  }

  override frameMs(): number {
    return 1000;
  }

  override dispose(): void {
    super.dispose();
    this.canvas.getContext('2d')?.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.drawn = false;
  }

  protected begin(url: string): void {
    this.seen = undefined;
    this.startLoop(url);
  }

  protected end(): void {
    this.stopLoop();
  }

  protected suspend(): void {
    this.stopLoop();
  }

  protected unsuspend(): void {
    if (this.url) this.startLoop(this.url);
  }

  protected halt(): void {
    this.stopLoop();
  }

  protected advanced(): boolean {
    if (this.sequence === undefined || this.sequence === this.seen) return false;
    const first = this.seen === undefined;
    this.seen = this.sequence;
    return !first;
  }

  protected hasPicture(): boolean {
    return this.drawn;
  }

  protected pictureImage(): PictureSource | undefined {
    return this.drawn ? { image: this.canvas, width: this.canvas.width, height: this.canvas.height } : undefined;
  }

  private startLoop(url: string): void {
    this.stopLoop();
    const loop = new AbortController();
    this.loop = loop;
    void this.run(url, loop.signal);
  }

  private stopLoop(): void {
    this.loop?.abort();
    this.loop = undefined;
  }

  private async run(url: string, signal: AbortSignal): Promise<void> {
    // A call, not a property read: it changes across the awaits below.
    const stopped = (): boolean => signal.aborted;
    let lastFrameAt: number | undefined;
    let interval = 1000;
    while (!stopped()) {
      const next = new URL(url, window.location.href);
      next.searchParams.set('wait', String(WAIT_MS));
      if (this.sequence !== undefined) next.searchParams.set('after', String(this.sequence));
      let response: Response;
      try {
        response = await fetch(next, { signal, cache: 'no-store', headers: resourceHeaders() });
      } catch (error) {
        if (!stopped()) this.fail(`Preview images are not arriving (${error instanceof Error ? error.message : String(error)})`);
        return;
      }
      if (response.status === 204) {
        await pause(POLL_MS, signal);
        continue;
      }
      if (!response.ok) {
        const why = (await response.text().catch(() => '')).trim().slice(0, 200);
        if (!stopped()) this.fail(`Preview images are not arriving (HTTP ${response.status}${why ? `: ${why}` : ''})`);
        return;
      }
      const sequence = Number(response.headers.get('x-frame-sequence'));
      const takenAt = Number(response.headers.get('x-frame-time'));
      let bitmap: ImageBitmap;
      try {
        bitmap = await createImageBitmap(await response.blob());
      } catch {
        if (!stopped()) this.fail('The VMS sent an image that cannot be decoded');
        return;
      }
      if (stopped()) {
        bitmap.close();
        return;
      }
      this.draw(bitmap);
      this.sequence = Number.isSafeInteger(sequence) ? sequence : (this.sequence ?? 0) + 1;
      this.takenAt = Number.isFinite(takenAt) && takenAt > 0 ? takenAt : Date.now();
      // The usual interval between images (a moving average, bounded): previews come about once a second.
      const now = Date.now();
      if (lastFrameAt !== undefined) interval = Math.min(5000, Math.max(100, interval * 0.8 + (now - lastFrameAt) * 0.2));
      lastFrameAt = now;
      await pause(interval * EARLY_SHARE, signal);
    }
  }

  private draw(bitmap: ImageBitmap): void {
    if (this.canvas.width !== bitmap.width || this.canvas.height !== bitmap.height) {
      this.canvas.width = bitmap.width;
      this.canvas.height = bitmap.height;
    }
    this.canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    bitmap.close();
    this.drawn = true;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      window.clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = window.setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
