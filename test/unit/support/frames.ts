import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser, type Manifest } from 'm3u8-parser';
import { runFfmpeg } from '../../../sim/ffmpeg';
import type { VmsRecordings } from '../../../electron/vms/adapter';
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

/**
 * A camera's first recorded span, once the VMS lists at least `minMs` of it (the simulated
 * camera records while the test runs), from the adapter's own `recordings`.
 */
export function firstRecordedSpan(vms: { recordings?: (cameraId: string, from: number, to: number) => Promise<VmsRecordings> }, cameraId: string, minMs = 8000): Promise<{ from: number; to: number }> {
  const since = Date.now() - 10 * 60_000;
  return eventually(
    async () => {
      const recorded = await vms.recordings?.(cameraId, since, Date.now());
      const first = recorded?.kind === 'ranges' ? recorded.ranges[0] : undefined;
      return first && first.to - first.from >= minMs ? first : undefined;
    },
    60_000,
    `${minMs / 1000} s of recording`,
  );
}
