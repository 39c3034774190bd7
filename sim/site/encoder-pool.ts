import { join } from 'node:path';
import type { SimCamera, SimProfile } from './catalog';
import { SegmentEncoder } from './encoder';
import { SegmentRing } from './segment-ring';

export interface EncoderPoolOptions {
  readonly rootDir: string;
  readonly timeZone: string;
  readonly segmentSeconds: number;
  /** Segments kept per live encoder (a little more than a playlist window, for slow readers). */
  readonly keepSegments: number;
  /** How long an encoder nobody uses keeps running, so quick re-opens stay instant. */
  readonly lingerMs: number;
  readonly onError?: (message: string) => void;
  /** The shared encoder a camera's live video comes from, if it shares one (site option `sharedEncoders`); else its own. */
  readonly sharedSource?: (cameraId: number) => SharedSource | undefined;
  /** Live encoders also send RTP, for live WebRTC viewers (site option `liveRtp`). */
  readonly liveRtp?: boolean;
}

/** An encoder several cameras share: what it is called in the pool and what its picture shows. */
export interface SharedSource {
  /** Names it in pool keys (`<id>/<profile>`), apart from any camera's id: `shared1`, `shared2`, ... */
  readonly id: string;
  /** Burnt into its picture instead of a camera name: every camera that shares it shows this. */
  readonly label: string;
  readonly hue: number;
}

export interface LiveEncoder {
  readonly encoder: SegmentEncoder;
  readonly ring: SegmentRing;
}

export interface EncoderLease extends LiveEncoder {
  release(): void;
}

interface PoolEntry extends LiveEncoder {
  refs: number;
  linger: NodeJS.Timeout | undefined;
}

/**
 * Live encoders are shared: one ffmpeg per camera-profile in use, however many sessions
 * watch it, started on first demand and stopped when no session has needed it for
 * `lingerMs`. With shared sources, cameras that share one get the same encoder (same
 * segments, same bytes) under their own ids: one ffmpeg per source-profile in use.
 */
export class EncoderPool {
  private readonly entries = new Map<string, PoolEntry>();
  private runs = 0;
  /** Cameras whose picture is frozen: their encoders, running or started later, show one still frame. */
  private readonly frozen = new Set<number>();

  constructor(private readonly options: EncoderPoolOptions) {}

  acquire(camera: SimCamera, profile: SimProfile): EncoderLease {
    const shared = this.options.sharedSource?.(camera.id);
    const source = shared?.id ?? String(camera.id);
    const key = encoderKey(source, profile.name);
    let entry = this.entries.get(key);
    if (!entry) {
      const ring = new SegmentRing({ maxSegments: this.options.keepSegments });
      const encoder = new SegmentEncoder(
        {
          label: shared?.label ?? camera.name,
          width: profile.width,
          height: profile.height,
          fps: profile.fps,
          bitrateKbps: profile.bitrateKbps,
          segmentSeconds: this.options.segmentSeconds,
          hue: shared?.hue ?? camera.hue,
          dir: join(this.options.rootDir, `live-${source}-${profile.name}-${this.runs++}`),
          timeZone: this.options.timeZone,
          // Live WebRTC viewers (the Milestone front) take their H.264 from the encoder's RTP output.
          liveRtp: this.options.liveRtp ?? false,
        },
        (segment) => ring.add(segment),
      );
      entry = { encoder, ring, refs: 0, linger: undefined };
      this.entries.set(key, entry);
      if (!shared && this.frozen.has(camera.id)) void encoder.setStill(true);
      encoder.start().catch((error: unknown) => this.options.onError?.(`encoder ${key} failed to start: ${String(error)}`));
    }
    clearTimeout(entry.linger);
    entry.linger = undefined;
    entry.refs += 1;
    const held = entry;
    let released = false;
    return {
      encoder: held.encoder,
      ring: held.ring,
      release: () => {
        if (released) return;
        released = true;
        held.refs -= 1;
        if (held.refs === 0) held.linger = setTimeout(() => void this.retire(key, held), this.options.lingerMs);
      },
    };
  }

  /** The running encoder of a camera-profile (its own or the one it shares), if any session keeps it. */
  find(cameraId: number, profileName: string): LiveEncoder | undefined {
    const entry = this.entries.get(encoderKey(this.options.sharedSource?.(cameraId)?.id ?? String(cameraId), profileName));
    return entry?.encoder.running ? entry : undefined;
  }

  describe(): Array<{ key: string; refs: number; running: boolean; segments: number }> {
    return [...this.entries].map(([key, entry]) => ({ key, refs: entry.refs, running: entry.encoder.running, segments: entry.ring.segments.length }));
  }

  /**
   * Stops every encoder of a camera at once (it went offline), whoever holds it. A shared
   * encoder goes on for the other cameras: the fronts drop the leases they hold for this
   * one and stop serving its media.
   */
  async stopCamera(cameraId: number): Promise<void> {
    if (this.options.sharedSource?.(cameraId)) return;
    const prefix = `${cameraId}/`;
    await Promise.all([...this.entries].filter(([key]) => key.startsWith(prefix)).map(([key, entry]) => this.retire(key, entry, true)));
  }

  /** Freezes a camera's live picture (or unfreezes it): its sessions go on, their segments show one still frame. */
  async freezeCamera(cameraId: number, frozen: boolean): Promise<void> {
    if (this.options.sharedSource?.(cameraId)) return;
    if (frozen) this.frozen.add(cameraId);
    else this.frozen.delete(cameraId);
    const prefix = `${cameraId}/`;
    await Promise.all([...this.entries].filter(([key]) => key.startsWith(prefix)).map(([, entry]) => entry.encoder.setStill(frozen)));
  }

  isFrozen(cameraId: number): boolean {
    return this.frozen.has(cameraId);
  }

  async close(): Promise<void> {
    await Promise.all([...this.entries].map(([key, entry]) => this.retire(key, entry, true)));
  }

  private async retire(key: string, entry: PoolEntry, force = false): Promise<void> {
    if (!force && entry.refs > 0) return;
    clearTimeout(entry.linger);
    if (this.entries.get(key) === entry) this.entries.delete(key);
    await entry.encoder.stop(true);
  }
}

function encoderKey(source: string, profileName: string): string {
  return `${source}/${profileName}`;
}
