/**
 * The canvas timeline against a DOM baseline (one absolutely positioned element per
 * marker, repositioned on every move), same 100,000 events over a day, same run, in
 * Debian's Chromium:
 *
 *   first draw     from the data to the timeline drawn and laid out (synchronous work),
 *                  and to the frame that shows it painted
 *   pan            a drag of 120 frames over the whole day (every marker in view): script
 *                  per frame, frame-to-frame interval, long animation frames, and the
 *                  browser's own script / style / layout time per frame (CDP metrics,
 *                  which include React re-rendering the parent on every move)
 *
 * Then a screenshot of the sample to /tmp/timeline.png (and -hour, -merged) to look at.
 *
 *   npx tsx bench/timeline-bench.ts
 *   (BENCH_RUNS=5, BENCH_EVENTS=100000, BENCH_DPR=1, BENCH_PARENT=moves|ends, BENCH_SCREENSHOTS=1)
 */
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium';
import type { FirstDraw, PanFrames, VisualOptions } from './timeline/page';
import { percentile } from './lib/stats';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 100_000);
const DPR = Number(process.env['BENCH_DPR'] ?? 1);
/** `moves`: the page's parent stores every view change (a React render per frame); `ends`: only gesture ends. */
const PARENT = process.env['BENCH_PARENT'] === 'ends' ? 'ends' : 'moves';
const PAN_FRAMES = 120;
const PAN_STEP_PX = 4;
const VIEWPORT = { width: 1600, height: 480 };
const ORIGIN = 'http://timeline.bench';
const GOALS = { firstDraw: 50, panScript: 8 };

type Kind = 'canvas' | 'dom';

interface Run {
  firstDraw: FirstDraw;
  pan: PanFrames;
  /** Browser totals over the pan divided by its frames (ms). */
  perFrame: { script: number; style: number; layout: number; task: number };
}


async function bundle(): Promise<{ js: string; css: string }> {
  const result = await build({
    entryPoints: ['bench/timeline/page.ts'],
    bundle: true,
    format: 'iife',
    target: 'chrome120',
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: 'out',
    write: false,
    logLevel: 'warning',
  });
  const file = (extension: string): string => result.outputFiles.find((output) => output.path.endsWith(extension))?.text ?? '';
  return { js: file('.js'), css: file('.css') };
}

async function open(browser: Browser, assets: { js: string; css: string }, viewport = VIEWPORT): Promise<Page> {
  const page = await browser.newPage({ viewport, deviceScaleFactor: DPR });
  const html = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/page.css"></head><body><div id="wall">${['Gate North', 'Loading Bay 2', 'Lobby', 'Car Park East'].map((name) => `<div>${name}</div>`).join('')}</div><div id="timeline-host"></div><script src="/page.js"></script></body></html>`;
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/page.js') return route.fulfill({ contentType: 'text/javascript', body: assets.js });
    if (path === '/page.css') return route.fulfill({ contentType: 'text/css', body: assets.css });
    return route.fulfill({ contentType: 'text/html', body: html });
  });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${ORIGIN}/?events=${EVENTS}&parent=${PARENT}`);
  await page.waitForFunction(() => 'timelineBench' in window);
  return page;
}

async function measure(browser: Browser, assets: { js: string; css: string }, kind: Kind): Promise<Run> {
  const page = await open(browser, assets);
  try {
    // Let the page settle (fonts, the first frames) before the clock starts.
    await page.waitForTimeout(300);
    const firstDraw = await page.evaluate((which) => window.timelineBench.firstDraw(which), kind);
    await page.waitForTimeout(300);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const read = async (): Promise<Record<string, number>> => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((metric) => [metric.name, metric.value]));
    const before = await read();
    const pan = await page.evaluate(({ frames, step }) => window.timelineBench.pan(frames, step), { frames: PAN_FRAMES, step: PAN_STEP_PX });
    const after = await read();
    const per = (name: string): number => (((after[name] ?? 0) - (before[name] ?? 0)) * 1000) / PAN_FRAMES;
    return { firstDraw, pan, perFrame: { script: per('ScriptDuration'), style: per('RecalcStyleDuration'), layout: per('LayoutDuration'), task: per('TaskDuration') } };
  } finally {
    await page.close();
  }
}

function row(name: string, canvas: readonly number[], dom: readonly number[], goal?: number): void {
  const stats = (values: readonly number[]): string => [50, 95, 100].map((p) => percentile(values, p).toFixed(2).padStart(8)).join(' ');
  const ratio = percentile(canvas, 50) / percentile(dom, 50);
  const verdict = goal === undefined ? '' : percentile(canvas, 95) <= goal ? `  goal <= ${goal} ms: met (p95)` : `  goal <= ${goal} ms: MISSED (p95)`;
  console.log(`${name.padEnd(34)} ${stats(canvas)}   ${stats(dom)}   ${ratio.toFixed(3).padStart(7)}${verdict}`);
}

function report(canvas: readonly Run[], dom: readonly Run[]): void {
  console.log(`\n${EVENTS.toLocaleString('en-GB')} events over a day, all in view; ${RUNS} runs each; ${VIEWPORT.width} px wide at DPR ${DPR}; pan ${PAN_FRAMES} frames x ${PAN_STEP_PX} px; parent stores ${PARENT === 'ends' ? 'gesture ends' : 'every move'}`);
  console.log(`${'ms'.padEnd(34)} ${'canvas p50      p95      max'.padStart(26)}   ${'DOM p50      p95      max'.padStart(26)}   canvas/DOM (p50)`);
  row('first draw: script + layout', canvas.map((run) => run.firstDraw.script), dom.map((run) => run.firstDraw.script), GOALS.firstDraw);
  row('first draw: until painted', canvas.map((run) => run.firstDraw.painted), dom.map((run) => run.firstDraw.painted));
  row('pan: script per frame (rAF)', canvas.flatMap((run) => run.pan.script), dom.flatMap((run) => run.pan.script), GOALS.panScript);
  row('pan: frame interval', canvas.flatMap((run) => run.pan.interval), dom.flatMap((run) => run.pan.interval));
  row('pan: browser script / frame (CDP)', canvas.map((run) => run.perFrame.script), dom.map((run) => run.perFrame.script), GOALS.panScript);
  row('pan: style recalc / frame (CDP)', canvas.map((run) => run.perFrame.style), dom.map((run) => run.perFrame.style));
  row('pan: layout / frame (CDP)', canvas.map((run) => run.perFrame.layout), dom.map((run) => run.perFrame.layout));
  row('pan: main-thread tasks / frame', canvas.map((run) => run.perFrame.task), dom.map((run) => run.perFrame.task));
  const long = (runs: readonly Run[]): string => `${runs.reduce((sum, run) => sum + run.pan.longFrames, 0)} (longest ${Math.max(...runs.map((run) => run.pan.longestFrame)).toFixed(0)} ms)`;
  console.log(`long animation frames (> 50 ms) during pans: canvas ${long(canvas)}, DOM ${long(dom)}`);
}

async function screenshots(browser: Browser, assets: { js: string; css: string }): Promise<void> {
  const shoot = async (file: string, options: VisualOptions, hover?: (page: Page) => Promise<void>): Promise<void> => {
    const page = await open(browser, assets, { width: 1600, height: 330 });
    await page.evaluate((opts) => window.timelineBench.visual(opts), options);
    await hover?.(page);
    await page.waitForTimeout(100);
    await page.screenshot({ path: file });
    await page.close();
    console.log(`screenshot: ${file}`);
  };
  const day = await (async () => {
    const page = await open(browser, assets);
    const value = await page.evaluate(() => ({ view: window.timelineBench.day.view, now: window.timelineBench.day.now }));
    await page.close();
    return value;
  })();
  const HOUR = 3_600_000;
  const hoverMarkers = async (page: Page, share: number): Promise<void> => {
    const box = await page.getByTestId('timeline').boundingBox();
    const markerY = Number(await page.getByTestId('timeline').getAttribute('data-marker-y'));
    if (box) await page.mouse.move(box.x + box.width * share, box.y + markerY);
  };
  await shoot('/tmp/timeline.png', { playhead: day.view.from + 15.5 * HOUR }, (page) => hoverMarkers(page, 0.4));
  const hourView = { from: day.view.from + 13.6 * HOUR, to: day.view.from + 14.6 * HOUR };
  await shoot('/tmp/timeline-hour.png', { view: hourView, playhead: day.view.from + 14.2 * HOUR, unknownRow: true }, (page) => hoverMarkers(page, 0.63));
  await shoot('/tmp/timeline-merged.png', { rows: 9, view: { from: day.now - 2 * HOUR, to: day.now + 0.3 * HOUR } });
}

const assets = await bundle();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
try {
  console.log(`timeline benchmark, ${new Date().toISOString()}, ${(assets.js.length / 1024).toFixed(0)} KiB page bundle`);
  const canvas: Run[] = [];
  const dom: Run[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Alternate the order so neither side always runs on a warmer machine.
    for (const kind of run % 2 === 0 ? (['canvas', 'dom'] as const) : (['dom', 'canvas'] as const)) {
      (kind === 'canvas' ? canvas : dom).push(await measure(browser, assets, kind));
    }
    process.stdout.write(`run ${run + 1}/${RUNS} done\n`);
  }
  if (RUNS > 0) report(canvas, dom);
  if (process.env['BENCH_SCREENSHOTS'] !== '0') await screenshots(browser, assets);
} finally {
  await browser.close();
}
