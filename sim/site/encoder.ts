import type { ChildProcess } from 'node:child_process';
import { mkdir, open, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ffmpegPath, findFont, runFfmpeg, spawnTiedToParent, stopTied } from './ffmpeg';
import { LIVE_RTP_PAYLOAD_TYPE, LiveRtpTap } from './live-rtp';
import { timecodeExpression, timecodeLayout } from '../timecode';

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
  /** Where this run writes its segments; created on start. */
  readonly dir: string;
  /** IANA zone the burnt-in clock is drawn in (the server's). */
  readonly timeZone: string;
  /**
   * Also send the encode, packetised as RTP, to a loopback socket (`SegmentEncoder.live`):
   * the live WebRTC feed. Live encoders do; recorders need only their segments.
   */
  readonly liveRtp?: boolean;
}

/** A finished segment as ffmpeg reported it. */
export interface EncodedSegment {
  /** Absolute path of the MPEG-TS file. */
  readonly path: string;
  /** Wall-clock time of its first frame (epoch ms): what the burnt-in clocks show. */
  readonly startMs: number;
  readonly durationMs: number;
  readonly bytes: number;
}

const POLL_MS = 100;
/** RTP packets no larger than the usual path MTU once SRTP and the tunnel add their headers. */
const RTP_PACKET_SIZE = 1200;

/**
 * One ffmpeg producing a live H.264 stream of a synthetic camera: a moving test pattern
 * with the camera's name, a running clock and a machine-readable time code burnt in.
 * ffmpeg's segment muxer writes MPEG-TS segments and appends each finished one to a CSV
 * list, which this class follows; owners build their playlists from what it reports, so a
 * playlist is never read half-written and its EXT-X-PROGRAM-DATE-TIME comes from the same
 * epoch as the clocks in the picture. It owns no retention: whoever keeps the segments
 * deletes them.
 *
 * A live encoder (`liveRtp`) writes the same encode a second way through ffmpeg's tee
 * muxer: as RTP to a loopback socket (`live`), which live WebRTC viewers subscribe to. One
 * x264 encode feeds both; the segments are written in the muxer's usual buffered blocks.
 */
export class SegmentEncoder {
  /** The live RTP of this encoder (`liveRtp` encoders only), across its restarts. */
  readonly live: LiveRtpTap | undefined;
  private child: ChildProcess | undefined;
  private listOffset = 0;
  private pending = '';
  private poller: NodeJS.Timeout | undefined;
  private epochMs = 0;
  private stderrTail = '';
  private produced = 0;
  private readonly waiters = new Set<() => void>();
  private stopped = false;
  private starting: Promise<void> | undefined;
  private polling: Promise<void> = Promise.resolve();
  /** Frozen on a still picture (`setStill`). */
  private still = false;
  /** Which ffmpeg run of this encoder writes now: each has its own list and file names. */
  private generation = 0;
  /** Segments listed by the current ffmpeg run so far. */
  private listedThisRun = 0;
  /** Where the current run's first frame lies after the epoch (s): ffmpeg lists its first segment from 0. */
  private runOffsetSeconds = 0;
  private lastSegmentPath: string | undefined;
  /** Where the last listed segment ends after the epoch (s): a restarted run begins no earlier. */
  private lastEndSeconds = 0;
  private stillPicture: string | undefined;

  constructor(
    readonly spec: EncoderSpec,
    private readonly onSegment: (segment: EncodedSegment) => void,
  ) {
    this.live = spec.liveRtp ? new LiveRtpTap((line) => (this.stderrTail = `${this.stderrTail}\n${line}`.slice(-2000))) : undefined;
  }

  start(): Promise<void> {
    this.starting ??= this.launch();
    return this.starting;
  }

  /**
   * A frozen camera: from now on every frame is the same still picture (no moving pattern,
   * no running clock), while segments keep coming on time, as from an encoder stuck on
   * one frame. `false` brings the moving picture back. The stream goes on without a break:
   * ffmpeg is restarted with its timestamps offset to the wall clock and a list of its own.
   */
  async setStill(still: boolean): Promise<void> {
    if (this.still === still) return;
    this.still = still;
    await this.starting;
    const child = this.child;
    if (!child || this.isStopped()) return;
    this.child = undefined;
    clearInterval(this.poller);
    await stopTied(child);
    // What the stopped ffmpeg finished last is listed now: take it before the next list begins.
    await this.pollList();
    if (this.isStopped()) return;
    this.generation += 1;
    this.listedThisRun = 0;
    this.listOffset = 0;
    this.pending = '';
    if (still) await this.captureStill();
    // The new run starts at the wall clock, but never before the stopped run's last frame
    // ended: that run's clock was placed on whole frames and may be up to half a frame ahead
    // of the wall (82 ms at 5 fps was seen), and time in a recording never runs backwards.
    this.runOffsetSeconds = Math.max((Date.now() - this.epochMs) / 1000, this.lastEndSeconds);
    this.spawnEncoder(await this.encoderArgs(this.runOffsetSeconds));
  }

  private async launch(): Promise<void> {
    await mkdir(this.spec.dir, { recursive: true });
    this.epochMs = Date.now();
    const args = await this.encoderArgs(0);
    // Stopped while the files above were being written: start nothing.
    if (this.isStopped()) return;
    this.spawnEncoder(args);
  }

  private spawnEncoder(args: readonly string[]): void {
    const child = spawnTiedToParent(ffmpegPath(), [...args], { TZ: this.spec.timeZone });
    this.child = child;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    child.once('exit', () => {
      if (!this.stopped && this.child === child) this.wakeWaiters();
    });
    this.poller = setInterval(() => void this.pollList(), POLL_MS);
  }

  /** The picture a frozen camera repeats: the first frame of the newest segment (a flat colour if there is none). */
  private async captureStill(): Promise<void> {
    this.stillPicture = undefined;
    if (!this.lastSegmentPath) return;
    try {
      const png = await runFfmpeg(['-i', this.lastSegmentPath, '-frames:v', '1', '-f', 'image2', '-vcodec', 'png', 'pipe:1']);
      const file = join(this.spec.dir, `still-${this.generation}.png`);
      await writeFile(file, png);
      this.stillPicture = file;
    } catch (error) {
      this.stderrTail = `${this.stderrTail}\nno still picture: ${String(error)}`.slice(-2000);
    }
  }

  /** The list of finished segments of the current ffmpeg run. */
  private listFile(): string {
    return join(this.spec.dir, this.generation === 0 ? 'segments.csv' : `segments-${this.generation}.csv`);
  }

  /** ffmpeg's arguments; `offsetSeconds` places its first frame that long after the epoch. */
  private async encoderArgs(offsetSeconds: number): Promise<string[]> {
    const gop = Math.round(this.spec.fps * this.spec.segmentSeconds);
    const segmentFile = join(this.spec.dir, this.generation === 0 ? 'seg%07d.ts' : `g${this.generation}-seg%07d.ts`);
    const segmentOptions = {
      segment_time: String(this.spec.segmentSeconds),
      segment_format: 'mpegts',
      segment_list: this.listFile(),
      segment_list_type: 'csv',
      segment_list_flags: '+live',
      reset_timestamps: '0',
    };
    const livePort = await this.live?.port();
    // prettier-ignore
    const output = [
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline',
      '-b:v', `${this.spec.bitrateKbps}k`, '-maxrate', `${this.spec.bitrateKbps}k`, '-bufsize', `${this.spec.bitrateKbps * 2}k`,
      '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
      '-output_ts_offset', offsetSeconds.toFixed(3),
      ...(livePort === undefined
        ? ['-f', 'segment', ...Object.entries(segmentOptions).flatMap(([key, value]) => [`-${key}`, value]), segmentFile]
        : ['-f', 'tee', teeOutputs(segmentOptions, segmentFile, livePort)]),
    ];
    if (this.still) {
      const input = this.stillPicture
        ? ['-re', '-loop', '1', '-framerate', String(this.spec.fps), '-i', this.stillPicture]
        : ['-re', '-f', 'lavfi', '-i', `color=c=0x405060:s=${this.spec.width}x${this.spec.height}:r=${this.spec.fps}`];
      // prettier-ignore
      return [
        '-hide_banner', '-loglevel', 'error',
        ...input,
        '-vf', 'format=yuv420p', '-map', '0:v',
        ...output,
      ];
    }
    const strip = timecodeLayout(this.spec.height);
    const font = findFont();
    const picture: string[] = [];
    const firstFrameSeconds = this.epochMs / 1000 + offsetSeconds;
    // The clocks count from where this run begins (its first frame at `firstFrameSeconds`), as
    // a camera stamps the moment it captures. ffmpeg starts a moment after it is asked to
    // (0.1-0.5 s on a busy machine): its frames are numbered on from that many whole frames
    // (RTCSTART is the wall clock, µs, as the filters start), so a frame's clock is the time it
    // is made, to within a frame, instead of lagging by the start-up for the whole run. Whole
    // frames keep every timestamp on the frame grid: the segments' times, and so the playlists'
    // PDT, still match the clocks burnt into their frames.
    const startUp = `round((RTCSTART-${Math.round(firstFrameSeconds * 1e6)})*${this.spec.fps}/1000000)`;
    if (font) picture.push(...(await this.overlayFilters(font, firstFrameSeconds)));
    else this.stderrTail = 'no font found: streaming without the burnt-in name and clock';
    // The time code strip is drawn on a crop of the same frame (the same timestamp), then laid back on it.
    const graph =
      `[0:v]setpts=PTS+${startUp},hue=h=${this.spec.hue},split[main][under];` +
      `[under]crop=${strip.width}:${strip.height}:${strip.x}:${strip.y},format=gray,geq=lum='${timecodeExpression(strip, firstFrameSeconds)}'[code];` +
      `[main]${picture.length > 0 ? picture.join(',') : 'null'}[picture];` +
      `[picture][code]overlay=x=${strip.x}:y=${strip.y},format=yuv420p[out]`;
    // prettier-ignore
    return [
      '-hide_banner', '-loglevel', 'error',
      '-re', '-f', 'lavfi', '-i', `testsrc2=size=${this.spec.width}x${this.spec.height}:rate=${this.spec.fps}`,
      '-filter_complex', graph, '-map', '[out]',
      ...output,
    ];
  }

  get running(): boolean {
    return !this.stopped && this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Last lines ffmpeg wrote to stderr, for diagnostics when it dies. */
  get diagnostics(): string {
    return this.stderrTail.trim();
  }

  /** Resolves when at least one segment exists; rejects if the encoder died or after `timeoutMs`. */
  waitForFirstSegment(timeoutMs: number): Promise<void> {
    if (this.produced > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`encoder produced no segment within ${timeoutMs} ms ${this.diagnostics}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        if (this.produced > 0) resolve();
        else reject(new Error(`encoder exited: ${this.diagnostics || 'no output'}`));
      };
      this.waiters.add(done);
    });
  }

  /** Stops ffmpeg; with `removeFiles`, deletes this run's directory too. */
  async stop(removeFiles: boolean): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    clearInterval(this.poller);
    if (this.child) await stopTied(this.child);
    this.live?.close();
    this.wakeWaiters();
    if (removeFiles) await rm(this.spec.dir, { recursive: true, force: true, maxRetries: 3 });
  }

  /**
   * The camera name (top left) and a running clock (top right) on an opaque bar. Text goes
   * through files so no camera name can break the filter graph's quoting; the clock is
   * rendered from this encoder's epoch plus each frame's timestamp.
   */
  private async overlayFilters(font: string, firstFrameSeconds: number): Promise<string[]> {
    const labelFile = join(this.spec.dir, 'label.txt');
    const clockFile = join(this.spec.dir, `clock-${this.generation}.txt`);
    await writeFile(labelFile, this.spec.label);
    await writeFile(clockFile, `%{pts:localtime:${firstFrameSeconds.toFixed(3)}}`);
    const fontSize = Math.max(12, Math.round(this.spec.height / 15));
    const bar = Math.round(fontSize * 1.7);
    const margin = Math.round(fontSize / 2);
    const y = Math.round((bar - fontSize) / 2);
    const text = (file: string, x: string): string =>
      `drawtext=fontfile=${escapeFilterValue(font)}:textfile=${escapeFilterValue(file)}:x=${x}:y=${y}:fontsize=${fontSize}:fontcolor=white`;
    return [`drawbox=x=0:y=0:w=iw:h=${bar}:color=black:t=fill`, text(labelFile, String(margin)), text(clockFile, `w-tw-${margin}`)];
  }

  /** A call, not a field read, because it changes across the awaits of `pollList`. */
  private isStopped(): boolean {
    return this.stopped;
  }

  private wakeWaiters(): void {
    for (const waiter of [...this.waiters]) waiter();
    this.waiters.clear();
  }

  /** Reads what ffmpeg appended to the segment list since the last poll, one read at a time. */
  private pollList(): Promise<void> {
    this.polling = this.polling
      .then(() => this.readList())
      .catch((error: unknown) => {
        this.stderrTail = `${this.stderrTail}\nreading the segment list failed: ${String(error)}`.slice(-2000);
      });
    return this.polling;
  }

  private async readList(): Promise<void> {
    if (this.stopped) return;
    let handle;
    try {
      handle = await open(this.listFile(), 'r');
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
    for (const line of lines) {
      const [file, start, end] = line.trim().split(',');
      // A run's first segment is listed from 0, though its first frame comes the start-up's
      // whole frames later (see encoderArgs); it is one GOP long, cut at the next key frame.
      const first = this.listedThisRun === 0;
      this.listedThisRun += 1;
      const startSeconds = Math.max(Number(start), this.runOffsetSeconds, first ? Number(end) - this.spec.segmentSeconds : -Infinity);
      const endSeconds = Number(end);
      if (!file || !Number.isFinite(startSeconds) || !Number.isFinite(endSeconds)) continue;
      const path = join(this.spec.dir, file);
      const bytes = await stat(path).then(
        (info) => info.size,
        () => 0,
      );
      if (this.isStopped()) return;
      this.produced += 1;
      this.lastSegmentPath = path;
      this.lastEndSeconds = Math.max(this.lastEndSeconds, endSeconds);
      // Whole ms down, not to the nearest: the picture's clock shows the frame's time floored
      // to the second, and a start rounded up across a second's boundary (a frame at
      // 194.9997 s listed at 195.000) put the playlist's PDT a second after the clock in
      // the frame (seen once in a unit test, at 15 fps where frame times are not whole ms).
      this.onSegment({ path, startMs: Math.floor(this.epochMs + startSeconds * 1000), durationMs: Math.round((endSeconds - startSeconds) * 1000), bytes });
    }
    if (lines.length > 0) this.wakeWaiters();
  }
}

/**
 * The tee muxer's output list: the segments, and RTP to the live socket. The RTP output may
 * fail on its own (`onfail=ignore`): the segments go on. ffmpeg's RTP muxer sends its RTCP
 * sender reports to the same port (the tap drops them by payload type) rather than to the
 * port above it, which may be anyone's.
 */
function teeOutputs(segmentOptions: Record<string, string>, segmentFile: string, port: number): string {
  const options = Object.entries(segmentOptions)
    .map(([key, value]) => `${key}=${escapeTeeOption(value)}`)
    .join(':');
  const rtp = `[f=rtp:payload_type=${LIVE_RTP_PAYLOAD_TYPE}:onfail=ignore]rtp://127.0.0.1:${port}?rtcpport=${port}&pkt_size=${RTP_PACKET_SIZE}`;
  return `[f=segment:${options}]${escapeTeeName(segmentFile)}|${rtp}`;
}

/** The tee muxer splits its argument into outputs with ffmpeg's tokenizer (`\\` escapes, `'` quotes). */
function escapeTeeName(value: string): string {
  return value.replace(/[\\'|[\]]/g, (char) => `\\${char}`);
}

/** An output's option value goes through the tokenizer twice: splitting outputs, then options (`:` `=` `]`). */
function escapeTeeOption(value: string): string {
  const once = value.replace(/[\\':=|[\]]/g, (char) => `\\${char}`);
  return once.replace(/[\\'|]/g, (char) => `\\${char}`);
}

/** Escapes a value for an ffmpeg filter option (`:` `\` `'` `,` `[` `]` `;` are special). */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\:',[\];]/g, (char) => `\\${char}`);
}
