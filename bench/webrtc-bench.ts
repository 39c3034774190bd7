/**
 * WebRTC against HLS on the same simulated camera, in one run, in Debian's Chromium:
 *
 *   WebRTC   the camera through the simulated Milestone gateway: the core relays the
 *            signalling, werift sends the site's H.264 (the encoder's own RTP output, via the tee muxer)
 *   HLS      the same camera, same encoder, through the simulated IVMS server and the core's
 *            media proxy (hls.js)
 *
 * Time to first frame: from loading the wall to the first frame whose burnt-in time code can
 * be read, both tiles starting together, over several loads. Live-edge latency: the wall
 * clock when a tile first shows a new second of the burnt-in clock, minus that second
 * (sampled every ~50 ms, so each figure is up to one sample late). Goal: WebRTC p50 latency
 * at most 0.5 s and first frame within 1 s.
 *
 *   npm run build && npm run bench:webrtc        (BENCH_SECONDS of latency sampling, default 20; BENCH_LOADS, default 5)
 */
import { loadavg } from 'node:os';
import { chromium, type Page } from 'playwright-core';
import { launchApp } from '../test/fixtures/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium';
import { launchMilestoneSim } from '../test/fixtures/milestone-sim';
import { tileTimecode } from '../test/fixtures/timecode';
import { percentile } from './lib/stats';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const LOADS = Number(process.env['BENCH_LOADS'] ?? 5);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Tile order on the wall: the IVMS server is listed first, so its camera fills tile 0. */
const KINDS = ['HLS', 'WebRTC'] as const;

/** Where one load's WebRTC first frame went, from the simulated gateway's session timeline (ms after the load began). */
interface Split {
  readonly requested: number;
  readonly offered: number;
  readonly answered: number;
  readonly candidate: number;
  readonly connected: number;
  readonly packet: number;
  readonly frame: number;
}
const splits: Split[] = [];
let loadStartedAt = 0;

async function firstFrames(page: Page, url: string): Promise<number[]> {
  const started = Date.now();
  loadStartedAt = started;
  await page.goto(url);
  const at: Array<number | undefined> = [undefined, undefined];
  while (at.some((value) => value === undefined) && Date.now() - started < 30_000) {
    for (let index = 0; index < 2; index++) {
      if (at[index] === undefined && (await tileTimecode(page, index).catch(() => undefined)) !== undefined) at[index] = Date.now() - started;
    }
    await sleep(20);
  }
  return at.map((value) => value ?? Number.NaN);
}

async function latencies(page: Page, seconds: number): Promise<number[][]> {
  const shown: Array<number | undefined> = [undefined, undefined];
  const samples: number[][] = [[], []];
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    for (let index = 0; index < 2; index++) {
      const code = await tileTimecode(page, index).catch(() => undefined);
      const now = Date.now();
      if (code !== undefined && shown[index] !== undefined && code > (shown[index] ?? 0)) samples[index]?.push(now / 1000 - code);
      if (code !== undefined) shown[index] = code;
    }
    await sleep(10);
  }
  return samples;
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
  // A first load starts the site's encoder, so later loads measure the players, not ffmpeg's start.
  await firstFrames(page, app.url);
  const first: number[][] = [[], []];
  for (let load = 0; load < LOADS; load++) {
    const [hls = Number.NaN, webrtc = Number.NaN] = await firstFrames(page, app.url);
    first[0]?.push(hls);
    first[1]?.push(webrtc);
    const live = (await sim.state()).webrtc.filter((session) => session.mode === 'live' && (session.timeline?.['requestedAt'] ?? 0) >= loadStartedAt).at(-1)?.timeline;
    const at = (key: string): number => (live?.[key] ?? Number.NaN) - loadStartedAt;
    splits.push({ requested: at('requestedAt'), offered: at('offeredAt'), answered: at('answeredAt'), candidate: at('remoteCandidateAt'), connected: at('connectedAt'), packet: at('firstPacketAt'), frame: webrtc });
    await sleep(1000);
  }
  const latency = await latencies(page, SECONDS);
  // What each tile decodes: the same encoder only if both show the same size.
  const sizes = await page.evaluate(() => [...document.querySelectorAll<HTMLVideoElement>('[data-testid="tile"] video')].slice(0, 2).map((video) => `${video.videoWidth}x${video.videoHeight}`));
  console.log(`WebRTC against HLS, one simulated camera (15 fps; HLS tile ${sizes[0] ?? '?'}, WebRTC tile ${sizes[1] ?? '?'}), ${LOADS} loads, ${SECONDS} s of latency samples, 1-minute load ${loadAtStart.toFixed(1)} at start, ${(loadavg()[0] ?? Number.NaN).toFixed(1)} at end`);
  for (let index = 0; index < 2; index++) {
    console.log(`  ${KINDS[index]?.padEnd(7)} first frame ${format(first[index] ?? [], 'ms')}`);
    console.log(`  ${KINDS[index]?.padEnd(7)} latency     ${format(latency[index] ?? [], 's')}`);
  }
  // Each step's own time (from the step before), p50 over the loads.
  const step = (pick: (split: Split) => number): string => `${Math.round(percentile(splits.map(pick).filter(Number.isFinite), 50))} ms`;
  console.log(
    `  WebRTC first frame, p50 of each step: load -> session asked ${step((s) => s.requested)}, offer made ${step((s) => s.offered - s.requested)}, ` +
      `answered ${step((s) => s.answered - s.offered)}, first viewer candidate ${step((s) => s.candidate - s.answered)}, ICE+DTLS connected ${step((s) => s.connected - s.answered)}, ` +
      `first packet sent ${step((s) => s.packet - s.connected)}, first frame read ${step((s) => s.frame - s.packet)}`,
  );
  for (const split of splits) console.log(`    ${JSON.stringify(split)}`);
} finally {
  await browser.close();
  await app.stop();
  await sim.stop();
}
