import type { Markers } from '../../../shared/model/timeline';

/**
 * Event markers in the shape drawing wants: typed arrays, ascending time, so finding the
 * visible ones is a binary search and counting them per pixel is one pass over numbers.
 * Built once per `Markers` reply, never per frame.
 */
export interface MarkerSet {
  readonly size: number;
  /** Epoch ms, ascending. */
  readonly times: Float64Array;
  /** Index into `typeKeys`/`typeLabels`. */
  readonly types: Uint16Array;
  /** Index into the cameras of the request the markers answer. */
  readonly cameras: Uint16Array;
  /** The vendor's type codes; what the colour is keyed on. */
  readonly typeKeys: readonly string[];
  readonly typeLabels: readonly string[];
  readonly ids: readonly string[];
  /** More events were in the span than were sent (the newest were kept). */
  readonly truncated: boolean;
}

/** A type index the reply did not define is drawn as this, rather than dropped. */
const UNKNOWN_TYPE = { type: '', label: 'Other' };

export function toMarkerSet(markers: Markers): MarkerSet {
  const size = Math.min(markers.time.length, markers.type.length, markers.camera.length, markers.id.length);
  const order = ascendingOrder(markers.time, size);
  const typeKeys = markers.types.map((entry) => entry.type);
  const typeLabels = markers.types.map((entry) => entry.label);
  const unknown = typeKeys.length;
  let sawUnknown = false;
  const times = new Float64Array(size);
  const types = new Uint16Array(size);
  const cameras = new Uint16Array(size);
  // Ids are only looked up, never scanned: keep the reply's array unless it had to be reordered.
  const ids = order ? Array.from(order, (from) => markers.id[from] as string) : markers.id;
  for (let i = 0; i < size; i++) {
    const from = order ? (order[i] as number) : i;
    times[i] = markers.time[from] as number;
    const type = markers.type[from] as number;
    const known = type < unknown;
    sawUnknown ||= !known;
    types[i] = known ? type : unknown;
    cameras[i] = markers.camera[from] as number;
  }
  if (sawUnknown) {
    typeKeys.push(UNKNOWN_TYPE.type);
    typeLabels.push(UNKNOWN_TYPE.label);
  }
  return { size, times, types, cameras, typeKeys, typeLabels, ids, truncated: markers.truncated };
}

/**
 * The contract says ascending; a server that breaks it must not break the binary
 * searches, so an unsorted reply is reordered (stable) rather than trusted.
 */
function ascendingOrder(time: readonly number[], size: number): Uint32Array | undefined {
  let sorted = true;
  for (let i = 1; i < size && sorted; i++) sorted = (time[i] as number) >= (time[i - 1] as number);
  if (sorted) return undefined;
  const order = Uint32Array.from({ length: size }, (_, i) => i);
  order.sort((a, b) => (time[a] as number) - (time[b] as number) || a - b);
  return order;
}

/** The first index whose time is at or after `time` (`times.length` if none). */
export function lowerBound(times: Float64Array, time: number, start = 0, end = times.length): number {
  let low = start;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] as number) < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first index whose time is after `time` (`times.length` if none). */
export function upperBound(times: Float64Array, time: number, start = 0, end = times.length): number {
  let low = start;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] as number) <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Indices [start, end) of the markers at or after `from` and before `to`. */
export function indexRange(set: MarkerSet, from: number, to: number): { start: number; end: number } {
  const start = lowerBound(set.times, from);
  return { start, end: lowerBound(set.times, to, start) };
}
