import { type HlsConfig, type Loader, type LoaderCallbacks, type LoaderConfiguration, LoaderContextType, type LoaderStats, LoadStats, type PlaylistLoaderContext } from 'hls.js';
import { type PushedEntry, type PushedPlaylists, pushedPlaylists } from './pushed-playlists';

/**
 * hls.js's playlist loader (`pLoader`) for live tiles: a live playlist's reloads are taken
 * from the versions the core sends over the app's event channel as it reads them
 * (PushedPlaylists), not polled over HTTP. A reload that finds no newer version waits for
 * the next one, as an LL-HLS blocking reload would, without holding one of the browser's
 * six connections to the origin. The first load takes the version the core sent as the
 * stream opened; when there is none, and for any reload when versions stop coming, it goes
 * over HTTP with hls.js's own loader, so errors and timeouts reach the player exactly as
 * before.
 */
export function pushedPlaylistLoader(store: PushedPlaylists = pushedPlaylists): new (config: HlsConfig) => Loader<PlaylistLoaderContext> {
  return class PushedPlaylistLoader implements Loader<PlaylistLoaderContext> {
    context: PlaylistLoaderContext | null = null;
    private ownStats: LoaderStats = new LoadStats();
    private fallback: Loader<PlaylistLoaderContext> | undefined;
    private callbacks: LoaderCallbacks<PlaylistLoaderContext> | null = null;
    private cancelWait: (() => void) | undefined;
    private waitTimer: ReturnType<typeof setTimeout> | undefined;
    private done = false;

    constructor(private readonly config: HlsConfig) {}

    get stats(): LoaderStats {
      return this.fallback?.stats ?? this.ownStats;
    }

    load(context: PlaylistLoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<PlaylistLoaderContext>): void {
      this.context = context;
      this.callbacks = callbacks;
      this.ownStats.loading.start = performance.now();
      const path = pathOf(context.url);
      if (path === undefined) {
        this.fetch(config);
        return;
      }
      if (context.type === LoaderContextType.MANIFEST) {
        // The first load takes the playlist the core sent as the stream opened; without one
        // (a reload, a stream the core did not feed) it asks over HTTP, and that request
        // starts the core's feed.
        const starting = store.startingVersion(path);
        // Not within load(): hls.js expects its callbacks after it has set the loader up.
        if (starting) queueMicrotask(() => this.deliver(path, starting));
        else this.fetch(config);
        return;
      }
      const next = store.next(path);
      if (next.kind === 'fetch') {
        this.fetch(config);
        return;
      }
      if (next.kind === 'ready') {
        queueMicrotask(() => this.deliver(path, next.entry));
        return;
      }
      this.cancelWait = store.onNext(path, (entry) => {
        clearTimeout(this.waitTimer);
        this.deliver(path, entry);
      });
      this.waitTimer = setTimeout(() => {
        this.cancelWait?.();
        if (!this.done) this.fetch(config);
      }, next.waitMs);
    }

    abort(): void {
      this.stop();
      // hls.js's own loader tells the callbacks itself.
      if (this.fallback) {
        this.fallback.abort();
        return;
      }
      this.ownStats.aborted = true;
      if (this.callbacks?.onAbort && this.context) this.callbacks.onAbort(this.stats, this.context, null);
    }

    destroy(): void {
      this.stop();
      this.fallback?.destroy();
      this.callbacks = null;
      this.context = null;
    }

    private stop(): void {
      this.done = true;
      this.cancelWait?.();
      clearTimeout(this.waitTimer);
    }

    private fetch(config: LoaderConfiguration): void {
      if (!this.context || !this.callbacks) return;
      const Http = this.config.loader;
      this.fallback = new Http(this.config) as Loader<PlaylistLoaderContext>;
      this.fallback.load(this.context, config, this.callbacks);
    }

    private deliver(path: string, entry: PushedEntry): void {
      const { context, callbacks } = this;
      if (this.done || !context || !callbacks) return;
      this.done = true;
      store.took(path, entry);
      const stats = this.ownStats;
      const now = performance.now();
      stats.loading.first = now;
      stats.loading.end = now;
      stats.loaded = entry.text.length;
      stats.total = entry.text.length;
      callbacks.onSuccess({ url: context.url, data: entry.text, code: 200 }, stats, context, null);
    }
  };
}

/** The path a playlist URL names on the app's origin (web or Electron's app protocol alike). */
export function pathOf(url: string): string | undefined {
  try {
    // No location outside a window (unit tests): the URL is absolute there.
    const base = (globalThis as { location?: Location }).location?.href;
    return new URL(url, base).pathname;
  } catch {
    return undefined;
  }
}
