/**
 * Where the browser's memory goes while the wall plays: RSS of every Chromium process by
 * type (browser, renderer, GPU, utilities; the renderer's own heap apart from the shared
 * memory it maps) every 30 s, with nothing attached to the browser in between (see
 * unwatched-browser.ts); the page's live JS heap after a collection, how much video each
 * tile buffers and how many tiles play, at the first and last reading; then every player
 * but one is closed and the page left, to see what is given back. A tool to find growth
 * that `bench:wall` reports, not a comparison.
 *
 *   npm run build && npm run bench:memory
 *   MEMORY_MINUTES (default 10), MEMORY_LAYOUT (layout key, default 4 = 4x4), MEMORY_TILES (default 16),
 *   MEMORY_WATCHED=1 (Playwright attached throughout, reading the page every 30 s)
 *   MEMORY_EVENTS_PER_MINUTE (default 0: the simulator's steady events, as the soak's 6),
 *   MEMORY_BURST (default 0: a burst of that many events at 30/s after each reading, as the soak's 300)
 *   MEMORY_RESTARTS (default 0): instead of readings over minutes, that many server restarts (5 s
 *     down, as the soak's), each followed by MEMORY_SETTLE_S (default 60) of playing; after each,
 *     with a collection forced, what the page holds: live MediaSources, SourceBuffers, video
 *     elements, workers, the JS heap, and the memory each process type holds (PSS). Tells
 *     players a restart leaves behind from garbage not yet collected. Then a critical
 *     memory-pressure notification (what Chromium does when the system runs short), and the
 *     page left.
 * With events, each reading also says how many the simulator sent and how many alert rows the page holds.
 */
import { readFileSync } from 'node:fs';
import { launchApp, simServer } from '../test/fixtures/app';
import { CHROMIUM_ARGS } from '../test/fixtures/chromium';
import { launchSim } from '../test/fixtures/sim';
import { descendants } from './lib/proc-cpu';
import { chromiumProcessType, heldByType } from './lib/process-memory';
import type { Page } from 'playwright-core';
import { launchUnwatched, signalMemoryPressure } from './lib/unwatched-browser';

const MINUTES = Number(process.env['MEMORY_MINUTES'] ?? 10);
const LAYOUT = process.env['MEMORY_LAYOUT'] ?? '4';
const TILES = Number(process.env['MEMORY_TILES'] ?? 16);
/** Keep Playwright attached all along, to see what an attached client costs (see unwatched-browser.ts). */
const WATCHED = process.env['MEMORY_WATCHED'] === '1';
const EVENTS_PER_MINUTE = Number(process.env['MEMORY_EVENTS_PER_MINUTE'] ?? 0);
const BURST = Number(process.env['MEMORY_BURST'] ?? 0);
const SAMPLE_MS = 30_000;
const RESTARTS = Number(process.env['MEMORY_RESTARTS'] ?? 0);
const SETTLE_MS = Number(process.env['MEMORY_SETTLE_S'] ?? 60) * 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** MiB of RSS by process type, over every Chromium process this script started. */
function rssByType(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { pid, command } of descendants(process.pid)) {
    if (!command.startsWith('chrom')) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const mib = (field: string): number => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
      const type = chromiumProcessType(pid);
      out[type] = (out[type] ?? 0) + mib('VmRSS');
      // The renderer's RSS split: its own heap (anonymous) against shared memory it maps
      // (video frames handed to the compositor, discardable caches), which is counted in
      // every process that touches it.
      if (type === 'renderer') {
        out['renderer anon'] = (out['renderer anon'] ?? 0) + mib('RssAnon');
        out['renderer shmem'] = (out['renderer shmem'] ?? 0) + mib('RssShmem');
      }
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

/**
 * After a forced collection (DevTools' own, which also clears what only a weak reference
 * holds), the live objects of the types a player owns, counted by their prototypes, with
 * the tiles playing and the JS heap: a player a restart left behind keeps its MediaSource
 * and SourceBuffers alive.
 */
async function liveObjects(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const counts: string[] = [];
    for (const type of ['MediaSource', 'SourceBuffer', 'HTMLVideoElement', 'HTMLCanvasElement', 'Worker', 'XMLHttpRequest']) {
      const prototype = await cdp.send('Runtime.evaluate', { expression: `${type}.prototype` });
      const prototypeId = prototype.result.objectId;
      if (!prototypeId) continue;
      const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: prototypeId });
      const length = await cdp.send('Runtime.callFunctionOn', { objectId: objects.objectId ?? '', functionDeclaration: 'function () { return this.length; }', returnByValue: true });
      counts.push(`${type} ${String(length.result.value)}`);
    }
    const heap = await cdp.send('Runtime.getHeapUsage');
    const tiles = await page.evaluate(() => document.querySelectorAll('[data-testid="tile"][data-state="playing"]').length);
    return `tiles playing ${tiles}  ${counts.join('  ')}  JS heap ${Math.round(heap.usedSize / 1048576)} MiB`;
  } finally {
    await cdp.detach();
  }
}

const sim = await launchSim({ cameras: TILES, lingerMs: 20_000, mainSize: { width: 1280, height: 720 }, eventsPerMinute: EVENTS_PER_MINUTE });
/** Events sent so far, when the run sends any. */
const sent = async (): Promise<string> => (EVENTS_PER_MINUTE > 0 || BURST > 0 ? `  events sent ${(await sim.sentEvents()).length}` : '');
/** A burst after a reading, when asked for; resolves at once (the simulator sends it). */
const burst = async (): Promise<void> => {
  if (BURST > 0) await sim.burst(BURST, 30);
};
const app = await launchApp({ servers: [simServer(sim)] });
const browser = await launchUnwatched(app.url, { args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'], width: 1600, height: 900 });
try {
  let { page, detach } = await browser.attach();
  const playing = (count: number): Promise<unknown> =>
    page.waitForFunction((n) => document.querySelectorAll('[data-testid="tile"][data-state="playing"]').length >= n, count, { timeout: 60_000 });
  const inPage = (): Promise<string> =>
    page.evaluate(() => {
      (window as unknown as { gc?: () => void }).gc?.();
      const seconds = [...document.querySelectorAll('video')].map((video) => {
        let total = 0;
        for (let range = 0; range < video.buffered.length; range++) total += video.buffered.end(range) - video.buffered.start(range);
        return total;
      });
      const heap = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
      const tiles = document.querySelectorAll('[data-testid="tile"][data-state="playing"]').length;
      const rows = document.querySelectorAll('[data-testid="alert"]').length;
      return `JS heap ${Math.round(heap / 1048576)}  most buffered ${Math.max(0, ...seconds).toFixed(1)} s  tiles playing ${tiles}  alert rows in the page ${rows}`;
    });
  await playing(Math.min(4, TILES));
  await page.keyboard.press(LAYOUT);
  await page.keyboard.press('f');
  await playing(TILES);
  console.log(`memory probe, ${new Date().toISOString()}: layout key ${LAYOUT}, ${TILES} tiles, ${MINUTES} min, ${WATCHED ? 'Playwright attached throughout' : 'nothing attached between the first and last reading'}, ${EVENTS_PER_MINUTE} events/min, bursts of ${BURST}; MiB`);
  const started = Date.now();
  const minutes = (): string => ((Date.now() - started) / 60_000).toFixed(1).padStart(5);
  console.log(`${minutes()} min  ${JSON.stringify(rssByType())}  ${await inPage()}${await sent()}`);
  if (RESTARTS > 0) {
    console.log(`${minutes()} min  before restarts: ${await liveObjects(page)}  held ${JSON.stringify(heldByType(browser.pids()))}`);
    await detach();
    for (let restart = 1; restart <= RESTARTS; restart++) {
      await sim.restart(5000);
      await sleep(SETTLE_MS);
      ({ page, detach } = await browser.attach());
      console.log(`${minutes()} min  after restart ${restart}: ${await liveObjects(page)}  held ${JSON.stringify(heldByType(browser.pids()))}`);
      await detach();
    }
    // What Chromium gives back when the system asks for memory (caches, the allocators'
    // free pages): growth that stays after this is held, not kept for reuse.
    ({ page, detach } = await browser.attach());
    await signalMemoryPressure(page);
    await detach();
    await sleep(10_000);
    console.log(`${minutes()} min  after a critical memory-pressure notification: held ${JSON.stringify(heldByType(browser.pids()))}`);
    ({ page, detach } = await browser.attach());
    await page.goto('about:blank');
    await sleep(SAMPLE_MS);
    console.log(`${minutes()} min  page left: held ${JSON.stringify(heldByType(browser.pids()))}`);
    await detach();
  } else {
    if (!WATCHED) await detach();
    await burst();
    for (;;) {
      await sleep(SAMPLE_MS);
      if (Date.now() - started >= MINUTES * 60_000) break;
      console.log(`${minutes()} min  ${JSON.stringify(rssByType())}${WATCHED ? `  ${await inPage()}` : ''}${await sent()}`);
      await burst();
    }
    if (!WATCHED) ({ page, detach } = await browser.attach());
    console.log(`${minutes()} min  ${JSON.stringify(rssByType())}  ${await inPage()}${await sent()}`);
    await page.keyboard.press('1');
    await sleep(SAMPLE_MS);
    console.log(`${minutes()} min  1x1: ${JSON.stringify(rssByType())}`);
    await page.goto('about:blank');
    await sleep(SAMPLE_MS);
    console.log(`${minutes()} min  page left: ${JSON.stringify(rssByType())}`);
    await detach();
  }
} finally {
  await browser.stop();
  await app.stop();
  await sim.stop();
}
process.exit(0);
