import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCameras, DEFAULT_PROFILES, RECORDING_PROFILE, type SimCamera, type SimProfile } from './catalog';
import { segmentJpeg } from './cuts';
import { EncoderPool, type SharedSource } from './encoder-pool';
import { SiteEventHub, STATUS_KINDS } from './events';
import { CameraRecorder } from './recorder';

export interface RecordingOptions {
  readonly profile?: SimProfile;
  readonly segmentSeconds?: number;
  /** Ring length per camera (default 2 hours). */
  readonly retentionMs?: number;
  /** Disk budget per camera; the ring drops its oldest segments beyond it. */
  readonly maxBytesPerCamera?: number;
}

export interface SiteOptions {
  readonly cameraCount?: number;
  /** IANA zone of the burnt-in clocks (and of IVMS's `eventTime`); default: this machine's. */
  readonly timeZone?: string;
  /** Live segment length. */
  readonly segmentSeconds?: number;
  /** Segments a live playlist lists; live encoders keep four times as many. */
  readonly liveWindow?: number;
  /** How long a live encoder nobody uses keeps running. */
  readonly encoderLingerMs?: number;
  /** The live stream profiles every camera offers, smallest first. */
  readonly profiles?: readonly SimProfile[];
  /** Continuous recording of every camera; false records nothing (no archive, no clips). */
  readonly recording?: RecordingOptions | false;
  /** Analytics events raised at random per minute (0: only on request). */
  readonly eventsPerMinute?: number;
  /**
   * For benchmarks of many cameras on a small machine: the cameras' live video comes from
   * this many encoders per profile instead of one each (camera n from encoder
   * ((n - 1) mod N) + 1). Every camera keeps its own URLs, sessions, status and events, but
   * cameras that share an encoder get the same segments, so the picture shows the shared
   * encoder's name ("Shared encoder 2 of 4"), not the camera's; its clock and time code stay
   * right. Recordings stay one per camera. Default: one encoder per camera, as the demo and
   * the end-to-end tests need.
   */
  readonly sharedEncoders?: number;
  /**
   * Live encoders also send their H.264 as RTP to the site (for live WebRTC viewers: the
   * Milestone front). Off unless a front needs it: every packet is then read by the site.
   */
  readonly liveRtp?: boolean;
  readonly log?: (line: string) => void;
}

export type CameraStatusListener = (camera: SimCamera, online: boolean) => void;

export interface SiteState {
  readonly encoders: Array<{ key: string; refs: number; running: boolean; segments: number }>;
  readonly recordings: Array<{ cameraId: number; recording: boolean; segments: number; bytes: number; ranges: Array<{ fromMs: number; toMs: number }> }>;
  readonly cameras: Array<{ id: number; name: string; online: boolean; frozen: boolean }>;
}

/**
 * The simulated site every vendor front serves: its cameras, one shared pool of live
 * encoders (one ffmpeg per camera-profile in use, whichever front asked; fewer with
 * `sharedEncoders`), one continuous
 * recording per camera, and one event hub. Fronts hold leases on encoders and read the
 * recordings; they never start ffmpeg themselves, so several fronts cost no more encoder
 * CPU than one.
 */
export class SimSite {
  readonly pool: EncoderPool;
  readonly recorders = new Map<number, CameraRecorder>();
  readonly events: SiteEventHub;
  readonly liveWindow: number;
  private readonly statusListeners = new Set<CameraStatusListener>();

  private constructor(
    readonly cameras: readonly SimCamera[],
    readonly profiles: readonly SimProfile[],
    readonly timeZone: string,
    readonly workDir: string,
    private readonly options: SiteOptions,
    readonly log: (line: string) => void,
  ) {
    this.liveWindow = options.liveWindow ?? 6;
    this.pool = new EncoderPool({
      rootDir: workDir,
      timeZone,
      segmentSeconds: options.segmentSeconds ?? 1,
      keepSegments: this.liveWindow * 4,
      lingerMs: options.encoderLingerMs ?? 10_000,
      onError: log,
      sharedSource: sharedSources(cameras, options.sharedEncoders),
      liveRtp: options.liveRtp ?? false,
    });
    for (const camera of cameras) {
      const recorder = this.createRecorder(camera);
      if (recorder) {
        this.recorders.set(camera.id, recorder);
        recorder.start();
      }
    }
    this.events = new SiteEventHub({ cameras, recorder: (cameraId) => this.recorders.get(cameraId), keep: 5000, clipBeforeMs: 5000, clipAfterMs: 5000 });
    this.events.generate(options.eventsPerMinute ?? 0);
  }

  static async create(options: SiteOptions = {}): Promise<SimSite> {
    const shared = options.sharedEncoders;
    if (shared !== undefined && (!Number.isInteger(shared) || shared < 1)) throw new Error(`sharedEncoders must be a whole number of at least 1, got ${shared}`);
    const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const workDir = await mkdtemp(join(tmpdir(), 'tessera-sim-'));
    const profiles = [...(options.profiles ?? DEFAULT_PROFILES)].sort((a, b) => a.width * a.height - b.width * b.height);
    return new SimSite(createCameras(options.cameraCount ?? 9), profiles, timeZone, workDir, options, options.log ?? (() => undefined));
  }

  get recordingEnabled(): boolean {
    return this.options.recording !== false;
  }

  camera(id: number): SimCamera | undefined {
    return this.cameras.find((camera) => camera.id === id);
  }

  /**
   * A continuous recorder for a camera with the site's recording settings (not started),
   * or undefined when the site records nothing. Fronts use it for cameras of their own.
   */
  createRecorder(camera: SimCamera): CameraRecorder | undefined {
    if (this.options.recording === false) return undefined;
    const recording = this.options.recording ?? {};
    return new CameraRecorder(camera, {
      rootDir: this.workDir,
      timeZone: this.timeZone,
      profile: recording.profile ?? RECORDING_PROFILE,
      segmentSeconds: recording.segmentSeconds ?? 2,
      retentionMs: recording.retentionMs ?? 2 * 60 * 60 * 1000,
      maxBytes: recording.maxBytesPerCamera ?? 256 * 1024 * 1024,
      onError: this.log,
    });
  }

  /** Told when a camera goes offline or comes back, before its encoders stop (fronts drop what they serve of it). */
  onCameraStatus(listener: CameraStatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Takes a camera offline (its encoders and recording stop, leaving a gap) or back, and raises the status event. */
  async setCameraOnline(cameraId: number, online: boolean): Promise<void> {
    const camera = this.camera(cameraId);
    if (!camera) throw new Error(`no camera ${cameraId}`);
    if (camera.online === online) return;
    camera.online = online;
    this.log(`camera ${cameraId} is ${online ? 'online' : 'offline'}`);
    for (const listener of this.statusListeners) listener(camera, online);
    if (online) this.recorders.get(cameraId)?.start();
    else await Promise.all([this.pool.stopCamera(cameraId), this.recorders.get(cameraId)?.stop()]);
    await this.events.emit(cameraId, online ? STATUS_KINDS.online : STATUS_KINDS.offline);
  }

  /**
   * Freezes a camera's live picture, as a camera whose encoder is stuck on one frame: it
   * stays online and its streams play on, but every new frame is the same (its recording
   * is not affected). `false` brings the moving picture back.
   */
  async setCameraFrozen(cameraId: number, frozen: boolean): Promise<void> {
    if (!this.camera(cameraId)) throw new Error(`no camera ${cameraId}`);
    this.log(`camera ${cameraId} picture is ${frozen ? 'frozen' : 'moving again'}`);
    await this.pool.freezeCamera(cameraId, frozen);
  }

  /**
   * A JPEG of a camera's newest frame: from its recording, else from a live encoder
   * that runs anyway, else from a short-lived one started for the purpose. Undefined
   * when the camera has nothing to show (offline and never recorded).
   */
  async newestFrame(camera: SimCamera, recorder = this.recorders.get(camera.id)): Promise<Buffer | undefined> {
    if (recorder && (recorder.recording || recorder.ring.segments.length > 0)) return recorder.snapshotJpeg();
    for (const profile of this.profiles) {
      const newest = this.pool.find(camera.id, profile.name)?.ring.segments.at(-1);
      if (newest) return segmentJpeg(newest.path);
    }
    const smallest = this.profiles[0];
    if (!camera.online || !smallest) return undefined;
    const lease = this.pool.acquire(camera, smallest);
    try {
      await lease.encoder.waitForFirstSegment(10_000);
      const newest = lease.ring.segments.at(-1);
      return newest ? await segmentJpeg(newest.path) : undefined;
    } catch {
      return undefined;
    } finally {
      lease.release();
    }
  }

  state(): SiteState {
    return {
      encoders: this.pool.describe(),
      recordings: [...this.recorders].map(([cameraId, recorder]) => ({
        cameraId,
        recording: recorder.recording,
        segments: recorder.ring.segments.length,
        bytes: recorder.ring.bytes,
        ranges: recorder.ring.ranges(),
      })),
      cameras: this.cameras.map((camera) => ({ id: camera.id, name: camera.name, online: camera.online, frozen: this.pool.isFrozen(camera.id) })),
    };
  }

  async close(): Promise<void> {
    this.events.close();
    this.statusListeners.clear();
    await this.pool.close();
    await Promise.all([...this.recorders.values()].map((recorder) => recorder.dispose()));
    await rm(this.workDir, { recursive: true, force: true });
  }
}

/** Which shared encoder each site camera's live video comes from, when the site shares them (undefined: each its own). */
function sharedSources(cameras: readonly SimCamera[], count: number | undefined): ((cameraId: number) => SharedSource | undefined) | undefined {
  if (count === undefined) return undefined;
  const sources = Array.from({ length: count }, (_, index): SharedSource => ({ id: `shared${index + 1}`, label: `Shared encoder ${index + 1} of ${count}`, hue: cameras[index]?.hue ?? 0 }));
  const byCamera = new Map(cameras.map((camera, index) => [camera.id, sources[index % count]]));
  // Cameras a front adds (VXG channels) are not the site's: they keep encoders of their own.
  return (cameraId) => byCamera.get(cameraId);
}
