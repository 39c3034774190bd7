import { describe, expect, it } from 'vitest';
import type { Markers } from '../../../shared/model/timeline';
import { binMarkers, countAt, stackHeightShare } from '../../../renderer/features/timeline/marker-bins';
import { nearestMarker } from '../../../renderer/features/timeline/marker-hit';
import { indexRange, toMarkerSet } from '../../../renderer/features/timeline/marker-set';

const T0 = Date.UTC(2025, 0, 14, 12);
const MINUTE = 60_000;
const TYPES = [
  { type: 'motion', label: 'Motion' },
  { type: 'line', label: 'Line crossing' },
];

function markers(events: ReadonlyArray<[time: number, type: number, camera?: number]>): Markers {
  return {
    from: T0 - 3600_000,
    to: T0 + 3600_000,
    truncated: false,
    types: TYPES,
    time: events.map(([time]) => time),
    type: events.map(([, type]) => type),
    camera: events.map(([, , camera]) => camera ?? 0),
    id: events.map((_, index) => `e${index}`),
  };
}

describe('marker set', () => {
  it('keeps every event with its type, camera and id, in typed arrays', () => {
    const set = toMarkerSet(markers([
      [T0, 0, 2],
      [T0 + 1000, 1, 1],
    ]));
    expect(set.size).toBe(2);
    expect(set.times).toBeInstanceOf(Float64Array);
    expect([...set.times]).toEqual([T0, T0 + 1000]);
    expect([...set.types]).toEqual([0, 1]);
    expect([...set.cameras]).toEqual([2, 1]);
    expect(set.ids).toEqual(['e0', 'e1']);
    expect(set.typeLabels).toEqual(['Motion', 'Line crossing']);
  });

  it('puts an unsorted reply in time order, ids and types travelling along', () => {
    const set = toMarkerSet(markers([
      [T0 + 2000, 1],
      [T0, 0],
      [T0 + 1000, 1],
    ]));
    expect([...set.times]).toEqual([T0, T0 + 1000, T0 + 2000]);
    expect(set.ids).toEqual(['e1', 'e2', 'e0']);
    expect([...set.types]).toEqual([0, 1, 1]);
  });

  it('shows an event of a type the reply did not define as "Other" rather than losing it', () => {
    const set = toMarkerSet(markers([[T0, 7]]));
    expect(set.typeLabels[set.types[0] ?? -1]).toBe('Other');
  });

  it('finds the events in a span by binary search, end excluded', () => {
    const set = toMarkerSet(markers([0, 1, 2, 3, 4].map((minute) => [T0 + minute * MINUTE, 0])));
    expect(indexRange(set, T0 + MINUTE, T0 + 3 * MINUTE)).toEqual({ start: 1, end: 3 });
    expect(indexRange(set, T0 + 10 * MINUTE, T0 + 20 * MINUTE)).toEqual({ start: 5, end: 5 });
  });
});

describe('marker bins', () => {
  const view = { from: T0, to: T0 + 100 * MINUTE };

  it('counts the markers of each type in each pixel column, and only those in view', () => {
    const set = toMarkerSet(markers([
      [T0 - MINUTE, 0],
      [T0, 0],
      [T0 + 30_000, 1],
      [T0 + 50 * MINUTE, 1],
      [T0 + 99 * MINUTE + 59_000, 0],
      [T0 + 100 * MINUTE, 0],
    ]));
    const bins = binMarkers(set, view, 100);
    expect(bins.end - bins.start).toBe(4);
    expect(countAt(bins, 0, 0)).toBe(1);
    expect(countAt(bins, 0, 1)).toBe(1);
    expect(bins.totals[0]).toBe(2);
    expect(countAt(bins, 50, 1)).toBe(1);
    expect(countAt(bins, 99, 0)).toBe(1);
    expect([...bins.occupied.subarray(0, bins.occupiedCount)]).toEqual([0, 50, 99]);
  });

  it('bins 100,000 markers into at most one entry per column and type', () => {
    const events: Array<[number, number]> = Array.from({ length: 100_000 }, (_, index) => [T0 + index * 60, index % 2]);
    const set = toMarkerSet(markers(events));
    const bins = binMarkers(set, view, 1000);
    expect(bins.occupiedCount).toBe(1000);
    let total = 0;
    for (let column = 0; column < 1000; column++) total += bins.totals[column] ?? 0;
    expect(total).toBe(100_000);
  });

  it('reuses the previous frame buffers when panning', () => {
    const set = toMarkerSet(markers([[T0 + MINUTE, 0]]));
    const first = binMarkers(set, view, 200);
    const second = binMarkers(set, { from: view.from - MINUTE, to: view.to - MINUTE }, 200, first);
    expect(second.counts).toBe(first.counts);
    expect(second.occupied[0]).toBe(4);
    expect(second.totals[2]).toBe(0);
  });

  it('draws one marker clearly and a busy column taller, up to the full band', () => {
    expect(stackHeightShare(0)).toBe(0);
    expect(stackHeightShare(1)).toBeGreaterThanOrEqual(0.3);
    expect(stackHeightShare(8)).toBeGreaterThan(stackHeightShare(2));
    expect(stackHeightShare(10_000)).toBe(1);
  });
});

describe('marker hit test', () => {
  const view = { from: T0, to: T0 + 100 * MINUTE };
  const WIDTH = 1000;
  const set = toMarkerSet(markers([
    [T0 + 10 * MINUTE, 0],
    [T0 + 20 * MINUTE, 1],
    [T0 + 20 * MINUTE + 6000, 0],
    [T0 + 20 * MINUTE + 12_000, 1],
  ]));

  it('finds the marker under the pointer, within a few pixels', () => {
    expect(nearestMarker(set, view, WIDTH, 100, 4)?.index).toBe(0);
    expect(nearestMarker(set, view, WIDTH, 103, 4)?.index).toBe(0);
    expect(nearestMarker(set, view, WIDTH, 98, 4)?.count).toBe(1);
  });

  it('finds nothing when the pointer is away from every marker', () => {
    expect(nearestMarker(set, view, WIDTH, 110, 4)).toBeUndefined();
    expect(nearestMarker(set, view, WIDTH, 0, 4)).toBeUndefined();
  });

  it('reports how many share the spot, by type, when markers overlap', () => {
    const hit = nearestMarker(set, view, WIDTH, 201, 4);
    expect(hit?.index).toBe(2);
    expect(hit?.count).toBe(3);
    expect(hit?.byType).toEqual([
      { type: 1, count: 2 },
      { type: 0, count: 1 },
    ]);
  });
});
