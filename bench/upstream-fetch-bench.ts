/**
 * The core's CPU per media request to a VMS: `keepAliveFetch` (Node's `http`, kept-alive
 * connections; the media path's client) against `httpFetch` (undici's `fetch`, as the media
 * path used before), same run, rounds interleaved. A live tile costs the core one segment
 * and about one playlist per segment, so this is the part of the core that grows with the
 * wall.
 *
 * The VMS is a child process (its CPU is not counted) answering like a media host: a
 * playlist of ~700 bytes and a segment of 40 kB (a 1 s 320x180 segment). The client keeps
 * 16 requests in flight (a 16-tile wall), half playlists and half segments, and reads its
 * own CPU time (`process.cpuUsage`).
 *
 *   npm run bench:upstream     (BENCH_REQUESTS=4000 per round, BENCH_ROUNDS=5)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { httpFetch, type HttpFetch } from '../electron/vms/http';
import { keepAliveFetch } from '../electron/vms/keep-alive-fetch';
import { percentile } from './lib/stats';

const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 4000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const IN_FLIGHT = 16;

const SERVER = `
const http = require('node:http');
const playlist = Buffer.from('#EXTM3U\\n#EXT-X-VERSION:3\\n#EXT-X-TARGETDURATION:1\\n#EXT-X-MEDIA-SEQUENCE:100\\n' + Array.from({ length: 6 }, (_, i) => '#EXT-X-PROGRAM-DATE-TIME:2026-12-01T00:00:0' + i + '.000Z\\n#EXTINF:1.000,\\nseg' + (100 + i) + '.ts\\n').join(''));
const segment = Buffer.alloc(40000, 71);
const server = http.createServer((request, response) => {
  const body = request.url.endsWith('.m3u8') ? playlist : segment;
  response.writeHead(200, { 'content-type': request.url.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t', 'content-length': body.length });
  response.end(body);
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));
`;

async function startServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  return { url: line.toString().trim(), stop: () => child.kill() };
}

/** CPU microseconds of this process per request, for `REQUESTS` requests with `IN_FLIGHT` at a time. */
async function measure(fetch: HttpFetch, base: string): Promise<{ cpuUsPerRequest: number; msPerRequest: number }> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < REQUESTS) {
      const index = next++;
      const url = index % 2 === 0 ? `${base}/live/cam${index % IN_FLIGHT}/index.m3u8` : `${base}/live/cam${index % IN_FLIGHT}/seg${index}.ts`;
      const answer = await fetch({ url, timeoutMs: 5000, redirect: 'manual' });
      if (answer.status !== 200 || answer.body.byteLength === 0) throw new Error(`${url}: HTTP ${answer.status}`);
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const used = process.cpuUsage(cpu);
  return { cpuUsPerRequest: (used.user + used.system) / REQUESTS, msPerRequest: (performance.now() - started) / REQUESTS };
}

const median = (values: readonly number[]): number => percentile(values, 50);

const server = await startServer();
try {
  const variants: Array<[string, HttpFetch]> = [
    ['httpFetch (undici fetch)', httpFetch],
    ['keepAliveFetch (node:http)', keepAliveFetch],
  ];
  for (const [, fetch] of variants) await measure(fetch, server.url); // warm-up: JIT, connections
  const results = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fetch] of round % 2 === 0 ? variants : [...variants].reverse()) {
      results.get(name)?.push((await measure(fetch, server.url)).cpuUsPerRequest);
    }
  }
  console.log(`${REQUESTS} media requests per round (half playlists, half 40 kB segments), ${IN_FLIGHT} in flight, ${ROUNDS} rounds interleaved, ${new Date().toISOString()}`);
  const baseline = median(results.get(variants[0]?.[0] ?? '') ?? []);
  for (const [name, values] of results) {
    console.log(`${name.padEnd(28)} CPU ${median(values).toFixed(0).padStart(5)} µs per request (rounds: ${values.map((value) => value.toFixed(0)).join(', ')}), ratio ${(median(values) / baseline).toFixed(2)}`);
  }
} finally {
  server.stop();
}
