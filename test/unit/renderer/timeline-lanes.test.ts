import { describe, expect, it } from 'vitest';
import { coverage, union } from '../../../renderer/features/timeline/coverage';
import { MARKER_PALETTE, typeColor } from '../../../renderer/features/timeline/palette';
import { MAX_LANES, timelineLayout } from '../../../renderer/features/timeline/timeline-layout';

describe('timeline lanes', () => {
  it('gives each selected camera its own lane, above the marker band', () => {
    const layout = timelineLayout(3);
    expect(layout.merged).toBe(false);
    expect(layout.lanes.map((lane) => lane.rows)).toEqual([[0], [1], [2]]);
    const last = layout.lanes.at(-1);
    expect(last && last.top + last.height).toBeLessThanOrEqual(layout.markers.top);
    expect(layout.markers.top + layout.markers.height).toBeLessThanOrEqual(layout.height);
    expect(layout.lanes[0]?.top).toBeGreaterThanOrEqual(layout.ruler.height);
  });

  it('merges many cameras into one lane instead of growing over the wall', () => {
    const layout = timelineLayout(MAX_LANES + 5);
    expect(layout.merged).toBe(true);
    expect(layout.lanes).toHaveLength(1);
    expect(layout.lanes[0]?.rows).toHaveLength(MAX_LANES + 5);
    expect(layout.height).toBeLessThan(timelineLayout(MAX_LANES).height);
  });

  it('shades a merged lane by how many cameras recorded, leaving gaps where none did', () => {
    const spans = coverage([
      [{ from: 0, to: 10 }],
      [
        { from: 5, to: 15 },
        { from: 20, to: 30 },
      ],
      undefined,
    ]);
    expect(spans).toEqual([
      { from: 0, to: 5, count: 1 },
      { from: 5, to: 10, count: 2 },
      { from: 10, to: 15, count: 1 },
      { from: 20, to: 30, count: 1 },
    ]);
  });

  it('counts a camera once where its own clips overlap or touch', () => {
    expect(union([{ from: 10, to: 20 }, { from: 0, to: 12 }, { from: 20, to: 25 }, { from: 30, to: 30 }])).toEqual([{ from: 0, to: 25 }]);
    expect(coverage([[{ from: 0, to: 10 }, { from: 5, to: 20 }]])).toEqual([{ from: 0, to: 20, count: 1 }]);
  });

  it('colours an event type the same every time, from a fixed palette', () => {
    expect(typeColor('209')).toBe(typeColor('209'));
    expect(MARKER_PALETTE).toContain(typeColor('LineCrossing'));
    const colours = new Set(['motion', 'line', 'face', 'plate', 'tamper', 'input', '209', '101'].map(typeColor));
    expect(colours.size).toBeGreaterThan(4);
  });
});
