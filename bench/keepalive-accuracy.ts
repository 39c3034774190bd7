/**
 * Keepalive accuracy: 16 live sessions kept alive by the real core against the simulator
 * for BENCH_MINUTES (default 10), while the core also proxies every stream's playlist and
 * newest segment once a second, as 16 playing tiles make it do. The simulator records the
 * gap between each session's signs of life.
 *
 *   late     = a gap longer than 1.1 x the keepalive interval
 *   expired  = a session the simulator dropped for lack of keepalive
 * Goal (issue 3): late = 0 and expired = 0.
 *
 *   npm run bench:keepalive          (BENCH_MINUTES=10, BENCH_SESSIONS=16)
 */
import { createCore } from '../electron/core/app-core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../electron/core/config';
import { IvmsServerConfig, keepaliveIntervalMs } from '../electron/vms/ivms/ivms-vendor';
import { silentLogger } from '../electron/common/logger';
import { startIvmsSim } from '../sim/ivms-sim';

const MINUTES = Number(process.env['BENCH_MINUTES'] ?? 10);
const SESSIONS = Number(process.env['BENCH_SESSIONS'] ?? 16);

const sim = await startIvmsSim({ cameraCount: SESSIONS, recording: false, mediaPort: 0 });
const server = IvmsServerConfig.parse({ id: 'sim', type: 'ivms', url: sim.url, events: false });
const interval = keepaliveIntervalMs(server);
const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-'));
const core = createCore({ config: parseConfig({ servers: [server] }), dataDir, info: { version: 'bench', transport: 'web', demo: false }, log: silentLogger });
const media = core.routes.find(([prefix]) => prefix === '/media/')?.[1];
if (!media) throw new Error('no media route');

await new Promise((resolve) => setTimeout(resolve, 1000)); // camera list
const streams: Array<{ streamId: string; url: string }> = [];
for (let camera = 1; camera <= SESSIONS; camera++) {
  const result = await core.registry.invoke('live.start', { serverId: 'sim', cameraId: String(camera), width: 320, height: 180 }, { clientId: 'bench' });
  if (!result.ok) throw new Error(`live.start ${camera}: ${result.error.message}`);
  streams.push(result.value as { streamId: string; url: string });
}

// Load: what 16 playing tiles ask of the core, every second.
let proxied = 0;
const load = setInterval(() => {
  for (const stream of streams) {
    const path = stream.url.slice('/media/'.length);
    void media(path, new URL(stream.url, 'http://bench'))
      .then(async (answer) => {
        const text = new TextDecoder().decode(answer.body);
        const last = text.trim().split('\n').at(-1);
        if (answer.status === 200 && last?.startsWith('/media/')) await media(last.slice('/media/'.length), new URL(last, 'http://bench'));
        proxied += 1;
      })
      .catch(() => undefined);
  }
}, 1000);

const started = Date.now();
console.log(`${SESSIONS} sessions, keepalive every ${interval / 1000} s (session timeout ${server.sessionTimeoutMs / 1000} s), for ${MINUTES} min ...`);
await new Promise((resolve) => setTimeout(resolve, MINUTES * 60_000));
clearInterval(load);

const state = sim.state();
const live = state.sessions.filter((session) => session.kind === 'live');
const gaps = live.map((session) => session.maxGapMs);
const late = gaps.filter((gap) => gap > interval * 1.1).length;
const maxGap = Math.max(...gaps);
console.log(`ran ${((Date.now() - started) / 60_000).toFixed(1)} min, ${state.counters.keepalives} keepalives, ${proxied} playlist+segment fetches through the proxy`);
console.log(`sessions alive at the end: ${live.length}/${SESSIONS}, expired: ${state.counters.expired}`);
console.log(`max gap between keepalives: ${(maxGap / 1000).toFixed(3)} s = ${(maxGap / interval).toFixed(3)} x the interval`);
console.log(`late keepalives (gap > 1.1 x interval): ${late}`);
console.log(`goal late = 0 and expired = 0 -> ${late === 0 && state.counters.expired === 0 && live.length === SESSIONS ? 'met' : 'NOT met'}`);
await core.dispose();
await sim.close();
process.exit(0);
