/**
 * Where the page's main thread goes while alerts pour in: a 16-tile wall (`BURST_TILES=4`
 * for 2x2) plays, the simulator sends `BURST_COUNT` events (default 300) at 30/s, and
 * Chromium's sampling profiler records the renderer for 12 s. Prints how long the page
 * then takes to answer, and the self time per function mapped through the build's source
 * maps (native work such as layout, paint and decode is "(program)"). A tool to find the
 * cost of an alert, not a comparison: it found the per-row time formatting and a forced
 * layout per alert that froze a 16-tile wall for seconds during a burst.
 *
 *   npm run build && npm run bench:burst
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SourceMapConsumer } from 'source-map-js';
import { chromium } from 'playwright-core';
import { launchApp, simServer } from '../test/fixtures/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium';
import { launchSim } from '../test/fixtures/sim';

const TILES = Number(process.env['BURST_TILES'] ?? 16);
const sim = await launchSim({ cameras: 16, eventsPerMinute: 0, sharedEncoders: 4 });
const app = await launchApp({ servers: [simServer(sim)] });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(app.url);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="tile"][data-state="playing"]').length >= 4, undefined, { timeout: 60_000 });
  if (TILES === 16) {
    await page.keyboard.press('4');
    await page.keyboard.press('f');
  }
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="tile"][data-state="playing"]').length >= n, TILES, { timeout: 90_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  // BURST_COUNT=0: the wall alone, for its steady cost.
  const count = Number(process.env['BURST_COUNT'] ?? 300);
  if (count > 0) await sim.burst(count, 30);
  await new Promise((r) => setTimeout(r, 12_000));
  const lag = Date.now();
  await page.evaluate(() => 1);
  console.log('page answered after', Date.now() - lag, 'ms; since burst', Date.now() - t0);
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }>; samples: number[]; timeDeltas: number[] } };
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  // The renderer is minified; its source maps name the functions and files again.
  const dist = join('dist/renderer/assets');
  const maps = new Map<string, SourceMapConsumer>();
  for (const file of readdirSync(dist).filter((name) => name.endsWith('.js.map'))) maps.set(file.replace(/\.map$/, ''), new SourceMapConsumer(readFileSync(join(dist, file), 'utf8')));
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (!us) continue;
    const { url, lineNumber, columnNumber, functionName } = node.callFrame;
    const file = url.split('/').pop()?.split('?')[0] ?? '';
    const map = maps.get(file);
    let name = `${functionName || '(anon)'} ${file}`;
    if (map) {
      const pos = map.originalPositionFor({ line: lineNumber + 1, column: columnNumber });
      name = `${pos.name ?? functionName} ${pos.source.replace(/.*node_modules\//, 'nm/').replace(/^.*renderer\//, 'renderer/')}:${pos.line}`;
    }
    byName.set(name, (byName.get(name) ?? 0) + us);
  }
  const total = [...byName.values()].reduce((a, b) => a + b, 0);
  console.log('total sampled ms', (total / 1000).toFixed(0));
  for (const [name, us] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log((us / 1000).toFixed(0).padStart(7), name);
} finally {
  await browser.close();
  await app.stop();
  await sim.stop();
}
process.exit(0);
