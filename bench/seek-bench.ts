/**
 * Seek to frame in recorded video, in Debian's Chromium against the simulator: from the
 * operator's "Go" to the frame of the asked moment on the tile (its media time mapped
 * through the stream's program date-time, within half a second of the target).
 *
 *   inside a session   the moment is within what the tile's archive session covers:
 *                      the player moves, no VMS call
 *   new session        the moment is before the session's start: a new archive session
 *                      is opened there and the old one stopped (what a client without
 *                      in-session seeking does for every seek: the baseline)
 *
 *   npm run build && npm run bench:seek          (BENCH_SEEKS, default 20 of each)
 */
import { chromium, type Page } from 'playwright-core';
import { launchApp, simServer } from '../test/fixtures/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium';
import { launchSim } from '../test/fixtures/sim';
import { toLocalInputValue } from '../test/fixtures/time';
import { percentile, summary } from './lib/stats';

const SEEKS = Number(process.env['BENCH_SEEKS'] ?? 20);
/** Seconds recorded before measuring: room for seeks on both sides of a session's start. */
const RECORD_SECONDS = 70;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The moment (epoch ms) of the first tile's frame, or null while it shows none. */
const firstTileMoment = (page: Page): Promise<number | null> =>
  page.evaluate(() => {
    const tile = document.querySelector('[data-testid="tile"]');
    const video = tile?.querySelector('video');
    const epoch = tile?.querySelector('[data-testid="tile-watermark"]')?.getAttribute('data-media-epoch');
    return video && epoch ? Number(epoch) + video.currentTime * 1000 : null;
  });

/** Time (ms) from "Go" to the asked moment's frame on the tile. */
async function seek(page: Page, target: number): Promise<number> {
  await page.getByTestId('goto-time').fill(toLocalInputValue(target));
  const started = Date.now();
  await page.getByTestId('goto-go').click();
  // The tile's media epoch is read every 500 ms; the moment is recomputed here from the video itself.
  for (;;) {
    const moment = await firstTileMoment(page);
    if (moment !== null && Math.abs(moment - target) < 500 && (await page.getByTestId('tile').first().getAttribute('data-state')) === 'playing') return Date.now() - started;
    if (Date.now() - started > 20_000) throw new Error(`no frame of ${new Date(target).toISOString()} within 20 s`);
    await sleep(20);
  }
}

async function main(): Promise<void> {
  console.log(`seek benchmark, ${new Date().toISOString()}`);
  const sim = await launchSim({ cameras: 1, recording: true });
  const app = await launchApp({ servers: [simServer(sim)] });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.url);
    await page.waitForFunction(() => document.querySelector('[data-testid="tile"]')?.getAttribute('data-state') === 'playing', undefined, { timeout: 60_000 });
    console.log(`recording ${RECORD_SECONDS} s first...`);
    await sleep(RECORD_SECONDS * 1000);
    await page.getByTestId('tile').first().click();
    await page.getByTestId('play-pause').waitFor();

    const inside: number[] = [];
    const fresh: number[] = [];
    for (let round = 0; round < SEEKS; round++) {
      // A session from 30 s ago; seeks inside it land 5..20 s later (in whole seconds, as typed).
      const base = Math.floor((Date.now() - 30_000) / 1000) * 1000;
      fresh.push(await seek(page, base));
      inside.push(await seek(page, base + (5 + (round % 15)) * 1000));
      // And a far jump back, to open the next round's session fresh.
      await seek(page, base - 20_000);
    }
    console.log(`\nseek to frame (goal p95 <= 1000 ms)`);
    console.log(`  inside a session      ${summary(inside)}`);
    console.log(`  new session (baseline) ${summary(fresh)}`);
    console.log(`  ratio p50 inside/new  ${(percentile(inside, 50) / percentile(fresh, 50)).toFixed(2)}x`);
  } finally {
    await browser.close();
    await app.stop();
    await sim.stop();
  }
}

await main();
