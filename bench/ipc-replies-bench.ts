/**
 * What checking the core's replies costs the page (`TesseraClient.invoke` checks every
 * reply against the shared contract), for the replies a 16-tile wall gets as it opens: 16
 * `live.start` and a `cameras.list` of 36 cameras. Two ways, interleaved in the same run:
 *
 *   schema kept    the reply schema of each channel built once and kept (`resultSchema`)
 *   schema built   the reply schema built for each reply: what a first reply of a channel
 *                  costs, and what every reply cost before the schemas were kept
 *
 * Node, not the browser: the same zod code, without a page around it, and like the page's
 * without compiled parsers.
 *
 *   npm run bench:ipc-replies        (BENCH_ROUNDS=200 by default)
 */
import { z } from 'zod';
import { invokeContract } from '../shared/ipc/contract';
import { resultSchema } from '../shared/ipc/schemas';
import { percentile } from './lib/stats';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 200);
// The page's content security policy forbids eval, so zod checks there without the parsers
// it compiles where it may (its `jitless` mode): the same here.
z.config({ jitless: true });

const liveStart = { ok: true, value: { streamId: '4b00d5f0-85d4-44b1-9a0e-3f1c2d5e6a7b', url: '/media/4b00d5f0-85d4-44b1-9a0e-3f1c2d5e6a7b/index.m3u8', kind: 'hls', mode: 'live' } };
const camerasList = {
  ok: true,
  value: Array.from({ length: 36 }, (_, index) => ({ serverId: 'sim', cameraId: String(index + 1), name: `Camera ${index + 1}`, model: 'Sim 1080', group: 'Site A / Building 1', status: 'online', recording: true })),
};
const replies = [...Array.from({ length: 16 }, () => ['live.start', liveStart] as const), ['cameras.list', camerasList] as const];

/** One wall's replies checked; `fresh` builds each reply's schema anew (a new value schema is a new cache key). */
function checkAll(fresh: boolean): number {
  const began = performance.now();
  for (const [channel, reply] of replies) {
    const value = invokeContract[channel].response;
    const schema = resultSchema(fresh ? value.clone() : value);
    if (!schema.safeParse(reply).success) throw new Error(`the sample reply to ${channel} does not match the contract`);
  }
  return performance.now() - began;
}

// Warm up both paths (the JIT, and the kept schemas' first build).
for (let round = 0; round < 20; round++) {
  checkAll(false);
  checkAll(true);
}
const kept: number[] = [];
const built: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  kept.push(checkAll(false));
  built.push(checkAll(true));
}
const perReply = (ms: number): string => `${((ms * 1000) / replies.length).toFixed(1)} µs a reply`;
const keptP50 = percentile(kept, 50);
const builtP50 = percentile(built, 50);
console.log(`checking ${replies.length} replies (16 live.start, 1 cameras.list of 36), ${ROUNDS} interleaved rounds, medians:`);
console.log(`  schema kept    ${keptP50.toFixed(3)} ms  (${perReply(keptP50)})`);
console.log(`  schema built   ${builtP50.toFixed(3)} ms  (${perReply(builtP50)})`);
console.log(`  kept / built   ${(keptP50 / builtP50).toFixed(2)}`);
