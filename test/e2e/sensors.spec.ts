import Database from 'libsql';
import mqtt from 'mqtt';
import { createHmac } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { launchMilestoneSim, type RunningMilestoneSim } from '../fixtures/milestone-sim';
import { type Broker, startBroker } from '../fixtures/mosquitto';
import { freePort, startNode, writeTempJson } from '../fixtures/processes';
import { eenV3RefreshToken, type RunningEenSim } from '../fixtures/een-sim';
import type { RunningVxgSim } from '../fixtures/vxg-sim';
import { expect, test } from './fixtures';

/** The user-defined event "Tessera sensor" of the simulated Milestone system. */
const TESSERA_SENSOR = 'd0d0d0d0-0000-4000-8000-000000000003';

interface MsCreated {
  readonly source: string;
  readonly type: string;
  readonly data?: Record<string, unknown>;
}

async function msCreated(ms: RunningMilestoneSim): Promise<MsCreated[]> {
  const response = await fetch(`${ms.url}/_sim/created-events`);
  return (await response.json()) as MsCreated[];
}

async function publish(broker: Broker, topic: string, payloads: readonly unknown[]): Promise<void> {
  const client = await mqtt.connectAsync(broker.url, { clientId: `e2e-publisher-${Math.random().toString(36).slice(2)}` });
  for (const payload of payloads) await client.publishAsync(topic, JSON.stringify(payload), { qos: 1 });
  await client.endAsync();
}

type SiteLauncher = { sim: (options: { cameras: number; vxg: true; eventsPerMinute: number; een?: { cameras: number[] } }) => Promise<{ vxg?: RunningVxgSim | undefined; een?: RunningEenSim | undefined }> };

const WEBHOOK_SECRET = 'fire-panel-secret';

interface EenCreated {
  readonly actorId: string;
  readonly type: string;
  readonly data: unknown[];
}

async function eenCreated(een: RunningEenSim): Promise<EenCreated[]> {
  const response = await fetch(`${een.url}/_sim/created-events`);
  return (await response.json()) as EenCreated[];
}

interface Site {
  readonly een: RunningEenSim | undefined;
  readonly eenCamera: string | undefined;
  readonly vxg: RunningVxgSim;
  readonly ms: RunningMilestoneSim;
  readonly broker: Broker;
  readonly config: string;
  readonly vxgCamera: string;
  readonly msCamera: string;
}

/** Sensor event ids the VXG front holds, in the order it created them. */
async function vxgIds(vxg: RunningVxgSim, prefix: string): Promise<string[]> {
  return (await vxg.createdEvents()).map((event) => String(event.meta['event_id'])).filter((id) => id.startsWith(prefix));
}

/** What the outbox of a data directory holds that is not delivered: shown when a count falls short. */
function outboxLeft(dataDir: string, ids: readonly string[]): string {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true });
  try {
    const rows = db.prepare("SELECT server_id, state, in_flight, attempts, last_error, event_id FROM outbox WHERE state NOT IN ('delivered', 'local') ORDER BY seq LIMIT 20").all();
    const seen = new Set((db.prepare('SELECT event_id FROM sensor_events').all() as Array<{ event_id: string }>).map((row) => row.event_id));
    const missing = ids.filter((id) => !seen.has(id));
    return `${String(seen.size)} accepted, never accepted: ${missing.join(' ')}; not delivered: ${JSON.stringify(rows)}`;
  } finally {
    db.close();
  }
}

const queue = (page: Page, serverId: string) => page.locator(`[data-testid="sensor-queue"][data-server-id="${serverId}"]`);

test.describe('the sensor bridge', () => {
  let broker: Broker | undefined;
  let ms: RunningMilestoneSim | undefined;
  test.afterEach(async () => {
    await Promise.all([broker?.dispose(), ms?.stop()]);
    broker = undefined;
    ms = undefined;
  });

  /**
   * A VXG account and an IVMS server (one simulator), a Milestone system, a mosquitto, and a
   * door sensor on a camera of each VMS that takes events; with `een`, an Eagle Eye v3
   * account of the same site too, and with `webhookPort`, a panel that posts signed webhooks.
   */
  async function site(launch: SiteLauncher, options: { een?: boolean; webhookPort?: number } = {}): Promise<Site> {
    const sim = await launch.sim({ cameras: 2, vxg: true, eventsPerMinute: 0, ...(options.een ? { een: { cameras: [1] } } : {}) });
    if (!sim.vxg) throw new Error('no VXG front');
    broker = await startBroker();
    ms = await launchMilestoneSim({ cameras: 2 });
    const vxgCamera = String(sim.vxg.channels[0]?.camid ?? '');
    const msCamera = ms.cameraGuid(1);
    const een = options.een ? sim.een : undefined;
    if (options.een && !een) throw new Error('no Eagle Eye front');
    const eenCamera = een?.esnOf(1);
    const config = await writeTempJson('tessera.json', {
      servers: [
        { id: 'cloud', type: 'vxg', name: 'VXG cloud', apiUrl: sim.vxg.url, cloudKey: sim.vxg.cloudKey, eventPollMs: 60_000, statusPollMs: 2000 },
        { id: 'xprotect', type: 'milestone', name: 'XProtect', url: ms.url, username: ms.username, password: ms.password, events: false, statusPollMs: 2000 },
        // A v3 account signed in before (its refresh token in the deployment file, as an installer sets it up).
        ...(een ? [{ id: 'eagle', type: 'een', api: 'v3', name: 'Eagle Eye', authUrl: een.url, apiUrl: een.url, clientId: een.v3.clientId, clientSecret: een.v3.clientSecret, refreshToken: await eenV3RefreshToken(een) }] : []),
      ],
      sensors: {
        ...(options.webhookPort ? { webhookPort: options.webhookPort } : {}),
        list: [
          {
            id: 'north-door',
            name: 'North door',
            source: { kind: 'mqtt', url: broker.url, topic: 'site/doors/north' },
            cameras: [{ serverId: 'cloud', cameraId: vxgCamera }, { serverId: 'xprotect', cameraId: msCamera }, ...(eenCamera ? [{ serverId: 'eagle', cameraId: eenCamera }] : [])],
            mapping: { preset: 'json', label: '{door}: {type}', severity: 'high' },
            targets: { milestone: TESSERA_SENSOR },
          },
          ...(options.webhookPort
            ? [{ id: 'fire-panel', name: 'Fire panel', source: { kind: 'webhook', path: '/hooks/fire', signature: 'sha256', secret: WEBHOOK_SECRET }, cameras: [{ serverId: 'cloud', cameraId: vxgCamera }], mapping: { label: 'Fire panel: {type}' } }]
            : []),
        ],
      },
    });
    return { vxg: sim.vxg, ms, broker, config, vxgCamera, msCamera, een, eenCamera };
  }

  test('an MQTT door event reaches the VXG, Eagle Eye v3 and Milestone fronts on every camera with its metadata, and the alert list; the panel shows the sensor and the queues', async ({ page, launch }) => {
    const { vxg, ms: milestone, een, broker: mosquitto, config, vxgCamera, msCamera, eenCamera } = await site(launch, { een: true });
    if (!een) throw new Error('no Eagle Eye front');
    const app = await launch.app({ extraArgs: ['--no-demo', '--config', config] });
    await page.goto(app.url);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
    await page.getByTestId('sensors-open').click();
    await expect(page.locator('[data-testid="sensor-row"][data-sensor-id="north-door"]')).toHaveAttribute('data-connected', 'true');

    await publish(mosquitto, 'site/doors/north', [{ id: 'door-1', type: 'door.forced', time: new Date().toISOString(), door: 'North 2', reader: { id: 'R-7', zone: 'Lobby' } }]);
    await expect.poll(async () => (await vxg.createdEvents()).filter((event) => event.meta['event_id'] === 'door-1')).toEqual([
      expect.objectContaining({ camid: Number(vxgCamera), name: 'door_forced', meta: expect.objectContaining({ door: 'North 2', 'reader.id': 'R-7', 'reader.zone': 'Lobby', sensor: 'North door' }) }),
    ]);
    await expect.poll(async () => (await msCreated(milestone)).filter((event) => event.data?.['event_id'] === 'door-1')).toEqual([
      expect.objectContaining({ type: TESSERA_SENSOR, source: `cameras/${msCamera}`, data: expect.objectContaining({ door: 'North 2', 'reader.zone': 'Lobby' }) }),
    ]);
    await expect.poll(async () => (await eenCreated(een)).filter((event) => JSON.stringify(event.data).includes('"event_id":"door-1"'))).toEqual([
      expect.objectContaining({ actorId: eenCamera, type: 'een.deviceIOEvent.v1', data: [expect.objectContaining({ door: 'North 2', 'reader.id': 'R-7', 'reader.zone': 'Lobby', sensor: 'North door' })] }),
    ]);
    await expect(queue(page, 'cloud')).toHaveAttribute('data-delivered', '1');
    await expect(queue(page, 'xprotect')).toHaveAttribute('data-delivered', '1');
    await expect(queue(page, 'eagle')).toHaveAttribute('data-delivered', '1');
    await expect(page.locator('[data-testid="sensor-row"][data-sensor-id="north-door"]').getByTestId('sensor-last-event')).toContainText('last event');
    await page.getByTestId('sensors-close').click();

    // Tessera's alert list: one alert per camera, in the sensor's words, with its metadata in the drawer.
    const alerts = page.getByTestId('alert').filter({ hasText: 'North 2: door.forced' });
    await expect(alerts).toHaveCount(3);
    // The VXG camera's picture at the event is on its row (a slow picture follows the row).
    const picture = alerts.locator('img.event__thumb').first();
    await expect(picture).toBeVisible();
    await expect.poll(() => picture.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
    await alerts.first().click();
    await expect(page.getByTestId('drawer-raw')).toContainText('"door": "North 2"');
  });

  test.describe('with a VMS front down', () => {
    // The alert rows' pictures of the down front fail to load meanwhile (the browser logs each as an error).
    test.use({ allowNetworkErrors: true });

    test('a VMS front down for a while, then back: each event delivered once, in order', async ({ page, launch }) => {
      const { vxg, ms: milestone, broker: mosquitto, config } = await site(launch);
      const app = await launch.app({ extraArgs: ['--no-demo', '--config', config] });
      await page.goto(app.url);
      await page.getByTestId('sensors-open').click();
      await expect(page.locator('[data-testid="sensor-row"][data-sensor-id="north-door"]')).toHaveAttribute('data-connected', 'true');

      await vxg.setFaults({ unavailable: true });
      const ids = Array.from({ length: 12 }, (_, index) => `down-${String(index).padStart(2, '0')}`);
      await publish(mosquitto, 'site/doors/north', ids.map((id) => ({ id, type: 'door.held', door: 'North 2' })));
      // Milestone is not held up by the VXG outage; the VXG queue waits, and the panel says why.
      await expect.poll(async () => (await msCreated(milestone)).filter((event) => String(event.data?.['event_id']).startsWith('down-')).length).toBe(12);
      await expect(queue(page, 'cloud')).toHaveAttribute('data-pending', '12');
      expect(await vxgIds(vxg, 'down-')).toEqual([]);
      await vxg.resetFaults();
      await expect.poll(() => vxgIds(vxg, 'down-'), { timeout: 60_000 }).toEqual(ids);
      await expect(queue(page, 'cloud')).toHaveAttribute('data-pending', '0');
      await expect(queue(page, 'cloud')).toHaveAttribute('data-delivered', '12');
    });
  });

  test('a webhook with a bad signature is refused and leaves no trace but a log line; a signed one becomes an alert and a VMS event', async ({ page, launch }) => {
    const webhookPort = await freePort();
    const { vxg, config } = await site(launch, { webhookPort });
    const app = await launch.app({ extraArgs: ['--no-demo', '--config', config] });
    await page.goto(app.url);
    await page.getByTestId('sensors-open').click();
    const panel = page.locator('[data-testid="sensor-row"][data-sensor-id="fire-panel"]');
    await expect(panel).toHaveAttribute('data-connected', 'true');

    const post = (id: string, secret: string): Promise<Response> => {
      const body = JSON.stringify({ id, type: 'fire.alarm', zone: 'B2' });
      const signature = createHmac('sha256', secret).update(body).digest('hex');
      return fetch(`http://127.0.0.1:${String(webhookPort)}/hooks/fire`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-signature-256': `sha256=${signature}` } });
    };
    expect((await post('forged-1', 'not-the-secret')).status).toBe(401);
    expect((await post('fire-1', WEBHOOK_SECRET)).status).toBe(200);

    await expect.poll(async () => (await vxg.createdEvents()).map((event) => String(event.meta['event_id']))).toContain('fire-1');
    await expect(page.getByTestId('alert').filter({ hasText: 'Fire panel: fire.alarm' })).toHaveCount(1);
    // The forged one: refused before anything was written, so no alert, no VMS event, not even a count.
    expect((await vxg.createdEvents()).map((event) => String(event.meta['event_id']))).not.toContain('forged-1');
    await expect(panel).toContainText('1 received');
    await page.getByTestId('sensors-close').click();
    await page.getByTestId('alert').filter({ hasText: 'Fire panel: fire.alarm' }).click();
    await expect(page.getByTestId('drawer-raw')).toContainText('"sensorEventId": "fire-1"');
    // Only its log line says it happened.
    expect(app.proc.output()).toContain('a sensor webhook was refused');
  });

  test('two headless bridges on one mosquitto split 1000 events through a shared subscription: each delivered exactly once', async ({ launch }) => {
    test.setTimeout(180_000);
    const sim = await launch.sim({ cameras: 1, vxg: true, eventsPerMinute: 0 });
    const vxg = sim.vxg;
    if (!vxg) throw new Error('no VXG front');
    broker = await startBroker();
    const config = await writeTempJson('site.json', {
      servers: [{ id: 'cloud', type: 'vxg', name: 'VXG cloud', apiUrl: vxg.url, cloudKey: vxg.cloudKey, eventPollMs: 60_000 }],
      sensors: {
        shareGroup: 'doors',
        list: [{ id: 'doors', name: 'Doors', source: { kind: 'mqtt', url: broker.url, topic: 'site/doors/+' }, cameras: [{ serverId: 'cloud', cameraId: String(vxg.channels[0]?.camid ?? '') }], targets: { vxg: 'door' } }],
      },
    });
    // `npm run bridge`, twice, each with its own data directory (its own install on the broker).
    const dataDirs = await Promise.all([0, 1].map(() => mkdtemp(join(tmpdir(), 'tessera-bridge-'))));
    const bridges = await Promise.all(dataDirs.map((dataDir) => startNode('dist/cli/bridge.js', ['--config', config, '--data-dir', dataDir], /^Tessera bridge: (.+)$/m)));
    try {
      for (const bridge of bridges) await expect.poll(() => bridge.output()).toContain('listening');
      const ids = Array.from({ length: 1000 }, (_, index) => `split-${String(index).padStart(4, '0')}`);
      await publish(broker, 'site/doors/east', ids.map((id) => ({ id, type: 'door.held' })));
      await expect.poll(async () => (await vxgIds(vxg, 'split-')).length, { timeout: 120_000, intervals: [1000] }).toBeGreaterThanOrEqual(1000);
      const delivered = await vxgIds(vxg, 'split-');
      expect(delivered.length, 'none delivered twice').toBe(1000);
      expect(new Set(delivered)).toEqual(new Set(ids));
    } finally {
      await Promise.all(bridges.map((bridge) => bridge.stop()));
    }
    // Both took a share: the broker split the topic, and neither bridge took an event the other had.
    const taken = dataDirs.map((dataDir) => {
      const db = new Database(join(dataDir, 'events.db'), { readonly: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM sensor_events').get() as { n: number }).n;
      } finally {
        db.close();
      }
    });
    expect(Math.min(...taken), `each bridge's share of ${String(taken)}`).toBeGreaterThan(0);
    expect(taken.reduce((sum, count) => sum + count, 0)).toBe(1000);
  });

  test('Tessera killed (SIGKILL) in the middle of a burst of 1000 sensor events: after restart each is delivered exactly once', async ({ page, launch }) => {
    test.setTimeout(240_000);
    const { vxg, ms: milestone, broker: mosquitto, config } = await site(launch);
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-data-'));
    const app = await launch.app({ dataDir, extraArgs: ['--no-demo', '--config', config] });
    // The burst starts once the Sensors panel says the bridge listens: on its first session
    // the broker keeps nothing for a subscription it does not hold yet. The page then leaves:
    // this test is about deliveries, and a wall whose core is killed rightly logs errors.
    await page.goto(app.url);
    await page.getByTestId('sensors-open').click();
    await expect(page.locator('[data-testid="sensor-row"][data-sensor-id="north-door"]')).toHaveAttribute('data-connected', 'true');
    await page.goto('about:blank');
    const ids = Array.from({ length: 1000 }, (_, index) => `burst-${String(index).padStart(4, '0')}`);
    const publishing = publish(mosquitto, 'site/doors/north', ids.map((id) => ({ id, type: 'door.held', door: 'North 2' })));
    // Killed once some, not all, are delivered.
    await expect.poll(async () => (await vxgIds(vxg, 'burst-')).length, { timeout: 60_000 }).toBeGreaterThan(50);
    app.proc.process.kill('SIGKILL');
    await publishing;
    await launch.app({ dataDir, extraArgs: ['--no-demo', '--config', config] });
    await expect
      .poll(async () => (await vxgIds(vxg, 'burst-')).length, { timeout: 180_000, intervals: [1000] })
      .toBeGreaterThanOrEqual(1000)
      .catch((error: unknown) => {
        throw new Error(`VXG does not hold every event; the outbox: ${outboxLeft(dataDir, ids)}\nbroker:\n${mosquitto.output().slice(-4000)}`, { cause: error });
      });
    const delivered = await vxgIds(vxg, 'burst-');
    expect(new Set(delivered).size).toBe(1000);
    expect(delivered.length, 'no event delivered twice to VXG').toBe(1000);
    await expect.poll(async () => (await msCreated(milestone)).filter((event) => String(event.data?.['event_id']).startsWith('burst-')).length, { timeout: 120_000, intervals: [1000] }).toBeGreaterThanOrEqual(1000);
    const ms = (await msCreated(milestone)).map((event) => String(event.data?.['event_id'])).filter((id) => id.startsWith('burst-'));
    expect(ms.length, 'no event delivered twice to Milestone').toBe(1000);
  });
});
