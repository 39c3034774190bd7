import { createSocket, type Socket } from 'node:dgram';
import type * as Werift from 'werift';

/**
 * werift (RTP parsing) is loaded when a tap first binds: only a site with live WebRTC viewers
 * has taps, and loading werift was most of the simulator's start.
 */
let werift: typeof Werift | undefined;

/** The payload type the encoder's RTP output is given (dynamic range; the receiver rewrites it). */
export const LIVE_RTP_PAYLOAD_TYPE = 96;
/**
 * The loopback socket's receive buffer: seconds of video at the site's bitrates, so a busy
 * event loop delays packets rather than losing them (a lost packet smears every frame
 * until the next key frame). The kernel caps it at net.core.rmem_max.
 */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
/** A GOP longer than this (packets) is not kept whole: an encoder that never sends a key frame must not grow memory. */
const MAX_GOP_PACKETS = 5000;

/** One RTP packet of the encoder's live H.264 and when it arrived here. */
export interface LivePacket {
  /** The packet as the encoder sent it (RFC 6184 payload, ffmpeg's packetisation). Shared: copy before changing it. */
  readonly bytes: Buffer;
  readonly ssrc: number;
  readonly timestamp: number;
  /** Wall-clock ms it arrived at. */
  readonly arrivedAt: number;
}

export interface LiveSubscription {
  close(): void;
}

/**
 * The live H.264 of one encoder as RTP, straight from ffmpeg: the encoder's tee muxer sends
 * the same encode to its HLS segments and, packetised by ffmpeg's RTP muxer, to this
 * loopback socket. Live WebRTC viewers subscribe here instead of reading the segment being
 * written, so the segments need no per-packet flush and a viewer gets each packet as soon as
 * it is encoded. The packets since the newest key frame are kept: a new subscriber gets them
 * at once and starts decoding without waiting for the next key frame.
 */
export class LiveRtpTap {
  private readonly socket: Socket;
  private bound: Promise<number> | undefined;
  private closed = false;
  /** Packets from the newest key frame's first packet on (empty until the first key frame). */
  private gop: LivePacket[] = [];
  /** Where the frame being received began in `gop` (its first packet), and that frame's identity. */
  private frameStart = 0;
  private frame: { ssrc: number; timestamp: number } | undefined;
  private frameHasKey = false;
  private readonly listeners = new Set<(packet: LivePacket) => void>();
  /** Subscribers waiting for the first key frame. */
  private readonly waiting = new Set<{ readonly deliver: (packet: LivePacket) => void; readonly onKeyFrame: () => void }>();
  received = 0;

  constructor(private readonly log: (line: string) => void = () => undefined) {
    this.socket = createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER_BYTES });
    this.socket.on('message', (packet) => this.receive(packet));
    this.socket.on('error', (error) => this.log(`live RTP socket: ${error.message}`));
  }

  /** The loopback port the encoder sends to (bound on first call). */
  port(): Promise<number> {
    this.bound ??= import('werift').then((module) => {
      werift = module;
      return new Promise<number>((resolve) => this.socket.bind(0, '127.0.0.1', () => resolve(this.socket.address().port)));
    });
    return this.bound;
  }

  /**
   * Packets from the current GOP's key frame on, then every new one as it arrives, in order;
   * before the encoder's first key frame, from that key frame. `deliver` runs synchronously
   * for the kept packets before this returns when there is a GOP.
   */
  subscribe(deliver: (packet: LivePacket) => void): LiveSubscription {
    if (this.closed) return { close: () => undefined };
    if (this.gop.length > 0) {
      for (const packet of this.gop) deliver(packet);
      this.listeners.add(deliver);
      return { close: () => this.listeners.delete(deliver) };
    }
    const waiter = { deliver, onKeyFrame: () => this.listeners.add(deliver) };
    this.waiting.add(waiter);
    return {
      close: () => {
        this.waiting.delete(waiter);
        this.listeners.delete(deliver);
      },
    };
  }

  /** Packets kept for the next subscriber (the current GOP). */
  get keptPackets(): number {
    return this.gop.length;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.waiting.clear();
    this.gop = [];
    if (this.bound) this.socket.close();
  }

  private receive(bytes: Buffer): void {
    // ffmpeg's RTCP sender reports come to this port too: only the video's payload type is media.
    if (this.closed || !werift || bytes.length <= 12 || ((bytes[1] ?? 0) & 0x7f) !== LIVE_RTP_PAYLOAD_TYPE) return;
    let rtp: Werift.RtpPacket;
    let keyFrame: boolean;
    try {
      rtp = werift.RtpPacket.deSerialize(bytes);
      keyFrame = werift.H264RtpPayload.deSerialize(rtp.payload).isKeyframe;
    } catch {
      return; // not RTP we can read
    }
    this.received += 1;
    const packet: LivePacket = { bytes, ssrc: rtp.header.ssrc, timestamp: rtp.header.timestamp, arrivedAt: Date.now() };
    if (!this.frame || this.frame.ssrc !== packet.ssrc || this.frame.timestamp !== packet.timestamp) {
      // A new frame (a new encoder run has a new SSRC): its first packet is where a GOP may begin.
      this.frame = { ssrc: packet.ssrc, timestamp: packet.timestamp };
      this.frameStart = this.gop.length;
      this.frameHasKey = false;
    }
    this.gop.push(packet);
    if (keyFrame && !this.frameHasKey) {
      // An IDR slice: the GOP now begins with this frame's first packet (its SPS and PPS come before it).
      this.frameHasKey = true;
      this.gop = this.gop.slice(this.frameStart);
      this.frameStart = 0;
      this.startWaiting();
    } else if (this.gop.length > MAX_GOP_PACKETS) {
      this.gop = [];
      this.frameStart = 0;
    }
    for (const listener of [...this.listeners]) listener(packet);
  }

  /** Subscribers that waited for a key frame get what this GOP holds so far; the loop in `receive` sends the rest. */
  private startWaiting(): void {
    for (const waiter of [...this.waiting]) {
      this.waiting.delete(waiter);
      // The newest packet goes out with everyone else's in `receive`.
      for (const kept of this.gop.slice(0, -1)) waiter.deliver(kept);
      waiter.onKeyFrame();
    }
  }
}
