import type { StreamPlaylistEvent } from '../../shared/model/stream';

/** One version of a live playlist the core sent. */
export interface PushedEntry {
  readonly version: number;
  readonly text: string;
  readonly segmentMs: number;
  /** When it arrived (performance.now()). */
  readonly receivedAt: number;
}

/**
 * A playlist older than this many segments means its feed stopped (the core stops feeding a
 * stream nobody asked anything of for a while): the player asks over HTTP, which starts it again.
 */
const STALE_SEGMENTS = 3;
/** Paths not updated for this long are forgotten (their stream closed). */
const FORGET_AFTER_MS = 120_000;

/**
 * The live playlists the core sends this window as it reads them (`stream.playlist` events),
 * by the path each player loads its playlist from. A player's playlist loader takes a version
 * newer than the one it had from here, or waits for it, instead of polling over HTTP.
 */
export class PushedPlaylists {
  /** By path: the newest version sent, and the newest its player took (0: none yet). */
  private readonly paths = new Map<string, { latest: PushedEntry; taken: number }>();
  private readonly waiters = new Map<string, Set<(entry: PushedEntry) => void>>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  put(event: StreamPlaylistEvent): void {
    const now = this.now();
    const known = this.paths.get(event.path);
    if (known && known.latest.version >= event.version) return;
    const entry: PushedEntry = { version: event.version, text: event.text, segmentMs: event.segmentMs, receivedAt: now };
    if (known) known.latest = entry;
    else this.paths.set(event.path, { latest: entry, taken: 0 });
    const waiting = this.waiters.get(event.path);
    this.waiters.delete(event.path);
    for (const wake of waiting ?? []) wake(entry);
    for (const [path, other] of this.paths) if (now - other.latest.receivedAt > FORGET_AFTER_MS) this.paths.delete(path);
  }

  /**
   * What the player of `path` should do for its next playlist: take a version it has not had
   * (`ready`), wait up to `waitMs` for the next one (`wait`), or ask over HTTP (`fetch`: nothing
   * was sent for this path, or not for a while).
   */
  next(path: string): { readonly kind: 'ready'; readonly entry: PushedEntry } | { readonly kind: 'wait'; readonly waitMs: number } | { readonly kind: 'fetch' } {
    const state = this.paths.get(path);
    if (!state) return { kind: 'fetch' };
    const entry = state.latest;
    const segmentMs = entry.segmentMs > 0 ? entry.segmentMs : 1000;
    if (this.now() - entry.receivedAt > STALE_SEGMENTS * segmentMs + 1000) return { kind: 'fetch' };
    if (state.taken < entry.version) return { kind: 'ready', entry };
    // The next version is due within a segment of the last one; a little longer, and the feed
    // is late or stopped, and the player asks over HTTP.
    return { kind: 'wait', waitMs: Math.round(segmentMs * 1.5 + 500) };
  }

  /** The player of `path` took `entry`. */
  took(path: string, entry: PushedEntry): void {
    const state = this.paths.get(path);
    if (state) state.taken = Math.max(state.taken, entry.version);
  }

  /** Calls `wake` once with the next version of `path` to arrive; returns the cancel. */
  onNext(path: string, wake: (entry: PushedEntry) => void): () => void {
    let waiting = this.waiters.get(path);
    if (!waiting) this.waiters.set(path, (waiting = new Set()));
    waiting.add(wake);
    const set = waiting;
    return () => {
      set.delete(wake);
      if (set.size === 0 && this.waiters.get(path) === set) this.waiters.delete(path);
    };
  }
}

/** This window's pushed playlists (one event channel per window). */
export const pushedPlaylists = new PushedPlaylists();
