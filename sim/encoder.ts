import type { ChildProcess } from 'node:child_process';
import { mkdir, open, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ffmpegPath, findFont, spawnTiedToParent, stopTied } from './ffmpeg';

export interface EncoderSpec {
  /** Burnt into the picture, top left. */
  readonly label: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly bitrateKbps: number;
  readonly segmentSeconds: number;
  /** Hue rotation in degrees, so that cameras do not all look alike. */
  readonly hue: number;
  /** Where segments are written; created, and removed on stop. */
  readonly dir: string;
  /** Segments kept on disk and in memory; older ones are deleted. */
  readonly keepSegments: number;
}

export interface Segment {
  /** Monotonic number of this segment in its encoder (the HLS media sequence). */
  readonly sequence: number;
  readonly file: string;
  /** Wall-clock time of the segment's first frame (epoch ms): what the burnt-in clock shows. */
  readonly startMs: number;
  readonly durationMs: number;
}

const POLL_MS = 100;

/**
 * One ffmpeg producing a live H.264 stream of a synthetic camera: a moving test pattern
 * with the camera's name and a running clock burnt in. ffmpeg's segment muxer writes
 * MPEG-TS segments and appends each finished one to a CSV list; the simulator builds
 * its own playlists from that list, so playlists are never read half-written and carry
 * an exact EXT-X-PROGRAM-DATE-TIME (the clock in the picture is rendered from the same
 * epoch, so picture and playlist agree to the frame).
 */
export class SegmentEncoder {
  private child: ChildProcess | undefined;
  private readonly segmentList: Segment[] = [];
  private listOffset = 0;
  private pending = '';
  private poller: NodeJS.Timeout | undefined;
  private epochMs = 0;
  private stderrTail = '';
  private readonly waiters = new Set<() => void>();
  private stopped = false;

  constructor(readonly spec: EncoderSpec) {}

  async start(): Promise<void> {
    await mkdir(this.spec.dir, { recursive: true });
    const font = findFont();
    this.epochMs = Date.now();
    const filters = [`hue=h=${this.spec.hue}`];
    if (font) filters.push(...(await this.overlayFilters(font)));
    else this.stderrTail = 'no font found: streaming without the burnt-in name and clock';
    const gop = Math.round(this.spec.fps * this.spec.segmentSeconds);
    const args = [
      '-hide_banner',
      '-loglevel', 'error',
      '-re',
      '-f', 'lavfi',
      '-i', `testsrc2=size=${this.spec.width}x${this.spec.height}:rate=${this.spec.fps}`,
      '-vf', filters.join(','),
      '-c:v', 'libx264',
      '-preset', 'ultrafast',
      '-tune', 'zerolatency',
      '-profile:v', 'baseline',
      '-pix_fmt', 'yuv420p',
      '-b:v', `${this.spec.bitrateKbps}k`,
      '-maxrate', `${this.spec.bitrateKbps}k`,
      '-bufsize', `${this.spec.bitrateKbps * 2}k`,
      '-g', String(gop),
      '-keyint_min', String(gop),
      '-sc_threshold', '0',
      '-f', 'segment',
      '-segment_time', String(this.spec.segmentSeconds),
      '-segment_format', 'mpegts',
      '-segment_list', join(this.spec.dir, 'segments.csv'),
      '-segment_list_type', 'csv',
      '-segment_list_flags', '+live',
      '-reset_timestamps', '0',
      join(this.spec.dir, 'seg%07d.ts'),
    ];
    const child = spawnTiedToParent(ffmpegPath(), args);
    this.child = child;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    child.once('exit', () => {
      if (!this.stopped) this.wakeWaiters();
    });
    this.poller = setInterval(() => void this.pollList(), POLL_MS);
  }

  /**
   * The camera name (top left) and a running clock (top right) on an opaque bar. Text
   * goes through files so no camera name can break the filter graph's quoting; the clock
   * is rendered from this encoder's epoch plus each frame's timestamp, the same epoch
   * the playlists' EXT-X-PROGRAM-DATE-TIME is computed from.
   */
  private async overlayFilters(font: string): Promise<string[]> {
    const labelFile = join(this.spec.dir, 'label.txt');
    const clockFile = join(this.spec.dir, 'clock.txt');
    await writeFile(labelFile, this.spec.label);
    await writeFile(clockFile, `%{pts:localtime:${(this.epochMs / 1000).toFixed(3)}}`);
    const fontSize = Math.max(12, Math.round(this.spec.height / 15));
    const bar = Math.round(fontSize * 1.7);
    const margin = Math.round(fontSize / 2);
    const y = Math.round((bar - fontSize) / 2);
    const text = (file: string, x: string): string => `drawtext=fontfile=${escapeFilterValue(font)}:textfile=${escapeFilterValue(file)}:x=${x}:y=${y}:fontsize=${fontSize}:fontcolor=white`;
    return [`drawbox=x=0:y=0:w=iw:h=${bar}:color=black:t=fill`, text(labelFile, String(margin)), text(clockFile, `w-tw-${margin}`)];
  }

  /** Finished segments, oldest first (at most `keepSegments`). */
  get segments(): readonly Segment[] {
    return this.segmentList;
  }

  get running(): boolean {
    return !this.stopped && this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Last lines ffmpeg wrote to stderr, for diagnostics when it dies. */
  get diagnostics(): string {
    return this.stderrTail.trim();
  }

  /** Resolves when at least one segment exists (or the encoder died); rejects after `timeoutMs`. */
  waitForFirstSegment(timeoutMs: number): Promise<void> {
    if (this.segmentList.length > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`encoder produced no segment within ${timeoutMs} ms ${this.diagnostics}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        if (this.segmentList.length > 0) resolve();
        else reject(new Error(`encoder exited: ${this.diagnostics || 'no output'}`));
      };
      this.waiters.add(done);
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.poller);
    if (this.child) await stopTied(this.child);
    this.wakeWaiters();
    await rm(this.spec.dir, { recursive: true, force: true });
  }

  private wakeWaiters(): void {
    for (const waiter of [...this.waiters]) waiter();
    this.waiters.clear();
  }

  /** Reads what ffmpeg appended to the segment list since the last poll. */
  private async pollList(): Promise<void> {
    if (this.stopped) return;
    let handle;
    try {
      handle = await open(join(this.spec.dir, 'segments.csv'), 'r');
    } catch {
      return; // not written yet
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.listOffset) return;
      const buffer = Buffer.alloc(size - this.listOffset);
      await handle.read(buffer, 0, buffer.length, this.listOffset);
      this.listOffset = size;
      this.pending += buffer.toString('utf8');
    } finally {
      await handle.close();
    }
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    let added = false;
    for (const line of lines) {
      const [file, start, end] = line.trim().split(',');
      if (!file || start === undefined || end === undefined) continue;
      const startSeconds = Number(start);
      const endSeconds = Number(end);
      if (!Number.isFinite(startSeconds) || !Number.isFinite(endSeconds)) continue;
      const last = this.segmentList.at(-1);
      this.segmentList.push({
        sequence: last ? last.sequence + 1 : 0,
        file,
        startMs: Math.round(this.epochMs + startSeconds * 1000),
        durationMs: Math.round((endSeconds - startSeconds) * 1000),
      });
      added = true;
    }
    while (this.segmentList.length > this.spec.keepSegments) {
      const dropped = this.segmentList.shift();
      if (dropped) await unlink(join(this.spec.dir, dropped.file)).catch(() => undefined);
    }
    if (added) this.wakeWaiters();
  }
}

/** Escapes a value for an ffmpeg filter option (`:` `\` `'` and `,` are special). */
function escapeFilterValue(value: string): string {
  return value.replace(/[\\:',[\];]/g, (char) => `\\${char}`);
}
