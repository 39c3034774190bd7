import { type HlsConfig, type Loader, type LoaderCallbacks, type LoaderConfiguration, LoaderContextType, type LoaderStats, LoadStats, type PlaylistLoaderContext } from 'hls.js';
import { type PushedEntry, type PushedPlaylists, pushedPlaylists } from './pushed-playlists';

/**
 * hls.js's playlist loader (`pLoader`) for live tiles: a live playlist's reloads are taken
 * from the versions the core sends over the app's event channel as it reads them
 * (PushedPlaylists), not polled over HTTP. A reload that finds no newer version waits for
 * the next one, as an LL-HLS blocking reload would, without holding one of the browser's
 * six connections to the origin. The first load of a stream, and any reload when versions
 * stop coming, go over HTTP with hls.js's own loader, so errors and timeouts reach the
 * player exactly as before.
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
      // The first load (the manifest) goes over HTTP: that request is what starts the core's feed.
      const path = context.type === LoaderContextType.MANIFEST ? undefined : pathOf(context.url);
      const next = path === undefined ? { kind: 'fetch' as const } : store.next(path);
      if (path === undefined || next.kind === 'fetch') {
        this.fetch(config);
        return;
      }
      if (next.kind === 'ready') {
        // Not within load(): hls.js expects its callbacks after it has set the loader up.
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
