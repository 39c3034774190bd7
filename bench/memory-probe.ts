/**
 * Where the browser's memory goes while the wall plays: RSS of every Chromium process by
 * type (browser, renderer, GPU, utilities), the page's live JS heap after a collection,
 * and how much video each tile buffers, every 30 s; at the end every player is closed
 * and the page left, to see what is given back. A tool to find growth that `bench:wall`
 * reports, not a comparison.
 *
 *   npm run build && npm run bench:memory
 *   MEMORY_MINUTES (default 10), MEMORY_LAYOUT (layout key, default 4 = 4x4), MEMORY_TILES (default 16)
 */
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { launchApp, simServer } from '../test/fixtures/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium';
import { launchSim } from '../test/fixtures/sim';
import { descendants } from './lib/proc-cpu';

const MINUTES = Number(process.env['MEMORY_MINUTES'] ?? 10);
const LAYOUT = process.env['MEMORY_LAYOUT'] ?? '4';
const TILES = Number(process.env['MEMORY_TILES'] ?? 16);
const SAMPLE_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Chromium's process type from its command line (renderer, gpu-process, utility:NetworkService, ...). */
function processType(pid: number): string {
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
  const type = args.find((arg) => arg.startsWith('--type='))?.slice('--type='.length) ?? 'browser';
  const sub = args.find((arg) => arg.startsWith('--utility-sub-type='))?.split('.').at(-1);
  return sub ? `${type}:${sub}` : type;
}

/** MiB of RSS by process type, over every Chromium process this script started. */
function rssByType(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { pid, command } of descendants(process.pid)) {
    if (!command.startsWith('chrom')) continue;
    try {
      const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      const type = processType(pid);
      out[type] = (out[type] ?? 0) + Math.round(kib / 1024);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

const sim = await launchSim({ cameras: TILES, lingerMs: 20_000, mainSize: { width: 1280, height: 720 } });
const app = await launchApp({ servers: [simServer(sim)] });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'] });
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  const playing = (count: number): Promise<unknown> =>
    page.waitForFunction((n) => document.querySelectorAll('[data-testid="tile"][data-state="playing"]').length >= n, count, { timeout: 60_000 });
  await page.goto(app.url);
  await playing(Math.min(4, TILES));
  await page.keyboard.press(LAYOUT);
  await page.keyboard.press('f');
  await playing(TILES);
  console.log(`memory probe, ${new Date().toISOString()}: layout key ${LAYOUT}, ${TILES} tiles, ${MINUTES} min; MiB`);
  const started = Date.now();
  const minutes = (): string => ((Date.now() - started) / 60_000).toFixed(1).padStart(5);
  while (Date.now() - started < MINUTES * 60_000) {
    const reading = await page.evaluate(() => {
      (window as unknown as { gc?: () => void }).gc?.();
      const seconds = [...document.querySelectorAll('video')].map((video) => {
        let total = 0;
        for (let range = 0; range < video.buffered.length; range++) total += video.buffered.end(range) - video.buffered.start(range);
        return total;
      });
      const heap = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
      return { heap: Math.round(heap / 1048576), bufferedMax: Math.max(0, ...seconds) };
    });
    console.log(`${minutes()} min  ${JSON.stringify(rssByType())}  JS heap ${reading.heap}  most buffered ${reading.bufferedMax.toFixed(1)} s`);
    await sleep(SAMPLE_MS);
  }
  await page.keyboard.press('1');
  await sleep(SAMPLE_MS);
  console.log(`${minutes()} min  1x1: ${JSON.stringify(rssByType())}`);
  await page.goto('about:blank');
  await sleep(SAMPLE_MS);
  console.log(`${minutes()} min  page left: ${JSON.stringify(rssByType())}`);
} finally {
  await browser.close();
  await app.stop();
  await sim.stop();
}
process.exit(0);
