import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../../test/fixtures/processes';
import type { RunningSim } from '../../test/fixtures/sim';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The baseline page of plain hls.js players (baseline.html, baseline.js), served on a loopback port. */
export async function baselineServer(): Promise<{ server: Server; url: string }> {
  const files: Record<string, [string, string]> = {
    '/': [join(ROOT, 'bench/wall/baseline.html'), 'text/html'],
    '/baseline.js': [join(ROOT, 'bench/wall/baseline.js'), 'text/javascript'],
    '/hls.min.js': [join(ROOT, 'node_modules/hls.js/dist/hls.min.js'), 'text/javascript'],
  };
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://bench').pathname];
    if (!file) return void response.writeHead(404).end();
    void readFile(file[0]).then((body) => response.writeHead(200, { 'content-type': file[1] }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Starts live sessions on the simulator for the baseline (with keepalive), sized like a tile. */
export async function baselineSessions(sim: RunningSim, count: number, width: number, height: number): Promise<{ urls: string[]; startedAt: number[]; stop: () => Promise<void> }> {
  const urls: string[] = [];
  const startedAt: number[] = [];
  const ids: number[] = [];
  for (let camera = 1; camera <= count; camera++) {
    const reply = (await (await fetch(`${sim.url}/REST/local/startlive/${camera}/${width}/${height}/0`)).json()) as { result: Array<{ sesssionId: number; hlsURL: string }> };
    const session = reply.result[0];
    if (!session) throw new Error('startlive failed');
    ids.push(session.sesssionId);
    urls.push(session.hlsURL);
  }
  // Warm: the stream is there before the clock starts, as Tessera's measured sessions are.
  await waitForPlaylists(urls);
  for (const _ of urls) startedAt.push(Date.now());
  const keep = setInterval(() => {
    for (const id of ids) void fetch(`${sim.url}/REST/local/live/keepalive/${id}`).catch(() => undefined);
  }, 10_000);
  return {
    urls,
    startedAt,
    stop: async () => {
      clearInterval(keep);
      await Promise.all(ids.map((id) => fetch(`${sim.url}/REST/local/stoplive/${id}`).catch(() => undefined)));
    },
  };
}

/**
 * Waits until every stream's live window is full (six segments), as it is on a VMS whose
 * cameras stream all the time; where a player starts depends on how full it is.
 */
async function waitForPlaylists(urls: readonly string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  const segments = (url: string): Promise<number> =>
    fetch(url).then(
      async (response) => (response.status === 200 ? (await response.text()).split('\n').filter((line) => line.endsWith('.ts')).length : 0),
      () => 0,
    );
  for (const url of urls) {
    while ((await segments(url)) < 6) {
      if (Date.now() > deadline) throw new Error(`no full playlist at ${url}`);
      await sleep(250);
    }
  }
}
