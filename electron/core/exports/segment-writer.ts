import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';

/** Segments further apart than this do not follow each other: a new run starts. */
const RUN_GAP_MS = 1000;

/**
 * Writes downloaded MPEG-TS segments one after another into "runs": files whose
 * timestamps run on without a break, so each remuxes cleanly. A discontinuity (the
 * camera's encoder restarted), a jump in wall-clock time, or a new session (whose
 * timestamps may start afresh) begins a new run.
 */
export class SegmentWriter {
  readonly runs: string[] = [];
  private handle: FileHandle | undefined;
  private lastEndMs: number | undefined;

  constructor(private readonly dir: string) {}

  async append(bytes: Uint8Array, segment: { readonly startMs: number; readonly durationMs: number; readonly discontinuity: boolean }): Promise<void> {
    const jumped = this.lastEndMs !== undefined && Math.abs(segment.startMs - this.lastEndMs) > RUN_GAP_MS;
    if (!this.handle || segment.discontinuity || jumped) await this.startRun();
    await this.handle?.write(bytes);
    this.lastEndMs = segment.startMs + segment.durationMs;
  }

  /** The next segment starts a new run. */
  async breakRun(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  async close(): Promise<void> {
    await this.breakRun();
  }

  private async startRun(): Promise<void> {
    await this.breakRun();
    const path = join(this.dir, `run-${this.runs.length}.ts`);
    this.handle = await open(path, 'w');
    this.runs.push(path);
  }
}
