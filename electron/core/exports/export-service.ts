import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CameraRef } from '../../../shared/model/camera';
import type { ExportJob } from '../../../shared/model/export';
import type { VmsAdapter } from '../../vms/adapter';
import type { Clock } from '../../common/clock';
import { notFound } from '../errors';
import type { Downloads } from '../files/downloads';
import { safeFileName } from '../files/file-saver';
import type { Logger } from '../../common/logger';
import { describeMissing, ExportFailure, type ExportOutcome, type ExportRunOptions, runExport } from './export-run';

export interface ExportServiceOptions {
  /** A directory of the exports' own: emptied at start and at dispose. */
  readonly dir: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly adapterFor: (serverId: string) => VmsAdapter;
  /** The camera's name; throws not-found for a camera not on the server. */
  readonly cameraName: (serverId: string, cameraId: string) => string;
  readonly downloads: Downloads;
  /** `export.changed` to every window. */
  readonly publish: (job: ExportJob) => void;
  /** How long a finished export (and its file) is kept. */
  readonly keepMs?: number;
  /** Progress goes out at most this often per job; changes of state at once. */
  readonly progressEveryMs?: number;
  /** The export itself; tests replace the run's timings through this. */
  readonly run?: (options: ExportRunOptions) => Promise<ExportOutcome>;
}

interface JobEntry {
  job: ExportJob;
  readonly serverId: string;
  readonly controller: AbortController;
  /** Settles when the job's run has finished and cleaned up. */
  running: Promise<void> | undefined;
  downloadId: string | undefined;
  filePath: string | undefined;
  lastPublishAt: number;
  cancelPublish: (() => void) | undefined;
  cancelExpiry: (() => void) | undefined;
}

const DEFAULT_KEEP_MS = 6 * 3600 * 1000;

/**
 * Exports: MP4s of a time range of cameras, one job per camera. Jobs run one at a time per
 * server (each is a playback session and a stream of downloads on that VMS), in the order
 * asked. Every change goes out as `export.changed`, progress at most a few times a second.
 * A finished file is downloadable from the app's origin for `keepMs`, then deleted with
 * its job; everything goes at dispose.
 */
export class ExportService {
  private readonly jobs = new Map<string, JobEntry>();
  private readonly busy = new Set<string>();
  private disposed = false;

  constructor(private readonly options: ExportServiceOptions) {
    // Files of a previous run have no job any more (jobs live in memory): nobody can fetch them.
    rmSync(options.dir, { recursive: true, force: true });
  }

  start(cameras: readonly CameraRef[], from: number, to: number): ExportJob[] {
    const names = cameras.map((camera) => this.options.cameraName(camera.serverId, camera.cameraId));
    const created = cameras.map((camera, index): JobEntry => {
      const cameraName = names[index] ?? camera.cameraId;
      return {
        job: { ...camera, id: randomUUID(), cameraName, from, to, state: 'queued', progress: 0, fileName: exportFileName(cameraName, from, to) },
        serverId: camera.serverId,
        controller: new AbortController(),
        running: undefined,
        downloadId: undefined,
        filePath: undefined,
        lastPublishAt: Number.NEGATIVE_INFINITY,
        cancelPublish: undefined,
        cancelExpiry: undefined,
      };
    });
    for (const entry of created) {
      this.jobs.set(entry.job.id, entry);
      this.publish(entry, true);
    }
    for (const serverId of new Set(created.map((entry) => entry.serverId))) this.next(serverId);
    return created.map((entry) => entry.job);
  }

  /** Stops a queued or running export; its partial file is deleted. A finished one stays as it is. */
  cancel(id: string): void {
    const entry = this.jobs.get(id);
    if (!entry) throw notFound(`No export ${id}`);
    if (entry.job.state === 'queued') {
      this.finish(entry, { state: 'cancelled', message: 'Cancelled before it started' });
      return;
    }
    if (entry.job.state === 'running') entry.controller.abort(new ExportFailure('Cancelled'));
  }

  /** Oldest first. */
  list(): ExportJob[] {
    return [...this.jobs.values()].map((entry) => entry.job);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const running: Array<Promise<void>> = [];
    for (const entry of this.jobs.values()) {
      entry.controller.abort(new ExportFailure('Tessera is shutting down'));
      if (entry.running) running.push(entry.running);
    }
    await Promise.allSettled(running);
    for (const entry of this.jobs.values()) this.forget(entry);
    this.jobs.clear();
    await rm(this.options.dir, { recursive: true, force: true });
  }

  /** Starts the server's next queued job, unless one is running there. */
  private next(serverId: string): void {
    if (this.disposed || this.busy.has(serverId)) return;
    const entry = [...this.jobs.values()].find((candidate) => candidate.serverId === serverId && candidate.job.state === 'queued');
    if (!entry) return;
    this.busy.add(serverId);
    entry.running = this.run(entry).finally(() => {
      this.busy.delete(serverId);
      this.next(serverId);
    });
  }

  private async run(entry: JobEntry): Promise<void> {
    const { job } = entry;
    this.update(entry, { state: 'running' }, true);
    const workDir = join(this.options.dir, `${job.id}.work`);
    const outPath = join(this.options.dir, `${job.id}.mp4`);
    try {
      // Exports are recordings of the cameras: this OS account's only, like the rest of the data directory.
      await mkdir(workDir, { recursive: true, mode: 0o700 });
      const outcome = await (this.options.run ?? runExport)({
        adapter: this.options.adapterFor(entry.serverId),
        cameraId: job.cameraId,
        from: job.from,
        to: job.to,
        outPath,
        workDir,
        clock: this.options.clock,
        log: this.options.log.child(job.id.slice(0, 8)),
        signal: entry.controller.signal,
        onProgress: (progress) => this.update(entry, { progress: Math.max(entry.job.progress, Math.min(1, progress)) }),
      });
      entry.filePath = outPath;
      entry.downloadId = this.options.downloads.add({ fileName: job.fileName, contentType: 'video/mp4', body: { kind: 'file', path: outPath } });
      this.finish(entry, { state: 'done', progress: 1, bytes: outcome.bytes, download: this.options.downloads.url(entry.downloadId), message: describeMissing(outcome.missing) });
    } catch (error) {
      await rm(outPath, { force: true });
      if (entry.controller.signal.aborted) this.finish(entry, { state: 'cancelled', message: reason(entry.controller.signal.reason) });
      else if (error instanceof ExportFailure) this.finish(entry, { state: 'failed', message: error.message });
      else {
        this.options.log.error('export failed', { job: job.id, error });
        this.finish(entry, { state: 'failed', message: `The export failed: ${error instanceof Error ? error.message : 'unexpected error'}` });
      }
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  private finish(entry: JobEntry, patch: Partial<ExportJob>): void {
    this.update(entry, patch, true);
    if (this.disposed) return;
    entry.cancelExpiry = this.options.clock.after(this.options.keepMs ?? DEFAULT_KEEP_MS, () => {
      entry.cancelExpiry = undefined;
      this.forget(entry);
      this.jobs.delete(entry.job.id);
      if (entry.filePath) void rm(entry.filePath, { force: true });
    });
  }

  private update(entry: JobEntry, patch: Partial<ExportJob>, now = false): void {
    entry.job = { ...entry.job, ...patch };
    this.publish(entry, now);
  }

  /** Throttled per job: the latest state goes out, never more than once per interval. */
  private publish(entry: JobEntry, now: boolean): void {
    const every = this.options.progressEveryMs ?? 250;
    const wait = entry.lastPublishAt + every - this.options.clock.now();
    if (now || wait <= 0) {
      entry.cancelPublish?.();
      entry.cancelPublish = undefined;
      entry.lastPublishAt = this.options.clock.now();
      this.options.publish(entry.job);
      return;
    }
    entry.cancelPublish ??= this.options.clock.after(wait, () => {
      entry.cancelPublish = undefined;
      this.publish(entry, true);
    });
  }

  private forget(entry: JobEntry): void {
    entry.cancelPublish?.();
    entry.cancelExpiry?.();
    entry.cancelPublish = undefined;
    entry.cancelExpiry = undefined;
    if (entry.downloadId) this.options.downloads.remove(entry.downloadId);
  }
}

function reason(value: unknown): string {
  return value instanceof Error ? value.message : 'Cancelled';
}

/** `Main Entrance 2026-05-01T10-00-00Z 5m00s.mp4`: the camera, the start (UTC) and the length. */
export function exportFileName(cameraName: string, from: number, to: number): string {
  const start = new Date(from).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const seconds = Math.round((to - from) / 1000);
  const length = seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
  return safeFileName(`${cameraName} ${start} ${length}`, 'video/mp4');
}
