/**
 * WebRTC against HLS on the same simulated camera, in one run, in Debian's Chromium:
 *
 *   WebRTC   the camera through the simulated Milestone gateway: the core relays the
 *            signalling, werift sends the site's H.264 (the encoder's own RTP output, via the tee muxer)
 *   HLS      the same camera, same encoder, through the simulated IVMS server and the core's
 *            media proxy (hls.js)
 *
 * Every frame a tile presents is read in the page as it is presented (requestVideoFrameCallback:
 * the strip of its burnt-in time code, at the moment the frame is expected on screen), so the
 * figures carry no polling delay and the bench adds no load of its own while it measures.
 * Time to first frame: from loading the wall to the first presented frame whose time code
 * reads, both tiles starting together, over several loads. Live-edge latency: when a tile
 * presents the first frame of a new second of the burnt-in clock, minus that second; per
 * load (its session's first seconds) and over BENCH_SECONDS at the end. The WebRTC first
 * frame is split by the simulated gateway's session timeline. Goal: WebRTC p50 latency at
 * most 0.5 s and first frame within 1 s.
 *
 *   npm run build && npm run bench:webrtc        (BENCH_SECONDS of latency sampling, default 20; BENCH_LOADS, default 5)
 */
import { loadavg } from 'node:os';
import { chromium, type Page } from 'playwright-core';
import { launchApp } from '../test/fixtures/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium';
import { launchMilestoneSim } from '../test/fixtures/milestone-sim';
import { pixelsRead } from '../test/fixtures/timecode';
import { decodeTimecode } from '../sim/timecode';
import { percentile } from './lib/stats';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const LOADS = Number(process.env['BENCH_LOADS'] ?? 5);
/** Frames watched after each load's first frames, for that session's latency. */
const PER_LOAD_MS = 3000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Tile order on the wall: the IVMS server is listed first, so its camera fills tile 0. */
const KINDS = ['HLS', 'WebRTC'] as const;

/** Where one load's WebRTC first frame went, from the simulated gateway's session timeline (ms after the load began). */
interface Split {
  readonly requested: number;
  readonly offered: number;
  readonly answered: number;
  readonly connected: number;
  readonly packet: number;
  readonly frame: number;
}

const HEIGHTS = [180, 360, 720, 1080];

/**
 * Runs in the page from its first script (a string: tsx's helpers do not exist in the page):
 * every <video> of the first two tiles is watched with requestVideoFrameCallback, and each
 * presented frame's strip pixels are kept with the wall-clock moment it is expected on screen.
 */
const probe = (pointsByHeight: Record<number, Array<[number, number]>>): string => `
  const pointsByHeight = ${JSON.stringify(pointsByHeight)};
  const frames = [];
  window.__benchFrames = frames;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const watched = new WeakSet();
  const watch = (video, tile) => {
    if (watched.has(video)) return;
    watched.add(video);
    const onFrame = (now, metadata) => {
      const points = pointsByHeight[video.videoHeight];
      if (points) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0);
        const luma = points.map(([x, y]) => {
          const [r, g, b] = context.getImageData(x, y, 1, 1).data;
          return 0.299 * r + 0.587 * g + 0.114 * b;
        });
        frames.push({ tile, at: performance.timeOrigin + metadata.expectedDisplayTime, luma, height: video.videoHeight });
      }
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  const look = () => {
    document.querySelectorAll('[data-testid="tile"] video').forEach((video, index) => {
      if (index < 2) watch(video, index);
    });
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
`;

interface Presented {
  readonly tile: number;
  /** Epoch ms it was expected on screen. */
  readonly at: number;
  readonly timecode: number | undefined;
}

/** The frames presented since the last call (the page's list is emptied), time codes read. */
async function presented(page: Page): Promise<Presented[]> {
  const frames = await page.evaluate(() => {
    const list = (window as unknown as { __benchFrames?: Array<{ tile: number; at: number; luma: number[]; height: number }> }).__benchFrames ?? [];
    return list.splice(0, list.length);
  });
  return frames.map((frame) => {
    const points = pixelsRead(frame.height);
    const byPoint = new Map(points.map(([x, y], index) => [`${x},${y}`, frame.luma[index] ?? 0]));
    return { tile: frame.tile, at: frame.at, timecode: decodeTimecode((x, y) => byPoint.get(`${x},${y}`) ?? 0, frame.height) };
  });
}

/** Latency samples (s): each first frame of a new second, its moment on screen less that second. */
function latencySamples(frames: readonly Presented[], tile: number): number[] {
  const samples: number[] = [];
  let shown: number | undefined;
  for (const frame of frames) {
    if (frame.tile !== tile || frame.timecode === undefined) continue;
    if (shown !== undefined && frame.timecode > shown) samples.push(frame.at / 1000 - frame.timecode);
    shown = Math.max(shown ?? 0, frame.timecode);
  }
  return samples;
}

/** One load of the wall: each tile's first readable frame (ms after the load began) and what was presented until both had one plus `watchMs`. */
async function load(page: Page, url: string, watchMs: number): Promise<{ startedAt: number; first: number[]; frames: Presented[] }> {
  const startedAt = Date.now();
  await page.goto(url);
  const frames: Presented[] = [];
  const first = (): Array<number | undefined> => [0, 1].map((tile) => frames.find((frame) => frame.tile === tile && frame.timecode !== undefined)?.at);
  let bothAt: number | undefined;
  while (Date.now() - startedAt < 30_000 && (bothAt === undefined || Date.now() - bothAt < watchMs)) {
    await sleep(200);
    frames.push(...(await presented(page)));
    if (bothAt === undefined && first().every((at) => at !== undefined)) bothAt = Date.now();
  }
  return { startedAt, first: first().map((at) => (at === undefined ? Number.NaN : at - startedAt)), frames };
}

const format = (values: number[], unit: 's' | 'ms'): string => {
  const clean = values.filter((value) => Number.isFinite(value));
  if (clean.length === 0) return 'none';
  const show = (value: number): string => (unit === 's' ? `${value.toFixed(2)} s` : `${Math.round(value)} ms`);
  return `p50 ${show(percentile(clean, 50))}  p90 ${show(percentile(clean, 90))}  max ${show(Math.max(...clean))}  (n=${clean.length})`;
};

const loadAtStart = loadavg()[0] ?? Number.NaN;
const sim = await launchMilestoneSim({ cameras: 1, withIvms: true });
const ivms = new URL(sim.ivmsUrl ?? '');
const app = await launchApp({
  servers: [
    { id: 'ivms', type: 'ivms', name: 'IVMS', url: ivms.origin, pathPrefix: ivms.pathname === '/' ? '' : ivms.pathname, streamProfiles: [{ width: 320, height: 180 }, { width: 640, height: 360 }] },
    { id: 'xprotect', type: 'milestone', name: 'XProtect', url: sim.url, username: sim.username, password: sim.password },
  ],
});
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.addInitScript(probe(Object.fromEntries(HEIGHTS.map((height) => [height, pixelsRead(height)]))));
  // A first load starts the site's encoder, so later loads measure the players, not ffmpeg's start.
  await load(page, app.url, 0);
  const first: number[][] = [[], []];
  const perLoad: number[][] = [[], []];
  const splits: Split[] = [];
  for (let index = 0; index < LOADS; index++) {
    const run = await load(page, app.url, PER_LOAD_MS);
    for (const tile of [0, 1]) {
      first[tile]?.push(run.first[tile] ?? Number.NaN);
      perLoad[tile]?.push(percentile(latencySamples(run.frames, tile), 50));
    }
    const live = (await sim.state()).webrtc.filter((session) => session.mode === 'live' && (session.timeline?.['requestedAt'] ?? 0) >= run.startedAt).at(-1)?.timeline;
    const at = (key: string): number => (live?.[key] ?? Number.NaN) - run.startedAt;
    splits.push({ requested: at('requestedAt'), offered: at('offeredAt'), answered: at('answeredAt'), connected: at('connectedAt'), packet: at('firstPacketAt'), frame: run.first[1] ?? Number.NaN });
  }
  // Live-edge latency over BENCH_SECONDS of the last load's sessions.
  await presented(page);
  await sleep(SECONDS * 1000);
  const frames = await presented(page);
  // What each tile decodes: the same encoder only if both show the same size.
  const sizes = await page.evaluate(() => [...document.querySelectorAll<HTMLVideoElement>('[data-testid="tile"] video')].slice(0, 2).map((video) => `${video.videoWidth}x${video.videoHeight}`));
  console.log(`WebRTC against HLS, one simulated camera (15 fps; HLS tile ${sizes[0] ?? '?'}, WebRTC tile ${sizes[1] ?? '?'}), ${LOADS} loads, ${SECONDS} s of latency samples, 1-minute load ${loadAtStart.toFixed(1)} at start, ${(loadavg()[0] ?? Number.NaN).toFixed(1)} at end`);
  for (let index = 0; index < 2; index++) {
    console.log(`  ${KINDS[index]?.padEnd(7)} first frame ${format(first[index] ?? [], 'ms')}`);
    console.log(`  ${KINDS[index]?.padEnd(7)} latency     ${format(latencySamples(frames, index), 's')}`);
    console.log(`  ${KINDS[index]?.padEnd(7)} latency p50 of each load's first ${PER_LOAD_MS / 1000} s: ${(perLoad[index] ?? []).map((value) => value.toFixed(2)).join(' ')} s`);
  }
  // Each step's own time (from the step before), p50 over the loads.
  const step = (pick: (split: Split) => number): string => `${Math.round(percentile(splits.map(pick).filter(Number.isFinite), 50))}`;
  console.log(
    `  WebRTC first frame, p50 ms of each step: wall loaded to session asked ${step((split) => split.requested)}, offer made ${step((split) => split.offered - split.requested)}, ` +
      `answered ${step((split) => split.answered - split.offered)}, ICE+DTLS connected ${step((split) => split.connected - split.answered)}, ` +
      `first packet sent ${step((split) => split.packet - split.connected)}, first frame on screen ${step((split) => split.frame - split.packet)}`,
  );
} finally {
  await browser.close();
  await app.stop();
  await sim.stop();
}
