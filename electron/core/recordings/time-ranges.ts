import { MAX_TIMELINE_SPAN_MS, type TimeRange } from '../../../shared/model/timeline';
import { CoreError } from '../errors';

/** Sorted, overlapping and touching ranges joined, empty ones dropped. */
export function normaliseRanges(ranges: ReadonlyArray<{ readonly from: number; readonly to: number }>): TimeRange[] {
  const sorted = ranges.filter((range) => range.to > range.from).sort((a, b) => a.from - b.from);
  const joined: TimeRange[] = [];
  for (const range of sorted) {
    const last = joined.at(-1);
    if (last && range.from <= last.to) last.to = Math.max(last.to, range.to);
    else joined.push({ from: range.from, to: range.to });
  }
  return joined;
}

/** The parts of `ranges` within [from, to]. */
export function clipRanges(ranges: ReadonlyArray<{ readonly from: number; readonly to: number }>, from: number, to: number): TimeRange[] {
  return normaliseRanges(ranges.map((range) => ({ from: Math.max(range.from, from), to: Math.min(range.to, to) })));
}

/** [from, to] minus the holes. */
export function subtractRanges(from: number, to: number, holes: ReadonlyArray<{ readonly from: number; readonly to: number }>): TimeRange[] {
  const kept: TimeRange[] = [];
  let cursor = from;
  for (const hole of clipRanges(holes, from, to)) {
    if (hole.from > cursor) kept.push({ from: cursor, to: hole.from });
    cursor = Math.max(cursor, hole.to);
  }
  if (cursor < to) kept.push({ from: cursor, to });
  return kept;
}

/** A timeline request's span: it must end after it starts and cover at most the timeline's widest zoom. */
export function checkTimelineSpan(from: number, to: number): void {
  if (!(to > from)) throw new CoreError('invalid-request', 'The time span must end after it starts');
  if (to - from > MAX_TIMELINE_SPAN_MS) throw new CoreError('invalid-request', `The time span covers more than ${MAX_TIMELINE_SPAN_MS / 86_400_000} days`);
}
