import { describe, expect, it } from 'vitest';
import { chooseStep, ticksFor } from '../../../renderer/features/timeline/ticks';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WIDTH = 1200;
// Local times, so the tests read the same in every time zone.
const at = (day: number, hour: number, minute = 0, second = 0): number => new Date(2025, 0, day, hour, minute, second).getTime();

describe('timeline ticks', () => {
  it('labels whole local hours in 24-hour time when showing an afternoon', () => {
    const { majors } = ticksFor({ from: at(14, 12, 10), to: at(14, 18, 10) }, WIDTH);
    expect(majors.map((tick) => tick.label)).toEqual(['12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '17:00', '17:30', '18:00']);
    expect(majors[0]?.time).toBe(at(14, 12, 30));
    expect(ticksFor({ from: at(14, 12, 10), to: at(14, 18, 10) }, 600).majors.map((tick) => tick.label)).toEqual(['13:00', '14:00', '15:00', '16:00', '17:00', '18:00']);
  });

  it('shows seconds only when a minute fills the timeline', () => {
    const { majors, minors } = ticksFor({ from: at(14, 9, 59, 30), to: at(14, 10, 0, 30) }, WIDTH);
    expect(majors.map((tick) => tick.label)).toContain('09:59:45');
    expect(majors.map((tick) => tick.label)).toContain('10:00:00');
    expect(minors.length).toBeGreaterThan(majors.length);
  });

  it('names days across a week, with the month above them, and noons where there is room', () => {
    const narrow = ticksFor({ from: at(13, 0), to: at(20, 0) }, 800);
    expect(narrow.majors.map((tick) => tick.label)).toEqual(['Mon 13', 'Tue 14', 'Wed 15', 'Thu 16', 'Fri 17', 'Sat 18', 'Sun 19']);
    expect(narrow.minors).toContain(at(13, 6));
    expect(narrow.contexts.map((tick) => tick.label)).toEqual(['January 2025']);
    const wide = ticksFor({ from: at(13, 0), to: at(20, 0) }, 1400);
    expect(wide.majors.slice(0, 3).map((tick) => tick.label)).toEqual(['Mon 13', '12:00', 'Tue 14']);
  });

  it('labels a midnight with its day, and names the days an hour view crosses', () => {
    const ticks = ticksFor({ from: at(14, 20), to: at(15, 4) }, WIDTH);
    expect(ticks.majors.find((tick) => tick.time === at(15, 0))?.label).toBe('Wed 15');
    expect(ticks.contexts.map((tick) => tick.label)).toEqual(['Tue 14 Jan 2025', 'Wed 15 Jan 2025']);
  });

  it('never crowds labels, from one minute to one week, wide or narrow', () => {
    for (const width of [320, 800, 1920, 3840]) {
      for (let span = MINUTE; span <= 7 * DAY; span *= 1.7) {
        const view = { from: at(14, 3, 7, 11), to: at(14, 3, 7, 11) + span };
        const { majors } = ticksFor(view, width);
        const room = { second: 76, minute: 60, hour: 60, day: 84 }[chooseStep(view, width).unit];
        for (let i = 1; i < majors.length; i++) {
          const gap = (((majors[i]?.time ?? 0) - (majors[i - 1]?.time ?? 0)) / span) * width;
          expect(gap).toBeGreaterThanOrEqual(room);
        }
        expect(majors.length).toBeGreaterThan(0);
      }
    }
  });
});
