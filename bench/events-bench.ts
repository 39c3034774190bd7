/**
 * Events from the simulator to the operator's screen, in Debian's Chromium, with four live
 * tiles playing (a wall is never idle):
 *
 *   event-to-screen   the simulator's send time to the frame that first paints the row,
 *                     at 100 events/s; split at the core's arrival time (the journal's
 *                     received_at), so transport and "journal + batch + render" show apart
 *   burst             frame times during 1000 events/s for 10 s, against the same page's
 *                     frame times with no events in the same run; then every event the
 *                     simulator delivered must be counted on screen and in the journal
 *
 *   npm run build && npm run bench:events
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { chromium, type Page } from 'playwright-core';
import { launchApp, simServer } from '../test/fixtures/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium';
import { percentile, summary } from './lib/stats';
import { launchSim, type RunningSim } from '../test/fixtures/sim';

const LATENCY_RATE = 100;
const LATENCY_SECONDS = 20;
const BURST_RATE = 1000;
const BURST_SECONDS = 10;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * In the page: when an alert row first appears, the time of the frame that paints it (the
 * next animation frame after the DOM change), by the VMS's event id; and every frame's length.
 */
const PROBE = `
  window.__events = { painted: {}, frames: [] };
  const seen = [];
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) {
      if (node instanceof HTMLElement && node.dataset.testid === 'alert' && node.dataset.vendorId) seen.push(node.dataset.vendorId);
    }
  }).observe(document, { childList: true, subtree: true });
  let last = performance.now();
  const frame = (now) => {
    window.__events.frames.push(now - last);
    last = now;
    if (seen.length > 0) {
      const at = Date.now();
      for (const id of seen.splice(0)) window.__events.painted[id] ??= at;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
`;

interface Probe {
  painted: Record<string, number>;
  frames: number[];
}

const probe = (page: Page): Promise<Probe> => page.evaluate(() => (window as unknown as { __events: Probe }).__events);
const resetFrames = (page: Page): Promise<void> => page.evaluate(() => void ((window as unknown as { __events: Probe }).__events.frames = []));

function receivedAt(dataDir: string): Map<string, number> {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT vendor_event_id AS id, received_at AS at FROM events').all() as Array<{ id: string; at: number }>;
    return new Map(rows.map((row) => [row.id, row.at]));
  } finally {
    db.close();
  }
}

async function waitForEmitted(sim: RunningSim, count: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while ((await sim.state()).events.emitted < count) {
    if (Date.now() > deadline) throw new Error('the simulator did not finish the burst');
    await sleep(250);
  }
}

async function main(): Promise<void> {
  console.log(`events benchmark, ${new Date().toISOString()}`);
  const sim = await launchSim({ cameras: 4, mainSize: { width: 1280, height: 720 } });
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-'));
  const app = await launchApp({ servers: [simServer(sim)], dataDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.addInitScript(PROBE);
    await page.goto(app.url);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="tile"][data-state="playing"]').length >= 4, undefined, { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="server-events"]')?.getAttribute('data-events-state') === 'open');

    // Event-to-screen at a steady rate.
    await sim.burst(LATENCY_RATE * LATENCY_SECONDS, LATENCY_RATE, { alertType: 209 });
    await waitForEmitted(sim, LATENCY_RATE * LATENCY_SECONDS);
    await sleep(1000);
    const sent = await sim.sentEvents();
    const painted = (await probe(page)).painted;
    const arrived = receivedAt(dataDir);
    const total: number[] = [];
    const transport: number[] = [];
    const inApp: number[] = [];
    for (const event of sent) {
      const at = painted[String(event.id)];
      const core = arrived.get(String(event.id));
      if (at === undefined || core === undefined) continue;
      total.push(at - event.time);
      transport.push(core - event.time);
      inApp.push(at - core);
    }
    console.log(`\nevent-to-screen at ${LATENCY_RATE} events/s for ${LATENCY_SECONDS} s (goal p95 <= 100 ms); ${total.length} of ${sent.length} rows painted`);
    console.log(`  send -> painted        ${summary(total)}`);
    console.log(`  send -> core           ${summary(transport)}`);
    console.log(`  core -> painted        ${summary(inApp)}`);

    // Frame times: the same page with no events, then under the burst.
    await sleep(2000);
    await resetFrames(page);
    await sleep(BURST_SECONDS * 1000);
    const idle = (await probe(page)).frames;
    const before = (await sim.state()).events.emitted;
    await resetFrames(page);
    await sim.burst(BURST_RATE * BURST_SECONDS, BURST_RATE, { alertType: 209 });
    await waitForEmitted(sim, before + BURST_RATE * BURST_SECONDS);
    const burst = (await probe(page)).frames;
    const emittedAt = Date.now();
    console.log(`\nframe times, ${BURST_RATE} events/s for ${BURST_SECONDS} s (goal: no frame over 100 ms)`);
    console.log(`  no events (baseline)   ${summary(idle)}  over 100 ms: ${idle.filter((ms) => ms > 100).length}`);
    console.log(`  burst                  ${summary(burst)}  over 100 ms: ${burst.filter((ms) => ms > 100).length}`);
    console.log(`  ratio p99 burst/idle   ${(percentile(burst, 99) / percentile(idle, 99)).toFixed(2)}x`);

    // One client: the simulator's count of deliveries is the count of events it delivered.
    const delivered = (await sim.state()).events.deliveries;
    await page.waitForFunction((want) => document.querySelector('[data-testid="open-count"]')?.textContent === `${want} unacknowledged`, delivered, { timeout: 60_000 }).catch(() => undefined);
    const onScreen = Number((await page.getByTestId('open-count').textContent())?.split(' ')[0]);
    const journal = receivedAt(dataDir).size;
    console.log(`\nnothing dropped: simulator delivered ${delivered}, journal ${journal}, counted on screen ${onScreen} (settled ${Date.now() - emittedAt} ms after the last send)`);
  } finally {
    await browser.close();
    await app.stop();
    await sim.stop();
  }
}

await main();
