/**
 * Frames lost around a VXG ticket renewal, and what a renewal costs, in Debian's Chromium
 * against the simulator's VXG front with tickets of a few seconds.
 *
 *   Tessera    tiles play through the core, which renews each stream's ticket before it
 *              expires and swaps the new one in under the same keys (the tile does not notice)
 *   baseline   plain hls.js players on the same streams, same run, doing what a player does
 *              with a renewed URL: loading the new source (VXG's own web SDK calls watch again
 *              and reloads on a player error)
 *
 * For each: renewals in the window, freezes (waits between two presented frames over 300 ms,
 * 4.5 frames at 15 fps), the longest wait, and the frames not presented against the frame
 * rate; and for Tessera the watch calls and media requests per renewal at the VMS.
 *
 *   npm run build && npm run bench:renewal        (BENCH_SECONDS, default 60; BENCH_TICKET_SECONDS, default 6)
 */
import { chromium, type Page } from 'playwright-core';
import { launchApp } from '../test/fixtures/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium';
import { launchVxgSim } from '../test/fixtures/vxg-sim';
import { baselineServer } from './wall/baseline-page';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);
const TICKET_SECONDS = Number(process.env['BENCH_TICKET_SECONDS'] ?? 6);
const TILES = 4;
const FPS = 15;
const FREEZE_MS = 300;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface FrameStats {
  readonly presented: number;
  readonly gaps: number[];
}

function report(name: string, stats: readonly FrameStats[], seconds: number, renewals: number): void {
  const gaps = stats.flatMap((tile) => tile.gaps);
  const freezes = gaps.filter((gap) => gap > FREEZE_MS);
  const expected = TILES * seconds * FPS;
  const presented = stats.reduce((sum, tile) => sum + tile.presented, 0);
  console.log(
    `  ${name.padEnd(9)} renewals ${String(renewals).padStart(3)}   freezes ${String(freezes.length).padStart(3)}   longest wait ${Math.round(Math.max(0, ...gaps))} ms   frames not presented ${Math.max(0, expected - presented)} of ${expected} (${((100 * Math.max(0, expected - presented)) / expected).toFixed(1)} %)`,
  );
}

/**
 * Starts counting each tile's presented frames and the waits between them. A string, not a
 * function: tsx names functions with a helper that does not exist in the page.
 */
async function watchTessera(page: Page): Promise<void> {
  await page.evaluate(`
    window.frameStats = [...document.querySelectorAll('[data-testid="tile"] video')].map((video) => {
      const tile = { presented: 0, last: 0, gaps: [] };
      const tick = (now) => {
        if (tile.last) tile.gaps.push(now - tile.last);
        tile.last = now;
        tile.presented += 1;
        video.requestVideoFrameCallback(tick);
      };
      video.requestVideoFrameCallback(tick);
      return tile;
    });
  `);
}

const frameStats = (page: Page): Promise<FrameStats[]> => page.evaluate(() => (window as unknown as { frameStats: FrameStats[] }).frameStats);

/** One watch call as the baseline's back-end makes it for a channel: the HLS URL under a fresh ticket (503 while starting). */
async function watch(api: string, token: string): Promise<string> {
  for (;;) {
    const response = await fetch(`${api}/api/v4/live/watch/`, { headers: { authorization: `Acc ${token}` } });
    if (response.status === 200) return ((await response.json()) as { hls: string }).hls;
    if (response.status !== 503) throw new Error(`watch answered ${response.status}`);
    await sleep(1000);
  }
}

async function main(): Promise<void> {
  console.log(`ticket renewal benchmark, ${new Date().toISOString()}: ${TILES} tiles, tickets of ${TICKET_SECONDS} s, ${SECONDS} s each`);
  const sim = await launchVxgSim({ cameras: TILES, ticketSeconds: TICKET_SECONDS, startDelayMs: 300 });
  const app = await launchApp({ servers: [{ id: 'cloud', type: 'vxg', name: 'Cloud', groupToken: sim.groupToken }] });
  const baseline = await baselineServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(app.url);
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="tile"][data-state="playing"]').length === count, TILES, { timeout: 60_000 });
    await sleep(3000);
    const before = (await sim.state()).counters;
    await watchTessera(page);
    await sleep(SECONDS * 1000);
    const tessera = await frameStats(page);
    const after = (await sim.state()).counters;
    await page.goto('about:blank');
    const renewals = after.renewals - before.renewals;

    // The baseline: the same streams in plain players, reloaded on every new ticket.
    const tokens = sim.channels.slice(0, TILES).map((channel) => channel.all);
    const urls = await Promise.all(tokens.map((token) => watch(sim.url, token)));
    await page.goto(baseline.url);
    await page.evaluate((list) => (window as unknown as { bench: { show(urls: string[], columns: number): void } }).bench.show(list, 2), urls);
    await page.waitForFunction((count) => [...document.querySelectorAll('video')].filter((video) => video.currentTime > 0).length === count, TILES, { timeout: 60_000 });
    await sleep(3000);
    await page.evaluate(() => (window as unknown as { bench: { watchFrames(): void } }).bench.watchFrames());
    let baselineRenewals = 0;
    const renewEvery = Math.max(1000, (TICKET_SECONDS * 0.75) * 1000);
    const ends = Date.now() + SECONDS * 1000;
    while (Date.now() < ends) {
      await sleep(Math.min(renewEvery, ends - Date.now()));
      if (Date.now() >= ends) break;
      const fresh = await Promise.all(tokens.map((token) => watch(sim.url, token)));
      await page.evaluate((list) => list.forEach((url, index) => (window as unknown as { bench: { swap(index: number, url: string): void } }).bench.swap(index, url)), fresh);
      baselineRenewals += TILES;
    }
    const plain = await page.evaluate(() => (window as unknown as { frameStats: FrameStats[] }).frameStats);

    console.log(`\nframes lost around renewals (goal: 0 freezes, 0 % not presented for Tessera)`);
    report('Tessera', tessera, SECONDS, renewals);
    report('baseline', plain, SECONDS, baselineRenewals);
    console.log(`\nwhat a renewal costs Tessera at the VMS`);
    console.log(`  watch calls per renewal    ${((after.watchCalls - before.watchCalls) / Math.max(1, renewals)).toFixed(2)}`);
    console.log(`  media requests per second  ${((after.mediaRequests - before.mediaRequests) / SECONDS).toFixed(1)} for ${TILES} tiles`);
    console.log(`  media asked with an expired ticket: ${after.mediaExpired - before.mediaExpired}`);
  } finally {
    await browser.close();
    baseline.server.close();
    await app.stop();
    await sim.stop();
  }
}

await main();
