import type { Severity } from '../../../shared/model/event';
import type { SensorConfig, SensorsSection, SensorsState, SensorStatus } from '../../../shared/model/sensor';
import type { VmsKind } from '../../../shared/model/server';
import { type Clock, settleWithin } from '../../common/clock';
import type { Logger } from '../../common/logger';
import type { CreateEventRequest, VmsBinary, VmsEvent } from '../../vms/adapter';
import type { OutboxDelivery as Delivery, SensorOutbox } from '../events/sensor-outbox';
import { type DeliveryTarget, OutboxDelivery } from './outbox-delivery';
import { mapPayload, type SensorEvent } from './payload-map';
import { MqttSource, mqttClientId } from './mqtt-source';
import { topicMatches } from './topic-match';

/** What the bridge needs of the servers: their vendor, names, adapters and readiness. */
export interface BridgeServers extends DeliveryTarget {
  kind(serverId: string): VmsKind | undefined;
  name(serverId: string): string | undefined;
  cameraName(serverId: string, cameraId: string): string | undefined;
  /** The camera's picture now, where its VMS gives one (the alert shows the scene at the event). */
  picture(serverId: string, cameraId: string): Promise<VmsBinary | undefined>;
}

export interface SensorBridgeOptions {
  readonly section: Omit<SensorsSection, 'list'>;
  readonly outbox: SensorOutbox;
  readonly servers: BridgeServers;
  /** The alert list: every sensor event on each associated camera, through the event service; returns the event's id. */
  readonly journal: (serverId: string, event: VmsEvent, severity: Severity | undefined) => string;
  /** A camera's picture that came after its alert was journaled. */
  readonly attachPicture: (eventId: string, picture: VmsBinary) => void;
  /** How long an alert waits for its camera's picture before it goes without (the picture follows). */
  readonly pictureGraceMs?: number;
  /** Stable per install: with the broker's address it names the bridge's MQTT sessions. */
  readonly installId: string;
  readonly clock: Clock;
  readonly log: Logger;
  /** The panel's state changed (health, queues); called at most every `changedMs`. */
  readonly changed: (state: SensorsState) => void;
  readonly changedMs?: number;
}

interface Health {
  connected: boolean;
  reason: string | undefined;
  lastEventAt: number | undefined;
  events: number;
}

/**
 * An alert waits this long for its camera's picture: a picture at hand (a burst's, or from
 * a quick VMS) comes with the row; a slower one follows it, so the row is on screen at once.
 */
const PICTURE_GRACE_MS = 100;

/** EEN v3 types a door or alarm sensor fits (events_category.yaml of EENCloud/VMS-Developer-Portal). */
const DEFAULT_EEN_TYPE = 'een.deviceIOEvent.v1';

/**
 * The sensor bridge: sensors' events (MQTT, webhooks) become alerts in Tessera on each
 * associated camera, and events on each camera's VMS through the durable outbox. One
 * message is handled at a time per source: journaled, then accepted into the outbox (once
 * per sensor and event id), then acknowledged to its source.
 */
export class SensorBridge {
  /** Every sensor configured, and those enabled (listened to). */
  private configured: SensorConfig[] = [];
  private sensors: SensorConfig[] = [];
  private managed: ReadonlySet<string> = new Set();
  /** The webhook port's state, for webhook sensors added later. */
  private webhooks: { listening: boolean; reason: string | undefined } | undefined;
  private readonly health = new Map<string, Health>();
  private mqtt: MqttSource[] = [];
  private readonly delivery: OutboxDelivery;
  private cancelChanged: (() => void) | undefined;
  private disposed = false;

  constructor(private readonly options: SensorBridgeOptions) {
    this.delivery = new OutboxDelivery({ outbox: options.outbox, targets: options.servers, clock: options.clock, log: options.log.child('outbox'), changed: () => this.scheduleChanged() });
  }

  /** Starts (or restarts, with a new list) the sources, and the deliveries left from the last run. */
  async configure(sensors: readonly SensorConfig[], managed: ReadonlySet<string> = new Set()): Promise<void> {
    await this.stopSources();
    this.configured = [...sensors];
    this.managed = managed;
    this.sensors = sensors.filter((sensor) => sensor.enabled);
    for (const sensor of sensors) if (!this.health.has(sensor.id)) this.health.set(sensor.id, { connected: false, reason: 'Starting', lastEventAt: undefined, events: 0 });
    for (const id of [...this.health.keys()]) if (!sensors.some((sensor) => sensor.id === id)) this.health.delete(id);
    for (const sensor of sensors) if (!sensor.enabled) this.setHealth([sensor.id], false, 'Turned off');
    if (this.webhooks) this.setWebhookState(this.webhooks.listening, this.webhooks.reason);
    this.startMqtt();
    this.delivery.kick();
    this.scheduleChanged();
  }

  /** The sensors listening on webhooks (the webhook receiver routes by path). */
  webhookSensors(): SensorConfig[] {
    return this.sensors.filter((sensor) => sensor.source.kind === 'webhook');
  }

  /** Marks webhook sensors as listening (or not) once the receiver is up. */
  setWebhookState(listening: boolean, reason?: string): void {
    this.webhooks = { listening, reason };
    this.setHealth(
      this.webhookSensors().map((sensor) => sensor.id),
      listening,
      reason,
    );
  }

  /**
   * One payload of a sensor. Journaled, then accepted into the outbox, both on disk when
   * this returns; a duplicate (same sensor, same event id) is dropped. Returns what it did.
   */
  async receive(sensor: SensorConfig, body: Uint8Array): Promise<'accepted' | 'duplicate' | 'skipped'> {
    const now = this.options.clock.now();
    const outcome = mapPayload(sensor, body, now);
    if (outcome.kind === 'skip') return 'skipped';
    const { event } = outcome;
    const health = this.health.get(sensor.id);
    if (health) {
      health.lastEventAt = now;
      health.events += 1;
    }
    if (this.options.outbox.seen(sensor.id, event.eventId)) {
      this.scheduleChanged();
      return 'duplicate';
    }
    // Each camera's picture at the event, where its VMS gives one (fetched together, shared
    // in a burst). The alert does not wait for a slow VMS: after a short grace it goes
    // without, and the picture is added when it comes.
    const pictures = sensor.cameras.map((camera) => this.options.servers.picture(camera.serverId, camera.cameraId).catch(() => undefined));
    const ready = await this.within(pictures, this.options.pictureGraceMs ?? PICTURE_GRACE_MS);
    // The alert first: the journal keeps each (sensor, event id) once per server, so if the
    // process dies before the outbox took it, the broker's redelivery writes what is missing.
    sensor.cameras.forEach((camera, index) => {
      const image = ready[index];
      const id = this.options.journal(camera.serverId, { ...this.journalEvent(sensor, camera.serverId, camera.cameraId, event), ...(image ? { image } : {}) }, event.severity);
      if (!image) {
        void pictures[index]?.then((late) => {
          if (late && !this.disposed) this.options.attachPicture(id, late);
        });
      }
    });
    const deliveries: Delivery[] = sensor.cameras.map((camera) => {
      const kind = this.options.servers.kind(camera.serverId);
      return { serverId: camera.serverId, cameraId: camera.cameraId, local: kind === 'ivms', request: { ...this.request(sensor, kind, camera.cameraId, event) } };
    });
    const accepted = this.options.outbox.accept(sensor.id, event.eventId, now, deliveries);
    this.delivery.kick(new Set(deliveries.filter((delivery) => !delivery.local).map((delivery) => delivery.serverId)));
    this.scheduleChanged();
    return accepted ? 'accepted' : 'duplicate';
  }

  /** The panel's view: each sensor's health, each target's queue. */
  state(): SensorsState {
    const sensors: SensorStatus[] = this.configured.map((sensor) => {
      const health = this.health.get(sensor.id);
      return {
        id: sensor.id,
        name: sensor.name,
        source: sensor.source.kind === 'mqtt' ? `${sensor.source.url} ${sensor.source.topic}` : `webhook ${sensor.source.path}`,
        sourceKind: sensor.source.kind,
        connected: health?.connected ?? false,
        ...(health?.reason ? { reason: health.reason } : {}),
        ...(health?.lastEventAt === undefined ? {} : { lastEventAt: health.lastEventAt }),
        events: health?.events ?? 0,
        cameras: sensor.cameras,
        managed: this.managed.has(sensor.id),
        enabled: sensor.enabled,
      };
    });
    const queues = this.options.outbox.counts().map((counts) => {
      const local = this.options.servers.kind(counts.serverId) === 'ivms' || (counts.local > 0 && counts.pending + counts.failed + counts.delivered === 0);
      const reason = this.delivery.reason(counts.serverId) ?? counts.lastError;
      return {
        serverId: counts.serverId,
        serverName: this.options.servers.name(counts.serverId) ?? counts.serverId,
        mode: local ? ('local' as const) : ('vms' as const),
        pending: counts.pending,
        failed: counts.failed,
        delivered: local ? counts.local : counts.delivered,
        ...(reason && (counts.pending > 0 || counts.failed > 0) ? { reason } : {}),
        ...(counts.lastDeliveredAt === undefined ? {} : { lastDeliveredAt: counts.lastDeliveredAt }),
      };
    });
    return { sensors, queues };
  }

  /** Puts a target's failed deliveries back in its queue and sends now. */
  retry(serverId: string): void {
    this.options.outbox.retryFailed(serverId, this.options.clock.now());
    this.delivery.wake(serverId);
    this.scheduleChanged();
  }

  /** A server came online (or changed): its queue is tried now rather than at the end of its backoff. */
  serverReady(serverId: string): void {
    if (this.options.outbox.pendingTargets().includes(serverId)) this.delivery.wake(serverId);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.cancelChanged?.();
    this.delivery.dispose();
    await this.stopSources();
  }

  /** What each promise has given within `ms` (undefined for those still running). */
  private within<T>(promises: ReadonlyArray<Promise<T | undefined>>, ms: number): Promise<Array<T | undefined>> {
    return Promise.all(promises.map((promise) => settleWithin(this.options.clock, promise, ms)));
  }

  private journalEvent(sensor: SensorConfig, serverId: string, cameraId: string, event: SensorEvent): VmsEvent {
    return {
      cameraId,
      cameraName: this.options.servers.cameraName(serverId, cameraId),
      time: event.time,
      sourceTime: event.sourceTime,
      timeUncertain: event.timeUncertain,
      type: event.type,
      label: event.label,
      dedupeKey: `sensor/${sensor.id}/${event.eventId}/${cameraId}`,
      raw: { sensor: sensor.name, sensorId: sensor.id, sensorEventId: event.eventId, ...event.metadata },
    };
  }

  /** What a camera's VMS gets: the vendor's event type, and every field of the sensor's event. */
  private request(sensor: SensorConfig, kind: VmsKind | undefined, cameraId: string, event: SensorEvent): CreateEventRequest {
    let type = '';
    if (kind === 'vxg') type = sensor.targets.vxg ?? event.type.replace(/[^A-Za-z0-9_]/g, '_');
    else if (kind === 'een') type = sensor.targets.een ?? DEFAULT_EEN_TYPE;
    else if (kind === 'milestone') type = sensor.targets.milestone ?? '';
    return {
      cameraId,
      type,
      time: event.time,
      label: event.label,
      metadata: { sensor: sensor.name, sensor_id: sensor.id, event_id: event.eventId, event_type: event.type, label: event.label, ...flatten(event.metadata) },
    };
  }

  private startMqtt(): void {
    // One connection per broker account: its sensors' topics share it.
    const groups = new Map<string, SensorConfig[]>();
    for (const sensor of this.sensors) {
      if (sensor.source.kind !== 'mqtt') continue;
      const key = `${sensor.source.url}\n${sensor.source.username ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), sensor]);
    }
    for (const sensors of groups.values()) {
      const first = sensors[0]?.source;
      if (first?.kind !== 'mqtt') continue;
      const ids = sensors.map((sensor) => sensor.id);
      const source = new MqttSource({
        url: first.url,
        username: first.username,
        password: first.password,
        verifyTls: first.verifyTls,
        clientId: mqttClientId(this.options.installId, first.url, first.username),
        topics: [...new Set(sensors.map((sensor) => (sensor.source.kind === 'mqtt' ? sensor.source.topic : '')))],
        shareGroup: this.options.section.shareGroup,
        log: this.options.log.child('mqtt'),
        onState: (connected, reason) => this.setHealth(ids, connected, reason),
        onMessage: async (topic, payload) => {
          for (const sensor of sensors) {
            if (sensor.source.kind === 'mqtt' && topicMatches(sensor.source.topic, topic)) await this.receive(sensor, payload);
          }
        },
      });
      this.mqtt.push(source);
    }
  }

  private async stopSources(): Promise<void> {
    const sources = this.mqtt;
    this.mqtt = [];
    await Promise.all(sources.map((source) => source.dispose()));
  }

  private setHealth(ids: readonly string[], connected: boolean, reason: string | undefined): void {
    if (this.disposed) return;
    for (const id of ids) {
      const health = this.health.get(id);
      if (!health) continue;
      health.connected = connected;
      health.reason = reason;
    }
    this.scheduleChanged();
  }

  private scheduleChanged(): void {
    if (this.cancelChanged || this.disposed) return;
    this.cancelChanged = this.options.clock.after(this.options.changedMs ?? 250, () => {
      this.cancelChanged = undefined;
      if (!this.disposed) this.options.changed(this.state());
    });
  }
}

/** Nested metadata as flat `a.b` keys with text values: what every VMS's event metadata takes. */
export function flatten(value: Readonly<Record<string, unknown>>, prefix = '', out: Record<string, string> = {}, depth = 0): Record<string, string> {
  for (const [key, item] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (item !== null && typeof item === 'object' && !Array.isArray(item) && depth < 4) flatten(item as Record<string, unknown>, name, out, depth + 1);
    else if (item !== undefined) out[name] = typeof item === 'string' ? item : JSON.stringify(item);
  }
  return out;
}
