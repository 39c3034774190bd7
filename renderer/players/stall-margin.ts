/** How long a live tile plays without a stall before its target latency goes back down (first time). */
export const QUIET_BEFORE_LOWERING_MS = 30_000;
/** The longest it waits, for a tile that keeps stalling soon after each lowering. */
const MAX_QUIET_BEFORE_LOWERING_MS = 10 * 60_000;

/** The part of hls.js's API this uses: its live target latency, read and set (a fake in unit tests). */
export interface LatencyTarget {
  targetLatency: number | null;
}

/**
 * Gives a live tile back the latency a stall took from it.
 *
 * After every stall hls.js adds `liveSyncOnStallIncrease` (1 s by default, at most one
 * target duration) to a live player's target latency, and keeps it until the stream is
 * loaded again (hls.js 1.7, src/controller/latency-controller.ts: its stall count is reset
 * only on MANIFEST_LOADING or when `targetLatency` is set). Right after a stall a larger
 * buffer is welcome; but a wall tile plays for a whole shift, and one stall while the
 * machine was busy (a layout switch, a burst of alerts, a VMS slow for a moment) left it
 * further behind live for the rest of it: in the e2e test of this, a tile 1.34 s behind
 * live before its segments were held up for 3 s played 2.72 s behind from then on.
 *
 * So once the tile has played QUIET_BEFORE_LOWERING_MS without a stall, its target goes back
 * to the configured one, through hls.js's own setter (which also forgets the stalls); the
 * tile's steering then catches up. A stall soon after a lowering means this machine needs
 * the margin now: the next lowering waits twice as long (up to 10 minutes).
 */
export class StallMargin {
  private lastStallAt: number | undefined;
  private loweredAt: number | undefined;
  private quietMs = QUIET_BEFORE_LOWERING_MS;

  constructor(
    private readonly player: LatencyTarget,
    /** The target latency the tile is configured for (s). */
    private readonly base: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** hls.js reported a stall (BUFFER_STALLED_ERROR). */
  stalled(): void {
    const now = this.now();
    if (this.loweredAt !== undefined && now - this.loweredAt < this.quietMs) this.quietMs = Math.min(this.quietMs * 2, MAX_QUIET_BEFORE_LOWERING_MS);
    this.loweredAt = undefined;
    this.lastStallAt = now;
  }

  /** Lowers the target once the tile has been quiet long enough; call it on the steering's tick. */
  check(): void {
    if (this.lastStallAt === undefined || this.now() - this.lastStallAt < this.quietMs) return;
    this.lastStallAt = undefined;
    const target = this.player.targetLatency;
    if (target === null || target <= this.base) return;
    this.player.targetLatency = this.base;
    this.loweredAt = this.now();
  }
}
