import { type FragmentLoaderContext, type HlsConfig, type Loader, type LoaderCallbacks, type LoaderConfiguration, type LoaderStats, LoadStats } from 'hls.js';
import { pathOf } from './pushed-playlist-loader';
import { type PushedPlaylists, pushedPlaylists } from './pushed-playlists';

/**
 * hls.js's fragment loader (`fLoader`) for live tiles: a segment the core sent with the
 * playlist version that named it (PushedPlaylists) is taken from there, not fetched over
 * HTTP. Any other (the first segments of a stream, one that was not there in time, a byte
 * range, an init segment) goes over HTTP with hls.js's own loader, so errors, timeouts and
 * retries reach the player exactly as before.
 */
export function pushedSegmentLoader(store: PushedPlaylists = pushedPlaylists): new (config: HlsConfig) => Loader<FragmentLoaderContext> {
  return class PushedSegmentLoader implements Loader<FragmentLoaderContext> {
    context: FragmentLoaderContext | null = null;
    // hls.js keeps this object as the fragment's stats as soon as the loader is made, so the
    // HTTP loader, when there is one, is handed the same object.
    stats: LoaderStats = new LoadStats();
    private fallback: Loader<FragmentLoaderContext> | undefined;
    private callbacks: LoaderCallbacks<FragmentLoaderContext> | null = null;
    private done = false;

    constructor(private readonly config: HlsConfig) {}

    load(context: FragmentLoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<FragmentLoaderContext>): void {
      this.context = context;
      this.callbacks = callbacks;
      // hls.js marks a whole segment with rangeEnd 0 (its XHR loader sends a Range only when set).
      const whole = !context.rangeEnd;
      const path = whole ? pathOf(context.url) : undefined;
      const data = path === undefined ? undefined : store.takeSegment(path);
      if (!data) {
        const Http = this.config.loader;
        const fallback = new Http(this.config) as Loader<FragmentLoaderContext>;
        fallback.stats = this.stats;
        this.fallback = fallback;
        fallback.load(context, config, callbacks);
        return;
      }
      this.stats.loading.start = performance.now();
      // Not within load(): hls.js expects its callbacks after it has set the loader up.
      queueMicrotask(() => this.deliver(data));
    }

    abort(): void {
      // hls.js's own loader tells the callbacks itself.
      if (this.fallback) {
        this.fallback.abort();
        return;
      }
      if (this.done) return;
      this.done = true;
      this.stats.aborted = true;
      if (this.callbacks?.onAbort && this.context) this.callbacks.onAbort(this.stats, this.context, null);
    }

    destroy(): void {
      this.done = true;
      this.fallback?.destroy();
      this.callbacks = null;
      this.context = null;
    }

    private deliver(data: Uint8Array): void {
      const { context, callbacks } = this;
      if (this.done || !context || !callbacks) return;
      this.done = true;
      // The transmuxer worker takes the buffer itself (it is transferred, not copied): it
      // must hold this segment only.
      const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data.buffer : data.slice().buffer;
      const now = performance.now();
      this.stats.loading.first = now;
      this.stats.loading.end = now;
      this.stats.loaded = data.byteLength;
      this.stats.total = data.byteLength;
      callbacks.onSuccess({ url: context.url, data: whole, code: 200 }, this.stats, context, null);
    }
  };
}
