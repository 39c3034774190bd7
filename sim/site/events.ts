import type { SimCamera } from './catalog';
import type { CameraRecorder } from './recorder';

/** What happened, in the site's own words; each front maps `kind` to its vendor's code or name. */
export interface SiteEventKind {
  readonly kind: string;
  readonly label: string;
}

/** Video-analytics events the simulated site raises. */
export const ANALYTIC_KINDS: readonly SiteEventKind[] = [
  { kind: 'activity', label: 'Activity Detection' },
  { kind: 'intrusion', label: 'Intrusion Detection' },
  { kind: 'tripwire', label: 'Tripwire Crossing' },
  { kind: 'loitering', label: 'Loitering Detection' },
  { kind: 'tampering', label: 'Camera Tampering' },
  { kind: 'abandoned-object', label: 'Abandoned Object' },
  { kind: 'crowd', label: 'Crowd Detection' },
];

/** Raised when a camera's status flips; same shape as any event. */
export const STATUS_KINDS = {
  offline: { kind: 'camera-offline', label: 'Camera Offline' },
  online: { kind: 'camera-online', label: 'Camera Online' },
} as const;

export function isStatusKind(kind: string): boolean {
  return kind === STATUS_KINDS.offline.kind || kind === STATUS_KINDS.online.kind;
}

export interface SiteEvent {
  /** Unique in this site's life, increasing: every front's event id. */
  readonly id: number;
  readonly cameraId: number;
  readonly cameraName: string;
  /** Epoch ms. */
  readonly time: number;
  readonly kind: string;
  readonly label: string;
  /** The newest recorded frame when the event was raised (none when nothing records). */
  readonly jpeg: Buffer | undefined;
  /** What the analytics said about it, as raw metadata. */
  readonly meta: Readonly<Record<string, unknown>>;
}

export type SiteEventListener = (event: SiteEvent) => void;

export interface SiteEventHubOptions {
  readonly cameras: readonly SimCamera[];
  readonly recorder: (cameraId: number) => CameraRecorder | undefined;
  /** Events kept for snapshot, clip and list requests. */
  readonly keep: number;
  /** Video before and after the event in its clip. */
  readonly clipBeforeMs: number;
  readonly clipAfterMs: number;
}

/**
 * The site's events, whoever reports them: raised at random, on request or in bursts,
 * each with a snapshot of its camera's newest recorded frame, kept for a while, and
 * handed to every front that listens (the IVMS front pushes them on its socket, the VXG
 * front lists them). Listeners see events strictly in id order, even though fetching
 * each one's picture is asynchronous.
 */
export class SiteEventHub {
  private readonly store = new Map<number, SiteEvent>();
  private readonly clips = new Map<number, Promise<Buffer | undefined>>();
  private readonly listeners = new Set<SiteEventListener>();
  private lastId = 0;
  private emitted = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private generator: NodeJS.Timeout | undefined;
  private readonly bursts = new Set<NodeJS.Timeout>();

  constructor(private readonly options: SiteEventHubOptions) {}

  /** Events raised so far. */
  get count(): number {
    return this.emitted;
  }

  /**
   * A fresh id from the same sequence as the site's events, for events a front keeps
   * itself (those its clients create), so ids never collide and never repeat.
   */
  allocateId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  subscribe(listener: SiteEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Raises one event on a camera, now. Resolves once every listener has had it. */
  emit(cameraId: number, kind: SiteEventKind = pick(ANALYTIC_KINDS), meta?: Record<string, unknown>): Promise<SiteEvent> {
    const camera = this.options.cameras.find((candidate) => candidate.id === cameraId);
    if (!camera) return Promise.reject(new Error(`no camera ${cameraId}`));
    const id = this.allocateId();
    this.emitted += 1;
    const time = Date.now();
    const picture = this.options.recorder(cameraId)?.snapshotJpeg() ?? Promise.resolve(undefined);
    const details = meta ?? (isStatusKind(kind.kind) ? {} : analyticsMeta());
    const sent = this.queue.then(async () => {
      const event: SiteEvent = { id, cameraId, cameraName: camera.name, time, kind: kind.kind, label: kind.label, jpeg: await picture, meta: details };
      this.keepEvent(event);
      for (const listener of this.listeners) listener(event);
      return event;
    });
    this.queue = sent.catch(() => undefined);
    return sent;
  }

  /** Raises events on random online cameras at `perMinute`; 0 stops. */
  generate(perMinute: number): void {
    clearInterval(this.generator);
    this.generator = undefined;
    if (perMinute <= 0) return;
    this.generator = setInterval(() => {
      const online = this.options.cameras.filter((camera) => camera.online);
      if (online.length > 0) void this.emit(pick(online).id).catch(() => undefined);
    }, 60_000 / perMinute);
  }

  /**
   * `count` events at `perSecond` (bursts for tests): on one camera, or spread over the
   * online ones among `among` (a front's cameras; default every camera of the site).
   */
  burst(count: number, perSecond: number, target?: number | readonly number[], kind?: SiteEventKind): void {
    const tickMs = 10;
    const perTick = Math.max(1, Math.round((perSecond * tickMs) / 1000));
    const among = typeof target === 'number' ? [target] : target;
    const candidates = among === undefined ? this.options.cameras : this.options.cameras.filter((camera) => among.includes(camera.id));
    let left = candidates.length === 0 ? 0 : count;
    const timer = setInterval(() => {
      const online = candidates.filter((camera) => camera.online);
      for (let i = 0; i < perTick && left > 0; i++, left--) {
        const cameraId = typeof target === 'number' ? target : pick(online.length > 0 ? online : candidates).id;
        void this.emit(cameraId, kind).catch(() => undefined);
      }
      if (left <= 0) {
        clearInterval(timer);
        this.bursts.delete(timer);
      }
    }, tickMs);
    this.bursts.add(timer);
  }

  get(id: number): SiteEvent | undefined {
    return this.store.get(id);
  }

  /** Events after `afterId`, oldest first, at most `limit`. */
  since(afterId: number, limit: number): SiteEvent[] {
    const out: SiteEvent[] = [];
    for (const event of this.store.values()) {
      if (event.id <= afterId) continue;
      out.push(event);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** An MP4 of the recording around the event, made once and kept while the event is. */
  clip(id: number): Promise<Buffer | undefined> {
    const event = this.store.get(id);
    if (!event) return Promise.resolve(undefined);
    let clip = this.clips.get(id);
    if (!clip) {
      const recorder = this.options.recorder(event.cameraId);
      clip = recorder
        ? this.whenRecorded(event.time + this.options.clipAfterMs, recorder).then(() => recorder.clip(event.time - this.options.clipBeforeMs, event.time + this.options.clipAfterMs))
        : Promise.resolve(undefined);
      this.clips.set(id, clip);
      if (this.clips.size > 32) this.clips.delete(this.clips.keys().next().value ?? id);
    }
    return clip;
  }

  close(): void {
    this.generate(0);
    for (const timer of this.bursts) clearInterval(timer);
    this.bursts.clear();
    this.listeners.clear();
  }

  private keepEvent(event: SiteEvent): void {
    this.store.set(event.id, event);
    while (this.store.size > this.options.keep) {
      const oldest = this.store.keys().next().value;
      if (oldest === undefined) break;
      this.store.delete(oldest);
      this.clips.delete(oldest);
    }
  }

  /** Waits (up to the clip's length) until the recording covers `timeMs`, so a fresh event's clip is whole. */
  private async whenRecorded(timeMs: number, recorder: CameraRecorder): Promise<void> {
    const deadline = Date.now() + this.options.clipAfterMs + 5000;
    while (Date.now() < deadline && recorder.recording) {
      const newest = recorder.ring.segments.at(-1);
      if (newest && newest.startMs + newest.durationMs >= timeMs) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** What a video-analytics engine attaches to a detection: how sure it is and where. */
function analyticsMeta(): Record<string, unknown> {
  return { confidence: Math.round((0.6 + Math.random() * 0.39) * 100) / 100, zone: `Zone ${1 + Math.floor(Math.random() * 4)}` };
}

export function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}
