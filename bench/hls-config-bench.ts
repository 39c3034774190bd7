/**
 * What hls.js's live settings cost, apart from everything else a wall does: the plain hls.js
 * baseline page of `bench:wall` (one player per tile, nothing on top), 16 tiles of the same
 * simulator streams, once per variant of the settings, variants interleaved over
 * `BENCH_ROUNDS` rounds (default 3) so that a machine getting busier hits each alike. Per
 * variant: browser CPU over a 15 s window with nothing attached (after 12 s of playing),
 * live lag p50 (now minus the program date-time on screen, every tile's read at the end of
 * the window), frames dropped of decoded, and `waiting` events (a tile running dry).
 *
 *   npm run bench:hls-config
 *   BENCH_ROUNDS (default 3), BENCH_TILES (default 16), BENCH_VARIANTS (comma-separated names; default all)
 */
import type { Page } from 'playwright-core';
import { percentile } from './lib/stats';
import { CHROMIUM_ARGS } from '../test/fixtures/chromium';
import { launchSim } from '../test/fixtures/sim';
import { launchUnwatched } from './lib/unwatched-browser';
import { baselineServer, baselineSessions } from './wall/baseline-page';
import { LIVE_TUNING } from '../renderer/players/live-tuning';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const TILES = Number(process.env['BENCH_TILES'] ?? 16);
const STEADY_MS = 12_000;
const WINDOW_S = 15;

const VARIANTS: Record<string, Record<string, unknown>> = {
  'hls.js defaults': {},
  // Tessera's live tile settings, without its loader hooks.
  tessera: LIVE_TUNING,
  'tessera, no catch-up (lowLatencyMode off)': { ...LIVE_TUNING, lowLatencyMode: false },
  'tessera, sync 2 s': { ...LIVE_TUNING, liveSyncDuration: 2, liveMaxLatencyDuration: 6 },
  'tessera, catch-up 1.1x': { ...LIVE_TUNING, maxLiveSyncPlaybackRate: 1.1 },
};
const chosen = process.env['BENCH_VARIANTS']?.split(',').map((name) => name.trim());

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Reading {
  cpu: number;
  lagP50: number;
  dropped: number;
  decoded: number;
  waiting: number;
}

const sim = await launchSim({ cameras: TILES, lingerMs: 20_000, mainSize: { width: 1280, height: 720 }, sharedEncoders: 4 });
const { server, url } = await baselineServer();
const sessions = await baselineSessions(sim, TILES, 320, 180);
const names = Object.keys(VARIANTS).filter((name) => !chosen || chosen.includes(name));
const readings = new Map<string, Reading[]>(names.map((name) => [name, []]));
try {
  console.log(`hls.js settings, ${new Date().toISOString()}: ${TILES} tiles, ${ROUNDS} rounds, ${WINDOW_S} s windows`);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const name of names) {
      const browser = await launchUnwatched(url, { args: CHROMIUM_ARGS, width: 1600, height: 900 });
      try {
        let { page, detach } = await browser.attach();
        await page.waitForFunction(() => 'bench' in window, undefined, { timeout: 30_000 });
        await page.evaluate(
          ({ urls, config }) => {
            const bench = (window as unknown as { bench: { show(u: string[], c: number, config: unknown): void } }).bench;
            bench.show(urls, 4, config);
            const state = { waiting: 0 };
            (window as unknown as { __settings: typeof state }).__settings = state;
            for (const video of document.querySelectorAll('video')) video.addEventListener('waiting', () => (state.waiting += 1));
          },
          { urls: sessions.urls, config: VARIANTS[name] },
        );
        await page.waitForFunction((n) => (window as unknown as { firstFrames: unknown[] }).firstFrames.filter(Boolean).length >= n, TILES, { timeout: 60_000 });
        await detach();
        await sleep(STEADY_MS);
        ({ page, detach } = await browser.attach());
        const before = await counters(page);
        await detach();
        const cpu = await browser.cores(WINDOW_S);
        ({ page, detach } = await browser.attach());
        const after = await counters(page);
        await detach();
        const reading: Reading = { cpu, lagP50: percentile(after.lags, 50), dropped: after.dropped - before.dropped, decoded: after.decoded - before.decoded, waiting: after.waiting - before.waiting };
        readings.get(name)?.push(reading);
        console.log(`round ${round}  ${name.padEnd(44)} cpu ${cpu.toFixed(3)}  lag p50 ${(reading.lagP50 / 1000).toFixed(2)} s  dropped ${reading.dropped} of ${reading.decoded}  waiting ${reading.waiting}`);
      } finally {
        await browser.stop();
      }
    }
  }
  const median = (values: number[]): number => percentile(values, 50);
  const base = median((readings.get(names[0] ?? '') ?? []).map((reading) => reading.cpu));
  console.log(`\nmedians over ${ROUNDS} rounds; CPU ratio to "${names[0] ?? ''}"`);
  for (const [name, list] of readings) {
    const cpu = median(list.map((reading) => reading.cpu));
    console.log(`${name.padEnd(44)} cpu ${cpu.toFixed(3)} (${(cpu / base).toFixed(2)}x)  lag p50 ${(median(list.map((reading) => reading.lagP50)) / 1000).toFixed(2)} s  dropped ${list.map((reading) => reading.dropped).join('/')}  waiting ${list.map((reading) => reading.waiting).join('/')}`);
  }
} finally {
  server.close();
  await sessions.stop();
  await sim.stop();
}
process.exit(0);

/** Frame counters of every video, `waiting` events so far, and each player's live lag now. */
function counters(page: Page): Promise<{ decoded: number; dropped: number; waiting: number; lags: number[] }> {
  return page.evaluate(() => {
    const state = (window as unknown as { __settings: { waiting: number } }).__settings;
    const totals = [...document.querySelectorAll('video')].reduce(
      (sum, video) => {
        const quality = video.getVideoPlaybackQuality();
        return { decoded: sum.decoded + quality.totalVideoFrames, dropped: sum.dropped + quality.droppedVideoFrames };
      },
      { decoded: 0, dropped: 0 },
    );
    const lags = (window as unknown as { bench: { latencies(): number[] } }).bench.latencies();
    return { ...totals, waiting: state.waiting, lags };
  });
}
