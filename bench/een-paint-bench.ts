/**
 * Image to screen of Eagle Eye preview tiles (the second half of the Eagle Eye bench;
 * bench/een-preview-bench.ts counts what the tiles cost Eagle Eye). The simulator's Eagle
 * Eye front (legacy API), the launcher in web mode with that server, headless Chromium
 * showing BENCH_PAINT_TILES preview tiles (default 16, a camera each) for BENCH_SECONDS
 * (default 30). The page notes, for every image a tile draws, when the core's answer reached
 * it (the fetch's headers) and the first animation frame after the canvas drew it; the
 * simulator notes when it made each image (from then on a waiting `next` request gets it at
 * once); the two are joined by the image's own time (`x-frame-time`). The picture's burnt-in
 * time is earlier than that by the simulated encoder's own lag, reported apart: it is the
 * camera's, not Tessera's. No naive per-viewer client here: a page cannot read Eagle Eye's
 * image headers across origins (no CORS); bench:een times the naive client to its arrival
 * in Node instead.
 *
 *   npm run build && npm run bench:een-paint
 */
import { loadavg } from 'node:os';
import { chromium, type Page } from 'playwright-core';
import { launchApp } from '../test/fixtures/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium';
import { launchSim } from '../test/fixtures/sim';
import { summary } from './lib/stats';

const TILES = Number(process.env['BENCH_PAINT_TILES'] ?? 16);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30);

interface Painted {
  readonly takenAt: number;
  readonly arrivedAt: number;
  readonly paintedAt: number;
}

/**
 * Runs in the page before its own scripts: ties each drawn image to its answer through the
 * objects themselves (the Response's `x-frame-time` → its Blob → the ImageBitmap made of it
 * → the drawImage of that bitmap), so concurrent tiles never mix, and notes the first
 * animation frame after each draw.
 */
function instrument(): void {
  const marks = new WeakMap<object, { takenAt: number; arrivedAt: number }>();
  const painted: Painted[] = [];
  Object.assign(window, { __painted: painted });
  const fetch = window.fetch.bind(window);
  window.fetch = async (...args: Parameters<typeof window.fetch>): Promise<Response> => {
    const response = await fetch(...args);
    const takenAt = Number(response.headers.get('x-frame-time'));
    if (takenAt > 0) marks.set(response, { takenAt, arrivedAt: Date.now() });
    return response;
  };
  const blob = Object.getOwnPropertyDescriptor(Response.prototype, 'blob')?.value as (this: Response) => Promise<Blob>;
  Object.defineProperty(Response.prototype, 'blob', {
    configurable: true,
    writable: true,
    value: async function (this: Response): Promise<Blob> {
      const made = await blob.call(this);
      const mark = marks.get(this);
      if (mark) marks.set(made, mark);
      return made;
    },
  });
  const bitmap: (source: ImageBitmapSource) => Promise<ImageBitmap> = window.createImageBitmap.bind(window);
  Object.defineProperty(window, 'createImageBitmap', {
    configurable: true,
    writable: true,
    value: async (source: ImageBitmapSource): Promise<ImageBitmap> => {
      const made = await bitmap(source);
      const mark = marks.get(source);
      if (mark) marks.set(made, mark);
      return made;
    },
  });
  const draw = Object.getOwnPropertyDescriptor(CanvasRenderingContext2D.prototype, 'drawImage')?.value as (...all: unknown[]) => void;
  Object.defineProperty(CanvasRenderingContext2D.prototype, 'drawImage', {
    configurable: true,
    writable: true,
    value: function (this: CanvasRenderingContext2D, ...all: unknown[]): void {
      const mark = marks.get(all[0] as object);
      draw.apply(this, all);
      if (mark) requestAnimationFrame(() => painted.push({ ...mark, paintedAt: Date.now() }));
    },
  });
}

async function main(): Promise<void> {
  const cameras = Array.from({ length: TILES }, (_, index) => index + 1);
  const sim = await launchSim({ cameras: TILES, eventsPerMinute: 0, een: { cameras, previewLingerMs: 60_000 } });
  const een = sim.een;
  if (!een) throw new Error('no Eagle Eye front');
  const app = await launchApp({ servers: [{ id: 'eagle-eye', type: 'een', name: 'Eagle Eye', api: 'legacy', loginUrl: een.url, username: een.username, password: een.password }], extraArgs: ['--no-demo'] });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    // tsx (esbuild, keepNames) wraps the function's inner functions in `__name(...)`, which the page lacks.
    await page.addInitScript({ content: `var __name = (target) => target; (${instrument.toString()})();` });
    await page.goto(app.url);
    await page.waitForSelector('body[data-app-state="ready"]');
    await page.getByTestId('layout-button').click();
    await page.locator('[data-testid="layout-option"][data-layout-id="4x4"]').click();
    await page.locator('[data-testid="server"][data-server-id="eagle-eye"] header').dragTo(page.getByTestId('tile').nth(0));
    const shown = Math.min(16, TILES);
    await page.locator('[data-testid="tile"][data-server-id="eagle-eye"][data-state="playing"]').nth(shown - 1).waitFor({ timeout: 60_000 });
    await page.evaluate(() => ((window as unknown as { __painted: Painted[] }).__painted.length = 0));
    const load = loadavg()[0] ?? 0;
    await page.waitForTimeout(SECONDS * 1000);
    const painted = await collect(page);
    const made = new Map(((await (await fetch(`${een.url}/_sim/previews/made`)).json()) as Array<{ takenAt: number; madeAt: number }>).map((image) => [image.takenAt, image.madeAt]));
    const timed = painted.flatMap((image) => {
      const madeAt = made.get(image.takenAt);
      return madeAt === undefined ? [] : [{ ...image, madeAt }];
    });
    process.stdout.write(
      `Image to screen, ${String(shown)} Eagle Eye preview tiles (legacy API, simulator) in headless Chromium for ${String(SECONDS)} s, 1-minute load ${load.toFixed(1)} at the start: ` +
        `${String(painted.length)} images painted (${(painted.length / SECONDS / shown).toFixed(2)} per tile per second), ${String(timed.length)} matched to the simulator's\n` +
        `  image served -> the core's answer in the page: ${summary(timed.map((image) => image.arrivedAt - image.madeAt))}\n` +
        `  image served -> first frame after the draw:    ${summary(timed.map((image) => image.paintedAt - image.madeAt))}\n` +
        `  (the simulated camera: picture's time -> image served ${summary(timed.map((image) => image.madeAt - image.takenAt))})\n`,
    );
  } finally {
    await browser.close();
    await app.stop();
    await sim.stop();
  }
}

async function collect(page: Page): Promise<Painted[]> {
  return page.evaluate(() => (window as unknown as { __painted: Painted[] }).__painted.slice());
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
