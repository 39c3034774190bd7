import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimCamera, SimProfile } from './catalog';
import { SegmentEncoder } from './encoder';
import { SegmentRing, type Segment } from './segment-ring';
import { segmentJpeg, segmentsToMp4 } from './cuts';

export interface RecorderOptions {
  readonly rootDir: string;
  readonly timeZone: string;
  readonly profile: SimProfile;
  readonly segmentSeconds: number;
  readonly retentionMs: number;
  readonly maxBytes: number;
  readonly onError: (message: string) => void;
}

/** How long a snapshot of the newest recorded frame is reused (events can come in bursts). */
const SNAPSHOT_TTL_MS = 1000;
/** How long an event raised right after start waits for the recording's first segment. */
const FIRST_SEGMENT_WAIT_MS = 6000;

/**
 * One camera's continuous recording: an encoder that runs while the camera is online,
 * writing into a bounded ring (by age and by bytes). Archive sessions, event snapshots
 * and event clips are all cut from this ring, as on a real recorder.
 */
export class CameraRecorder {
  readonly ring: SegmentRing;
  private encoder: SegmentEncoder | undefined;
  private runs = 0;
  private snapshot: { at: number; jpeg: Promise<Buffer | undefined> } | undefined;

  constructor(
    private readonly camera: SimCamera,
    private readonly options: RecorderOptions,
  ) {
    this.ring = new SegmentRing({ maxAgeMs: options.retentionMs, maxBytes: options.maxBytes });
  }

  get recording(): boolean {
    return this.encoder?.running ?? false;
  }

  start(): void {
    if (this.encoder) return;
    this.ring.startRun();
    const { profile } = this.options;
    this.encoder = new SegmentEncoder(
      {
        label: this.camera.name,
        width: profile.width,
        height: profile.height,
        fps: profile.fps,
        bitrateKbps: profile.bitrateKbps,
        segmentSeconds: this.options.segmentSeconds,
        hue: this.camera.hue,
        dir: join(this.options.rootDir, `rec-${this.camera.id}-${this.runs++}`),
        timeZone: this.options.timeZone,
      },
      (segment) => this.ring.add(segment),
    );
    this.encoder.start().catch((error: unknown) => this.options.onError(`recorder ${this.camera.id} failed to start: ${String(error)}`));
  }

  /** The camera went offline: recording stops, leaving a gap; what was recorded stays. */
  async stop(): Promise<void> {
    const encoder = this.encoder;
    this.encoder = undefined;
    await encoder?.stop(false);
  }

  /**
   * A JPEG of the newest recorded frame. Right after start the first segment is waited
   * for (a real camera always has a frame); undefined only when nothing can be recorded.
   */
  snapshotJpeg(): Promise<Buffer | undefined> {
    const now = Date.now();
    if (this.snapshot && now - this.snapshot.at < SNAPSHOT_TTL_MS) return this.snapshot.jpeg;
    const jpeg = this.firstSegment().then((ready) => {
      const newest = ready ? this.ring.segments.at(-1) : undefined;
      return newest ? segmentJpeg(newest.path) : undefined;
    });
    this.snapshot = { at: now, jpeg };
    return jpeg;
  }

  private async firstSegment(): Promise<boolean> {
    if (this.ring.segments.length > 0) return true;
    if (!this.encoder) return false;
    return this.encoder.waitForFirstSegment(FIRST_SEGMENT_WAIT_MS).then(
      () => true,
      () => false,
    );
  }

  /** An MP4 of the recording from `fromMs` to `toMs` (whole segments), or undefined if none is recorded then. */
  async clip(fromMs: number, toMs: number): Promise<Buffer | undefined> {
    const segments = this.segmentsBetween(fromMs, toMs);
    if (segments.length === 0) return undefined;
    const dir = await mkdtemp(join(this.options.rootDir, 'clip-'));
    const out = join(dir, 'clip.mp4');
    try {
      await segmentsToMp4(
        segments.map((segment) => segment.path),
        out,
      );
      return await readFile(out);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  segmentsBetween(fromMs: number, toMs: number): Segment[] {
    return this.ring.segments.filter((segment) => segment.startMs + segment.durationMs > fromMs && segment.startMs < toMs);
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.ring.clear();
  }
}

