import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TimeRange } from '../../../shared/model/timeline';
import type { VmsAdapter, VmsSession } from '../../vms/adapter';
import { isVmsError } from '../../vms/errors';
import { type Clock, sleep } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { normaliseRanges, subtractRanges } from '../recordings/time-ranges';
import { KeepaliveScheduler } from '../sessions/keepalive';
import { type ArchivePlaylist, fetchSegment, type PlaylistSource, readArchivePlaylist } from './archive-playlist';
import { FfmpegError, runFfmpeg } from '../../common/ffmpeg';
import { SegmentWriter } from './segment-writer';

export interface ExportRunOptions {
  readonly adapter: VmsAdapter;
  readonly cameraId: string;
  readonly from: number;
  readonly to: number;
  /** Where the MP4 goes. */
  readonly outPath: string;
  /** Scratch space of this export alone; the caller removes it. */
  readonly workDir: string;
  readonly clock: Clock;
  readonly log: Logger;
  /** Cancellation: stops downloading and closes the session. */
  readonly signal: AbortSignal;
  /** 0 to 1, as segments arrive. */
  readonly onProgress: (fraction: number) => void;
  /** A playlist that brings nothing new for this long has given all it will. */
  readonly stallMs?: number;
  readonly requestTimeoutMs?: number;
  /** Holes in the recording shorter than this are not worth telling (segment boundaries round). */
  readonly minGapMs?: number;
}

export interface ExportOutcome {
  readonly bytes: number;
  /** The parts of [from, to] the VMS had nothing for. */
  readonly missing: TimeRange[];
}

/** Why an export failed, in words for the operator. */
export class ExportFailure extends Error {
  override readonly name = 'ExportFailure';
}

/** The size asked of the VMS: exports want the best stream it has. */
const EXPORT_SIZE = { width: 1920, height: 1080 } as const;
const SEGMENT_ATTEMPTS = 3;
/** Downloading is most of the work; the remux is the rest. */
const DOWNLOADED = 0.95;

/**
 * One export: an MP4 of a camera's recording from `from` to `to`. IVMS has no endpoint for
 * a clip of a range, so this plays the recording back as an archive HLS session would for
 * a tile: open at `from`, keep the session alive, read the media playlist (again while it
 * grows), download the segments whose program date-time falls in the range, and remux them
 * into one MP4 with ffmpeg. A VMS may end a session's playlist before `to` (the simulator
 * does after 30 minutes): the next session opens where the last one stopped. What the VMS
 * has nothing for is returned as `missing`; nothing at all is a failure.
 */
export async function runExport(options: ExportRunOptions): Promise<ExportOutcome> {
  const { adapter, from, to, signal } = options;
  if (!adapter.capabilities.archive) throw new ExportFailure('This VMS offers no recorded video to export');
  const writer = new SegmentWriter(options.workDir);
  const recorded: TimeRange[] = [];
  let covered = from;
  try {
    for (let first = true; covered < to; first = false) {
      const session = await openSession(options, covered, first);
      if (!session) break;
      const before = covered;
      let more: boolean;
      try {
        ({ covered, more } = await readSession(options, session, covered, writer, recorded));
      } finally {
        await writer.breakRun();
        await closeQuietly(options, session);
      }
      // A session that brought nothing new means the VMS has nothing more to give.
      if (!more || covered <= before) break;
    }
  } finally {
    await writer.close();
  }
  signal.throwIfAborted();
  if (writer.runs.length === 0) throw new ExportFailure(`The VMS has nothing recorded from ${when(from)} to ${when(to)}`);
  options.onProgress(DOWNLOADED);
  await remux(writer.runs, options.outPath, options.workDir, signal);
  const missing = subtractRanges(from, to, normaliseRanges(recorded)).filter((gap) => gap.to - gap.from >= (options.minGapMs ?? 1500));
  return { bytes: (await stat(options.outPath)).size, missing };
}

/** Words for the parts an export could not include. */
export function describeMissing(missing: readonly TimeRange[]): string | undefined {
  if (missing.length === 0) return undefined;
  const listed = missing.slice(0, 3).map((gap) => `${when(gap.from)} to ${when(gap.to)}`);
  const more = missing.length > 3 ? ` and ${missing.length - 3} more gaps` : '';
  return `The VMS had nothing recorded from ${listed.join(', ')}${more}`;
}

/** The session at `at`, or undefined when the VMS has nothing from there on (after the first). */
async function openSession(options: ExportRunOptions, at: number, first: boolean): Promise<VmsSession | undefined> {
  const { adapter, signal } = options;
  let session: VmsSession;
  try {
    session = await adapter.openArchive({ cameraId: options.cameraId, ...EXPORT_SIZE, audio: false, fromMs: at }, signal);
  } catch (error) {
    signal.throwIfAborted();
    if (!isVmsError(error)) throw error;
    // IVMS answers 3002 / HTTP 422 to a start time with nothing recorded at or after it.
    if (error.kind === 'rejected') {
      if (!first) return undefined;
      throw new ExportFailure(`The VMS has nothing recorded from ${when(at)} on (${error.message})`);
    }
    throw new ExportFailure(`The VMS could not play the recording back: ${error.message}`);
  }
  if (session.media.kind !== 'hls') {
    await closeQuietly(options, session);
    throw new ExportFailure(`This VMS delivers recordings as ${session.media.kind}, which cannot be exported yet`);
  }
  return session;
}

async function readSession(
  options: ExportRunOptions,
  session: VmsSession,
  start: number,
  writer: SegmentWriter,
  recorded: TimeRange[],
): Promise<{ covered: number; more: boolean }> {
  const { clock, from, to } = options;
  const media = session.media;
  if (media.kind !== 'hls') throw new Error('openSession returns HLS sessions only');
  // The VMS dropping the session (keepalive refused) ends this session's reading, not the export.
  const dropped = new AbortController();
  const signal = AbortSignal.any([options.signal, dropped.signal]);
  const keepalive =
    session.lifetime.kind === 'keepalive'
      ? new KeepaliveScheduler<VmsSession>({
          clock,
          intervalMs: session.lifetime.intervalMs,
          send: (item) => options.adapter.keepAlive(item, options.signal),
          onFailure: (_item, error) => {
            options.log.warn('export session keepalive failed', { session: session.id, error });
            if (isVmsError(error) && (error.kind === 'rejected' || error.kind === 'not-found')) dropped.abort(error);
          },
        })
      : undefined;
  keepalive?.add(session);
  const source: PlaylistSource = { upstream: media.upstream, timeoutMs: options.requestTimeoutMs ?? 30_000 };
  let playlistUrl = media.playlistUrl;
  let covered = start;
  let lastNewAt = clock.now();
  let lastProblem: string | undefined;
  try {
    for (;;) {
      let playlist: ArchivePlaylist | undefined;
      try {
        const read = await readArchivePlaylist(playlistUrl, source, start, signal);
        playlistUrl = read.mediaUrl;
        playlist = read.playlist;
      } catch (error) {
        // A playlist not ready yet, or a media server briefly away: try again until the stall limit.
        if (signal.aborted || !isVmsError(error)) throw error;
        lastProblem = error.message;
      }
      for (const segment of playlist?.segments ?? []) {
        const end = segment.startMs + segment.durationMs;
        if (end <= covered) continue;
        if (segment.startMs >= to) return { covered, more: false };
        const bytes = await downloadSegment(options, segment.url, source, signal);
        if (bytes) {
          await writer.append(bytes, segment);
          recorded.push({ from: segment.startMs, to: end });
        } else {
          options.log.warn('a segment of the recording was gone', { session: session.id, at: segment.startMs });
        }
        covered = end;
        lastNewAt = clock.now();
        options.onProgress((DOWNLOADED * (Math.min(covered, to) - from)) / (to - from));
        if (end >= to) return { covered, more: false };
      }
      if (playlist?.ended) return { covered, more: true };
      if (clock.now() - lastNewAt >= (options.stallMs ?? 30_000)) {
        if (lastProblem && covered === start) throw new ExportFailure(`The VMS gave no recording: ${lastProblem}`);
        options.log.warn('export playlist stopped growing', { session: session.id, covered, to, problem: lastProblem });
        return { covered, more: false };
      }
      await sleep(clock, Math.min(5000, Math.max(500, (playlist?.targetDurationMs ?? 2000) / 2)), signal);
    }
  } catch (error) {
    if (dropped.signal.aborted && !options.signal.aborted) return { covered, more: true };
    throw error;
  } finally {
    keepalive?.dispose();
  }
}

/** A segment's bytes; undefined if the server no longer has it. Passing failures are retried. */
async function downloadSegment(options: ExportRunOptions, url: string, source: PlaylistSource, signal: AbortSignal): Promise<Uint8Array | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchSegment(url, source, signal);
    } catch (error) {
      if (signal.aborted || !isVmsError(error)) throw error;
      if (attempt >= SEGMENT_ATTEMPTS) throw new ExportFailure(`Could not download the recording: ${error.message}`);
      await sleep(options.clock, 1000 * attempt, signal);
    }
  }
}

async function remux(runs: readonly string[], outPath: string, workDir: string, signal: AbortSignal): Promise<void> {
  let input: string[];
  if (runs.length === 1) {
    input = ['-i', runs[0] ?? ''];
  } else {
    // The concat demuxer lays the runs end to end, whatever timestamps each starts from.
    const list = join(workDir, 'runs.txt');
    await writeFile(list, runs.map((path) => `file '${path.replace(/'/g, "'\\''")}'`).join('\n') + '\n');
    input = ['-f', 'concat', '-safe', '0', '-i', list];
  }
  try {
    await runFfmpeg(['-y', ...input, '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', outPath], { signal });
  } catch (error) {
    if (error instanceof FfmpegError) throw new ExportFailure(`Could not write the MP4: ${error.message}`);
    throw error;
  }
}

async function closeQuietly(options: ExportRunOptions, session: VmsSession): Promise<void> {
  try {
    // Not the job's signal: a cancelled export must still give its session back.
    await options.adapter.closeSession(session);
  } catch (error) {
    options.log.warn('closing an export session failed', { session: session.id, error });
  }
}

const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

function when(ms: number): string {
  return TIME.format(new Date(ms));
}
