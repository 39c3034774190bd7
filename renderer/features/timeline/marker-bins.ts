import type { TimeRange } from '../../../shared/model/timeline';
import { indexRange, type MarkerSet } from './marker-set';

/**
 * Markers counted per pixel column and type: what a column shows is a stack of types,
 * so drawing costs one rectangle per (column, type) present, however many markers share
 * the pixel. 100,000 markers in view is one pass over their times.
 */
export interface MarkerBins {
  readonly columns: number;
  readonly typeCount: number;
  /** `counts[column * typeCount + type]`. */
  readonly counts: Uint32Array;
  readonly totals: Uint32Array;
  /** Columns with at least one marker, ascending: drawing visits only these. */
  readonly occupied: Uint32Array;
  readonly occupiedCount: number;
  /** The markers in view, [start, end) into the set. */
  readonly start: number;
  readonly end: number;
}

/**
 * Bins the markers in `view` into `columns` columns. `reuse` (the previous frame's bins)
 * lends its buffers when they are large enough, so panning allocates nothing.
 */
export function binMarkers(set: MarkerSet, view: TimeRange, columns: number, reuse?: MarkerBins): MarkerBins {
  const columnCount = Math.max(0, Math.floor(columns));
  const typeCount = Math.max(1, set.typeKeys.length);
  const counts = reuse && reuse.counts.length >= columnCount * typeCount && reuse.typeCount === typeCount ? reuse.counts : new Uint32Array(columnCount * typeCount);
  const totals = reuse && reuse.totals.length >= columnCount ? reuse.totals : new Uint32Array(columnCount);
  const occupied = reuse && reuse.occupied.length >= columnCount ? reuse.occupied : new Uint32Array(columnCount);
  counts.fill(0, 0, columnCount * typeCount);
  totals.fill(0, 0, columnCount);
  const { start, end } = indexRange(set, view.from, view.to);
  if (columnCount === 0) return { columns: 0, typeCount, counts, totals, occupied, occupiedCount: 0, start, end };
  const scale = columnCount / (view.to - view.from);
  const { times, types } = set;
  const last = columnCount - 1;
  for (let i = start; i < end; i++) {
    const column = Math.min(last, ((times[i] as number) - view.from) * scale) | 0;
    totals[column] = (totals[column] as number) + 1;
    const slot = column * typeCount + (types[i] as number);
    counts[slot] = (counts[slot] as number) + 1;
  }
  let occupiedCount = 0;
  for (let column = 0; column < columnCount; column++) if ((totals[column] as number) > 0) occupied[occupiedCount++] = column;
  return { columns: columnCount, typeCount, counts, totals, occupied, occupiedCount, start, end };
}

export function countAt(bins: MarkerBins, column: number, type: number): number {
  return bins.counts[column * bins.typeCount + type] ?? 0;
}

/**
 * How tall a column's stack is, as a share of the band: one marker is clearly visible
 * (30 %), every doubling adds 7 %, about a thousand fill it. Logarithmic, so a quiet
 * night and a busy afternoon of a whole-day view both read, and their difference too;
 * absolute (not relative to the busiest column in view), so heights hold still while panning.
 */
export function stackHeightShare(total: number): number {
  if (total <= 0) return 0;
  return Math.min(1, 0.3 + 0.07 * Math.log2(total));
}
