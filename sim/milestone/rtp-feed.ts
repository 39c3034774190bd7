import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Segment, SegmentRing } from '../site/segment-ring';
import { ffmpegPath } from '../site/ffmpeg';

/** RTP's clock for video: 90 kHz. */
const RTP_CLOCK_KHZ = 90;
/** How often the live follower looks for new bytes in the segment being written. */
const TAIL_POLL_MS = 20;
/** Recorded video read ahead of what has been sent, in media ms (bounded memory, still smooth). */
const READ_AHEAD_MS = 2500;
/** Under the usual path MTU once SRTP and the tunnel add their headers. */
const RTP_PACKET_SIZE = 1200;
/** A pause this long between packets means the live backlog has been sent. */
const CATCH_UP_GAP_MS = 30;
/**
 * The loopback socket's receive buffer. ffmpeg sends what it is given at once (recorded video
 * is read seconds ahead); with the usual 208 KiB, a busy event loop lost packets, and the
 * frames after a lost one decoded as smears until the next key frame. The kernel caps it
 * at net.core.rmem_max.
 */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/** Where a feed's H.264 comes from: the live encoder's segments, or a camera's recording from a moment. */
export type FeedSource =
  | { readonly kind: 'live'; readonly ring: SegmentRing }
  | { readonly kind: 'recorded'; readonly ring: SegmentRing; readonly fromMs: number; readonly speed: number; readonly skipGaps?: boolean };

/**
 * The site's H.264 as RTP packets for one WebRTC session, with the timestamps Milestone's
 * gateway gives: frame time = `playbackTime` (or the moment of connecting) + RTP timestamp
 * in ms. ffmpeg copies the MPEG-TS segments into RTP (`-c copy -f rtp`, no re-encoding, so a
 * session costs a demuxer, not an encoder) to a loopback UDP port this class reads; each
 * packet then gets its timestamp and is handed to `send` (the werift track).
 *
 * Live follows the segment the encoder is writing, byte by byte, so a viewer is a fraction
 * of a second behind the camera; the bytes already in that segment (since its key frame)
 * arrive at once and are stamped a tick apart, so the receiver shows them as the present
 * and does not hold a second of delay for ever; after that, frames keep the source's
 * spacing (smooth even where the encoder writes its file in bursts). Recorded video starts at the
 * segment holding `fromMs`, frames before that moment are stamped a tick apart from 0
 * (decoded, not waited for), and packets are paced at `speed`.
 */
export class RtpFeed {
  private readonly socket: Socket;
  private ffmpeg: ChildProcess | undefined;
  private closed = false;
  private readonly startedAt = Date.now();
  /** The last source timestamp seen and the one it was given. */
  private lastSourceTs: number | undefined;
  private lastStamped = 0;
  /** Live: the bytes already in the segment are still arriving (sent at once, not in real time). */
  private catchingUp = true;
  private lastArrival: number | undefined;
  /** Recorded: the first packet's source timestamp and the wall-clock time of its frame. */
  private firstSourceTs: number | undefined;
  private firstFrameMs = 0;
  /** Recorded with `skipGaps`: the time before the first recording after `fromMs`, not waited for. */
  private skippedMs = 0;
  /** Recorded: packets waiting for their moment, and the media time of the newest one. */
  private readonly queue: Array<{ readonly at: number; readonly packet: Buffer }> = [];
  private newestMediaMs = 0;
  private pacer: NodeJS.Timeout | undefined;
  private packets = 0;
  private stderrTail = '';

  constructor(
    private readonly source: FeedSource,
    private readonly send: (packet: Buffer) => void,
    private readonly log: (line: string) => void,
  ) {
    this.socket = createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER_BYTES });
    this.socket.on('message', (packet) => this.receive(packet));
    this.socket.on('error', (error) => this.log(`RTP feed socket: ${error.message}`));
  }

  /** Packets sent so far (for the simulator's state). */
  get sent(): number {
    return this.packets;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    const port = this.socket.address().port;
    // The smallest probe: the stream's PMT and H.264 are all `-c copy` needs. With 64 KiB, ffmpeg
    // waited for that much of the live segment before sending anything (0.4-1.2 s at the test
    // bitrate; 15-20 ms now). No `-fflags +nobuffer`: it throws away
    // every packet read while probing (up to the probe size, seconds of video at this bitrate),
    // so recorded video began seconds after the segment its timestamps were counted from, and
    // the picture was that far ahead of `playbackTime` + RTP time; live lost its key frame.
    // prettier-ignore
    const args = [
      '-hide_banner', '-loglevel', 'error',
      '-probesize', '32', '-analyzeduration', '0',
      '-f', 'mpegts', '-i', 'pipe:0',
      '-map', '0:v:0', '-c:v', 'copy',
      '-f', 'rtp', '-payload_type', '96', `rtp://127.0.0.1:${port}?pkt_size=${RTP_PACKET_SIZE}`,
    ];
    // Tied to us by its stdin: when this process dies the pipe closes and ffmpeg ends.
    const child = spawn(ffmpegPath(), args, { stdio: ['pipe', 'ignore', 'pipe'] });
    this.ffmpeg = child;
    child.stdin.on('error', () => undefined);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderrTail = (this.stderrTail + chunk).slice(-1000)));
    child.once('exit', (code) => {
      if (!this.closed && code !== 0) this.log(`RTP feed ffmpeg exited with ${String(code)}: ${this.stderrTail.trim()}`);
    });
    if (this.source.kind === 'recorded') this.pacer = setInterval(() => this.release(), 5);
    void this.pump(child).catch((error: unknown) => {
      if (!this.closed) this.log(`RTP feed stopped: ${String(error)}`);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pacer);
    this.queue.length = 0;
    this.ffmpeg?.stdin?.destroy();
    this.ffmpeg?.kill('SIGKILL');
    this.socket.close();
  }

  private isClosed(): boolean {
    return this.closed;
  }

  private async pump(child: ChildProcess): Promise<void> {
    const stdin = child.stdin;
    if (!stdin) return;
    const write = (bytes: Buffer): Promise<void> =>
      new Promise((resolve) => {
        if (stdin.write(bytes)) resolve();
        else stdin.once('drain', resolve);
      });
    if (this.source.kind === 'live') await this.followLive(this.source.ring, write);
    else await this.readRecorded(this.source, write);
  }

  /** Follows the live encoder: the segment being written, then the next, as long as the session lasts. */
  private async followLive(ring: SegmentRing, write: (bytes: Buffer) => Promise<void>): Promise<void> {
    let last = ring.segments.at(-1);
    while (!last && !this.isClosed()) {
      await delay(TAIL_POLL_MS);
      last = ring.segments.at(-1);
    }
    if (!last) return;
    let path = nextSegmentPath(last.path);
    let finishedSequence = last.sequence;
    while (!this.isClosed()) {
      let offset = 0;
      let idleSince = Date.now();
      // The segment after the newest finished one is the one being written.
      for (;;) {
        if (this.isClosed()) return;
        const newest = ring.segments.at(-1);
        if (offset === 0 && newest && newest.sequence > finishedSequence && Date.now() - idleSince > 3000) {
          // The encoder started again (a new run, a new folder): follow its newest segment.
          finishedSequence = newest.sequence;
          path = nextSegmentPath(newest.path);
          idleSince = Date.now();
          continue;
        }
        const finished = ring.segments.find((segment) => segment.sequence > finishedSequence && segment.path === path);
        const chunk = await readFrom(path, offset);
        if (chunk.length > 0) {
          offset += chunk.length;
          idleSince = Date.now();
          await write(chunk);
          continue;
        }
        if (finished) {
          finishedSequence = finished.sequence;
          break;
        }
        await delay(TAIL_POLL_MS);
      }
      path = nextSegmentPath(path);
    }
  }

  /** Recorded segments from the one holding `fromMs`, read ahead of the pacer by a few seconds. */
  private async readRecorded(source: Extract<FeedSource, { kind: 'recorded' }>, write: (bytes: Buffer) => Promise<void>): Promise<void> {
    const first = segmentAt(source.ring.segments, source.fromMs);
    if (!first) {
      this.log(`RTP feed: nothing recorded at ${new Date(source.fromMs).toISOString()}`);
      return;
    }
    this.firstFrameMs = first.startMs;
    // skipGaps (playbackTimeNode): a moment before the recording plays its first recorded frame at
    // once, instead of after that much real time. Frames keep their own time (playbackTime + RTP ms).
    if (source.skipGaps) this.skippedMs = Math.max(0, first.startMs - source.fromMs);
    let segment: Segment | undefined = first;
    let sequence = first.sequence;
    while (!this.isClosed()) {
      if (!segment) {
        // At the recording's live edge: wait for the next segment.
        await delay(200);
        segment = source.ring.bySequence(sequence) ?? source.ring.segments.find((candidate) => candidate.sequence > sequence);
        if (segment) sequence = segment.sequence;
        continue;
      }
      while (!this.isClosed() && this.newestMediaMs - this.playedMediaMs() > READ_AHEAD_MS) await delay(50);
      const bytes = await readFrom(segment.path, 0);
      if (bytes.length > 0) await write(bytes);
      sequence = segment.sequence + 1;
      segment = source.ring.bySequence(sequence);
    }
  }

  private receive(packet: Buffer): void {
    if (this.closed || packet.length < 12) return;
    const sourceTs = packet.readUInt32BE(4);
    if (this.source.kind === 'live') {
      const now = Date.now();
      // The backlog drained once packets stop coming back to back.
      if (this.catchingUp && this.lastArrival !== undefined && now - this.lastArrival > CATCH_UP_GAP_MS) this.catchingUp = false;
      this.lastArrival = now;
      if (sourceTs !== this.lastSourceTs) {
        // While catching up, frames are stamped as they arrive (a tick apart): shown as the
        // present. After, the source's own spacing, so the receiver paces frames as they
        // were taken even when the encoder writes them in bursts.
        const step = this.catchingUp || this.lastSourceTs === undefined ? 1 : ((sourceTs - this.lastSourceTs) >>> 0);
        this.lastStamped = (this.lastStamped + Math.max(1, step)) >>> 0;
        this.lastSourceTs = sourceTs;
      }
      packet.writeUInt32BE(this.lastStamped, 4);
      this.forward(packet);
      return;
    }
    this.firstSourceTs ??= sourceTs;
    const frameMs = this.firstFrameMs + ((sourceTs - this.firstSourceTs) >>> 0) / RTP_CLOCK_KHZ;
    const mediaMs = Math.max(0, frameMs - this.source.fromMs);
    // When it is sent (and how far ahead the reading is) counts without the gap skipped.
    const playMs = Math.max(0, mediaMs - this.skippedMs);
    this.newestMediaMs = Math.max(this.newestMediaMs, playMs);
    if (sourceTs !== this.lastSourceTs) {
      // Each frame keeps a timestamp of its own (receivers tell frames apart by it), the
      // frames before the moment one tick apart at 0.
      this.lastStamped = this.lastSourceTs === undefined ? Math.round(mediaMs * RTP_CLOCK_KHZ) : Math.max(this.lastStamped + 1, Math.round(mediaMs * RTP_CLOCK_KHZ));
      this.lastSourceTs = sourceTs;
    }
    packet.writeUInt32BE(this.lastStamped >>> 0, 4);
    this.queue.push({ at: this.startedAt + playMs / this.source.speed, packet });
    this.release();
  }

  /** Recorded: what should have been shown by now, in media ms. */
  private playedMediaMs(): number {
    return this.source.kind === 'recorded' ? (Date.now() - this.startedAt) * this.source.speed : 0;
  }

  private release(): void {
    const now = Date.now();
    while (this.queue.length > 0 && (this.queue[0]?.at ?? Infinity) <= now) {
      const next = this.queue.shift();
      if (next) this.forward(next.packet);
    }
  }

  private forward(packet: Buffer): void {
    this.packets += 1;
    try {
      this.send(packet);
    } catch (error) {
      this.log(`RTP feed: ${String(error)}`);
    }
  }
}

/** The segment holding `atMs`, else the first one after it. */
function segmentAt(segments: readonly Segment[], atMs: number): Segment | undefined {
  return segments.find((segment) => segment.startMs <= atMs && atMs < segment.startMs + segment.durationMs) ?? segments.find((segment) => segment.startMs >= atMs);
}

/** `seg0000041.ts` → `seg0000042.ts` (the encoder's `seg%07d.ts` names). */
export function nextSegmentPath(path: string): string {
  const match = /^(.*?)(\d+)(\.ts)$/.exec(basename(path));
  if (!match) throw new Error(`not a segment name: ${path}`);
  const [, prefix = '', digits = '', suffix = ''] = match;
  return join(dirname(path), `${prefix}${String(Number(digits) + 1).padStart(digits.length, '0')}${suffix}`);
}

async function readFrom(path: string, offset: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return Buffer.alloc(0); // not created yet, or evicted
  }
  try {
    const { size } = await handle.stat();
    if (size <= offset) return Buffer.alloc(0);
    // Whole TS packets only, so ffmpeg never sees half of one at a segment switch.
    const length = Math.floor((size - offset) / 188) * 188;
    if (length === 0) return Buffer.alloc(0);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, offset);
    return buffer;
  } finally {
    await handle.close();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
