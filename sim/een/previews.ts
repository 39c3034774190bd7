import type { ChildProcess } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimCamera } from '../site/catalog';
import { escapeFilterValue } from '../site/encoder';
import { ffmpegPath, findFont, spawnTiedToParent, stopTied } from '../site/ffmpeg';

/** One preview image as Eagle Eye serves it: a JPEG and the moment it shows. */
export interface PreviewImage {
  /** Counts the camera's images since the simulator started (never reused, even across encoder runs). */
  readonly sequence: number;
  /** Epoch ms the picture shows (its burnt-in clock). */
  readonly takenAt: number;
  /** Epoch ms the encoder finished it: from then on it is served (a waiting `next` gets it at once). */
  readonly madeAt: number;
  readonly jpeg: Buffer;
}

/** Images remembered per camera for `made()` (a few minutes at one a second). */
const MADE_KEPT = 600;

export interface PreviewPoolOptions {
  readonly rootDir: string;
  readonly timeZone: string;
  /** Images per second (Eagle Eye's default preview rate is one). */
  readonly fps?: number;
  readonly width?: number;
  /** A camera's preview encoder nobody asked for this long stops. */
  readonly lingerMs?: number;
  readonly log: (line: string) => void;
}

const JPEG_START = Buffer.from([0xff, 0xd8]);
const JPEG_END = Buffer.from([0xff, 0xd9]);

/**
 * The simulated cameras' preview streams: while a camera's previews are asked for, one
 * small ffmpeg draws its test pattern, name and clock once a second as a JPEG (as an
 * Eagle Eye bridge uploads previews, about one a second). Started on the first request,
 * stopped when nobody asked for a while; the newest image stays for `prev` requests.
 */
export class PreviewPool {
  private readonly cameras = new Map<number, CameraPreviews>();

  constructor(private readonly options: PreviewPoolOptions) {}

  /** The camera's newest image, starting its encoder if needed and waiting up to `waitMs` for a first one. */
  async latest(camera: SimCamera, waitMs: number, signal?: AbortSignal): Promise<PreviewImage | undefined> {
    const previews = this.of(camera);
    previews.touch();
    try {
      return previews.newest ?? (await previews.next({ sequence: 0 }, waitMs, signal));
    } finally {
      previews.touch(); // the linger counts from the last answer, not from a question still waiting
    }
  }

  /**
   * The camera's first image after `afterMs` (epoch), or with `now` the first image made
   * after the newest one at the time of asking; waiting up to `waitMs` for it.
   */
  async next(camera: SimCamera, afterMs: number | 'now', waitMs: number, signal?: AbortSignal): Promise<PreviewImage | undefined> {
    const previews = this.of(camera);
    previews.touch();
    try {
      return await previews.next(afterMs === 'now' ? { sequence: previews.newest?.sequence ?? 0 } : { ms: afterMs }, waitMs, signal);
    } finally {
      previews.touch();
    }
  }

  /** The newest image already made, without starting anything. */
  stored(cameraId: number): PreviewImage | undefined {
    return this.cameras.get(cameraId)?.newest;
  }

  /** When each recent image was made, by the time it shows (benchmarks: image to screen). */
  made(): Array<{ cameraId: number; takenAt: number; madeAt: number }> {
    return [...this.cameras].flatMap(([cameraId, previews]) => previews.made.map(([takenAt, madeAt]) => ({ cameraId, takenAt, madeAt })));
  }

  /** Stops a camera's encoder (it went offline): its newest image stays. */
  async stop(cameraId: number): Promise<void> {
    await this.cameras.get(cameraId)?.stop();
  }

  /** Cameras whose encoder runs now. */
  running(): number[] {
    return [...this.cameras].filter(([, previews]) => previews.running).map(([id]) => id);
  }

  async close(): Promise<void> {
    await Promise.all([...this.cameras.values()].map((previews) => previews.stop()));
    this.cameras.clear();
  }

  private of(camera: SimCamera): CameraPreviews {
    let previews = this.cameras.get(camera.id);
    if (!previews) {
      previews = new CameraPreviews(camera, this.options);
      this.cameras.set(camera.id, previews);
    }
    return previews;
  }
}

class CameraPreviews {
  newest: PreviewImage | undefined;
  /** [takenAt, madeAt] of the latest images. */
  readonly made: Array<[number, number]> = [];
  private child: ChildProcess | undefined;
  private pending: Buffer = Buffer.alloc(0);
  private epochMs = 0;
  private frames = 0;
  private sequence = 0;
  private linger: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<() => void>();
  /** Each encoder run writes its text files in a directory of its own, so a stop's clean-up never races the next start. */
  private dir = '';
  private runs = 0;

  constructor(
    private readonly camera: SimCamera,
    private readonly options: PreviewPoolOptions,
  ) {}

  private starting = false;

  get running(): boolean {
    return this.child !== undefined || this.starting;
  }

  /** Someone wants previews: run the encoder (if the camera is on) and keep it running a while. */
  touch(): void {
    clearTimeout(this.linger);
    this.linger = setTimeout(() => void this.stop(), this.options.lingerMs ?? 10_000);
    if (!this.running && this.camera.online) void this.start();
  }

  next(after: { readonly sequence: number } | { readonly ms: number }, waitMs: number, signal?: AbortSignal): Promise<PreviewImage | undefined> {
    const fresh = (): PreviewImage | undefined => {
      const newest = this.newest;
      if (!newest) return undefined;
      return ('sequence' in after ? newest.sequence > after.sequence : newest.takenAt > after.ms) ? newest : undefined;
    };
    const now = fresh();
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        signal?.removeEventListener('abort', finish);
        resolve(fresh());
      };
      const check = (): void => {
        if (fresh()) finish();
      };
      const timer = setTimeout(finish, waitMs);
      this.waiters.add(check);
      signal?.addEventListener('abort', finish, { once: true });
    });
  }

  async stop(): Promise<void> {
    clearTimeout(this.linger);
    this.starting = false;
    const child = this.child;
    const dir = this.dir;
    this.child = undefined;
    if (child) await stopTied(child);
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }

  private async start(): Promise<void> {
    this.starting = true; // a second request meanwhile starts nothing
    this.runs += 1;
    this.dir = join(this.options.rootDir, `een-previews-${this.camera.id}-${this.runs}`);
    const fps = this.options.fps ?? 1;
    const width = this.options.width ?? 480;
    const height = Math.round((width * 9) / 16 / 2) * 2;
    this.epochMs = Date.now();
    this.frames = 0;
    const filters = [`hue=h=${this.camera.hue}`];
    const font = findFont();
    if (font) {
      await mkdir(this.dir, { recursive: true });
      const labelFile = join(this.dir, 'label.txt');
      const clockFile = join(this.dir, 'clock.txt');
      await writeFile(labelFile, `${this.camera.name} (preview)`);
      await writeFile(clockFile, `%{pts:localtime:${(this.epochMs / 1000).toFixed(3)}}`);
      const size = Math.max(12, Math.round(height / 15));
      const text = (file: string, x: string): string => `drawtext=fontfile=${escapeFilterValue(font)}:textfile=${escapeFilterValue(file)}:x=${x}:y=${Math.round(size / 3)}:fontsize=${size}:fontcolor=white`;
      filters.push(`drawbox=x=0:y=0:w=iw:h=${Math.round(size * 1.7)}:color=black:t=fill`, text(labelFile, String(Math.round(size / 2))), text(clockFile, `w-tw-${Math.round(size / 2)}`));
    }
    if (!this.isStarting()) return; // stopped while the text files were written
    this.starting = false;
    // prettier-ignore
    const args = [
      '-hide_banner', '-loglevel', 'error',
      '-re', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`,
      '-vf', filters.join(','),
      '-c:v', 'mjpeg', '-q:v', '7', '-f', 'image2pipe', '-flush_packets', '1', 'pipe:1',
    ];
    const child = spawnTiedToParent(ffmpegPath(), args, { TZ: this.options.timeZone }, 'pipe');
    this.child = child;
    this.pending = Buffer.alloc(0);
    child.stdout?.on('data', (chunk: Buffer) => this.receive(chunk, fps));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (line: string) => this.options.log(`EEN preview encoder of camera ${this.camera.id}: ${line.trim()}`));
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
  }

  /** A call, not a field read: it changes across the awaits of `start`. */
  private isStarting(): boolean {
    return this.starting;
  }

  /** ffmpeg writes whole JPEGs one after another: each ends at its EOI marker (FF D9 never occurs inside entropy-coded data). */
  private receive(chunk: Buffer, fps: number): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const start = this.pending.indexOf(JPEG_START);
      const end = start < 0 ? -1 : this.pending.indexOf(JPEG_END, start + 2);
      if (end < 0) return;
      const jpeg = Buffer.from(this.pending.subarray(start, end + 2));
      this.pending = this.pending.subarray(end + 2);
      const takenAt = Math.min(Date.now(), Math.round(this.epochMs + (this.frames * 1000) / fps));
      this.frames += 1;
      this.sequence += 1;
      const madeAt = Date.now();
      this.newest = { sequence: this.sequence, takenAt, madeAt, jpeg };
      this.made.push([takenAt, madeAt]);
      if (this.made.length > MADE_KEPT) this.made.shift();
      for (const waiter of [...this.waiters]) waiter();
    }
  }
}
