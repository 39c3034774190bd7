import { type CameraRef, cameraKey } from '../../../shared/model/camera';
import type { Markers } from '../../../shared/model/timeline';

/**
 * One camera's events in a span, newest first, as the journal reads them: one array per
 * column, so a hundred thousand rows cost a few arrays rather than as many objects.
 */
export interface CameraMarkerRows {
  /** The journal's insertion order: breaks ties between events of the same millisecond. */
  readonly seq: number[];
  readonly time: number[];
  readonly type: string[];
  readonly id: string[];
}

/** The journal's side of a markers query. */
export interface MarkerSource {
  /** One camera's events in [from, to], newest first, at most `limit`. */
  markerRows(serverId: string, cameraId: string, from: number, to: number, limit: number): CameraMarkerRows;
  typeLabel(serverId: string, type: string): string | undefined;
}

/** The timeline's markers of `cameras` in [from, to]: the newest `limit`, ascending. */
export function queryMarkers(source: MarkerSource, cameras: readonly CameraRef[], from: number, to: number, limit: number): Markers {
  const seen = new Set<string>();
  const rows = cameras.map((camera): CameraMarkerRows => {
    // A camera named twice gets its markers once (under its first index).
    if (seen.has(cameraKey(camera))) return { seq: [], time: [], type: [], id: [] };
    seen.add(cameraKey(camera));
    return source.markerRows(camera.serverId, camera.cameraId, from, to, limit + 1);
  });
  return mergeMarkers(from, to, rows, limit, (index, type) => {
    const serverId = cameras[index]?.serverId;
    return (serverId === undefined ? undefined : source.typeLabel(serverId, type)) ?? type;
  });
}

/**
 * Merges each camera's newest-first rows into the timeline's columns: ascending by time,
 * at most `limit`, and when more were in the span, the newest `limit` (the end of a span
 * is where an operator looks first). `rows[i]` belongs to the request's camera `i`; each
 * camera's rows may hold `limit + 1` rows, which is how truncation is noticed. Labels are
 * asked once per distinct type, with the camera it was first seen on.
 */
export function mergeMarkers(from: number, to: number, rows: readonly CameraMarkerRows[], limit: number, labelOf: (camera: number, type: string) => string): Markers {
  const heads = rows.map(() => 0);
  // Newest first while merging; read backwards below to ascend.
  const pickedCamera: number[] = [];
  const pickedRow: number[] = [];
  let truncated = false;
  for (;;) {
    // Few cameras (at most 64), so a scan of the heads beats a heap.
    let best = -1;
    for (let camera = 0; camera < rows.length; camera++) {
      const columns = rows[camera];
      const head = heads[camera] ?? 0;
      if (!columns || head >= columns.time.length) continue;
      if (best < 0 || isNewer(columns, head, rows[best], heads[best] ?? 0)) best = camera;
    }
    if (best < 0) break;
    if (pickedCamera.length === limit) {
      truncated = true;
      break;
    }
    pickedCamera.push(best);
    pickedRow.push(heads[best] ?? 0);
    heads[best] = (heads[best] ?? 0) + 1;
  }

  const typeIndex = new Map<string, number>();
  const markers: Markers = { from, to, truncated, types: [], time: [], type: [], camera: [], id: [] };
  for (let k = pickedCamera.length - 1; k >= 0; k--) {
    const camera = pickedCamera[k] ?? 0;
    const row = pickedRow[k] ?? 0;
    const columns = rows[camera];
    if (!columns) continue;
    const type = columns.type[row] ?? '';
    let index = typeIndex.get(type);
    if (index === undefined) {
      index = markers.types.length;
      typeIndex.set(type, index);
      markers.types.push({ type, label: labelOf(camera, type) });
    }
    markers.time.push(columns.time[row] ?? 0);
    markers.type.push(index);
    markers.camera.push(camera);
    markers.id.push(columns.id[row] ?? '');
  }
  return markers;
}

function isNewer(a: CameraMarkerRows, i: number, b: CameraMarkerRows | undefined, j: number): boolean {
  if (!b) return true;
  const timeA = a.time[i] ?? 0;
  const timeB = b.time[j] ?? 0;
  return timeA !== timeB ? timeA > timeB : (a.seq[i] ?? 0) > (b.seq[j] ?? 0);
}
