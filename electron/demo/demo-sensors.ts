import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from '../common/logger';

/** Where the demo's sensors sit: a camera of one of the demo servers. */
export interface DemoCameraRef {
  readonly serverId: string;
  readonly cameraId: string;
}

export interface DemoSensorsOptions {
  /** Cameras for the door controller, the smoke detector and the motion sensor (Frigate). */
  readonly door: readonly DemoCameraRef[];
  readonly smoke: readonly DemoCameraRef[];
  readonly motion: readonly DemoCameraRef[];
  readonly log: Logger;
  /** How often each sensor speaks (ms); the demo's are calm. */
  readonly doorEveryMs?: number;
  readonly smokeEveryMs?: number;
  readonly motionEveryMs?: number;
}

export interface DemoSensors {
  readonly brokerUrl: string;
  /** The sensors as a deployment file's `sensors.list` would give them. */
  readonly sensors: readonly Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * The demo's sensors: an embedded MQTT broker (aedes, on loopback, for the demo only —
 * sites run a real broker) and three simulated sensors publishing to it as real devices
 * do: a door controller (JSON events, a forced door now and then), a smoke detector (a
 * bare JSON alarm) and a motion sensor speaking Frigate's `frigate/events` change feed
 * (new, update, end with one id). A new user sees sensor events on the wall at once.
 */
export async function startDemoSensors(options: DemoSensorsOptions): Promise<DemoSensors> {
  const broker = await Aedes.createBroker();
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const brokerUrl = `mqtt://127.0.0.1:${String(port)}`;
  const client: MqttClient = await mqtt.connectAsync(brokerUrl, { clientId: `tessera-demo-sensors-${randomUUID().slice(0, 8)}` });
  const timers: NodeJS.Timeout[] = [];
  const publish = (topic: string, payload: unknown): void => {
    client.publish(topic, JSON.stringify(payload), { qos: 1 }, (error) => {
      if (error) options.log.debug('a demo sensor could not publish', { error });
    });
  };
  let doorCount = 0;
  const door = (): void => {
    doorCount += 1;
    const forced = doorCount % 3 === 1;
    publish('demo/access/north-door', {
      id: `door-${randomUUID()}`,
      type: forced ? 'door.forced' : 'door.held_open',
      time: new Date().toISOString(),
      door: 'North entrance',
      controller: 'AC-7 (demo)',
      reader: 'R-2',
      ...(forced ? {} : { card: '4711', holder: 'Demo visitor' }),
    });
  };
  const smoke = (): void => publish('demo/fire/zone-3', { id: `smoke-${randomUUID()}`, type: 'smoke', time: Math.floor(Date.now() / 1000), zone: 3, panel: 'FP-1 (demo)', obscuration: '2.1 %/m' });
  const motion = (): void => {
    const id = `${(Date.now() / 1000).toFixed(6)}-${randomUUID().slice(0, 6)}`;
    const after = { id, camera: 'yard', label: 'person', score: 0.87, start_time: Date.now() / 1000, end_time: null, zones: ['driveway'] };
    publish('frigate/events', { type: 'new', before: {}, after });
    timers.push(setTimeout(() => publish('frigate/events', { type: 'end', before: after, after: { ...after, end_time: Date.now() / 1000 } }), 4000));
  };
  // The first events come within seconds, then calmly.
  timers.push(setTimeout(door, 4000), setTimeout(motion, 8000), setTimeout(smoke, 15_000));
  timers.push(setInterval(door, options.doorEveryMs ?? 45_000), setInterval(smoke, options.smokeEveryMs ?? 180_000), setInterval(motion, options.motionEveryMs ?? 30_000));
  options.log.info(`embedded demo MQTT broker on ${brokerUrl} with three simulated sensors`);

  const sensors = [
    {
      id: 'demo-door',
      name: 'North entrance door',
      source: { kind: 'mqtt', url: brokerUrl, topic: 'demo/access/north-door' },
      cameras: options.door,
      mapping: { preset: 'json', label: '{door}: {type}', severity: 'high' },
      targets: { vxg: 'door_event' },
    },
    {
      id: 'demo-smoke',
      name: 'Smoke detector zone 3',
      source: { kind: 'mqtt', url: brokerUrl, topic: 'demo/fire/zone-3' },
      cameras: options.smoke,
      mapping: { preset: 'json', label: 'Smoke in zone {zone}', severity: 'critical' },
      targets: { vxg: 'smoke' },
    },
    {
      id: 'demo-motion',
      name: 'Yard motion (Frigate)',
      source: { kind: 'mqtt', url: brokerUrl, topic: 'frigate/events' },
      cameras: options.motion,
      mapping: { preset: 'frigate-events', severity: 'low' },
      targets: { vxg: 'person' },
    },
  ];
  return {
    brokerUrl,
    sensors,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await client.endAsync(true);
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      server.close();
    },
  };
}
