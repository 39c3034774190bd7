import type { PictureSource, PlayerEvents } from './player';
import { SupervisedPlayer } from './supervised-player';
import { resourceHeaders } from '../ipc/resources';

/** How long one request for the next image may wait at the core before it answers "nothing new". */
const WAIT_MS = 10_000;

/**
 * A camera shown as a sequence of JPEG images (Eagle Eye previews): the tile asks the core
 * for the image after the one it shows, waits until there is one, draws it on a canvas,
 * and asks again. The core fetches each camera's images once for every tile and window, so
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
      if (response.status === 204) continue;
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
