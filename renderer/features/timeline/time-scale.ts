import type { TimeRange } from '../../../shared/model/timeline';

/** The closest the timeline zooms in: one minute across its width. */
export const MIN_SPAN_MS = 60_000;
/** The farthest it zooms out: one week, the longest span the core serves markers for. */
export const MAX_SPAN_MS = 7 * 24 * 3600_000;
/**
 * How much of the view may lie beyond "now" after the user pans or zooms: enough to see
 * the live edge away from the border, not so much that the track can be lost in the future.
 */
export const FUTURE_ROOM = 0.25;

/** Where `time` is, in CSS pixels from the timeline's left edge, for a view `width` pixels wide. */
export function timeToX(view: TimeRange, width: number, time: number): number {
  return ((time - view.from) / (view.to - view.from)) * width;
}

/** The time at `x` CSS pixels from the timeline's left edge. */
export function xToTime(view: TimeRange, width: number, x: number): number {
  return view.from + (x / width) * (view.to - view.from);
}

export function spanOf(view: TimeRange): number {
  return view.to - view.from;
}

/**
 * Scales the view by `factor` (< 1 zooms in) around `anchor`, which stays at the same
 * place on screen. The span is held between one minute and one week, so zooming past a
 * limit stops there rather than drifting the anchor.
 */
export function zoomAround(view: TimeRange, anchor: number, factor: number): TimeRange {
  const span = spanOf(view);
  const next = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, span * factor));
  const fraction = (anchor - view.from) / span;
  const from = anchor - fraction * next;
  return { from, to: from + next };
}

export function panBy(view: TimeRange, deltaMs: number): TimeRange {
  return { from: view.from + deltaMs, to: view.to + deltaMs };
}

/**
 * Keeps a view the user moved within reach of what exists: a legal span, and at most
 * `FUTURE_ROOM` of it beyond `now` (the past is unbounded: archives go back years).
 */
export function limitView(view: TimeRange, now: number): TimeRange {
  const span = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, spanOf(view)));
  const latestEnd = now + span * FUTURE_ROOM;
  const to = Math.min(view.from + span, latestEnd);
  return { from: to - span, to };
}

export function sameView(a: TimeRange | undefined, b: TimeRange | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.from === b.from && a.to === b.to);
}
