import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser, type Manifest } from 'm3u8-parser';
import { runFfmpeg } from '../../../sim/ffmpeg';
import { decodeTimecode } from '../../../sim/timecode';

/** Parses a playlist with video.js's m3u8-parser: an HLS parser written by others. */
export function parsePlaylist(text: string): Manifest {
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest;
}

/** The burnt-in time code (epoch seconds) of the first frame of an MPEG-TS segment. */
export async function firstFrameTimecode(segment: Uint8Array, width: number, height: number): Promise<number | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-frame-'));
  try {
    const file = join(dir, 'segment.ts');
    await writeFile(file, segment);
    const gray = await runFfmpeg(['-i', file, '-frames:v', '1', '-s', `${width}x${height}`, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
    return decodeTimecode((x, y) => gray[y * width + x] ?? 0, height);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function fetchBytes(url: string, init?: RequestInit): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const response = await fetch(url, init);
  return { status: response.status, type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value (not undefined), or throws after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
