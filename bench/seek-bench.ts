/**
 * Seek to frame in recorded video, in Debian's Chromium against the simulator: from the
 * operator's "Go" (playback paused) to the tile showing the frame of the asked second, read
 * off the clock the simulator burns into every picture.
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
import { tileTimecode } from '../test/fixtures/timecode';
import { percentile, summary } from './lib/stats';

const SEEKS = Number(process.env['BENCH_SEEKS'] ?? 20);
/** Seconds recorded before measuring: room for seeks on both sides of a session's start. */
const RECORD_SECONDS = Math.max(30, 10 + 3 * SEEKS);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Time (ms) from "Go" to the first tile showing, paused, the frame of the asked second (its burnt-in clock). */
async function seek(page: Page, target: number): Promise<number> {
  await page.getByTestId('goto-time').fill(toLocalInputValue(target));
  const started = Date.now();
  await page.getByTestId('goto-go').click();
  let shown: number | undefined;
  for (;;) {
    // The burnt-in clock is in whole seconds and a frame's program date-time can fall a
    // frame either side of a second: one second of slack, still well short of the 2 s moved.
    shown = await tileTimecode(page, 0);
    if ((await page.getByTestId('tile').first().getAttribute('data-state')) === 'playing' && shown !== undefined && Math.abs(shown - target / 1000) <= 1) return Date.now() - started;
    if (Date.now() - started > 20_000) throw new Error(`no frame of ${new Date(target).toISOString()} within 20 s (the tile shows ${shown === undefined ? 'nothing readable' : new Date(shown * 1000).toISOString()})`);
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
    // Paused, so the asked frame stays on screen to be seen; sessions only grow forward,
    // so each round goes further back than the last session's start (a new session) and
    // then two seconds on (inside it).
    const first = Math.floor((Date.now() - 6000) / 1000) * 1000;
    await page.getByTestId('goto-time').fill(toLocalInputValue(first + 3000));
    await page.getByTestId('goto-go').click();
    await page.getByTestId('play-pause').click();
    const inside: number[] = [];
    const fresh: number[] = [];
    for (let round = 0; round < SEEKS; round++) {
      const base = first - round * 3000;
      fresh.push(await seek(page, base));
      inside.push(await seek(page, base + 2000));
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
