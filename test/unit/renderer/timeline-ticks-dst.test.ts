import { afterAll, describe, expect, it, vi } from 'vitest';

// Day names are formatted with the zone of when the module loaded: set it first.
vi.stubEnv('TZ', 'Europe/Berlin');
const { ticksFor } = await import('../../../renderer/features/timeline/ticks');
const HOUR = 3_600_000;

afterAll(() => {
  vi.unstubAllEnvs();
});

describe('timeline ticks across a DST change', () => {
  it('keeps hour labels on the hour the night the clocks go forward', () => {
    // 30 March 2025, 02:00 CET -> 03:00 CEST in Berlin: that night has no 02:00.
    const from = new Date(2025, 2, 30, 0, 0).getTime();
    const { majors } = ticksFor({ from, to: from + 6 * HOUR }, 600);
    expect(majors.map((tick) => tick.label)).toEqual(['Sun 30', '01:00', '03:00', '04:00', '05:00', '06:00']);
    expect(majors[2]?.time).toBe(Date.UTC(2025, 2, 30, 1));
    // Every two hours: 02:00 does not exist, and 03:00 is not on the step.
    expect(ticksFor({ from, to: from + 6 * HOUR }, 300).majors.map((tick) => tick.label)).toEqual(['Sun 30', '04:00', '06:00']);
  });
});
