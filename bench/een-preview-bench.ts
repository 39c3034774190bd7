/**
 * What a wall of Eagle Eye preview tiles costs Eagle Eye, per camera, as viewers are added,
 * against the simulator's Eagle Eye front (legacy API), in one run:
 *
 *   Tessera    viewers (tiles, windows: each its own stream) long-poll the core's media proxy
 *              (`/media/<id>/frame.jpg?after=N`, as the tile's JpegPlayer does); the adapter runs
 *              one background fetcher per camera (prev, then next after now in a loop)
 *   naive      each viewer fetches the camera's images itself, as a page per viewer would
 *              (prev, then next after now in a loop: Eagle Eye's documented loop, per viewer)
 *
 * Both watch a camera of their own at the same time, with 1, 10 and 50 viewers. Reported:
 * upstream image requests per camera per minute (from the simulator's own count), their
 * ratio to one viewer (goal for Tessera: ≤ 1.05), images each viewer received per minute, and
 * the delay from an image's own time (`x-ee-timestamp`) to its arrival at each viewer. The
 * delay stops at the core's answer: painting the canvas is the renderer's (not measured here).
 *
 *   npx tsx bench/een-preview-bench.ts        (BENCH_SECONDS per step, default 30)
 */
import { systemClock } from '../electron/common/clock';
import { silentLogger } from '../electron/common/logger';
import { MediaProxy } from '../electron/media/media-proxy';
import type { VmsSession } from '../electron/vms/adapter';
import { EenLegacyAdapter } from '../electron/vms/een/een-adapter';
import { eenEventLabel } from '../electron/vms/een/een-vendor';
import { parseImageTimestamp } from '../electron/vms/een/een-time';
import { startSim } from '../sim/start-sim';
import { percentile, summary } from './lib/stats';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30);
const VIEWER_COUNTS = [1, 10, 50];

interface StepResult {
  readonly upstreamPerMinute: number;
  readonly imagesPerViewerPerMinute: number;
  readonly delays: number[];
}

async function main(): Promise<void> {
  const sim = await startSim({ vendors: ['een'], cameraCount: 2, recording: false, een: { previewLingerMs: 60_000 } });
  const een = sim.een;
  if (!een) throw new Error('no Eagle Eye front');
  const adapter = new EenLegacyAdapter({ credentials: { loginUrl: een.url, username: een.username, password: een.password }, requestTimeoutMs: 8000, eventCodes: [], eventLabel: eenEventLabel, previewLingerMs: 0, clock: systemClock, log: silentLogger });
  const proxy = new MediaProxy();
  const tesseraCamera = een.esnOf(1);
  const naiveCamera = een.esnOf(2);
  const authKey = await signIn(een.url, een.username, een.password);
  const rows: string[] = [];
  const results: Record<string, StepResult[]> = { tessera: [], naive: [] };
  try {
    for (const viewers of VIEWER_COUNTS) {
      const before = een.state().previewRequests;
      const stop = new AbortController();
      const started = Date.now();
      const timer = setTimeout(() => stop.abort(), SECONDS * 1000);
      const [tessera, naive] = await Promise.all([tesseraViewers(adapter, proxy, tesseraCamera, viewers, stop.signal), naiveViewers(een.url, authKey, naiveCamera, viewers, stop.signal)]);
      clearTimeout(timer);
      const minutes = (Date.now() - started) / 60_000;
      const after = een.state().previewRequests;
      const upstream = (camera: string): number => ((after[camera] ?? 0) - (before[camera] ?? 0)) / minutes;
      for (const [name, camera, received] of [['tessera', tesseraCamera, tessera], ['naive', naiveCamera, naive]] as const) {
        const result = { upstreamPerMinute: upstream(camera), imagesPerViewerPerMinute: received.images / viewers / minutes, delays: received.delays };
        results[name]?.push(result);
        const one = results[name]?.[0]?.upstreamPerMinute ?? NaN;
        rows.push(
          `${name.padEnd(8)} ${String(viewers).padStart(3)} viewers: ${result.upstreamPerMinute.toFixed(1).padStart(6)} upstream requests/camera/min (×${(result.upstreamPerMinute / one).toFixed(2)} of 1 viewer), ` +
            `${result.imagesPerViewerPerMinute.toFixed(1)} images/viewer/min, image to viewer ${summary(result.delays)}`,
        );
        process.stdout.write(`${rows.at(-1) ?? ''}\n`);
      }
    }
  } finally {
    await adapter.dispose();
    await sim.close();
  }
  const ratio = (name: string): number => (results[name]?.at(-1)?.upstreamPerMinute ?? NaN) / (results[name]?.[0]?.upstreamPerMinute ?? NaN);
  process.stdout.write(`\n${SECONDS} s per step. Upstream at 50 viewers against 1: Tessera ×${ratio('tessera').toFixed(2)} (goal ≤ 1.05), naive ×${ratio('naive').toFixed(2)}.\n`);
  process.stdout.write(`Tessera p50 image-to-viewer delay at 50 viewers: ${percentile(results['tessera']?.at(-1)?.delays ?? [], 50).toFixed(0)} ms.\n`);
}

/** Viewers of one camera through the core: each a stream of its own, long-polling the media proxy as a tile does. */
async function tesseraViewers(adapter: EenLegacyAdapter, proxy: MediaProxy, camera: string, count: number, signal: AbortSignal): Promise<{ images: number; delays: number[] }> {
  const sessions: VmsSession[] = [];
  for (let index = 0; index < count; index++) {
    const session = await adapter.openLive({ cameraId: camera, width: 320, height: 180, audio: false });
    proxy.open(session.id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64), session.media);
    sessions.push(session);
  }
  const delays: number[] = [];
  let images = 0;
  await Promise.all(
    sessions.map(async (session) => {
      const id = session.id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
      let after: string | undefined;
      let first = true;
      while (!signal.aborted) {
        const url = new URL(`http://core/media/${id}/frame.jpg?wait=10000${after ? `&after=${after}` : ''}`);
        const answer = await proxy.handle(`${id}/frame.jpg`, url, signal).catch(() => undefined);
        if (!answer || answer.status !== 200) continue;
        const headers = answer.headers;
        after = headers['x-frame-sequence'];
        const takenAt = Number(headers['x-frame-time']);
        // A viewer's first image is the camera's latest (`prev`), whatever its age: only what follows is timed.
        if (!first) delays.push(Date.now() - takenAt);
        first = false;
        images += 1;
      }
    }),
  );
  for (const session of sessions) {
    proxy.close(session.id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64));
    await adapter.closeSession(session);
  }
  return { images, delays };
}

/** Viewers that each fetch the camera's images from Eagle Eye themselves. */
async function naiveViewers(base: string, authKey: string, camera: string, count: number, signal: AbortSignal): Promise<{ images: number; delays: number[] }> {
  const delays: number[] = [];
  let images = 0;
  await Promise.all(
    Array.from({ length: count }, async () => {
      let which = 'prev';
      while (!signal.aborted) {
        try {
          const response = await fetch(`${base}/asset/${which}/image.jpeg?id=${camera}&timestamp=now&asset_class=pre`, { headers: { cookie: `auth_key=${authKey}` }, signal });
          await response.arrayBuffer();
          if (response.status !== 200) continue;
          const takenAt = parseImageTimestamp(response.headers.get('x-ee-timestamp'));
          if (which === 'next' && takenAt !== undefined) delays.push(Date.now() - takenAt);
          images += 1;
          which = 'next';
        } catch {
          return;
        }
      }
    }),
  );
  return { images, delays };
}

async function signIn(base: string, username: string, password: string): Promise<string> {
  const post = (path: string, body: unknown): Promise<Response> => fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const { token } = (await (await post('/g/aaa/authenticate', { username, password })).json()) as { token: string };
  const authorized = await post('/g/aaa/authorize', { token });
  const cookie = authorized.headers.getSetCookie().find((line) => line.startsWith('auth_key=')) ?? '';
  return cookie.split(';')[0]?.slice('auth_key='.length) ?? '';
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
