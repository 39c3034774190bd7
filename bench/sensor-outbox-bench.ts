/**
 * The sensor bridge's outbox throughput to a fast VMS front (the simulator's VXG, on
 * loopback), against a bare loop that sends the same create-event requests with no outbox:
 *
 *   outbox    BENCH_EVENTS sensor events (default 500) published to a real mosquitto on one
 *             topic, through the core (journal, outbox, one request at a time per target)
 *             until the VXG front holds them all: events/s from the first publish
 *   bare      the same number of POST /api/v2/storage/events/ through the VXG adapter, one
 *             at a time, nothing written: events/s
 *
 *   npm run bench:sensor-outbox
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { createCore } from '../electron/core/app-core';
import { parseConfig } from '../electron/core/config';
import { silentLogger } from '../electron/common/logger';
import { startSim } from '../sim/start-sim';
import { startBroker } from '../test/fixtures/mosquitto';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 500);

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function main(): Promise<void> {
  const [sim, broker] = await Promise.all([startSim({ vendors: ['vxg'], cameraCount: 1, eventsPerMinute: 0 }), startBroker()]);
  const vxg = sim.vxg;
  if (!vxg) throw new Error('no VXG front');
  const camid = String(vxg.credentials().channels[0]?.camid ?? '');
  const config = parseConfig({
    servers: [{ id: 'cloud', type: 'vxg', apiUrl: vxg.url, cloudKey: vxg.cloudKey, eventPollMs: 600_000 }],
    sensors: { list: [{ id: 'bench', name: 'Bench', source: { kind: 'mqtt', url: broker.url, topic: 'bench/doors' }, cameras: [{ serverId: 'cloud', cameraId: camid }], targets: { vxg: 'door' } }] },
  });
  const core = createCore({ config, dataDir: mkdtempSync(join(tmpdir(), 'tessera-bench-')), info: { version: 'bench', transport: 'web', demo: false }, log: silentLogger });
  try {
    await until(() => core.sensors.state().sensors[0]?.connected === true && core.servers.stateOf('cloud') === 'online', 30_000);
    const created = (prefix: string): number => vxg.createdEvents().filter((event) => String(event.meta['event_id']).startsWith(prefix)).length;

    const client = await mqtt.connectAsync(broker.url, { clientId: 'bench-publisher' });
    const started = performance.now();
    await Promise.all(Array.from({ length: EVENTS }, (_, index) => client.publishAsync('bench/doors', JSON.stringify({ id: `o-${String(index)}`, type: 'door' }), { qos: 1 })));
    await until(() => created('o-') >= EVENTS, 600_000);
    const outboxRate = EVENTS / ((performance.now() - started) / 1000);
    await client.endAsync();

    const adapter = core.servers.adapter('cloud');
    if (!adapter.createEvent) throw new Error('no createEvent');
    const bareStart = performance.now();
    for (let index = 0; index < EVENTS; index++) await adapter.createEvent({ cameraId: camid, type: 'door', time: Date.now(), metadata: { event_id: `b-${String(index)}` } });
    const bareRate = EVENTS / ((performance.now() - bareStart) / 1000);

    console.log(`sensor outbox to the VXG front: ${outboxRate.toFixed(0)} events/s (${EVENTS} events, MQTT → journal → outbox → VMS)`);
    console.log(`bare loop, same requests:       ${bareRate.toFixed(0)} events/s`);
  } finally {
    await core.dispose();
    await Promise.all([sim.close(), broker.dispose()]);
  }
}

void main();
