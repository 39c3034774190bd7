import { join } from 'node:path';
import type { SimCamera, SimProfile } from './catalog';
import { SegmentEncoder } from './encoder';

export interface EncoderPoolOptions {
  readonly rootDir: string;
  readonly segmentSeconds: number;
  /** Segments kept per live encoder. */
  readonly keepSegments: number;
  /** How long an encoder nobody uses keeps running, so quick re-opens stay instant. */
  readonly lingerMs: number;
  readonly onError?: (message: string) => void;
}

export interface EncoderLease {
  readonly encoder: SegmentEncoder;
  release(): void;
}

interface PoolEntry {
  readonly encoder: SegmentEncoder;
  refs: number;
  linger: NodeJS.Timeout | undefined;
}

/**
 * Encoders are shared: one ffmpeg per camera-profile in use, however many sessions
 * watch it, started on first demand and stopped when no session has needed it for
 * `lingerMs`.
 */
export class EncoderPool {
  private readonly entries = new Map<string, PoolEntry>();

  constructor(private readonly options: EncoderPoolOptions) {}

  acquire(camera: SimCamera, profile: SimProfile): EncoderLease {
    const key = encoderKey(camera.id, profile.name);
    let entry = this.entries.get(key);
    if (!entry) {
      const encoder = new SegmentEncoder({
        label: camera.name,
        width: profile.width,
        height: profile.height,
        fps: profile.fps,
        bitrateKbps: profile.bitrateKbps,
        segmentSeconds: this.options.segmentSeconds,
        hue: camera.hue,
        dir: join(this.options.rootDir, `${camera.id}-${profile.name}-${Date.now().toString(36)}`),
        keepSegments: this.options.keepSegments,
      });
      entry = { encoder, refs: 0, linger: undefined };
      this.entries.set(key, entry);
      encoder.start().catch((error: unknown) => this.options.onError?.(`encoder ${key} failed to start: ${String(error)}`));
    }
    clearTimeout(entry.linger);
    entry.linger = undefined;
    entry.refs += 1;
    const held = entry;
    let released = false;
    return {
      encoder: held.encoder,
      release: () => {
        if (released) return;
        released = true;
        held.refs -= 1;
        if (held.refs === 0) held.linger = setTimeout(() => void this.retire(key, held), this.options.lingerMs);
      },
    };
  }

  /** The running encoder of a camera-profile, if any session keeps it. */
  find(cameraId: number, profileName: string): SegmentEncoder | undefined {
    return this.entries.get(encoderKey(cameraId, profileName))?.encoder;
  }

  describe(): Array<{ key: string; refs: number; running: boolean; segments: number }> {
    return [...this.entries].map(([key, entry]) => ({ key, refs: entry.refs, running: entry.encoder.running, segments: entry.encoder.segments.length }));
  }

  /** Stops every encoder that serves `cameraId` at once (the camera went offline). */
  async stopCamera(cameraId: number): Promise<void> {
    const prefix = `${cameraId}/`;
    await Promise.all([...this.entries].filter(([key]) => key.startsWith(prefix)).map(([key, entry]) => this.retire(key, entry, true)));
  }

  async close(): Promise<void> {
    await Promise.all([...this.entries].map(([key, entry]) => this.retire(key, entry, true)));
  }

  private async retire(key: string, entry: PoolEntry, force = false): Promise<void> {
    if (!force && entry.refs > 0) return;
    clearTimeout(entry.linger);
    if (this.entries.get(key) === entry) this.entries.delete(key);
    await entry.encoder.stop();
  }
}

function encoderKey(cameraId: number, profileName: string): string {
  return `${cameraId}/${profileName}`;
}
