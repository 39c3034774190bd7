import type { CameraStatus } from '../../../shared/model/camera';
import type { TimeRange } from '../../../shared/model/timeline';
import { clipRanges } from './time-ranges';

/** Enough for a camera that drops out every half hour, for a week. */
const DEFAULT_MAX_SPANS = 400;

interface CameraHistory {
  /** Since when the camera is offline, while it is. */
  offlineSince: number | undefined;
  /** Finished offline periods, oldest first. */
  readonly spans: TimeRange[];
}

/**
 * When each camera of one server was seen offline, learnt from status polls and status
 * events. It is what the core can tell about gaps in a recording where the VMS keeps no
 * list: a camera that is offline records nothing. Only what this run of the app saw is
 * known; `unknown` (status not available) changes nothing, as it proves neither. Bounded
 * per camera: the oldest periods go first.
 */
export class OfflineHistory {
  private readonly cameras = new Map<string, CameraHistory>();

  constructor(private readonly maxSpans = DEFAULT_MAX_SPANS) {}

  observe(cameraId: string, status: CameraStatus, at: number): void {
    if (status === 'unknown') return;
    let history = this.cameras.get(cameraId);
    if (!history) {
      history = { offlineSince: undefined, spans: [] };
      this.cameras.set(cameraId, history);
    }
    if (status === 'offline') {
      history.offlineSince ??= at;
      return;
    }
    if (history.offlineSince === undefined) return;
    history.spans.push({ from: history.offlineSince, to: at });
    history.offlineSince = undefined;
    if (history.spans.length > this.maxSpans) history.spans.splice(0, history.spans.length - this.maxSpans);
  }

  /** The offline periods within [from, to]; a camera offline now is so until `now`. */
  offline(cameraId: string, from: number, to: number, now: number): TimeRange[] {
    const history = this.cameras.get(cameraId);
    if (!history) return [];
    const spans = history.offlineSince === undefined ? history.spans : [...history.spans, { from: history.offlineSince, to: now }];
    return clipRanges(spans, from, to);
  }

  /** Forgets cameras no longer on the server. */
  retain(cameraIds: ReadonlySet<string>): void {
    for (const cameraId of this.cameras.keys()) if (!cameraIds.has(cameraId)) this.cameras.delete(cameraId);
  }
}
