import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app-core';
import { parseConfig } from '../../../electron/core/config';
import { silentLogger } from '../../../electron/common/logger';
import type { SensorConfigInput } from '../../../shared/model/sensor';
import { startSim, type RunningSite } from '../../../sim/start-sim';
import { USER_DEFINED_EVENTS } from '../../../sim/milestone/front';
import { type Broker, startBroker } from '../../fixtures/mosquitto';

/**
 * The sensor bridge in the core, end to end below the UI: a real mosquitto, the simulated
 * site's VXG, Milestone and IVMS fronts over HTTP, the real journal on disk.
 */
let sim: RunningSite;
let broker: Broker;
let core: Core | undefined;

beforeAll(async () => {
  [sim, broker] = await Promise.all([startSim({ vendors: ['ivms', 'vxg', 'milestone'], cameraCount: 2, eventsPerMinute: 0 }), startBroker()]);
  // Each camera has recorded its first picture: a VMS has one to give from the first event on
  // (the bridge asks for it with a deadline, and a site that has just started has none yet).
  const site = sim.site;
  await Promise.all(site.cameras.map((camera) => site.newestFrame(camera)));
}, 60_000);
afterAll(async () => {
  await Promise.all([sim.close(), broker.dispose()]);
});
afterEach(async () => {
  await core?.dispose();
  core = undefined;
  sim.vxg?.resetFaults();
});

async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const TESSERA_SENSOR = USER_DEFINED_EVENTS[2].id;

function servers(): unknown[] {
  const { vxg, milestone, ivms } = sim;
  if (!vxg || !milestone || !ivms) throw new Error('fronts missing');
  return [
    { id: 'cloud', type: 'vxg', name: 'Cloud', apiUrl: vxg.url, cloudKey: vxg.cloudKey, eventPollMs: 60_000, statusPollMs: 2000 },
    { id: 'ms', type: 'milestone', name: 'XProtect', url: milestone.url, username: milestone.username, password: milestone.password, events: false, statusPollMs: 2000 },
    { id: 'site', type: 'ivms', name: 'Site', url: ivms.url, events: false },
  ];
}

async function startCore(dataDir: string, sensors: SensorConfigInput[]): Promise<Core> {
  core = createCore({
    config: parseConfig({ servers: servers(), sensors: { list: sensors } }),
    dataDir,
    info: { version: '0.0.0', transport: 'web', demo: false },
    log: silentLogger,
  });
  const started = core;
  await eventually(() => {
    for (const id of ['cloud', 'ms', 'site']) expect(started.servers.cameras(id).length, id).toBeGreaterThan(0);
  }, 30_000);
  return started;
}

function firstCamera(core: Core, serverId: string): string {
  const camera = core.servers.cameras(serverId)[0];
  if (!camera) throw new Error(`no camera on ${serverId}`);
  return camera.cameraId;
}

async function publish(topic: string, payloads: readonly unknown[]): Promise<void> {
  const client = await mqtt.connectAsync(broker.url, { clientId: `test-publisher-${Math.random().toString(36).slice(2)}` });
  for (const payload of payloads) await client.publishAsync(topic, JSON.stringify(payload), { qos: 1 });
  await client.endAsync();
}

function door(core: Core, topic: string): SensorConfigInput {
  return {
    id: 'north-door',
    name: 'North door',
    source: { kind: 'mqtt', url: broker.url, topic },
    cameras: [
      { serverId: 'cloud', cameraId: firstCamera(core, 'cloud') },
      { serverId: 'ms', cameraId: firstCamera(core, 'ms') },
      { serverId: 'site', cameraId: firstCamera(core, 'site') },
    ],
    mapping: { preset: 'json', severity: 'high' },
    targets: { milestone: TESSERA_SENSOR },
  };
}

function vxgCreated(eventIds: readonly string[]): Array<{ camid: number; name: string; meta: Record<string, unknown> }> {
  return (sim.vxg?.createdEvents() ?? []).filter((event) => eventIds.includes(String(event.meta['event_id'])));
}

function msCreated(eventIds: readonly string[]): Array<{ source: string; type: string; data?: Readonly<Record<string, unknown>> }> {
  return (sim.milestone?.createdEvents() ?? []).filter((event) => eventIds.includes(String(event.data?.['event_id'])));
}

describe('the sensor bridge', () => {
  it('turns an MQTT door event into an alert on each camera and an event on each VMS that takes one, once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-sensors-'));
    // A first start learns the cameras; the sensor names them.
    const probe = await startCore(dataDir, []);
    const sensor = door(probe, 'site/doors/north/once');
    await probe.dispose();
    const running = await startCore(dataDir, [sensor]);
    await eventually(() => expect(running.sensors.state().sensors[0]?.connected).toBe(true));

    const event = { id: 'evt-1', type: 'door.forced', time: new Date().toISOString(), door: 'North 2', badge: { number: '4711', holder: 'J. Doe' } };
    await publish('site/doors/north/once', [event, event]);

    const vxg = await eventually(() => {
      const created = vxgCreated(['evt-1']);
      expect(created).toHaveLength(1);
      return created;
    });
    expect(vxg[0]).toMatchObject({ camid: Number(sensor.cameras?.[0]?.cameraId), name: 'door_forced', meta: { door: 'North 2', 'badge.number': '4711', 'badge.holder': 'J. Doe', sensor: 'North door', event_id: 'evt-1' } });
    const ms = await eventually(() => {
      const created = msCreated(['evt-1']);
      expect(created).toHaveLength(1);
      return created;
    });
    expect(ms[0]).toMatchObject({ type: TESSERA_SENSOR, source: `cameras/${sensor.cameras?.[1]?.cameraId ?? ''}`, data: { door: 'North 2', sensor: 'North door' } });

    // The alert list: one alert per camera, typed as a sensor's, at the sensor's severity, with its metadata.
    const alerts = running.events.query({ state: 'alerts', type: 'sensor:door.forced' }, 10);
    expect(alerts.map((alert) => alert.serverId).sort()).toEqual(['cloud', 'ms', 'site']);
    expect(alerts[0]).toMatchObject({ severity: 'high', raw: { door: 'North 2', sensor: 'North door', sensorEventId: 'evt-1' } });
    // The VXG camera's picture at that moment comes with its alert, or just after it; IVMS gives none apart from its video.
    await eventually(() => expect(running.events.image(alerts.find((alert) => alert.serverId === 'cloud')?.id ?? '')?.contentType).toBe('image/jpeg'));
    expect(alerts.find((alert) => alert.serverId === 'site')?.image).toBeUndefined();

    // The duplicate (same sensor, same id) was counted as received and sent nowhere.
    await eventually(() => expect(running.sensors.state().sensors[0]?.events).toBe(2));
    // The VMS holds the event a moment before its answer is written: the panel's counts are polled.
    await eventually(() => {
      const queues = running.sensors.state().queues;
      expect(queues.find((queue) => queue.serverId === 'site')).toMatchObject({ mode: 'local', delivered: 1 });
      expect(queues.find((queue) => queue.serverId === 'cloud')).toMatchObject({ mode: 'vms', pending: 0, delivered: 1, failed: 0 });
      expect(queues.find((queue) => queue.serverId === 'ms')).toMatchObject({ mode: 'vms', pending: 0, delivered: 1, failed: 0 });
    });
    expect(vxgCreated(['evt-1'])).toHaveLength(1);
    expect(running.events.query({ state: 'alerts', type: 'sensor:door.forced' }, 10)).toHaveLength(3);
  }, 90_000);

  it('gets what sensors published while Tessera was away, and holds deliveries in order while a VMS is down', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-sensors-'));
    const probe = await startCore(dataDir, []);
    const sensor = door(probe, 'site/doors/north/away');
    await probe.dispose();
    let running = await startCore(dataDir, [sensor]);
    await eventually(() => expect(running.sensors.state().sensors[0]?.connected).toBe(true));
    await running.dispose();
    core = undefined;

    // Away: the broker keeps the persistent session's messages.
    const away = ['a-1', 'a-2', 'a-3'];
    await publish('site/doors/north/away', away.map((id) => ({ id, type: 'door.held' })));
    running = await startCore(dataDir, [sensor]);
    await eventually(() => expect(vxgCreated(away).map((event) => event.meta['event_id'])).toEqual(away));

    // The VXG cloud down: its queue waits, in order, and the other VMS is not held up.
    sim.vxg?.setFaults({ unavailable: true });
    const during = ['d-1', 'd-2', 'd-3', 'd-4', 'd-5'];
    await publish('site/doors/north/away', during.map((id) => ({ id, type: 'door.held' })));
    await eventually(() => expect(msCreated(during)).toHaveLength(5));
    await eventually(() => expect(running.sensors.state().queues.find((queue) => queue.serverId === 'cloud')).toMatchObject({ pending: 5, reason: expect.any(String) as unknown }));
    expect(vxgCreated(during)).toHaveLength(0);
    sim.vxg?.resetFaults();
    await eventually(() => expect(vxgCreated(during).map((event) => event.meta['event_id'])).toEqual(during), 60_000);
    await eventually(() => expect(running.sensors.state().queues.find((queue) => queue.serverId === 'cloud')).toMatchObject({ pending: 0, failed: 0 }));
  }, 150_000);

  it('marks a delivery failed with the reason when the VMS refuses it, and goes on with the queue', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-sensors-'));
    const probe = await startCore(dataDir, []);
    const sensor = { ...door(probe, 'site/doors/north/refused'), targets: { milestone: 'not-a-user-defined-event' } };
    await probe.dispose();
    const running = await startCore(dataDir, [sensor]);
    await eventually(() => expect(running.sensors.state().sensors[0]?.connected).toBe(true));
    await publish('site/doors/north/refused', [{ id: 'r-1', type: 'door.forced' }, { id: 'r-2', type: 'door.forced' }]);
    await eventually(() => expect(running.sensors.state().queues.find((queue) => queue.serverId === 'ms')).toMatchObject({ failed: 2, pending: 0, reason: expect.stringMatching(/400|refused|Unknown/i) as unknown }));
    await eventually(() => expect(vxgCreated(['r-1', 'r-2'])).toHaveLength(2));
  }, 90_000);
});
