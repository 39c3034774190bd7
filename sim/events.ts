import { DateTime } from 'luxon';
import type { SimCamera } from './catalog';
import type { Notifier } from './notification';
import type { CameraRecorder } from './recorder';

export interface AlertKind {
  readonly type: number;
  readonly message: string;
}

/** Video-analytics alerts the simulated site raises (209 is the document's example). */
export const ANALYTIC_ALERTS: readonly AlertKind[] = [
  { type: 209, message: 'Activity Detection' },
  { type: 201, message: 'Intrusion Detection' },
  { type: 203, message: 'Tripwire Crossing' },
  { type: 207, message: 'Loitering Detection' },
  { type: 210, message: 'Camera Tampering' },
  { type: 215, message: 'Abandoned Object' },
  { type: 220, message: 'Crowd Detection' },
];

/** Sent when a camera's status flips; same shape as any event. */
export const STATUS_ALERTS = { offline: { type: 601, message: 'Camera Offline' }, online: { type: 602, message: 'Camera Online' } } as const;

/**
 * How a client learns an event's id, which the document's event has no field for: the
 * simulator writes it into `eventDetails1` as `EventId=<n>`, and `/event/<n>/snap|clip`
 * serve that event's picture and video.
 */
export const EVENT_ID_PATTERN = /EventId=(\d+)/;

export interface SimEvent {
  readonly id: number;
  readonly cameraId: number;
  readonly cameraName: string;
  /** Epoch ms. */
  readonly time: number;
  readonly alert: AlertKind;
  readonly jpeg: Buffer | undefined;
  /** Clients it was delivered to. */
  delivered: number;
}

export interface EventHubOptions {
  readonly cameras: readonly SimCamera[];
  readonly recorder: (cameraId: number) => CameraRecorder | undefined;
  readonly notifier: Notifier;
  /** The server's zone: `eventTime` is written in it, without an offset, as the real API does. */
  readonly timeZone: string;
  /** Events kept for snap and clip requests. */
  readonly keep: number;
  /** Seconds of video before and after the event in its clip. */
  readonly clipBeforeMs: number;
  readonly clipAfterMs: number;
}

/**
 * Raises events, keeps them for their snap and clip, and pushes each on `/notification`
 * in the documented shape. Events go out strictly in id order, even though fetching each
 * one's picture is asynchronous.
 */
export class EventHub {
  private readonly store = new Map<number, SimEvent>();
  private readonly clips = new Map<number, Promise<Buffer | undefined>>();
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private generator: NodeJS.Timeout | undefined;
  private bursts = new Set<NodeJS.Timeout>();

  constructor(private readonly options: EventHubOptions) {}

  get count(): number {
    return this.nextId - 1;
  }

  /** Raises one event on a camera, now. Resolves once it has been broadcast. */
  emit(cameraId: number, alert: AlertKind = pick(ANALYTIC_ALERTS)): Promise<SimEvent> {
    const camera = this.options.cameras.find((candidate) => candidate.id === cameraId);
    if (!camera) return Promise.reject(new Error(`no camera ${cameraId}`));
    const id = this.nextId++;
    const time = Date.now();
    const picture = this.options.recorder(cameraId)?.snapshotJpeg() ?? Promise.resolve(undefined);
    const sent = this.queue.then(async () => {
      const event: SimEvent = { id, cameraId, cameraName: camera.name, time, alert, jpeg: await picture, delivered: 0 };
      this.keepEvent(event);
      event.delivered = this.options.notifier.broadcast(this.wire(event));
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

  /** `count` events at `perSecond`, on one camera or spread over the online ones (bursts for tests). */
  burst(count: number, perSecond: number, cameraId?: number, alert?: AlertKind): void {
    const tickMs = 10;
    const perTick = Math.max(1, Math.round((perSecond * tickMs) / 1000));
    let left = count;
    const timer = setInterval(() => {
      const online = this.options.cameras.filter((camera) => camera.online);
      for (let i = 0; i < perTick && left > 0; i++, left--) {
        const target = cameraId ?? pick(online.length > 0 ? online : this.options.cameras).id;
        void this.emit(target, alert).catch(() => undefined);
      }
      if (left <= 0) {
        clearInterval(timer);
        this.bursts.delete(timer);
      }
    }, tickMs);
    this.bursts.add(timer);
  }

  get(id: number): SimEvent | undefined {
    return this.store.get(id);
  }

  /** Events after `afterId`, oldest first (for tests counting what was sent). */
  since(afterId: number, limit: number): SimEvent[] {
    const out: SimEvent[] = [];
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
      clip = recorder ? this.whenRecorded(event.time + this.options.clipAfterMs, recorder).then(() => recorder.clip(event.time - this.options.clipBeforeMs, event.time + this.options.clipAfterMs)) : Promise.resolve(undefined);
      this.clips.set(id, clip);
      if (this.clips.size > 32) this.clips.delete(this.clips.keys().next().value ?? id);
    }
    return clip;
  }

  /** The event as the real server sends it on `/notification`. */
  wire(event: SimEvent): Record<string, unknown> {
    return {
      cameraId: event.cameraId,
      cameraName: event.cameraName,
      eventTime: DateTime.fromMillis(event.time, { zone: this.options.timeZone }).toFormat('yyyy-MM-dd HH:mm:ss'),
      alertMessage: event.alert.message,
      alertType: event.alert.type,
      base64imageUrl: event.jpeg ? `data:image/jpeg;base64,${event.jpeg.toString('base64')}` : '..',
      eventDetails1: `EventId=${event.id}`,
    };
  }

  close(): void {
    this.generate(0);
    for (const timer of this.bursts) clearInterval(timer);
    this.bursts.clear();
  }

  private keepEvent(event: SimEvent): void {
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

function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}
