import type { Recordings, TimeRange } from '../../../shared/model/timeline';
import type { VmsAdapter, VmsRecordings } from '../../vms/adapter';
import type { Clock } from '../../common/clock';
import { checkTimelineSpan, clipRanges, subtractRanges } from './time-ranges';

export interface RecordingsServiceOptions {
  readonly clock: Clock;
  readonly adapterFor: (serverId: string) => VmsAdapter;
  /** Throws not-found when the camera is not (or no longer) on the server. */
  readonly checkCamera: (serverId: string, cameraId: string) => void;
  /** The periods within [from, to] the core saw the camera offline. */
  readonly offlineSpans: (serverId: string, cameraId: string, from: number, to: number) => TimeRange[];
  /** How long a VMS's "recorded since" answer is reused (a timeline pans and zooms often). */
  readonly sinceCacheMs?: number;
}

export interface InferenceInput {
  readonly from: number;
  readonly to: number;
  /** Where the VMS says the recording starts (epoch ms). */
  readonly oldestMs: number;
  readonly now: number;
  readonly offline: readonly TimeRange[];
}

/**
 * Recorded spans where the VMS only says where its recording starts (IVMS): recorded from
 * then until now, except while the camera was offline, clipped to [from, to].
 */
export function inferRecordings({ from, to, oldestMs, now, offline }: InferenceInput): TimeRange[] {
  const start = Math.max(from, oldestMs);
  const end = Math.min(to, now);
  return start < end ? subtractRanges(start, end, offline) : [];
}

/**
 * What is recorded of a camera in a span, for the timeline. A VMS with a recording list
 * answers itself (`vms`); one that only says where its recording starts gets the rest
 * inferred (`inferred`); one that says nothing is `unknown`, with no ranges: a span the
 * core merely saw the camera online is no proof that anything was recorded, and a bar on
 * the timeline would claim it was.
 */
export class RecordingsService {
  private readonly since = new Map<string, { readonly at: number; readonly oldestMs: number | undefined }>();

  constructor(private readonly options: RecordingsServiceOptions) {}

  async recordings(serverId: string, cameraId: string, from: number, to: number): Promise<Recordings> {
    checkTimelineSpan(from, to);
    this.options.checkCamera(serverId, cameraId);
    const adapter = this.options.adapterFor(serverId);
    if (!adapter.recordings) return { ranges: [], source: 'unknown' };
    const key = JSON.stringify([serverId, cameraId]);
    const cached = this.since.get(key);
    const now = this.options.clock.now();
    let oldestMs: number | undefined;
    if (cached && now - cached.at < (this.options.sinceCacheMs ?? 30_000)) {
      oldestMs = cached.oldestMs;
    } else {
      const answer: VmsRecordings = await adapter.recordings(cameraId, from, to);
      if (answer.kind === 'ranges') return { ranges: clipRanges(answer.ranges, from, to), source: 'vms' };
      // Only "since" answers are cached: they do not depend on the span asked for.
      this.since.set(key, { at: now, oldestMs: answer.oldestMs });
      oldestMs = answer.oldestMs;
    }
    if (oldestMs === undefined) return { ranges: [], source: 'unknown' };
    const offline = this.options.offlineSpans(serverId, cameraId, from, to);
    return { ranges: inferRecordings({ from, to, oldestMs, now: this.options.clock.now(), offline }), source: 'inferred' };
  }
}
