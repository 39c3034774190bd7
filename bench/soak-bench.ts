/**
 * A shift-long soak: a 16-tile wall plays for SOAK_MINUTES (default 60) while the simulator
 * goes through the faults a field VMS produces, on a schedule, in turn: a server restart,
 * dropped event sockets, a camera offline and back, stalled segments, a burst of events.
 *
 * Every 30 s it samples the memory the browser (all its processes) and Tessera's core
 * hold: anonymous and shared pages as PSS, each shared page counted once (see
 * lib/process-memory.ts), by Chromium process type, with summed RSS beside it,
 * and checks that the VMS holds exactly one live session per playing tile (outside the
 * minute after a fault). After each fault it measures how long until all 16 tiles play
 * again with no operator; at the end, that every event the simulator delivered is in the
 * journal. Reports the memory slope after warm-up (goal: under 50 MiB/h each), the
 * recoveries, the session mismatches and the journal's count, and what the browser still holds
 * after a critical memory-pressure notification at the end (what it cannot give back when the
 * system asks) against the end of warm-up. CI does not run it.
 * Playwright is attached only for the moments it reads the page: attached, Chromium keeps
 * every response body for it and grows by the wall's bitrate (see unwatched-browser.ts).
 *
 *   npm run build && npm run bench:soak
 *   SOAK_MINUTES (default 60), SOAK_FAULT_EVERY_S (default 300; shorter runs use a fifth of the run)
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import type { Page } from 'playwright-core';
import { launchApp, simServer } from '../test/fixtures/app';
import { launchSim, type RunningSim } from '../test/fixtures/sim';
import { descendants } from './lib/proc-cpu';
import { heldByType, heldMiB, rssMiB, sumOver } from './lib/process-memory';
import { slope } from './lib/stats';
import { launchUnwatched, signalMemoryPressure } from './lib/unwatched-browser';

const MINUTES = Number(process.env['SOAK_MINUTES'] ?? 60);
const FAULT_EVERY_MS = Number(process.env['SOAK_FAULT_EVERY_S'] ?? Math.min(300, (MINUTES * 60) / 5)) * 1000;
const SAMPLE_MS = 30_000;
/** Memory is judged after this much of the run: players and caches fill up first. */
const WARM_UP_MS = Math.min(10 * 60_000, (MINUTES * 60_000) / 4);
/** A fault not recovered from within this is counted as not recovered. */
const RECOVERY_LIMIT_MS = 90_000;
const TILES = 16;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The sum over all types of `heldByType`'s answer (MiB). */
const totalOf = (byType: Record<string, number>): number => Object.values(byType).reduce((total, mib) => total + mib, 0);

/** `heldByType` as text: `renderer 301, gpu-process 120, ...` (MiB), largest first. */
function byTypeText(byType: Record<string, number>): string {
  return Object.entries(byType)
    .sort((a, b) => b[1] - a[1])
    .map(([type, mib]) => `${type} ${mib.toFixed(0)}`)
    .join(', ');
}

function playingTiles(page: Page): Promise<number> {
  return page.locator('[data-testid="tile"][data-state="playing"]').count();
}

/** Live sessions the VMS holds; -1 while it cannot say (it is restarting, control routes included). */
async function liveSessions(sim: RunningSim): Promise<number> {
  try {
    return (await sim.state()).sessions.filter((session) => session.kind === 'live').length;
  } catch {
    return -1;
  }
}

interface Fault {
  readonly name: string;
  /** Breaks something and, where the fault has an end, mends it. */
  run(sim: RunningSim): Promise<void>;
}

const FAULTS: readonly Fault[] = [
  { name: 'server restart (5 s down)', run: (sim) => sim.restart(5000) },
  { name: 'event sockets dropped', run: (sim) => sim.dropEventSockets() },
  {
    name: 'camera 3 offline for 20 s',
    run: async (sim) => {
      await sim.setCamera(3, false);
      await sleep(20_000);
      await sim.setCamera(3, true);
    },
  },
  {
    name: 'segments stall for 10 s',
    run: async (sim) => {
      await sim.setFaults({ segments: 'stall' });
      await sleep(10_000);
      await sim.resetFaults();
    },
  },
  { name: 'burst of 300 events at 30/s', run: (sim) => sim.burst(300, 30) },
];

/** Waits until every tile plays and the VMS has one live session per tile; the time it took, or undefined past the limit. */
async function recovery(page: Page, sim: RunningSim, since: number): Promise<number | undefined> {
  while (Date.now() - since < RECOVERY_LIMIT_MS) {
    if ((await playingTiles(page)) === TILES && (await liveSessions(sim)) === TILES) return Date.now() - since;
    await sleep(500);
  }
  return undefined;
}

const dataDir = await mkdtemp(join(tmpdir(), 'tessera-soak-'));
const sim = await launchSim({ cameras: TILES, eventsPerMinute: 6, sharedEncoders: 4 });
const app = await launchApp({ servers: [simServer(sim)], dataDir });
const browser = await launchUnwatched(app.url, { width: 1600, height: 900 });
const samples: Array<{ at: number; browser: number; browserRss: number; core: number; coreRss: number; playing: number; sessions: number; quiet: boolean }> = [];
const recoveries: Array<{ fault: string; ms: number | undefined }> = [];
try {
  /** Reads the page with Playwright attached for just that long. */
  const withPage = async <T>(read: (page: Page) => Promise<T>): Promise<T> => {
    const { page, detach } = await browser.attach();
    try {
      return await read(page);
    } finally {
      await detach();
    }
  };
  await withPage(async (page) => {
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="tile"][data-state="playing"]').length >= 4, undefined, { timeout: 60_000 });
    await page.keyboard.press('4');
    await page.keyboard.press('f');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="tile"][data-state="playing"]').length >= n, TILES, { timeout: 90_000 });
  });
  const corePid = app.proc.process.pid;
  if (corePid === undefined) throw new Error('no process id for the core');
  const corePids = (): number[] => [corePid, ...descendants(corePid).map((stat) => stat.pid)];

  console.log(`soak, ${new Date().toISOString()}: ${TILES} tiles, ${MINUTES} min, a fault every ${FAULT_EVERY_MS / 1000} s, sampled every ${SAMPLE_MS / 1000} s`);
  const started = Date.now();
  let nextFault = started + FAULT_EVERY_MS;
  let lastFaultAt = 0;
  let faultIndex = 0;
  const minutes = (at: number): string => ((at - started) / 60_000).toFixed(1).padStart(5);
  while (Date.now() - started < MINUTES * 60_000) {
    if (Date.now() >= nextFault) {
      const fault = FAULTS[faultIndex++ % FAULTS.length] as Fault;
      const at = Date.now();
      lastFaultAt = at;
      await fault.run(sim);
      const ms = await withPage((page) => recovery(page, sim, at));
      recoveries.push({ fault: fault.name, ms });
      console.log(`${minutes(at)} min  fault: ${fault.name}; ${ms === undefined ? `NOT recovered within ${RECOVERY_LIMIT_MS / 1000} s` : `all ${TILES} tiles playing again after ${(ms / 1000).toFixed(1)} s`}`);
      nextFault = Date.now() + FAULT_EVERY_MS;
    }
    const at = Date.now();
    const browserPids = browser.pids();
    const byType = heldByType(browserPids);
    const core = corePids();
    // The browser's total is the sum of its types: each process's memory is read once.
    const memory = { browser: totalOf(byType), browserRss: sumOver(browserPids, rssMiB), core: sumOver(core, heldMiB), coreRss: sumOver(core, rssMiB) };
    const sample = { at, ...memory, playing: await withPage(playingTiles), sessions: await liveSessions(sim), quiet: at - lastFaultAt > 60_000 };
    samples.push(sample);
    console.log(
      `${minutes(at)} min  browser ${sample.browser.toFixed(0)} MiB (${byTypeText(byType)}; RSS ${sample.browserRss.toFixed(0)})  core ${sample.core.toFixed(0)} MiB (RSS ${sample.coreRss.toFixed(0)})  tiles playing ${sample.playing}  VMS live sessions ${sample.sessions}`,
    );
    await sleep(Math.max(0, Math.min(SAMPLE_MS, nextFault - Date.now())));
  }

  const steady = samples.filter((sample) => sample.at - started >= WARM_UP_MS);
  const perHour = (key: 'browser' | 'browserRss' | 'core' | 'coreRss'): number => slope(steady.map((sample) => [(sample.at - started) / 3_600_000, sample[key]] as const));
  const mismatched = samples.filter((sample) => sample.quiet && (sample.playing !== TILES || sample.sessions !== sample.playing));
  await sleep(5000);
  const delivered = (await sim.sentEvents()).filter((event) => event.delivered > 0).map((event) => String(event.id));
  const db = new Database(join(dataDir, 'events.db'), { readonly: true });
  const journaled = new Set((db.prepare('SELECT vendor_event_id AS id FROM events').all() as Array<{ id: string }>).map((row) => row.id));
  db.close();
  const missing = delivered.filter((id) => !journaled.has(id));

  // Chromium keeps freed memory and caches for reuse until the system asks for it back. A
  // critical memory-pressure notification (what it gets when the system runs short) tells
  // what it cannot give back: growth that stays after it is held, not kept for reuse.
  const warm = steady[0];
  await withPage(signalMemoryPressure);
  await sleep(10_000);
  const afterPressure = totalOf(heldByType(browser.pids()));

  console.log('');
  if (warm) console.log(`browser after a critical memory-pressure notification at the end: ${afterPressure.toFixed(0)} MiB, against ${warm.browser.toFixed(0)} MiB at the end of warm-up (${(afterPressure - warm.browser).toFixed(0)} MiB over ${((Date.now() - warm.at) / 3_600_000).toFixed(2)} h)`);
  console.log(`memory slope after ${(WARM_UP_MS / 60_000).toFixed(0)} min warm-up: browser ${perHour('browser').toFixed(0)} MiB/h, core ${perHour('core').toFixed(0)} MiB/h (goal < 50 each; ${steady.length} samples)`);
  console.log(`  the same as summed RSS (file-backed pages included, shared ones once per process): browser ${perHour('browserRss').toFixed(0)} MiB/h, core ${perHour('coreRss').toFixed(0)} MiB/h`);
  console.log(`faults: ${recoveries.length}, recovered without an operator: ${recoveries.filter((entry) => entry.ms !== undefined).length}, slowest ${(Math.max(0, ...recoveries.map((entry) => entry.ms ?? Infinity)) / 1000).toFixed(1)} s`);
  console.log(`samples away from faults where tiles playing != ${TILES} or VMS sessions != tiles playing: ${mismatched.length} of ${samples.filter((sample) => sample.quiet).length}`);
  console.log(`events delivered by the simulator: ${delivered.length}, in the journal: ${delivered.length - missing.length}, missing: ${missing.length}`);
} finally {
  await browser.stop();
  await app.stop();
  await sim.stop();
}
process.exit(0);
