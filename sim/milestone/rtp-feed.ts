import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { open } from 'node:fs/promises';
import type { LivePacket, LiveRtpTap, LiveSubscription } from '../site/live-rtp';
import type { Segment, SegmentRing } from '../site/segment-ring';
import { ffmpegPath } from '../site/ffmpeg';

/** RTP's clock for video: 90 kHz. */
const RTP_CLOCK_KHZ = 90;
/** Recorded video read ahead of what has been sent, in media ms (bounded memory, still smooth). */
const READ_AHEAD_MS = 2500;
/** A receiver asking for key frames again and again (a decoder in trouble) gets the GOP at most this often. */
const KEY_FRAME_EVERY_MS = 1000;
/** Under the usual path MTU once SRTP and the tunnel add their headers. */
const RTP_PACKET_SIZE = 1200;
/**
 * The loopback socket's receive buffer. ffmpeg sends what it is given at once (recorded video
 * is read seconds ahead); with the usual 208 KiB, a busy event loop lost packets, and the
 * frames after a lost one decoded as smears until the next key frame. The kernel caps it
 * at net.core.rmem_max.
 */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/** Where a feed's H.264 comes from: the live encoder's RTP output, or a camera's recording from a moment. */
export type FeedSource =
  | { readonly kind: 'live'; readonly tap: LiveRtpTap }
  | { readonly kind: 'recorded'; readonly ring: SegmentRing; readonly fromMs: number; readonly speed: number; readonly skipGaps?: boolean };

/**
 * The site's H.264 as RTP packets for one WebRTC session, with the timestamps Milestone's
 * gateway gives: frame time = `playbackTime` (or the moment of connecting) + RTP timestamp
 * in ms; each packet is handed to `send` (the werift track).
 *
 * Live takes the encoder's own RTP output (`LiveRtpTap`): no process per viewer, and each
 * packet as soon as it is encoded. The packets since the current key frame arrive at once
 * and are stamped a tick apart, so the receiver decodes them straight away and shows the
 * newest as the present rather than holding up to a GOP of delay for ever; after that,
 * frames keep the encoder's spacing. Sequence numbers are the session's own, so an encoder
 * restart (a frozen camera) is no gap to the receiver.
 *
 * Recorded video: ffmpeg copies the MPEG-TS segments into RTP (`-c copy -f rtp`, no
 * re-encoding, so a session costs a demuxer, not an encoder) to a loopback UDP port this
 * class reads. It starts at the segment holding `fromMs`, frames before that moment are
 * stamped a tick apart from 0 (decoded, not waited for), and packets are paced at `speed`.
 */
export class RtpFeed {
  private socket: Socket | undefined;
  private subscription: LiveSubscription | undefined;
  private ffmpeg: ChildProcess | undefined;
  private closed = false;
  private readonly startedAt = Date.now();
  /** The last source timestamp seen and the one it was given. */
  private lastSourceTs: number | undefined;
  private lastStamped = 0;
  /** Live: the kept GOP is being handed over (sent at once, stamped a tick apart). */
  private catchingUp = false;
  /** Live: the SSRC of the newest frame sent. */
  private lastSsrc: number | undefined;
  /** Live: the source run (SSRC) the offset below belongs to, and source timestamp + offset = ours. */
  private liveSsrc: number | undefined;
  private liveOffset = 0;
  /** Live: when the newest frame was sent. */
  private lastFrameSentAt = 0;
  /** Live: when the kept GOP was last sent again for a key-frame request. */
  private keyFrameSentAt = 0;
  private resending = false;
  /** Live: this session's own RTP sequence numbers. */
  private sequence = randomInt(0, 0x10000);
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
  ) {}

  /** Packets sent so far (for the simulator's state). */
  get sent(): number {
    return this.packets;
  }

  async start(): Promise<void> {
    if (this.source.kind === 'live') {
      this.startLive(this.source.tap);
      return;
    }
    const socket = createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER_BYTES });
    this.socket = socket;
    socket.on('message', (packet) => this.receive(packet));
    socket.on('error', (error) => this.log(`RTP feed socket: ${error.message}`));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    if (this.closed) return;
    const port = socket.address().port;
    // The smallest probe: the stream's PMT and H.264 are all `-c copy` needs (with 64 KiB, ffmpeg
    // waited for that much before sending anything). No `-fflags +nobuffer`: it throws away
    // every packet read while probing (up to the probe size, seconds of video at this bitrate),
    // so recorded video began seconds after the segment its timestamps were counted from, and
    // the picture was that far ahead of `playbackTime` + RTP time.
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
    this.pacer = setInterval(() => this.release(), 5);
    const source = this.source;
    void this.pump(child, source).catch((error: unknown) => {
      if (!this.closed) this.log(`RTP feed stopped: ${String(error)}`);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pacer);
    this.queue.length = 0;
    this.subscription?.close();
    this.ffmpeg?.stdin?.destroy();
    this.ffmpeg?.kill('SIGKILL');
    this.socket?.close();
  }

  /**
   * The receiver lost the picture (RTCP PLI or FIR): live starts again at once from the
   * encoder's newest key frame (the kept GOP, sent now and caught up as on a session's start),
   * instead of smearing until the next key frame. Recorded video gets one with its next segment.
   */
  requestKeyFrame(): void {
    if (this.closed || this.source.kind !== 'live' || Date.now() - this.keyFrameSentAt < KEY_FRAME_EVERY_MS) return;
    this.keyFrameSentAt = Date.now();
    this.resending = true;
    this.subscription?.close();
    this.startLive(this.source.tap);
  }

  private startLive(tap: LiveRtpTap): void {
    // What the tap kept (the current GOP) is delivered inside subscribe: those frames catch up.
    this.catchingUp = true;
    this.subscription = tap.subscribe((packet) => this.receiveLive(packet));
    this.catchingUp = false;
  }

  /**
   * Live: while catching up, frames are stamped a tick apart (shown as the present). After,
   * the encoder's own spacing: the first live frame of a run is placed after the newest sent
   * by the time that really passed, and the run's later frames keep their source timestamps
   * plus that offset, so the receiver paces them as they were encoded.
   */
  private receiveLive(packet: LivePacket): void {
    if (this.closed) return;
    const now = Date.now();
    // A GOP sent again begins a new frame even where its key frame was the newest frame sent.
    if (this.resending || packet.timestamp !== this.lastSourceTs || packet.ssrc !== this.lastSsrc) {
      this.resending = false;
      if (this.lastSourceTs === undefined) this.lastStamped = 0;
      else if (this.catchingUp) this.lastStamped = (this.lastStamped + 1) >>> 0;
      else if (packet.ssrc !== this.liveSsrc) {
        this.lastStamped = (this.lastStamped + Math.max(1, Math.round((now - this.lastFrameSentAt) * RTP_CLOCK_KHZ))) >>> 0;
        this.liveOffset = (this.lastStamped - packet.timestamp) >>> 0;
        this.liveSsrc = packet.ssrc;
      } else this.lastStamped = (packet.timestamp + this.liveOffset) >>> 0;
      this.lastSourceTs = packet.timestamp;
      this.lastSsrc = packet.ssrc;
      this.lastFrameSentAt = now;
    }
    // The tap's packet is every viewer's: this session's copy gets its own numbers.
    const own = Buffer.from(packet.bytes);
    own.writeUInt16BE(this.sequence, 2);
    own.writeUInt32BE(this.lastStamped, 4);
    this.sequence = (this.sequence + 1) & 0xffff;
    this.forward(own);
  }

  private isClosed(): boolean {
    return this.closed;
  }

  private async pump(child: ChildProcess, source: Extract<FeedSource, { kind: 'recorded' }>): Promise<void> {
    const stdin = child.stdin;
    if (!stdin) return;
    const write = (bytes: Buffer): Promise<void> =>
      new Promise((resolve) => {
        if (stdin.write(bytes)) resolve();
        else stdin.once('drain', resolve);
      });
    await this.readRecorded(source, write);
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
    if (this.source.kind === 'live') return;
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
