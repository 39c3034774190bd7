import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app-core';
import { parseConfig } from '../../../electron/core/config';
import { silentLogger } from '../../../electron/common/logger';
import { startSim, type RunningSite } from '../../../sim/start-sim';
import { type Broker, startBroker } from '../../fixtures/mosquitto';

/** Two bridges (the headless bridge's core, twice) on one mosquitto, splitting a topic through a shared subscription. */
let sim: RunningSite;
let broker: Broker;
const cores: Core[] = [];

beforeAll(async () => {
  [sim, broker] = await Promise.all([startSim({ vendors: ['vxg'], cameraCount: 1, eventsPerMinute: 0 }), startBroker()]);
}, 60_000);
afterAll(async () => {
  await Promise.all(cores.map((core) => core.dispose()));
  await Promise.all([sim.close(), broker.dispose()]);
});

async function eventually(check: () => void, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe('headless bridges on one broker', () => {
  it('split 1000 events between them through $share, each delivered exactly once', async () => {
    const vxg = sim.vxg;
    if (!vxg) throw new Error('no VXG front');
    const camid = String(vxg.credentials().channels[0]?.camid ?? '');
    const config = parseConfig({
      servers: [{ id: 'cloud', type: 'vxg', apiUrl: vxg.url, cloudKey: vxg.cloudKey, eventPollMs: 60_000 }],
      sensors: { shareGroup: 'tessera', list: [{ id: 'doors', name: 'Doors', source: { kind: 'mqtt', url: broker.url, topic: 'site/doors' }, cameras: [{ serverId: 'cloud', cameraId: camid }], targets: { vxg: 'door' } }] },
    });
    for (let i = 0; i < 2; i++) {
      cores.push(createCore({ config, dataDir: await mkdtemp(join(tmpdir(), 'tessera-bridge-')), info: { version: '0.0.0', transport: 'web', demo: false }, log: silentLogger }));
    }
    await eventually(() => {
      for (const core of cores) expect(core.sensors.state().sensors[0]?.connected).toBe(true);
    }, 20_000);
    const client = await mqtt.connectAsync(broker.url, { clientId: 'shared-test-publisher' });
    const ids = Array.from({ length: 1000 }, (_, index) => `s-${String(index)}`);
    await Promise.all(ids.map((id) => client.publishAsync('site/doors', JSON.stringify({ id, type: 'door' }), { qos: 1 })));
    await client.endAsync();
    const delivered = (): string[] => vxg.createdEvents().map((event) => String(event.meta['event_id'])).filter((id) => id.startsWith('s-'));
    await eventually(() => expect(delivered().length).toBeGreaterThanOrEqual(1000), 120_000);
    expect(delivered()).toHaveLength(1000);
    expect(new Set(delivered()).size).toBe(1000);
    // Both took a share.
    const shares = cores.map((core) => core.sensors.state().sensors[0]?.events ?? 0);
    expect(shares.every((count) => count > 0), `shares ${shares.join('/')}`).toBe(true);
    // A broker may send a message again (a bridge slow to acknowledge under load): received more than once, delivered once.
    expect(shares.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(1000);
  }, 180_000);
});
