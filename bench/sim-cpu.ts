/**
 * The simulator's CPU for 16 concurrent sub-profile (320x180) live streams, measured on
 * its ffmpeg encoders, against a baseline in the same run: 16 bare ffmpeg encoders of the
 * same size and rate with no overlay, no time code and no segmenting (the least any
 * encoder could cost). Goal (issue 3): at most one core. Then the same 16 sessions on a
 * site whose cameras share 4 encoders (`sharedEncoders`, what benchmarks of many tiles use).
 *
 *   npm run bench:sim-cpu            (BENCH_SECONDS=30 by default)
 */
import { type ChildProcess } from 'node:child_process';
import { ffmpegPath, spawnTiedToParent, stopTied } from '../sim/ffmpeg';
import { startIvmsSim } from '../sim/ivms-sim';
import { ffmpegCores } from './lib/proc-cpu';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30);
const STREAMS = 16;
const WARMUP_MS = 5000;
const SHARED_ENCODERS = 4;

async function measureSimulator(sharedEncoders?: number): Promise<{ cores: number; processes: number }> {
  const sim = await startIvmsSim({ cameraCount: STREAMS, recording: false, sessionExpiryMs: 600_000, sharedEncoders });
  try {
    for (let camera = 1; camera <= STREAMS; camera++) {
      const response = await fetch(`${sim.url}/REST/local/startlive/${camera}/320/180/0`);
      if (response.status !== 200) throw new Error(`startlive ${camera}: HTTP ${response.status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
    return await ffmpegCores(SECONDS);
  } finally {
    await sim.close();
  }
}

async function measureBareEncoders(): Promise<{ cores: number; processes: number }> {
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < STREAMS; i++) {
      // prettier-ignore
      children.push(spawnTiedToParent(ffmpegPath(), [
        '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-b:v', '250k', '-f', 'null', '-',
      ]));
    }
    await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
    return await ffmpegCores(SECONDS);
  } finally {
    await Promise.all(children.map((child) => stopTied(child)));
  }
}

const baseline = await measureBareEncoders();
const simulator = await measureSimulator();
const shared = await measureSimulator(SHARED_ENCODERS);
const row = (name: string, result: { cores: number; processes: number }): string =>
  `${name.padEnd(44)} ${result.cores.toFixed(3)} cores  (${((result.cores / STREAMS) * 100).toFixed(2)} % of a core per stream, ${result.processes} ffmpeg)`;
console.log(`16 live sub-profile streams (320x180 @ 15 fps), ${SECONDS} s each, ${new Date().toISOString()}`);
console.log(row('baseline: bare encoders (no overlay, no HLS)', baseline));
console.log(row('simulator: 16 sessions on 16 cameras', simulator));
console.log(row(`simulator: the same, ${SHARED_ENCODERS} shared encoders`, shared));
console.log(`ratio simulator / baseline: ${(simulator.cores / baseline.cores).toFixed(2)}`);
console.log(`goal: at most 1 core -> ${simulator.cores <= 1 ? 'met' : 'NOT met'}`);
process.exit(0);
