/**
 * Push to first frame: a PC of the site pushes a camera to monitor 1 of a real Tessera (web
 * transport, Chromium, the simulated VMS, a real mosquitto); the time from the push until
 * that monitor's only tile plays the camera. The pushing PC is a lightweight client that
 * speaks the site protocol (README, "A site of several PCs") with mqtt.js: a command to
 * `tessera/<site>/pc/<target>/cmd/<sender>` at QoS 1.
 *
 *   npx tsx bench/site-push-bench.ts     (BENCH_PUSHES pushes, default 8)
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { chromium } from 'playwright-core';
import { gridLayout } from '../shared/model/layout';
import type { MonitorView } from '../shared/model/wall';
import { launchApp, simServer } from '../test/fixtures/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium';
import { startBroker } from '../test/fixtures/mosquitto';
import { writeTempJson } from '../test/fixtures/processes';
import { launchSim } from '../test/fixtures/sim';
import { summary } from './lib/stats';

const PUSHES = Number(process.env['BENCH_PUSHES'] ?? 8);
const sleep = (ms: number): Promise<void> => new Promise((wake) => setTimeout(wake, ms));

function view(cameraId: string): MonitorView {
  return { layout: gridLayout(1, 1), tiles: [{ serverId: 'sim', cameraId, source: { mode: 'live' } }], maximized: null, playback: null, carousels: {}, cycle: null };
}

async function main(): Promise<void> {
  console.log(`site push benchmark, ${new Date().toISOString()}`);
  const broker = await startBroker();
  const sim = await launchSim({ cameras: 4 });
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-site-'));
  const config = await writeTempJson('tessera.json', { servers: [simServer(sim)], site: { id: 'bench', broker: { url: broker.url }, pc: 'wall-b', monitors: 1 } });
  const app = await launchApp({ dataDir, extraArgs: ['--config', config] });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  const desk = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: 'tessera-bench-desk-a' });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(app.url);
    await page.waitForFunction(() => document.querySelector('[data-testid="tile"][data-state="playing"]') !== null, undefined, { timeout: 60_000 });
    const times: number[] = [];
    for (let round = 0; round < PUSHES; round++) {
      const cameraId = String((round % 4) + 1);
      const started = performance.now();
      await desk.publishAsync('tessera/bench/pc/wall-b/cmd/desk-a', JSON.stringify({ id: `bench-${round}`, at: Date.now(), label: `camera ${cameraId}`, monitors: { '0': view(cameraId) } }), { qos: 1, properties: { messageExpiryInterval: 60 } });
      await page.waitForFunction((id) => document.querySelectorAll('[data-testid="tile"]').length === 1 && document.querySelector(`[data-testid="tile"][data-camera-id="${id}"][data-state="playing"]`) !== null, cameraId, { timeout: 30_000, polling: 10 });
      times.push(performance.now() - started);
      await sleep(1000);
    }
    console.log(`\npush to first frame on the target monitor (a camera, live, into a 1×1 view), ${PUSHES} pushes`);
    console.log(`  push -> playing        ${summary(times)}`);
  } finally {
    await desk.endAsync();
    await browser.close();
    await app.stop();
    await sim.stop();
    await broker.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
