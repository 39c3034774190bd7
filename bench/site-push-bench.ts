/**
 * Push to first frame: a desk PC of the site pushes a camera to monitor 1 of a real Tessera
 * (web transport, Chromium, the simulated VMS, a real mosquitto); the time from the push
 * until that monitor's only tile plays the camera. The desk is a lightweight PC: an mqtt.js
 * client speaking the site protocol (README, "A site of several PCs": presence with its last
 * will, monitors, a push to `tessera/<site>/pc/<target>/cmd/<sender>` at QoS 1), with no
 * wall behind it; the broker also carries the other PCs of the site, lightweight too: 3 PCs
 * in all, then 20.
 *
 * The baseline, same run, same window, pushes interleaved: the wall PC putting the same
 * camera on its own monitor (`site.push` to itself over its own core's web transport: the
 * same placement and the same player, no broker). remote / local is then what the site adds.
 *
 *   npm run build && npm run bench:site-push     (BENCH_PUSHES of each kind per size, default 8)
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import mqtt, { type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { IPC_SOCKET_PATH, KEY_PROTOCOL_PREFIX, LAUNCH_KEY_PARAM, WIRE_PROTOCOL } from '../shared/ipc/wire';
import { gridLayout } from '../shared/model/layout';
import type { MonitorView } from '../shared/model/wall';
import { launchApp, simServer } from '../test/fixtures/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium';
import { startBroker, type Broker } from '../test/fixtures/mosquitto';
import { writeTempJson } from '../test/fixtures/processes';
import { launchSim } from '../test/fixtures/sim';
import { percentile, summary } from './lib/stats';

const PUSHES = Number(process.env['BENCH_PUSHES'] ?? 8);
const CAMERAS = 4;
/**
 * Persistence saved as a site's mosquitto saves it (its default, every 30 min and at exit),
 * not after every change as the test fixture does so that a test's stop() keeps the last
 * publication: saving the whole database after each message stalled delivery up to ~1.2 s
 * with 20 PCs (p99), for the bare clients far less as they keep nothing retained.
 */
const SITE_BROKER = ['autosave_on_changes false', 'autosave_interval 1800'];

const sleep = (ms: number): Promise<void> => new Promise((wake) => setTimeout(wake, ms));

function view(cameraId: string): MonitorView {
  return { layout: gridLayout(1, 1), tiles: [{ serverId: 'sim', cameraId, source: { mode: 'live' } }], maximized: null, playback: null, carousels: {}, cycle: null };
}

const SITE = 'tessera/bench/pc';

interface LightPc {
  readonly client: MqttClient;
  /** The PCs this one has heard say they are online. */
  readonly online: Set<string>;
}

/** A PC of the site with no wall: says it is online (its last will says when it goes) and what its one monitor shows, and hears the others. */
async function lightPc(broker: Broker, name: string): Promise<LightPc> {
  const presence = (online: boolean): string => JSON.stringify({ online, at: Date.now(), acceptPushFrom: null, instance: `bench-${name}` });
  const client = await mqtt.connectAsync(broker.url, {
    protocolVersion: 5,
    clientId: `tessera-bench-${name}`,
    will: { topic: `${SITE}/${name}/presence`, payload: Buffer.from(presence(false)), qos: 1, retain: true },
  });
  const pc: LightPc = { client, online: new Set() };
  client.on('message', (topic, payload) => {
    const [, , , from, kind] = topic.split('/');
    if (kind !== 'presence' || from === undefined) return;
    const said = payload.length > 0 ? (JSON.parse(payload.toString('utf8')) as { online?: boolean }) : {};
    if (said.online === true) pc.online.add(from);
    else pc.online.delete(from);
  });
  await client.publishAsync(`${SITE}/${name}/presence`, presence(true), { qos: 1, retain: true });
  await client.publishAsync(`${SITE}/${name}/monitors`, JSON.stringify({ at: Date.now(), monitors: [{ index: 0, layout: '1×1', cameras: [], mode: 'empty', window: true }] }), { qos: 1, retain: true });
  await client.subscribeAsync([`${SITE}/+/presence`, `${SITE}/+/monitors`, `${SITE}/${name}/cmd/+`], { qos: 1 });
  return pc;
}

/** Leaves as a PC does: "offline" said before going. */
async function leave(pc: LightPc, name: string): Promise<void> {
  await pc.client.publishAsync(`${SITE}/${name}/presence`, JSON.stringify({ online: false, at: Date.now(), acceptPushFrom: null }), { qos: 1, retain: true });
  await pc.client.endAsync();
}

/** The wall PC's own core, over its web transport as a window talks to it: `site.push` to itself. */
async function ownCore(appUrl: string): Promise<{ push: (cameraId: string) => Promise<void>; close: () => void }> {
  const url = new URL(appUrl);
  const key = url.searchParams.get(LAUNCH_KEY_PARAM) ?? '';
  const socket = new WebSocket(`ws://${url.host}${IPC_SOCKET_PATH}`, [WIRE_PROTOCOL, `${KEY_PROTOCOL_PREFIX}${key}`], { origin: url.origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waiting = new Map<number, (result: { ok: boolean; error?: { message: string } }) => void>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { type: string; id?: number; result?: { ok: boolean; error?: { message: string } } };
    if (message.type === 'result' && message.id !== undefined && message.result) waiting.get(message.id)?.(message.result);
  });
  let next = 1;
  return {
    push: async (cameraId) => {
      const id = next++;
      const result = await new Promise<{ ok: boolean; error?: { message: string } }>((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ type: 'invoke', id, channel: 'site.push', payload: { pc: 'wall-b', monitors: { '0': view(cameraId) }, label: `camera ${cameraId}` } }));
      });
      waiting.delete(id);
      if (!result.ok) throw new Error(`the local push failed: ${result.error?.message ?? '?'}`);
    },
    close: () => socket.close(),
  };
}

/** The monitor's only tile shows the camera: placed (any state), or playing. */
async function shown(page: Page, cameraId: string, state: 'placed' | 'playing'): Promise<void> {
  await page.waitForFunction(
    ([id, wanted]) => document.querySelectorAll('[data-testid="tile"]').length === 1 && document.querySelector(`[data-testid="tile"][data-camera-id="${id}"]${wanted === 'playing' ? '[data-state="playing"]' : ''}`) !== null,
    [cameraId, state] as const,
    { timeout: 30_000, polling: 10 },
  );
}

async function pushes(page: Page, broker: Broker, appUrl: string, size: number): Promise<void> {
  // The desk and the wall PC are two of the site's PCs; the rest are lightweight.
  const desk = await lightPc(broker, 'desk-a');
  const others = await Promise.all(Array.from({ length: size - 2 }, (_, index) => lightPc(broker, `pc-${index}`)));
  const local = await ownCore(appUrl);
  let sequence = 0;
  const push = (cameraId: string): Promise<unknown> =>
    desk.client.publishAsync(`${SITE}/wall-b/cmd/desk-a`, JSON.stringify({ id: `bench-${sequence++}`, at: Date.now(), label: `camera ${cameraId}`, monitors: { '0': view(cameraId) } }), { qos: 1, properties: { messageExpiryInterval: 60 } });
  try {
    const deadline = Date.now() + 30_000;
    while (desk.online.size < size) {
      if (Date.now() > deadline) throw new Error(`the desk did not see all ${size} PCs online`);
      await sleep(50);
    }
    const remote: number[] = [];
    const own: number[] = [];
    const remotePlaced: number[] = [];
    const ownPlaced: number[] = [];
    let camera = 0;
    for (let round = 0; round < 2 * PUSHES; round++) {
      const cameraId = String((camera++ % CAMERAS) + 1);
      const started = performance.now();
      if (round % 2 === 0) await push(cameraId);
      else await local.push(cameraId);
      await shown(page, cameraId, 'placed');
      (round % 2 === 0 ? remotePlaced : ownPlaced).push(performance.now() - started);
      await shown(page, cameraId, 'playing');
      (round % 2 === 0 ? remote : own).push(performance.now() - started);
      // The previous camera's session ends and the new one settles before the next push.
      await sleep(1000);
    }
    console.log(`\npush to first frame on the target monitor, ${size} PCs on the broker, ${PUSHES} pushes of each kind, interleaved`);
    console.log(`  tile placed (the view on the monitor, before its video); remote / local p50 x${(percentile(remotePlaced, 50) / percentile(ownPlaced, 50)).toFixed(2)}`);
    console.log(`    from another PC      ${summary(remotePlaced)}`);
    console.log(`    from the PC itself   ${summary(ownPlaced)}   (baseline: no broker)`);
    console.log(`  first frame (the tile plays)`);
    console.log(`    from another PC      ${summary(remote)}`);
    console.log(`    from the PC itself   ${summary(own)}   (baseline: no broker)`);
    console.log(`    remote / local       p50 x${(percentile(remote, 50) / percentile(own, 50)).toFixed(2)}  p95 x${(percentile(remote, 95) / percentile(own, 95)).toFixed(2)}`);
  } finally {
    local.close();
    await Promise.all([leave(desk, 'desk-a'), ...others.map((pc, index) => leave(pc, `pc-${index}`))]);
  }
}

async function main(): Promise<void> {
  console.log(`site push benchmark, ${new Date().toISOString()}`);
  const broker = await startBroker({ extraConfig: [...SITE_BROKER, ...(process.env['BENCH_BROKER_CONF'] ?? '').split(';').filter(Boolean)] });
  const sim = await launchSim({ cameras: CAMERAS });
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-site-'));
  const config = await writeTempJson('tessera.json', { servers: [simServer(sim)], site: { id: 'bench', broker: { url: broker.url }, pc: 'wall-b', monitors: 1 } });
  const app = await launchApp({ dataDir, extraArgs: ['--config', config] });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(app.url);
    await page.waitForFunction(() => document.querySelector('[data-testid="tile"][data-state="playing"]') !== null, undefined, { timeout: 60_000 });
    await pushes(page, broker, app.url, 3);
    await pushes(page, broker, app.url, 20);
  } finally {
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
