import type { StreamPlaylistEvent } from '../../shared/model/stream';
import { onTick } from '../ui/shared-ticker';

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
/** A pushed playlist this young may start a player however short its segments are (see `startingVersion`). */
const START_AGE_FLOOR_MS = 500;
/** Paths not updated for this long are forgotten (their stream closed). */
const FORGET_AFTER_MS = 120_000;
/**
 * Pushed segments kept per playlist, newest last, until its player takes them: a player that
 * stopped loading (paused, its buffer full) must not make them pile up. One it did not take
 * in time is asked for over HTTP, where the core still has it.
 */
const KEEP_SEGMENTS = 4;

/**
 * The live playlists the core sends this window as it reads them (`stream.playlist` events),
 * by the path each player loads its playlist from, and the segments each version added. A
 * player's playlist loader takes a version newer than the one it had from here, or waits for
 * it, instead of polling over HTTP; its fragment loader takes the segments from here too.
 */
export class PushedPlaylists {
  /** By path: the newest version sent, and the newest its player took (0: none yet). */
  private readonly paths = new Map<string, { latest: PushedEntry; taken: number; streamId: string }>();
  private readonly waiters = new Map<string, Set<(entry: PushedEntry) => void>>();
  /** Pushed segments not taken yet, by segment path (insertion order: oldest first). */
  private readonly segments = new Map<string, { data: Uint8Array; playlist: string }>();
  /** Streams whose player took something since the last `drainTaking`. */
  private readonly takingStreams = new Set<string>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  put(event: StreamPlaylistEvent): void {
    const now = this.now();
    const known = this.paths.get(event.path);
    if (known && known.latest.version >= event.version) return;
    const entry: PushedEntry = { version: event.version, text: event.text, segmentMs: event.segmentMs, receivedAt: now };
    if (known) known.latest = entry;
    else this.paths.set(event.path, { latest: entry, taken: 0, streamId: event.streamId });
    for (const segment of event.segments ?? []) this.segments.set(segment.path, { data: segment.data, playlist: event.path });
    if (event.segments?.length) this.trimSegments(event.path);
    const waiting = this.waiters.get(event.path);
    this.waiters.delete(event.path);
    for (const wake of waiting ?? []) wake(entry);
    for (const [path, other] of this.paths) {
      if (now - other.latest.receivedAt <= FORGET_AFTER_MS) continue;
      this.paths.delete(path);
      this.trimSegments(path, 0);
    }
  }

  /** The pushed segment at `path`, once: the player hands it to its worker, which detaches it. */
  takeSegment(path: string): Uint8Array | undefined {
    const segment = this.segments.get(path);
    if (!segment) return undefined;
    this.segments.delete(path);
    const streamId = this.paths.get(segment.playlist)?.streamId;
    if (streamId !== undefined) this.takingStreams.add(streamId);
    return segment.data;
  }

  /** The streams whose players took a playlist or a segment since the last call. */
  drainTaking(): string[] {
    const streams = [...this.takingStreams];
    this.takingStreams.clear();
    return streams;
  }

  /** Keeps at most `keep` untaken segments of `playlist`, the newest. */
  private trimSegments(playlist: string, keep = KEEP_SEGMENTS): void {
    const mine = [...this.segments].filter(([, segment]) => segment.playlist === playlist);
    for (const [path] of mine.slice(0, Math.max(0, mine.length - keep))) this.segments.delete(path);
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

  /**
   * For a player's first load of `path`: the newest version, if no player took it yet and it
   * came within a segment's time. A player started from an older one would start further
   * behind live, for its catch-up to make up; it asks over HTTP instead.
   */
  startingVersion(path: string): PushedEntry | undefined {
    const state = this.paths.get(path);
    if (!state || state.taken >= state.latest.version) return undefined;
    const entry = state.latest;
    return this.now() - entry.receivedAt <= Math.max(entry.segmentMs, START_AGE_FLOOR_MS) ? entry : undefined;
  }

  /** The player of `path` took `entry`. */
  took(path: string, entry: PushedEntry): void {
    const state = this.paths.get(path);
    if (!state) return;
    state.taken = Math.max(state.taken, entry.version);
    this.takingStreams.add(state.streamId);
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

/**
 * How often the window tells the core which streams' players took what it pushed: the core
 * stops a stream's feed after 10 s of hearing nothing of it (a tile out of sight), and with
 * segments pushed too, a playing tile asks nothing over HTTP. Three reports fit in that.
 */
export const TAKING_REPORT_MS = 3000;

/** Sends `send` the streams whose players took something, every TAKING_REPORT_MS; returns the stop. */
export function reportTaking(store: PushedPlaylists, send: (streamIds: string[]) => void, every: (periodMs: number, listener: () => void) => () => void = onTick): () => void {
  return every(TAKING_REPORT_MS, () => {
    const streamIds = store.drainTaking();
    if (streamIds.length > 0) send(streamIds);
  });
}

/** This window's pushed playlists (one event channel per window). */
export const pushedPlaylists = new PushedPlaylists();
