import type { SimCamera, SimProfile } from '../site/catalog';
import type { EncoderLease, EncoderPool } from '../site/encoder-pool';

export interface LiveVariant {
  /** `sub` (the smallest profile), `main` (the largest), `v<n>` between. */
  readonly name: string;
  readonly profile: SimProfile;
  readonly lease: EncoderLease;
  lastUsed: number;
  /** Requests held open until this variant's first segment: it is in use while they wait. */
  waiting: number;
}

interface LiveStream {
  readonly camid: number;
  readonly camera: SimCamera;
  readonly startedAt: number;
  lastUsed: number;
  tickets: number;
  readonly variants: Map<string, LiveVariant>;
}

export interface WatchOutcome {
  /** False while the stream starts: VXG answers 503 then. */
  readonly ready: boolean;
  /** Another ticket for a stream that already had one (a renewal). */
  readonly renewal: boolean;
}

export interface LiveOptions {
  readonly pool: EncoderPool;
  /** The site's profiles, smallest first: the variants of every stream. */
  readonly profiles: readonly SimProfile[];
  /** A stream (or a variant) nobody watched for this long stops; the next watch call starts it again. */
  readonly lingerMs: number;
  /** A starting stream answers 503 at least this long, as a cloud connecting to a camera does. */
  readonly startDelayMs: number;
}

/**
 * VXG's live streams: no session to keep alive, only tickets. A stream is "in use" while
 * watch calls or media requests keep coming; each variant holds a lease on the site's
 * shared encoder for its camera and profile, taken on first demand and given back when
 * nobody fetched it for `lingerMs`. A stream that was idle starts again: watch answers
 * 503 until its first variant has a segment (and `startDelayMs` has passed).
 */
export class LiveStreams {
  private readonly streams = new Map<number, LiveStream>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: LiveOptions) {
    this.sweeper = setInterval(() => this.sweep(), 250);
  }

  variantNames(): string[] {
    return this.options.profiles.map((_, index) => variantName(index, this.options.profiles.length));
  }

  profileOf(name: string): SimProfile | undefined {
    return this.options.profiles.find((_, index) => variantName(index, this.options.profiles.length) === name);
  }

  /** A watch call: starts the stream if it is not running, and says whether it can be played yet. */
  watch(camid: number, camera: SimCamera): WatchOutcome {
    const now = Date.now();
    let stream = this.streams.get(camid);
    if (!stream) {
      stream = { camid, camera, startedAt: now, lastUsed: now, tickets: 0, variants: new Map() };
      this.streams.set(camid, stream);
    }
    stream.lastUsed = now;
    // The first-listed variant is what players start with: have it running, and keep it so
    // while watch calls come (a watch that found it ready must not see it swept a moment later).
    const first = this.variantNames()[0];
    if (first && (stream.variants.size === 0 || stream.variants.has(first))) this.variant(camid, camera, first);
    const producing = [...stream.variants.values()].some((variant) => variant.lease.ring.segments.length > 0);
    const ready = producing && now - stream.startedAt >= this.options.startDelayMs;
    if (!ready) return { ready, renewal: false };
    stream.tickets += 1;
    return { ready, renewal: stream.tickets > 1 };
  }

  /** A variant of a stream, its encoder started on first demand; undefined for an unknown variant name. */
  variant(camid: number, camera: SimCamera, name: string): LiveVariant | undefined {
    const profile = this.profileOf(name);
    if (!profile) return undefined;
    const now = Date.now();
    let stream = this.streams.get(camid);
    if (!stream) {
      // Media requested with a ticket from before an idle spell: the stream comes back.
      stream = { camid, camera, startedAt: now, lastUsed: now, tickets: 0, variants: new Map() };
      this.streams.set(camid, stream);
    }
    stream.lastUsed = now;
    let variant = stream.variants.get(name);
    if (!variant) {
      variant = { name, profile, lease: this.options.pool.acquire(camera, profile), lastUsed: now, waiting: 0 };
      stream.variants.set(name, variant);
    }
    variant.lastUsed = now;
    return variant;
  }

  /**
   * Waits for a variant's first segment while keeping it in use: a request held until the
   * encoder's first segment (seconds on a busy machine) must not see its encoder stopped
   * under it by the linger sweep.
   */
  async untilFirstSegment(variant: LiveVariant, timeoutMs: number): Promise<boolean> {
    variant.waiting += 1;
    try {
      await variant.lease.encoder.waitForFirstSegment(timeoutMs);
      return true;
    } catch {
      return false;
    } finally {
      variant.waiting -= 1;
      variant.lastUsed = Date.now();
    }
  }

  /** The camera went offline, or the channel was deleted: its stream stops. */
  drop(camid: number): void {
    const stream = this.streams.get(camid);
    if (!stream) return;
    for (const variant of stream.variants.values()) variant.lease.release();
    this.streams.delete(camid);
  }

  /** Forgets every stream, as a restarting server does. */
  clear(): void {
    for (const camid of [...this.streams.keys()]) this.drop(camid);
  }

  describe(): Array<{ camid: number; ageMs: number; tickets: number; renewals: number; variants: string[] }> {
    const now = Date.now();
    return [...this.streams.values()].map((stream) => ({
      camid: stream.camid,
      ageMs: now - stream.startedAt,
      tickets: stream.tickets,
      renewals: Math.max(0, stream.tickets - 1),
      variants: [...stream.variants.keys()],
    }));
  }

  close(): void {
    clearInterval(this.sweeper);
    this.clear();
  }

  private sweep(): void {
    const idleSince = Date.now() - this.options.lingerMs;
    for (const stream of [...this.streams.values()]) {
      for (const variant of [...stream.variants.values()]) {
        if (variant.waiting > 0 || variant.lastUsed >= idleSince) continue;
        variant.lease.release();
        stream.variants.delete(variant.name);
      }
      if (stream.variants.size === 0 && stream.lastUsed < idleSince) this.streams.delete(stream.camid);
    }
  }
}

function variantName(index: number, count: number): string {
  if (index === count - 1) return 'main';
  return index === 0 ? 'sub' : `v${index}`;
}
