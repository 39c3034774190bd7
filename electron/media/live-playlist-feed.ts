import type { PushedSegment } from '../../shared/model/stream';
import type { Clock } from '../common/clock';
import { type Logger, silentLogger } from '../common/logger';
import { backoffDelay, DEFAULT_BACKOFF } from '../../shared/time/backoff';

/** A live media playlist as the player gets it, with what the player needs to know of its timing. */
export interface FeedReading {
  /** The playlist's text, rewritten for the player. */
  readonly text: string;
  /** The newest segment's duration (ms): when the next one is due. */
  readonly segmentMs: number;
  /** The segments this version added, fetched, for the player to take with it. */
  readonly segments?: readonly PushedSegment[];
}

export interface LivePlaylistFeedOptions {
  readonly clock: Clock;
  /** The version the player has already (the feed starts from the player's own request). */
  readonly first?: FeedReading;
  /** Reads the playlist now (through the proxy: segments fetched ahead, URIs rewritten); undefined when the VMS gave none. */
  readonly read: () => Promise<FeedReading | undefined>;
  /** Each new version of the playlist. */
  readonly publish: (reading: FeedReading) => void;
  /** True while someone still plays the stream; the feed stops when it turns false. */
  readonly wanted: () => boolean;
  readonly log?: Logger;
}

/**
 * How soon after a change the playlist is read again, as a share of a segment's duration: a
 * live playlist gains one segment per segment duration, so reading it earlier finds nothing.
 * A little less than one segment: a read that finds the next segment finds it that much
 * sooner after it appeared than the last did, until a read comes too early; then the reads
 * every THEN_EVERY find it at most that long after it appeared. About 1.25 reads per segment,
 * each new segment seen on average a tenth of a segment after it appeared.
 */
const FIRST_LOOK = 0.95;
/** Then it is read this often (share of a segment) until the new segment shows. */
const THEN_EVERY = 0.2;
/** Bounds on the wait between two reads, whatever the segments' duration. */
const MIN_WAIT_MS = 150;
const MAX_WAIT_MS = 4000;

/**
 * Reads one live stream's media playlist on the core's own schedule and hands on each new
 * version, for the player to take from the app's event channel instead of polling over HTTP.
 *
 * A player polls its live playlist once per segment, and on a 16-tile wall those polls are
 * half the browser's requests; each costs the browser's network service, loader and main
 * thread more than an event on a channel that is open anyway (the browser's CPU fell by a
 * tenth; the core's stayed about the same, its HTTP answers traded for these reads and the
 * events). Read here just after each new segment is due, a new version also reaches the
 * player sooner than its own poll would find it. The VMS gets about 1.25 reads per segment
 * where the player's polls made one.
 *
 * Failed reads are retried with backoff and publish nothing: a player that hears nothing
 * polls over HTTP again, which shows the failure on the tile as before.
 */
export class LivePlaylistFeed {
  private readonly log: Logger;
  private cancelTimer: (() => void) | undefined;
  private lastText: string | undefined;
  private failures = 0;
  private stopped = false;

  constructor(private readonly options: LivePlaylistFeedOptions) {
    this.log = options.log ?? silentLogger;
    this.lastText = options.first?.text;
    this.schedule(options.first ? nextWait(options.first.segmentMs, true) : 0);
  }

  get running(): boolean {
    return !this.stopped;
  }

  dispose(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.cancelTimer = this.options.clock.after(ms, () => void this.readOnce());
  }

  private async readOnce(): Promise<void> {
    this.cancelTimer = undefined;
    if (this.stopped) return;
    if (!this.options.wanted()) {
      this.dispose();
      return;
    }
    let reading: FeedReading | undefined;
    try {
      reading = await this.options.read();
    } catch (error) {
      this.log.debug('reading a live playlist failed', { error });
    }
    // Disposed while the read was on its way.
    if (!this.running) return;
    if (!reading) {
      this.schedule(backoffDelay(this.failures++, DEFAULT_BACKOFF));
      return;
    }
    this.failures = 0;
    const changed = reading.text !== this.lastText;
    if (changed) {
      this.lastText = reading.text;
      this.options.publish(reading);
    }
    this.schedule(nextWait(reading.segmentMs, changed));
  }
}

/** How long to wait for the next read, after a read that found a new version (`changed`) or not. */
function nextWait(segmentMs: number, changed: boolean): number {
  const wait = (segmentMs > 0 ? segmentMs : 1000) * (changed ? FIRST_LOOK : THEN_EVERY);
  return Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, Math.round(wait)));
}
