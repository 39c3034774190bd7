import type { EventRecord } from '../../../shared/model/event';
import type { CameraStatus } from '../../../shared/model/camera';
import type { EventStreamInfo } from '../../../shared/model/server';
import type { EventSubscription, VmsAdapter, VmsEvent } from '../../vms/adapter';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { EventStore } from './event-store';
import { ImageCache } from './image-cache';

export const EVENT_MEDIA_ROUTE = '/event-media/';

export interface EventServiceOptions {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly log: Logger;
  /** Sends a batch of new events to every window. */
  readonly publish: (records: EventRecord[]) => void;
  readonly onStreamState: (serverId: string, info: EventStreamInfo) => void;
  readonly onCameraStatus: (serverId: string, cameraId: string, status: CameraStatus) => void;
  /** Events are sent to windows at most this often, so a burst costs a few messages. */
  readonly batchMs?: number;
}

/**
 * Every server's real-time events, normalised: each event gets an id, its picture is
 * kept and served on the app's origin, it is stored before it is shown, and windows get
 * new events in batches.
 */
export class EventService {
  private readonly subscriptions = new Map<string, EventSubscription>();
  private readonly images = new ImageCache();
  private pending: EventRecord[] = [];
  private cancelFlush: (() => void) | undefined;
  private sequence = 0;
  /** Appends run one after another, so events are stored (and shown) in arrival order. */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: EventServiceOptions) {}

  /** Starts listening to a server's events (once per server). */
  attach(serverId: string, adapter: VmsAdapter): void {
    if (this.subscriptions.has(serverId)) return;
    if (adapter.capabilities.events === 'none') {
      this.options.onStreamState(serverId, { state: 'unsupported' });
      return;
    }
    this.subscriptions.set(
      serverId,
      adapter.subscribeEvents({
        onEvent: (event) => this.receive(serverId, event),
        onState: (state, reason) => this.options.onStreamState(serverId, reason ? { state, reason } : { state }),
        onCameraStatus: (cameraId, status) => this.options.onCameraStatus(serverId, cameraId, status),
      }),
    );
  }

  recent(limit: number, before?: string): Promise<EventRecord[]> {
    return this.options.store.recent(limit, before);
  }

  get(id: string): Promise<EventRecord | undefined> {
    return this.options.store.get(id);
  }

  image(id: string): ReturnType<ImageCache['get']> {
    return this.images.get(id);
  }

  /** Resolves when every event received so far is stored. */
  flushed(): Promise<void> {
    return this.writing;
  }

  dispose(): void {
    for (const subscription of this.subscriptions.values()) subscription.close();
    this.subscriptions.clear();
    this.cancelFlush?.();
    this.flush();
  }

  private receive(serverId: string, event: VmsEvent): void {
    const receivedAt = this.options.clock.now();
    // Sortable and unique: arrival time, then a counter for events in the same millisecond.
    const id = `${receivedAt.toString(36).padStart(9, '0')}-${(this.sequence++).toString(36).padStart(6, '0')}`;
    const base = `${EVENT_MEDIA_ROUTE}${encodeURIComponent(id)}`;
    if (event.image) this.images.set(id, event.image);
    const record: EventRecord = {
      id,
      serverId,
      cameraId: event.cameraId,
      cameraName: event.cameraName,
      time: event.time,
      sourceTime: event.sourceTime,
      timeUncertain: event.timeUncertain,
      receivedAt,
      type: event.type,
      label: event.label,
      severity: 'normal',
      image: event.image ? `${base}/image` : undefined,
      snap: event.vendorEventId ? `${base}/snap` : undefined,
      clip: event.vendorEventId ? `${base}/clip` : undefined,
      vendorEventId: event.vendorEventId,
      raw: { ...event.raw },
    };
    this.writing = this.writing
      .then(() => this.options.store.append([record]))
      .then(
        () => this.queue(record),
        (error: unknown) => this.options.log.error('could not store an event', { id, error }),
      );
  }

  private queue(record: EventRecord): void {
    this.pending.push(record);
    this.cancelFlush ??= this.options.clock.after(this.options.batchMs ?? 50, () => this.flush());
  }

  private flush(): void {
    this.cancelFlush = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.options.publish(batch);
  }
}
