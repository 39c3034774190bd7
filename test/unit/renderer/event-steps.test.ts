import { describe, expect, it } from 'vitest';
import type { Markers } from '../../../shared/model/timeline';
import { eventSteps } from '../../../renderer/stores/timeline';

const T = 1_800_000_000_000;
const LEAD = 5000;
/** Events at T, T+3 s and T+60 s. */
const markers: Markers = { from: T - 600_000, to: T + 600_000, truncated: false, types: [{ type: '209', label: 'Activity' }], time: [T, T + 3000, T + 60_000], type: [0, 0, 0], camera: [0, 0, 0], id: ['a', 'b', 'c'] };

describe('◂ Event and Event ▸', () => {
  it('live: ◂ is the latest event, ▸ is nothing', () => {
    expect(eventSteps(markers, undefined, T + 120_000, LEAD)).toEqual({ previous: { time: T + 60_000, index: 2 } });
  });

  it("from an event's lead-in, ▸ is the next event and ◂ the one before, however far into the lead-in", () => {
    for (const into of [0, 1000, 4000]) {
      const steps = eventSteps(markers, T + 3000 - LEAD + into, T + 120_000, LEAD);
      expect(steps.next?.time, `▸ ${into} ms into the lead-in of the second event`).toBe(T + 60_000);
      expect(steps.previous?.time, `◂ ${into} ms into the lead-in of the second event`).toBe(T);
    }
    expect(eventSteps(markers, T - LEAD, T + 120_000, LEAD).next?.time, '▸ from the first event, 3 s before the second').toBe(T + 3000);
  });

  it('before every event: ▸ is the first, ◂ nothing', () => {
    expect(eventSteps(markers, T - 60_000, T + 120_000, LEAD)).toEqual({ previous: undefined, next: { time: T, index: 0 } });
  });
});
