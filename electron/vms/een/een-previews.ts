import { backoffDelay, DEFAULT_BACKOFF } from '../../../shared/time/backoff';
import { type Clock, sleep } from '../../common/clock';
import type { Logger } from '../../common/logger';
import type { JpegFrame, JpegFrameSource, VmsBinary } from '../adapter';
import { isVmsError, retryDelay, VmsError } from '../errors';
import type { EenLegacyClient } from './een-client';
import { parseImageTimestamp } from './een-time';

/** How long a camera's fetcher outlives its last viewer: a tile moved to another cell or a reloaded window finds it still running. */
const LINGER_MS = 3000;
/** `next` waits for the camera's next image (about a second); a request is given this long before it counts as failed. */
const NEXT_TIMEOUT_MS = 30_000;
/** How long a picture for the camera tree waits for a feed's first image. */
const FIRST_IMAGE_WAIT_MS = 10_000;

/**
 * Fetches one camera's preview images from the VMS until `signal` aborts, handing each to
 * `publish` (with the moment it shows, when the VMS says), and retrying on its own after a
 * failure: the legacy API's `next` long poll (below) or v3's multipart stream
 * (een-v3-previews.ts).
 */
export type PreviewPump = (cameraId: string, publish: (bytes: Uint8Array, takenAt: number | undefined) => void, signal: AbortSignal) => Promise<void>;

export interface PreviewFeedsOptions {
  readonly pump: PreviewPump;
  /** The camera's latest image when no feed runs (one request); left out, the camera's feed runs until its first image. */
  readonly fetchLatest?: (cameraId: string, signal?: AbortSignal) => Promise<VmsBinary>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly lingerMs?: number;
}

/**
 * Every camera's preview images, fetched once for all viewers — Eagle Eye's own advice for
 * showing a preview to many people ("a background task that retrieves the image and
 * pushes it into shared memory... If there are 100 clients, there will be 100 image calls"
 * otherwise; Eagle Eye blog "Our Video API: Getting Previews", and EENCloud/api-docs
 * _api_asset.md: "fetch `next` with a timestamp of `now`... Each time an image is returned,
 * a new request should be made... the first request should be done as a `prev` request").
 * One feed per camera, started by its first viewer (tile, window, monitor), stopped a
 * moment after its last one leaves.
 */
export class PreviewFeeds {
  private readonly feeds = new Map<string, PreviewFeed>();
  /** Last sequence handed out per camera, kept across feeds so a returning viewer never waits for a number it already passed. */
  private readonly sequences = new Map<string, number>();

  constructor(private readonly options: PreviewFeedsOptions) {}

  /** A viewer's handle on the camera's shared images. */
  acquire(cameraId: string): JpegFrameSource {
    let feed = this.feeds.get(cameraId);
    if (!feed) {
      feed = new PreviewFeed(cameraId, this.options, this.sequences, () => this.feeds.delete(cameraId));
      this.feeds.set(cameraId, feed);
    }
    return feed.viewer();
  }

  /** The camera's newest image: the running feed's if it has one, else one `prev` request. */
  async latest(cameraId: string, signal?: AbortSignal): Promise<VmsBinary> {
    const frame = this.feeds.get(cameraId)?.newest;
    if (frame) return { bytes: frame.bytes, contentType: 'image/jpeg' };
    if (this.options.fetchLatest) return this.options.fetchLatest(cameraId, signal);
    const viewer = this.acquire(cameraId);
    try {
      const first = await viewer.next(undefined, FIRST_IMAGE_WAIT_MS, signal);
      if (!first) throw new VmsError({ kind: 'not-found', url: 'preview' }, 'The camera sent no preview image');
      return { bytes: first.bytes, contentType: 'image/jpeg' };
    } finally {
      viewer.release();
    }
  }

  /** Cameras with a running fetcher (diagnostics, tests). */
  get active(): string[] {
    return [...this.feeds.keys()];
  }

  dispose(): void {
    for (const feed of [...this.feeds.values()]) feed.stop();
    this.feeds.clear();
  }
}

class PreviewFeed {
  newest: JpegFrame | undefined;
  private viewers = 0;
  private readonly controller = new AbortController();
  private readonly waiters = new Set<() => void>();
  private cancelLinger: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly cameraId: string,
    private readonly options: PreviewFeedsOptions,
    private readonly sequences: Map<string, number>,
    private readonly onStop: () => void,
  ) {
    const signal = this.controller.signal;
    options.pump(cameraId, (bytes, takenAt) => this.publish(bytes, takenAt), signal).catch((error: unknown) => {
      if (!signal.aborted) options.log.warn('a camera’s preview images stopped', { camera: cameraId, error });
    });
  }

  viewer(): JpegFrameSource {
    this.viewers += 1;
    this.cancelLinger?.();
    this.cancelLinger = undefined;
    let released = false;
    return {
      next: (after, waitMs, signal) => this.next(after, waitMs, signal),
      // Idempotent: the media proxy and the session's close may both release it.
      release: () => {
        if (released) return;
        released = true;
        this.viewers -= 1;
        if (this.viewers === 0) this.cancelLinger = this.options.clock.after(this.options.lingerMs ?? LINGER_MS, () => this.stop());
      },
    };
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelLinger?.();
    this.controller.abort();
    for (const waiter of [...this.waiters]) waiter();
    this.onStop();
  }

  private next(after: number | undefined, waitMs: number, signal?: AbortSignal): Promise<JpegFrame | undefined> {
    const fresh = (): JpegFrame | undefined => (this.newest && (after === undefined || this.newest.sequence > after) ? this.newest : undefined);
    const now = fresh();
    if (now || this.stopped) return Promise.resolve(now);
    return new Promise((resolve) => {
      const finish = (): void => {
        cancel();
        this.waiters.delete(check);
        signal?.removeEventListener('abort', finish);
        resolve(fresh());
      };
      const check = (): void => {
        if (fresh() || this.stopped) finish();
      };
      const cancel = this.options.clock.after(waitMs, finish);
      this.waiters.add(check);
      signal?.addEventListener('abort', finish, { once: true });
    });
  }

  private publish(bytes: Uint8Array, takenAt: number | undefined): void {
    if (bytes.length === 0) return;
    const time = takenAt ?? this.options.clock.now();
    // The image's own time, in ms, is its sequence: it increases with every new image, across feeds.
    const last = this.sequences.get(this.cameraId) ?? 0;
    if (this.newest && time <= this.newest.takenAt) return; // the same image again
    const sequence = Math.max(last + 1, Math.round(time));
    this.sequences.set(this.cameraId, sequence);
    this.newest = { sequence, takenAt: time, bytes };
    for (const waiter of [...this.waiters]) waiter();
  }
}

/**
 * The legacy API's previews of one camera: `prev` once so a tile paints at once, then `next`
 * after `now` in a loop (EENCloud/api-docs _api_asset.md), each image published.
 */
export function legacyPreviewPump(client: EenLegacyClient, clock: Clock, log: Logger): PreviewPump {
  return async (cameraId, publish, signal) => {
    // A call, not a property read: it changes across the awaits below.
    const stopped = (): boolean => signal.aborted;
    let failures = 0;
    let which: 'prev' | 'next' = 'prev';
    while (!stopped()) {
      try {
        const response = await client.request(`/asset/${which}/image.jpeg`, {
          query: { id: cameraId, timestamp: 'now', asset_class: 'pre' },
          timeoutMs: which === 'next' ? NEXT_TIMEOUT_MS : undefined,
          signal,
        });
        publish(response.body, parseImageTimestamp(response.headers.get('x-ee-timestamp')));
        failures = 0;
        which = 'next';
      } catch (error) {
        if (stopped()) return;
        which = 'next';
        // 404: no image yet (a `prev` of a camera that never sent one, or a `next` that found none): ask again after a pause.
        const delay = isVmsError(error) && error.kind === 'not-found' ? 1000 : isVmsError(error) ? retryDelay(error, failures++) : backoffDelay(failures++, DEFAULT_BACKOFF);
        if (!isVmsError(error) || error.kind !== 'not-found') log.debug('a preview image could not be fetched', { camera: cameraId, error });
        await sleep(clock, delay, signal).catch(() => undefined);
      }
    }
  };
}

/** The legacy API's latest image of a camera: one `prev` request. */
export async function legacyLatestPreview(client: EenLegacyClient, cameraId: string, signal?: AbortSignal): Promise<VmsBinary> {
  const response = await client.request('/asset/prev/image.jpeg', { query: { id: cameraId, timestamp: 'now', asset_class: 'pre' }, signal });
  return { bytes: response.body, contentType: response.headers.get('content-type') ?? 'image/jpeg' };
}
