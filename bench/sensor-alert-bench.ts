/**
 * Sensor event to alert row painted: a real mosquitto, the launcher in web mode with one
 * sensor on a VXG camera of the simulator, headless Debian Chromium showing the wall; each
 * of BENCH_EVENTS events (default 40, one every 500 ms) is published with its send time,
 * and the page notes when its alert row is in the DOM and painted (the next animation
 * frame). Goal: p95 ≤ 200 ms. Also when the camera's picture is on the row: the row does not
 * wait for a slow VMS (after a 100 ms grace it goes without, and the picture follows).
 *
 *   npm run build && npm run bench:sensor-alert
 */
import mqtt from 'mqtt';
import { chromium } from 'playwright-core';
import { launchApp } from '../test/fixtures/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium';
import { startBroker } from '../test/fixtures/mosquitto';
import { writeTempJson } from '../test/fixtures/processes';
import { launchSim } from '../test/fixtures/sim';
import { summary } from './lib/stats';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 40);

async function main(): Promise<void> {
  const [sim, broker] = await Promise.all([launchSim({ cameras: 1, vxg: true, eventsPerMinute: 0 }), startBroker()]);
  if (!sim.vxg) throw new Error('no VXG front');
  const config = await writeTempJson('tessera.json', {
    servers: [{ id: 'cloud', type: 'vxg', apiUrl: sim.vxg.url, cloudKey: sim.vxg.cloudKey, eventPollMs: 600_000 }],
    sensors: { list: [{ id: 'door', name: 'Door', source: { kind: 'mqtt', url: broker.url, topic: 'bench/door' }, cameras: [{ serverId: 'cloud', cameraId: String(sim.vxg.channels[0]?.camid ?? '') }], mapping: { label: 'bench {id}' } }] },
  });
  const app = await launchApp({ extraArgs: ['--no-demo', '--config', config] });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(app.url);
    await page.waitForSelector('body[data-app-state="ready"]');
    await page.evaluate(() => {
      const seen = new Map<string, number>();
      const pictured = new Map<string, number>();
      Object.assign(window, { __painted: seen, __pictured: pictured });
      new MutationObserver(() => {
        for (const row of document.querySelectorAll('[data-testid="alert"]')) {
          const match = /bench (e-\d+)/.exec(row.textContent);
          const id = match?.[1];
          if (!id) continue;
          if (!seen.has(id)) {
            seen.set(id, Number.NaN);
            requestAnimationFrame(() => seen.set(id, Date.now()));
          }
          if (!pictured.has(id) && row.querySelector('img.event__thumb')) {
            pictured.set(id, Number.NaN);
            requestAnimationFrame(() => pictured.set(id, Date.now()));
          }
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    const client = await mqtt.connectAsync(broker.url, { clientId: 'bench-alert-publisher' });
    const sent = new Map<string, number>();
    for (let index = 0; index < EVENTS; index++) {
      const id = `e-${String(index)}`;
      sent.set(id, Date.now());
      await client.publishAsync('bench/door', JSON.stringify({ id, type: 'door.forced' }), { qos: 1 });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const read = async (name: '__painted' | '__pictured'): Promise<number[]> => {
      const times = new Map(await page.evaluate((key) => [...(window as unknown as Record<string, Map<string, number>>)[key]?.entries() ?? []], name));
      return [...sent].flatMap(([id, at]) => {
        const shown = times.get(id);
        return shown === undefined || Number.isNaN(shown) ? [] : [shown - at];
      });
    };
    const rows = await read('__painted');
    const pictures = await read('__pictured');
    console.log(`sensor event → alert row painted:  ${summary(rows)}; ${String(EVENTS - rows.length)} not painted`);
    // The row does not wait for a slow VMS picture (it follows): this is when it is on the row.
    console.log(`sensor event → its camera picture: ${summary(pictures)}; ${String(EVENTS - pictures.length)} without`);
    await client.endAsync();
  } finally {
    await browser.close();
    await app.stop();
    await Promise.all([sim.stop(), broker.dispose()]);
  }
}

void main();
