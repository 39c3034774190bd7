/**
 * The live wall against a baseline page of plain hls.js players (default settings),
 * playing the same simulator streams (the profile Tessera's tiles chose; printed) in the
 * same run, in Debian's Chromium:
 *
 *   time to first frame   16 tiles at once: from each session's start to the tile's first
 *                         presented frame (warm: the camera's encoder already runs, as on a
 *                         real VMS); for Tessera also from the window's opening, its own
 *                         start included, as the operator waits
 *   16 and 36 tiles       in a browser of its own with no automation attached meanwhile,
 *                         over the same 20 s steady window: CPU of the browser and of
 *                         Tessera's core (separately; the baseline has no core), memory (RSS,
 *                         JS heap), live-edge latency (now minus the program date-time of the
 *                         frame on screen, sampled by the page itself once a second) and
 *                         frames the compositor dropped (of those decoded)
 *   layout switch         2x2 -> 3x3: from the key press (baseline: rebuilding its
 *                         players) to the first frame of every tile
 *   memory growth         RSS and JS heap of 16 tiles over BENCH_MINUTES (default 10) after a
 *                         2-minute warm-up, and the RSS slope over the second half (MiB/h),
 *                         in a browser of its own with no automation attached meanwhile
 *   second baseline       the CPU of 16 and 36 tiles once more, on the plain page with its
 *                         players started START_APART_MS apart: the cameras share encoders,
 *                         and plain players started at once present one encoder's tiles in
 *                         step, which independent cameras do not
 *
 *   npm run build && npm run bench:wall      (BENCH_MINUTES=10)
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { launchApp, simServer, type RunningApp } from '../test/fixtures/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium';
import { percentile, slope } from './lib/stats';
import { launchSim, type RunningSim } from '../test/fixtures/sim';
import { descendants, threadCores } from './lib/proc-cpu';
import { chromiumProcessType } from './lib/process-memory';
import { launchUnwatched } from './lib/unwatched-browser';
import { baselineServer, baselineSessions } from './wall/baseline-page';

const MINUTES = Number(process.env['BENCH_MINUTES'] ?? 10);
/**
 * Memory is tracked from this long after 16 tiles start, once every player's back and
 * forward buffers are full: what grows after that is what a twelve-hour shift accumulates.
 */
const MEMORY_WARM_MS = Math.min(120_000, MINUTES * 30_000);
const MEMORY_SAMPLE_MS = 30_000;
/** Playback runs this long before latency is sampled: where a player starts depends on how full the live window is. */
const STEADY_MS = 15_000;
const VIEWPORT = { width: 1600, height: 900 };
/**
 * The second baseline starts its players this far apart. The bench's cameras share four
 * encoders, and plain players started all at once present the frames of one encoder's tiles
 * in the same compositor frame, which independent cameras never do: their frames fall at
 * phases of their own. 86 ms is not a multiple of the 100 ms frame, so successive tiles fall
 * at different phases.
 */
const START_APART_MS = 86;
// Memory figures need precise heap sizes and a gc() to call before each reading.
const BENCH_ARGS = [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'];

interface SizeFigures {
  /** Browser CPU in cores (every Chromium process). */
  cpu?: number;
  /** Tessera's core (the launcher's process tree; the simulator is not in it). 0 for the baseline, which has none. */
  coreCpu?: number;
  rss?: number;
  heap?: number;
  latencyP50?: number;
  latencyP95?: number;
  /** Frames the compositor dropped, all tiles together, in the steady window. */
  dropped?: number;
  /** Frames decoded in the same window, all tiles together (what `dropped` is out of). */
  decoded?: number;
}

interface Figures {
  ttffP50?: number;
  ttffP95?: number;
  /** From the window's opening (navigation) to each tile's first frame: the page's own start included, as the operator waits for it. Tessera only: the plain page has no start of its own. */
  openP50?: number;
  switchMs?: number;
  at16: SizeFigures;
  at36: SizeFigures;
  growthRss?: number;
  growthHeap?: number;
  slopeRss?: number;
  playingAtEnd?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How a wall page is read while nothing is attached: what the page samples by itself. */
interface WallProbe {
  /** Puts `tiles` tiles on the page and waits until each shows its first frame. */
  show(page: Page, tiles: 16 | 36): Promise<void>;
  /** Where the page shows each tile's live lag: Tessera's watermarks, or the baseline's hls.js players. */
  readonly lags: 'watermarks' | 'players';
}

/**
 * Starts, in the page, a once-a-second record of every tile's live lag and the frame
 * counters of every video, so that the steady window can be read afterwards without a
 * client attached while it runs. Injected as text: tsx wraps functions written here in a
 * helper the page does not have.
 */
const startSampling = (page: Page, lags: WallProbe['lags']): Promise<unknown> =>
  page.evaluate(`(() => {
    const source = ${JSON.stringify(lags)};
    const read = () => source === 'players'
      ? window.bench.latencies()
      : [...document.querySelectorAll('[data-testid="tile-watermark"]')].map((mark) => Number(mark.getAttribute('data-age-ms'))).filter((value) => Number.isFinite(value));
    const counters = () => [...document.querySelectorAll('video')].reduce((sum, video) => {
      const quality = video.getVideoPlaybackQuality();
      return { decoded: sum.decoded + quality.totalVideoFrames, dropped: sum.dropped + quality.droppedVideoFrames };
    }, { decoded: 0, dropped: 0 });
    const state = { lags: [], counters: [] };
    window.__sampling = state;
    window.setInterval(() => {
      const at = Date.now();
      state.lags.push({ at, lags: read() });
      state.counters.push({ at, ...counters() });
    }, 1000);
  })()`);

/** The lags and frame counters the page sampled between `from` and `to` (epoch ms). */
const readSampling = (page: Page, from: number, to: number): Promise<{ lags: number[]; decoded: number; dropped: number }> =>
  page.evaluate(
    ({ start, end }) => {
      const state = (window as unknown as { __sampling: { lags: Array<{ at: number; lags: number[] }>; counters: Array<{ at: number; decoded: number; dropped: number }> } }).__sampling;
      const inside = state.counters.filter((sample) => sample.at >= start && sample.at <= end);
      const first = inside[0];
      const last = inside.at(-1);
      return {
        lags: state.lags.filter((sample) => sample.at >= start && sample.at <= end).flatMap((sample) => sample.lags),
        decoded: first && last ? last.decoded - first.decoded : 0,
        dropped: first && last ? last.dropped - first.dropped : 0,
      };
    },
    { start: from, end: to },
  );

/**
 * What the wall costs and how it plays, in a browser of its own with nothing attached
 * while it is measured (see unwatched-browser.ts: an attached client makes the renderer
 * keep every response body, and spends CPU reporting every request). For 36 and for 16
 * tiles: steady CPU of the browser and of Tessera's core (`corePid`) over the same 20 s,
 * memory, live lag sampled by the page itself once a second in that window, and frames
 * dropped in it. Then memory of the 16 over MINUTES after a warm-up: growth of RSS and of
 * the live JS heap from first to last reading, the RSS slope over the second half in MiB
 * per hour (a leak keeps its slope; caches filling up flatten out), and how many videos
 * still play at the end.
 */
async function measureWall(url: string, probe: WallProbe, corePid: number | undefined, memory = true): Promise<Pick<Figures, 'at16' | 'at36' | 'growthRss' | 'growthHeap' | 'slopeRss' | 'playingAtEnd'>> {
  const browser = await launchUnwatched(url, { args: BENCH_ARGS, ...VIEWPORT });
  const figures: Pick<Figures, 'at16' | 'at36' | 'growthRss' | 'growthHeap' | 'slopeRss' | 'playingAtEnd'> = { at16: {}, at36: {} };
  try {
    let { page, detach } = await browser.attach();
    for (const tiles of [36, 16] as const) {
      await probe.show(page, tiles);
      await startSampling(page, probe.lags);
      await detach();
      await sleep(STEADY_MS);
      const from = Date.now();
      const corePids = (): number[] => (corePid === undefined ? [] : [corePid, ...descendants(corePid).map((child) => child.pid)]);
      // One reading of every thread; the browser's and the core's totals are sums of it.
      const threads = await threadCores(() => [...browser.pids(), ...corePids()], (pid) => (corePids().includes(pid) ? CORE : chromiumProcessType(pid)), 20);
      const coreCpu = sumThreads(threads, (name) => name.startsWith(`${CORE}/`));
      const cpu = sumThreads(threads, (name) => !name.startsWith(`${CORE}/`));
      const to = Date.now();
      const rss = await browser.rss();
      ({ page, detach } = await browser.attach());
      const sampled = await readSampling(page, from, to);
      const size: SizeFigures = { cpu, coreCpu, rss, heap: await heapMiB(page), latencyP50: percentile(sampled.lags, 50), latencyP95: percentile(sampled.lags, 95), dropped: sampled.dropped, decoded: sampled.decoded };
      if (tiles === 36) figures.at36 = size;
      else figures.at16 = size;
      console.log(`${tiles} tiles: ${JSON.stringify(size, (_key, value: unknown) => (typeof value === 'number' ? Number(value.toFixed(3)) : value))}`);
      console.log(`${tiles} tiles, CPU by thread (cores): ${threadSplit(threads)}`);
    }
    await detach();
    if (!memory) return figures;
    await sleep(MEMORY_WARM_MS);
    ({ page, detach } = await browser.attach());
    const heapStart = await heapMiB(page);
    await detach();
    const started = Date.now();
    const rssStart = await browser.rss();
    const samples: Array<[number, number]> = [[0, rssStart]];
    while (Date.now() - started < MINUTES * 60_000) {
      await sleep(Math.min(MEMORY_SAMPLE_MS, MINUTES * 60_000 - (Date.now() - started)));
      samples.push([(Date.now() - started) / 3_600_000, await browser.rss()]);
    }
    const rssEnd = samples.at(-1)?.[1] ?? rssStart;
    const secondHalf = samples.filter(([hours]) => hours >= MINUTES / 120);
    ({ page, detach } = await browser.attach());
    Object.assign(figures, { growthRss: rssEnd - rssStart, growthHeap: (await heapMiB(page)) - heapStart, slopeRss: slope(secondHalf), playingAtEnd: await videosAdvancing(page) });
    await detach();
    return figures;
  } finally {
    await browser.stop();
  }
}

/** How `threadCores` labels the threads of Tessera's core (the browser's are labelled by process type). */
const CORE = 'core';

/** Cores used by the threads whose label `pick` chooses. */
const sumThreads = (threads: ReadonlyMap<string, number>, pick: (name: string) => boolean): number => [...threads].reduce((total, [name, cores]) => total + (pick(name) ? cores : 0), 0);

/** The threads that used at least half a percent of a core, busiest first. */
const threadSplit = (threads: ReadonlyMap<string, number>): string =>
  [...threads]
    .filter(([, cores]) => cores >= 0.005)
    .sort((a, b) => b[1] - a[1])
    .map(([name, cores]) => `${name} ${cores.toFixed(3)}`)
    .join(', ');

/** Videos whose picture moves on over two seconds (a frozen or stopped player does not count). */
const videosAdvancing = (page: Page): Promise<number> =>
  page.evaluate(async () => {
    const videos = [...document.querySelectorAll('video')];
    const before = videos.map((video) => video.currentTime);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    return videos.filter((video, index) => !video.paused && video.currentTime > (before[index] ?? 0) + 0.5).length;
  });

/** Live JS heap after a full collection (garbage not yet collected is not memory in use). */
const heapMiB = (page: Page): Promise<number> =>
  page.evaluate(() => {
    (globalThis as unknown as { gc?: () => void }).gc?.();
    return ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1048576;
  });

/**
 * Records every tile video's first presented frame after each new source, by camera: when the
 * compositor showed it (the callback's `expectedDisplayTime`), not when the page's busy main
 * thread got round to the callback, 0.04-0.2 s later on a 16-tile wall starting here.
 */
const TESSERA_PROBE = `
  window.__bench = { frames: [] };
  const watch = (video) => {
    let pending = true;
    video.addEventListener('loadstart', () => { pending = true; });
    const tick = (now, frame) => {
      if (pending) {
        pending = false;
        const tile = video.closest('[data-testid="tile"]');
        window.__bench.frames.push({ camera: tile ? tile.getAttribute('data-camera-id') : '', at: performance.timeOrigin + frame.expectedDisplayTime });
      }
      video.requestVideoFrameCallback(tick);
    };
    video.requestVideoFrameCallback(tick);
  };
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) {
      if (node instanceof HTMLVideoElement) watch(node);
      else if (node instanceof HTMLElement) node.querySelectorAll('video').forEach(watch);
    }
  }).observe(document, { childList: true, subtree: true });
`;

interface Probe {
  frames: Array<{ camera: string; at: number }>;
}

/**
 * Time from each live session's start, as the simulator recorded it (the VMS's own clock
 * of "the session started", the same machine's clock as the page's), to that camera's
 * next first frame on screen.
 */
async function firstFrameTimes(sim: RunningSim, frames: readonly { camera: string; at: number }[]): Promise<number[]> {
  const now = Date.now();
  const sessions = (await sim.state()).sessions.filter((session) => session.kind === 'live').map((session) => ({ camera: String(session.cameraId), started: now - session.ageMs }));
  const times: number[] = [];
  for (const session of sessions) {
    const frame = frames.find((candidate) => candidate.camera === session.camera && candidate.at >= session.started);
    if (frame) times.push(frame.at - session.started);
  }
  return times;
}

/** Each camera's first frame at or after `since`, as time since then. */
function firstFramesSince(frames: readonly { camera: string; at: number }[], since: number): number[] {
  const first = new Map<string, number>();
  for (const frame of frames) if (frame.at >= since) first.set(frame.camera, Math.min(first.get(frame.camera) ?? Infinity, frame.at - since));
  return [...first.values()];
}

async function newPage(browser: Browser, probe: boolean): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  if (probe) await page.addInitScript(TESSERA_PROBE);
  return page;
}

const tessera = {
  async playing(page: Page, count: number): Promise<void> {
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="tile"][data-state="playing"]').length >= n, count, { timeout: 60_000 });
  },
  async layout(page: Page, key: string): Promise<void> {
    await page.keyboard.press(key);
    await page.keyboard.press('f');
  },
};


/** Keeps the encoders of cameras 1..count at a tile size running (a VMS whose cameras stream anyway). */
async function warm(sim: RunningSim, count: number, width: number, height: number): Promise<() => Promise<void>> {
  const sessions = await baselineSessions(sim, count, width, height);
  return sessions.stop;
}

/**
 * Waits until no encoder runs without a session: the simulator keeps one running `lingerMs`
 * after its last session ends.
 */
async function untilNoEncoderLingers(sim: RunningSim): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await sim.state()).encoders.some((encoder) => encoder.running && encoder.refs === 0)) {
    if (Date.now() > deadline) throw new Error('encoders without a session still ran after 60 s');
    await sleep(500);
  }
}

/** The stream profiles (names) Tessera's live sessions use now, counted: the baseline must play the same. */
async function profilesInUse(sim: RunningSim): Promise<string> {
  const counts = new Map<string, number>();
  for (const session of (await sim.state()).sessions) if (session.kind === 'live') counts.set(session.profile ?? '?', (counts.get(session.profile ?? '?') ?? 0) + 1);
  return [...counts].map(([name, count]) => `${count} x ${name}`).join(', ');
}

async function runTessera(browser: Browser, sim: RunningSim, app: RunningApp): Promise<Figures> {
  const figures: Figures = { at16: {}, at36: {} };
  // Warm up at 4x4: the first visit starts the encoders (a real VMS's cameras always
  // stream), and the wall keeps its layout, so the next visit opens 16 tiles at once.
  let page = await newPage(browser, true);
  await page.goto(app.url);
  await tessera.playing(page, 4);
  await tessera.layout(page, '4');
  await tessera.playing(page, 16);
  console.log(`16 tiles play: ${await profilesInUse(sim)}`);
  // The 2x2 wall's tiles played the main profile, whose encoders run on for `lingerMs`
  // after the wall went to 4x4: four 720p encoders, about a quarter of this 2-core machine.
  // The plain page's first frames are measured with only its tiles' own encoders running,
  // so Tessera's are too: its 16 tiles' encoders kept running by sessions of the bench's
  // own, the others left to stop first.
  const keepWarm = await warm(sim, 16, 320, 180);
  await page.close();
  await untilNoEncoderLingers(sim);

  page = await newPage(browser, true);
  const openedAt = Date.now();
  await page.goto(app.url);
  await tessera.playing(page, 16);
  await sleep(1000);
  // Before the first frames are matched to sessions: only Tessera's sessions may count.
  await keepWarm();
  const firstFrames = (await page.evaluate(() => (window as unknown as { __bench: Probe }).__bench)).frames;
  const ttff = await firstFrameTimes(sim, firstFrames);
  figures.ttffP50 = percentile(ttff, 50);
  figures.ttffP95 = percentile(ttff, 95);
  console.log(`first frames of ${ttff.length} tiles: ${ttff.map((ms) => Math.round(ms)).join(', ')} ms`);
  const fromOpen = firstFramesSince(firstFrames, openedAt);
  figures.openP50 = percentile(fromOpen, 50);
  console.log(`the same first frames from the window's opening: ${fromOpen.map((ms) => Math.round(ms)).join(', ')} ms`);

  // Tiles that stay keep playing; what counts is when the new ones show their first frame.
  await tessera.layout(page, '2');
  await tessera.playing(page, 4);
  const coolDown = await warm(sim, 9, 640, 360);
  const before = new Set(await page.$$eval('[data-testid="tile"]', (all) => all.map((tile) => tile.getAttribute('data-camera-id'))));
  const switchStart = Date.now();
  await tessera.layout(page, '3');
  await page.waitForFunction(
    ({ start, kept }) => {
      const probe = (window as unknown as { __bench: Probe }).__bench;
      const tiles = [...document.querySelectorAll('[data-testid="tile"]')].map((tile) => tile.getAttribute('data-camera-id') ?? '');
      return tiles.length === 9 && tiles.filter((camera) => !kept.includes(camera)).every((camera) => probe.frames.some((frame) => frame.camera === camera && frame.at >= start));
    },
    { start: switchStart, kept: [...before].filter((camera): camera is string => camera !== null) },
    { timeout: 60_000 },
  );
  const probe = await page.evaluate(() => (window as unknown as { __bench: Probe }).__bench);
  figures.switchMs = Math.max(...probe.frames.filter((frame) => frame.at >= switchStart && !before.has(frame.camera)).map((frame) => frame.at)) - switchStart;
  await coolDown();
  await page.close();

  const wall: WallProbe = {
    async show(unwatched, tiles) {
      await tessera.playing(unwatched, 4);
      await tessera.layout(unwatched, tiles === 36 ? '6' : '4');
      await tessera.playing(unwatched, tiles);
      console.log(`${tiles} tiles play: ${await profilesInUse(sim)}`);
    },
    lags: 'watermarks',
  };
  Object.assign(figures, await measureWall(app.url, wall, app.proc.process.pid));
  return figures;
}

async function runBaseline(browser: Browser, sim: RunningSim, pageUrl: string): Promise<{ base: Figures; apart: Pick<Figures, 'at16' | 'at36'> }> {
  const figures: Figures = { at16: {}, at36: {} };
  const page = await newPage(browser, false);
  await page.goto(pageUrl);
  const show = async (count: number, columns: number, width: number, height: number): Promise<{ startedAt: number[]; stop: () => Promise<void> }> => {
    const sessions = await baselineSessions(sim, count, width, height);
    const shownAt = Date.now();
    await page.evaluate(({ urls, cols }) => (window as unknown as { bench: { show(u: string[], c: number): void } }).bench.show(urls, cols), { urls: sessions.urls, cols: columns });
    return { startedAt: sessions.startedAt.map(() => shownAt), stop: sessions.stop };
  };
  const clear = (): Promise<void> => page.evaluate(() => (window as unknown as { bench: { clear(): void } }).bench.clear());
  const frames = (): Promise<Array<number | null>> => page.evaluate(() => (window as unknown as { firstFrames: Array<number | null> }).firstFrames);
  const waitFrames = (count: number): Promise<unknown> =>
    page.waitForFunction((n) => (window as unknown as { firstFrames: unknown[] }).firstFrames.filter(Boolean).length >= n, count, { timeout: 60_000 });

  // 16 tiles of the size Tessera's 4x4 tiles play (320x180 here; see "16 tiles play" above).
  let sessions = await show(16, 4, 320, 180);
  await waitFrames(16);
  const ttff = (await frames()).map((at, index) => (at ?? NaN) - (sessions.startedAt[index] ?? NaN)).filter(Number.isFinite);
  figures.ttffP50 = percentile(ttff, 50);
  figures.ttffP95 = percentile(ttff, 95);
  console.log(`first frames of ${ttff.length} tiles: ${ttff.map((ms) => Math.round(ms)).join(', ')} ms`);
  await clear();
  await sessions.stop();

  sessions = await show(4, 2, 1280, 720);
  await waitFrames(4);
  const next = await baselineSessions(sim, 9, 640, 360);
  const switchStart = Date.now();
  await clear();
  await sessions.stop();
  sessions = next;
  await page.evaluate(({ urls }) => (window as unknown as { bench: { show(u: string[], c: number): void } }).bench.show(urls, 3), { urls: next.urls });
  await waitFrames(9);
  figures.switchMs = Math.max(...(await frames()).filter((at): at is number => at !== null)) - switchStart;

  await clear();
  await sessions.stop();
  await page.close();
  // The streams of 36 tiles; the 16-tile wall plays the first 16 of them.
  const tileSessions = await baselineSessions(sim, 36, 320, 180);
  const wall = (startApartMs: number): WallProbe => ({
    async show(unwatched, tiles) {
      // The unwatched browser opens the page itself: its script may still be loading.
      await unwatched.waitForFunction(() => 'bench' in window, undefined, { timeout: 30_000 });
      await unwatched.evaluate(
        ({ urls, columns, apart }) => {
          const bench = (window as unknown as { bench: { clear(): void; show(u: string[], c: number, config: undefined, apart: number): void } }).bench;
          bench.clear();
          bench.show(urls, columns, undefined, apart);
        },
        { urls: tileSessions.urls.slice(0, tiles), columns: tiles === 36 ? 6 : 4, apart: startApartMs },
      );
      await unwatched.waitForFunction((n) => (window as unknown as { firstFrames: unknown[] }).firstFrames.filter(Boolean).length >= n, tiles, { timeout: 60_000 });
    },
    lags: 'players',
  });
  Object.assign(figures, await measureWall(pageUrl, wall(0), undefined));
  console.log(`baseline with its players started ${START_APART_MS} ms apart:`);
  const apart = await measureWall(pageUrl, wall(START_APART_MS), undefined, false);
  await tileSessions.stop();
  return { base: figures, apart };
}

function report(ours: Figures, base: Figures, apart: Pick<Figures, 'at16' | 'at36'>): void {
  type Read = (figures: Figures) => number | undefined;
  const both: Read = (figures) => (figures.at16.cpu === undefined ? undefined : figures.at16.cpu + (figures.at16.coreCpu ?? 0));
  const both36: Read = (figures) => (figures.at36.cpu === undefined ? undefined : figures.at36.cpu + (figures.at36.coreCpu ?? 0));
  const rows: Array<[string, Read, string, number]> = [
    ['16 tiles: time to first frame p50 (warm)', (f) => f.ttffP50, 'ms', 0],
    ['16 tiles: time to first frame p95 (warm)', (f) => f.ttffP95, 'ms', 0],
    ['16 tiles: window opened to first frame p50', (f) => f.openP50, 'ms', 0],
    ['16 tiles: live-edge latency p50', (f) => f.at16.latencyP50, 'ms', 0],
    ['16 tiles: live-edge latency p95', (f) => f.at16.latencyP95, 'ms', 0],
    ['16 tiles: browser CPU', (f) => f.at16.cpu, 'cores', 2],
    ['16 tiles: core CPU', (f) => f.at16.coreCpu, 'cores', 2],
    ['16 tiles: browser + core CPU', both, 'cores', 2],
    ['16 tiles: frames dropped (of decoded)', (f) => f.at16.dropped, `of ${ours.at16.decoded ?? '?'} / ${base.at16.decoded ?? '?'}`, 0],
    ['16 tiles: browser RSS', (f) => f.at16.rss, 'MiB', 0],
    ['16 tiles: JS heap', (f) => f.at16.heap, 'MiB', 1],
    ['36 tiles: live-edge latency p50', (f) => f.at36.latencyP50, 'ms', 0],
    ['36 tiles: live-edge latency p95', (f) => f.at36.latencyP95, 'ms', 0],
    ['36 tiles: browser CPU', (f) => f.at36.cpu, 'cores', 2],
    ['36 tiles: core CPU', (f) => f.at36.coreCpu, 'cores', 2],
    ['36 tiles: browser + core CPU', both36, 'cores', 2],
    ['36 tiles: frames dropped (of decoded)', (f) => f.at36.dropped, `of ${ours.at36.decoded ?? '?'} / ${base.at36.decoded ?? '?'}`, 0],
    ['36 tiles: browser RSS', (f) => f.at36.rss, 'MiB', 0],
    ['36 tiles: JS heap', (f) => f.at36.heap, 'MiB', 1],
    ['layout switch 2x2 -> 3x3 to first frames', (f) => f.switchMs, 'ms', 0],
    [`16 tiles, ${MINUTES} min: RSS growth`, (f) => f.growthRss, 'MiB', 1],
    [`16 tiles, ${MINUTES} min: JS heap growth`, (f) => f.growthHeap, 'MiB', 2],
    ['16 tiles: RSS slope, second half', (f) => f.slopeRss, 'MiB/h', 0],
    [`16 tiles after ${MINUTES} min: videos playing`, (f) => f.playingAtEnd, '', 0],
  ];
  console.log(`\n${'measure'.padEnd(44)} ${'Tessera'.padStart(10)} ${'baseline'.padStart(10)}  ratio`);
  for (const [name, read, unit, digits] of rows) {
    const a = read(ours);
    const b = read(base);
    const ratio = a !== undefined && b !== undefined && b !== 0 ? (a / b).toFixed(2) : '—';
    console.log(`${name.padEnd(44)} ${(a?.toFixed(digits) ?? '—').padStart(10)} ${(b?.toFixed(digits) ?? '—').padStart(10)}  ${ratio}  ${unit}`);
  }
  console.log(`\nagainst the baseline with its players started ${START_APART_MS} ms apart (each tile's frames at a phase of its own, as independent cameras' are):`);
  for (const [name, ourSize, theirs] of [
    ['16 tiles: browser + core CPU', ours.at16, apart.at16],
    ['36 tiles: browser + core CPU', ours.at36, apart.at36],
  ] as const) {
    const a = ourSize.cpu === undefined ? undefined : ourSize.cpu + (ourSize.coreCpu ?? 0);
    const b = theirs.cpu;
    const ratio = a !== undefined && b !== undefined && b !== 0 ? (a / b).toFixed(2) : '—';
    console.log(`${name.padEnd(44)} ${(a?.toFixed(2) ?? '—').padStart(10)} ${(b?.toFixed(2) ?? '—').padStart(10)}  ${ratio}  cores`);
  }
}

// Encoders linger 20 s: warm for the reload that measures warm first frames, gone soon after.
// Four shared encoders per profile: one x264 per camera loads a 2-core machine to 8 at 36
// tiles and the 36-tile step never finishes. Every tile still opens its own camera's
// session and URLs, but cameras 1, 5, 9, ... show the same picture, named "Shared encoder
// 1 of 4" instead of the camera (clock and time code stay right).
const sim = await launchSim({ cameras: 36, lingerMs: 20_000, mainSize: { width: 1280, height: 720 }, sharedEncoders: 4 });
const app = await launchApp({ servers: [simServer(sim)] });
const { server, url } = await baselineServer();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: BENCH_ARGS });
try {
  console.log(`wall benchmark, ${new Date().toISOString()}, memory run ${MINUTES} min each`);
  const ours = await runTessera(browser, sim, app);
  console.log('Tessera done');
  const { base, apart } = await runBaseline(browser, sim, url);
  report(ours, base, apart);
} finally {
  await browser.close();
  server.close();
  await app.stop();
  await sim.stop();
}
process.exit(0);
