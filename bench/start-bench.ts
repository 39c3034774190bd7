/**
 * How long Tessera's core and the simulator take to start, from spawn to the one line each
 * prints when ready, against a bare Node program that prints one line in the same run
 * (`bench/lib/ready-line.mjs`, the least any Node program costs to start): interleaved
 * rounds, medians and ratios. Every end-to-end test starts both, and an operator waits for
 * the core at every start of the wall.
 *
 *   npm run build && npm run bench:start        (BENCH_ROUNDS=8 by default)
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Started, startNode, writeTempJson } from '../test/fixtures/processes';
import { percentile } from './lib/stats';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 8);

async function timed(start: () => Promise<Started>): Promise<number> {
  const began = performance.now();
  const started = await start();
  const ms = performance.now() - began;
  await started.stop();
  return ms;
}

const config = await writeTempJson('tessera.json', { servers: [] });
const runs: Record<string, () => Promise<Started>> = {
  'bare node': () => startNode('bench/lib/ready-line.mjs', [], /^ready$/m),
  simulator: () => startNode('dist/sim/cli.js', ['--port', '0', '--media-port', '0', '--cameras', '4', '--no-recording'], /^IVMS simulator: (\S+)$/m),
  'core, configured servers': async () => startNode('dist/cli/launcher.js', ['--web', '--no-open', '--port', '0', '--data-dir', await mkdtemp(join(tmpdir(), 'tessera-bench-')), '--config', config], /^Tessera wall: (\S+)$/m),
};
const times = new Map<string, number[]>(Object.keys(runs).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(runs)) times.get(name)?.push(await timed(run));
}
const bare = percentile(times.get('bare node') ?? [], 50);
console.log(`start to ready, ${ROUNDS} interleaved rounds, medians:`);
for (const [name, values] of times) {
  const median = percentile(values, 50);
  console.log(`  ${name.padEnd(26)} ${median.toFixed(0).padStart(6)} ms  ${(median / bare).toFixed(1)}x bare node`);
}
