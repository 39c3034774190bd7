import { describe, expect, it } from 'vitest';
import { QUIET_BEFORE_LOWERING_MS, StallMargin } from '../../../renderer/players/stall-margin';

/** hls.js's target latency as its LatencyController keeps it: the configured one plus 1 s once stalled, until set. */
class FakeLatency {
  stalls = 0;
  sets: number[] = [];
  constructor(private base: number) {}
  get targetLatency(): number {
    return this.base + Math.min(this.stalls, 1);
  }
  set targetLatency(latency: number) {
    this.sets.push(latency);
    this.base = latency;
    this.stalls = 0;
  }
}

function harness() {
  let now = 0;
  const player = new FakeLatency(1.5);
  const margin = new StallMargin(player, 1.5, () => now);
  const stall = (): void => {
    player.stalls += 1;
    margin.stalled();
  };
  /** Moves the clock on in steering ticks of 500 ms, checking at each as the steering does. */
  const play = (ms: number): void => {
    for (const end = now + ms; now < end; ) {
      now += 500;
      margin.check();
    }
  };
  return { player, stall, play };
}

describe('the stall margin of a live tile', () => {
  it('gives back the second hls.js adds after a stall, once the tile has played 30 s without one', () => {
    const { player, stall, play } = harness();
    stall();
    expect(player.targetLatency).toBe(2.5);
    play(QUIET_BEFORE_LOWERING_MS - 1000);
    expect(player.targetLatency, 'still within the quiet period').toBe(2.5);
    play(1000);
    expect(player.targetLatency).toBe(1.5);
    expect(player.sets).toEqual([1.5]);
  });

  it('waits from the last stall', () => {
    const { player, stall, play } = harness();
    stall();
    play(20_000);
    stall();
    play(20_000);
    expect(player.targetLatency, '20 s after the second stall').toBe(2.5);
    play(10_000);
    expect(player.targetLatency).toBe(1.5);
  });

  it('waits twice as long the next time when the tile stalls again soon after the target came down', () => {
    const { player, stall, play } = harness();
    stall();
    play(QUIET_BEFORE_LOWERING_MS);
    expect(player.targetLatency).toBe(1.5);
    play(5000);
    stall();
    play(QUIET_BEFORE_LOWERING_MS + 5000);
    expect(player.targetLatency, 'the machine needed the margin: it is kept longer').toBe(2.5);
    play(QUIET_BEFORE_LOWERING_MS);
    expect(player.targetLatency).toBe(1.5);
  });

  it('leaves a tile that never stalled alone', () => {
    const { player, play } = harness();
    play(5 * QUIET_BEFORE_LOWERING_MS);
    expect(player.sets).toEqual([]);
  });
});
