import type { TimeRange } from '../../../shared/model/timeline';

/** A stretch of time during which `count` of the cameras in a merged lane were recording. */
export interface CoverageSpan {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/**
 * How many of the given cameras recorded when: the merged lane shades by this, so a gap
 * in every camera shows as a gap, and a gap in some as a lighter stretch. Rows whose
 * recordings are not known yet count as not recording. Spans come out ascending, apart,
 * and only where at least one camera recorded.
 */
export function coverage(rows: ReadonlyArray<readonly TimeRange[] | undefined>): CoverageSpan[] {
  const edges: Array<[time: number, delta: number]> = [];
  for (const ranges of rows) {
    for (const range of union(ranges ?? [])) edges.push([range.from, 1], [range.to, -1]);
  }
  // At equal times, ends before starts: a camera that stops as another starts is no overlap.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const spans: CoverageSpan[] = [];
  let count = 0;
  let since = 0;
  for (const [time, delta] of edges) {
    if (count > 0 && time > since) {
      const last = spans.at(-1);
      if (last && last.to === since && last.count === count) spans[spans.length - 1] = { ...last, to: time };
      else spans.push({ from: since, to: time, count });
    }
    count += delta;
    since = time;
  }
  return spans;
}

/** One camera's ranges as disjoint, ascending spans: a VMS may list overlapping clips. */
export function union(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges.filter((range) => range.to > range.from).sort((a, b) => a.from - b.from);
  const merged: TimeRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.from <= last.to) merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, range.to) };
    else merged.push({ from: range.from, to: range.to });
  }
  return merged;
}
