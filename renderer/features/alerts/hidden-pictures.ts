import { cameraKey, type CameraRef } from '../../../shared/model/camera';

/** Cameras pictured with a stream of their own at once (a burst of alerts on many cameras). */
const AT_ONCE = 2;
/** A queued camera not started by then is given up: its frame would come too long after the alert to show it. */
const QUEUED_AT_MOST_MS = 40_000;

export interface HiddenPicturesDeps<T> {
  /** Opens the camera's stream out of sight and gives its first frame; undefined when none came (or `signal` aborted). */
  readonly take: (camera: CameraRef, signal: AbortSignal) => Promise<T | undefined>;
  /** The camera's frame from a tile that shows it now, if one does. */
  readonly fromTile: (camera: CameraRef) => Promise<T | undefined> | undefined;
  readonly now?: () => number;
}

/**
 * The cameras a window opens out of sight for an alert's frame: a few at a time, so that a
 * burst of alerts on many cameras does not start as many streams at once; one stream per
 * camera however many of its alerts wait for it; a camera that a tile starts showing while
 * it waits takes the tile's frame instead.
 */
export class HiddenPictures<T> {
  private readonly waiting: Array<{ readonly camera: CameraRef; readonly queuedAt: number; readonly resolve: (picture: PromiseLike<T | undefined> | T | undefined) => void }> = [];
  private readonly byCamera = new Map<string, Promise<T | undefined>>();
  private readonly stopped = new AbortController();
  private readonly now: () => number;
  private running = 0;

  constructor(private readonly deps: HiddenPicturesDeps<T>) {
    this.now = deps.now ?? Date.now;
  }

  /** A frame of the camera's live stream; undefined when none came. */
  take(camera: CameraRef): Promise<T | undefined> {
    const key = cameraKey(camera);
    const known = this.byCamera.get(key);
    if (known) return known;
    const picture = new Promise<T | undefined>((resolve) => this.waiting.push({ camera, queuedAt: this.now(), resolve }));
    this.byCamera.set(key, picture);
    void picture.finally(() => {
      if (this.byCamera.get(key) === picture) this.byCamera.delete(key);
    });
    this.next();
    return picture;
  }

  private next(): void {
    while (this.running < AT_ONCE) {
      const entry = this.waiting.shift();
      if (!entry) return;
      if (this.stopped.signal.aborted || this.now() - entry.queuedAt > QUEUED_AT_MOST_MS) {
        entry.resolve(undefined);
        continue;
      }
      const onTile = this.deps.fromTile(entry.camera);
      if (onTile) {
        entry.resolve(onTile);
        continue;
      }
      this.running++;
      void this.deps
        .take(entry.camera, this.stopped.signal)
        .catch(() => undefined)
        .then((picture) => entry.resolve(picture))
        .finally(() => {
          this.running--;
          this.next();
        });
    }
  }

  /** Stops the streams open for a frame; cameras still waiting get none. */
  dispose(): void {
    this.stopped.abort();
    for (const entry of this.waiting.splice(0)) entry.resolve(undefined);
  }
}
