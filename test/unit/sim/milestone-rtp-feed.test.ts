import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { H264RtpPayload } from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../../sim/ffmpeg';
import { RtpFeed } from '../../../sim/milestone/rtp-feed';
import { SegmentEncoder } from '../../../sim/site/encoder';
import { SegmentRing } from '../../../sim/site/segment-ring';
import { decodeTimecode } from '../../../sim/timecode';

const WIDTH = 320;
const HEIGHT = 180;

interface ReceivedFrame {
  /** RTP timestamp as sent (90 kHz). */
  readonly ts: number;
  /** The picture's burnt-in time code (whole epoch seconds), undefined when unreadable. */
  timecode?: number | undefined;
}

/**
 * What a receiver would show: the RTP packets put back into H.264 frames (RFC 6184, by
 * werift's depacketizer), decoded by ffmpeg, each frame's burnt-in time code read.
 */
async function decodeFrames(packets: readonly Buffer[], dir: string): Promise<ReceivedFrame[]> {
  const frames: Array<ReceivedFrame & { nal: Buffer[] }> = [];
  let fragment: Buffer | undefined;
  for (const packet of packets) {
    const csrcCount = (packet[0] ?? 0) & 0x0f;
    const ts = packet.readUInt32BE(4);
    const unit = H264RtpPayload.deSerialize(packet.subarray(12 + csrcCount * 4), fragment);
    fragment = unit.fragment;
    let frame = frames.at(-1);
    if (frame?.ts !== ts) {
      frame = { ts, nal: [] };
      frames.push(frame);
    }
    // werift types it as always there; it is not while a fragmented NAL unit is incomplete.
    const payload = unit.payload as Buffer | undefined;
    if (payload) frame.nal.push(payload);
  }
  const file = join(dir, 'received.h264');
  await writeFile(file, Buffer.concat(frames.flatMap((frame) => frame.nal)));
  const raw = await runFfmpeg(['-f', 'h264', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
  const size = WIDTH * HEIGHT;
  // Baseline H.264 has no B-frames: decoding order is the order sent.
  return frames.map((frame, index) => ({
    ts: frame.ts,
    timecode: (index + 1) * size <= raw.length ? decodeTimecode((x, y) => raw[index * size + y * WIDTH + x] ?? 0, HEIGHT) : undefined,
  }));
}

/** Sequence number and timestamp of each packet as sent. */
function numbers(packets: readonly Buffer[]): Array<{ seq: number; ts: number }> {
  return packets.map((packet) => ({ seq: packet.readUInt16BE(2), ts: packet.readUInt32BE(4) }));
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((wake) => setTimeout(wake, 50));
  }
}

describe('the simulated gateway’s recorded RTP feed', () => {
  let dir: string;
  let encoder: SegmentEncoder;
  const ring = new SegmentRing({});

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-rtp-feed-'));
    encoder = new SegmentEncoder(
      { label: 'Gate', width: WIDTH, height: HEIGHT, fps: 10, bitrateKbps: 400, segmentSeconds: 1, hue: 0, dir: join(dir, 'rec'), timeZone: 'UTC' },
      (segment) => ring.add(segment),
    );
    await encoder.start();
    await until(() => ring.segments.length >= 3);
  }, 30_000);
  afterAll(async () => {
    await encoder.stop(true);
    ring.clear();
    await rm(dir, { recursive: true, force: true });
  });

  it('stamps each frame with its own moment: the picture at RTP time t shows playbackTime + t, from the first frame on', async () => {
    const second = ring.segments[1];
    if (!second) throw new Error('no recording');
    const fromMs = second.startMs + 400;
    const packets: Buffer[] = [];
    const feed = new RtpFeed({ kind: 'recorded', ring, fromMs, speed: 1, skipGaps: true }, (packet) => packets.push(Buffer.from(packet)), () => undefined);
    await feed.start();
    try {
      // Two seconds of media after the moment, paced at 1×.
      await until(() => packets.some((packet) => packet.readUInt32BE(4) >= 2000 * 90));
    } finally {
      feed.close();
    }
    const frames = await decodeFrames(packets, dir);
    const after = frames.filter((frame) => frame.ts > 100);
    expect(after.length).toBeGreaterThan(15);
    const offsets = after.map((frame) => (frame.timecode === undefined ? 'unreadable' : Math.round((frame.timecode - (fromMs + frame.ts / 90) / 1000) * 10) / 10));
    // The time code is whole seconds: a frame at 12.3 s reads 12, so it lies within (-1, 0] of
    // the moment claimed (a frame of 100 ms either way for rounding). The first frames at
    // the moment were seconds later than that when the feed lost what ffmpeg probed.
    for (const offset of offsets) expect(offset === 'unreadable' || (offset > -1.15 && offset <= 0.15), `frame offsets ${offsets.join(' ')}`).toBe(true);
    expect(offsets.filter((offset) => offset === 'unreadable').length).toBeLessThan(2);
    // Frames before the moment (decoded, not waited for) are sent first, stamped a tick apart at 0.
    expect(frames[0]?.ts).toBe(0);
  }, 30_000);
});

describe('the simulated gateway’s live RTP feed (the encoder’s own RTP output)', () => {
  let dir: string;
  let encoder: SegmentEncoder;
  const ring = new SegmentRing({});

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-live-feed-'));
    encoder = new SegmentEncoder(
      { label: 'Door', width: WIDTH, height: HEIGHT, fps: 10, bitrateKbps: 400, segmentSeconds: 1, hue: 0, dir: join(dir, 'live'), timeZone: 'UTC', liveRtp: true },
      (segment) => ring.add(segment),
    );
    await encoder.start();
    // Half-way through a GOP, so a viewer that joins has frames to catch up on.
    await until(() => ring.segments.length >= 2);
    await new Promise((wake) => setTimeout(wake, 500));
  }, 30_000);
  afterAll(async () => {
    await encoder.stop(true);
    ring.clear();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts a viewer at once at the current GOP’s key frame, then shows each frame a moment after it was taken', async () => {
    const tap = encoder.live;
    if (!tap) throw new Error('no live output');
    const packets: Buffer[] = [];
    const sentAt: number[] = [];
    const feed = new RtpFeed({ kind: 'live', tap }, (packet) => {
      packets.push(Buffer.from(packet));
      sentAt.push(Date.now());
    }, () => undefined);
    await feed.start();
    // The kept GOP, sent before start() returns: no wait for the next key frame.
    const atOnce = packets.length;
    expect(atOnce).toBeGreaterThan(0);
    try {
      await until(() => packets.length > atOnce && Date.now() - (sentAt[atOnce] ?? Date.now()) > 2000);
    } finally {
      feed.close();
    }
    // Every frame decodes, the first one too (a key frame, with its SPS and PPS). The feed
    // was closed between two packets, maybe inside a frame: what came after the last packet
    // that ends a frame (RTP marker bit, RFC 6184 5.1) is a frame cut short, left out.
    const lastEnd = packets.findLastIndex((packet) => ((packet[1] ?? 0) & 0x80) !== 0);
    const frames = await decodeFrames(packets.slice(0, lastEnd + 1), dir);
    expect(frames.filter((frame) => frame.timecode === undefined).length).toBe(0);
    // The session's own sequence numbers: one after the other, none missing.
    const sent = numbers(packets);
    for (let index = 1; index < sent.length; index++) expect(sent[index]?.seq).toBe(((sent[index - 1]?.seq ?? 0) + 1) & 0xffff);
    // Caught-up frames a tick apart, then the encoder's own spacing (10 fps: 100 ms = 9000 ticks).
    const distinct = [...new Set(sent.map((packet) => packet.ts))];
    const caughtUp = new Set(sent.slice(0, atOnce).map((packet) => packet.ts)).size;
    expect(caughtUp).toBeGreaterThan(1);
    expect(distinct.slice(1, caughtUp).map((ts, index) => ts - (distinct[index] ?? 0))).toEqual(Array(caughtUp - 1).fill(1));
    const liveSteps = distinct.slice(caughtUp + 1).map((ts, index) => ts - (distinct[caughtUp + index] ?? 0));
    expect(liveSteps.length).toBeGreaterThan(10);
    for (const step of liveSteps) expect(step).toBe(9000);
    // Live: a frame leaves a moment after it was taken. The time code is whole seconds, so
    // the first frame of each new second tells: it is sent that long after the second began
    // (the encoder's own delay: the clocks burnt in count from ffmpeg's real start, so its
    // start-up, 0.1-0.5 s on a busy machine, is not in it).
    const firstPacketOf = new Map<number, number>();
    for (const [index, packet] of sent.entries()) if (!firstPacketOf.has(packet.ts)) firstPacketOf.set(packet.ts, sentAt[index] ?? 0);
    const lateness: number[] = [];
    let shown: number | undefined;
    for (const frame of frames.slice(caughtUp)) {
      if (frame.timecode !== undefined && shown !== undefined && frame.timecode > shown) lateness.push((firstPacketOf.get(frame.ts) ?? 0) / 1000 - frame.timecode);
      shown = frame.timecode ?? shown;
    }
    expect(lateness.length).toBeGreaterThanOrEqual(1);
    // The burnt-in clock is the frame's moment to within a frame (100 ms at 10 fps): ffmpeg's
    // start is read as its filters start, which a busy machine puts a few tens of ms off.
    for (const late of lateness) expect(late, `sent ${lateness.join(', ')} s after the second began`).toBeGreaterThanOrEqual(-0.1);
    for (const late of lateness) expect(late, `sent ${lateness.join(', ')} s after the second began`).toBeLessThan(0.3);
  }, 30_000);

  it('answers a key-frame request (the receiver lost the picture) with the GOP from its key frame at once, time still moving forward', async () => {
    const tap = encoder.live;
    if (!tap) throw new Error('no live output');
    const packets: Buffer[] = [];
    const feed = new RtpFeed({ kind: 'live', tap }, (packet) => packets.push(Buffer.from(packet)), () => undefined);
    await feed.start();
    let asked = 0;
    try {
      await until(() => packets.length > 30);
      asked = packets.length;
      feed.requestKeyFrame();
      // Sent at once, not with the next key frame.
      expect(packets.length).toBeGreaterThan(asked);
      await until(() => packets.length > asked + 30);
    } finally {
      feed.close();
    }
    // A decoder that starts at the request (it lost everything before) decodes every frame.
    const frames = await decodeFrames(packets.slice(asked), dir);
    expect(frames.length).toBeGreaterThan(3);
    expect(frames.filter((frame) => frame.timecode === undefined).length).toBe(0);
    const sent = numbers(packets);
    for (let index = 1; index < sent.length; index++) expect(((sent[index]?.ts ?? 0) - (sent[index - 1]?.ts ?? 0)) >>> 0).toBeLessThan(0x80000000);
    expect(sent[asked]?.ts).not.toBe(sent[asked - 1]?.ts);
  }, 30_000);

  it('goes on without a gap in its numbers when the encoder restarts (a frozen camera)', async () => {
    const tap = encoder.live;
    if (!tap) throw new Error('no live output');
    const packets: Buffer[] = [];
    const feed = new RtpFeed({ kind: 'live', tap }, (packet) => packets.push(Buffer.from(packet)), () => undefined);
    await feed.start();
    try {
      await until(() => packets.length > 20);
      const before = packets.length;
      await encoder.setStill(true);
      // The still picture's run (a new SSRC at the tap) reaches the viewer.
      await until(() => packets.length > before + 40);
    } finally {
      feed.close();
      await encoder.setStill(false);
    }
    const sent = numbers(packets);
    for (let index = 1; index < sent.length; index++) {
      expect(sent[index]?.seq).toBe(((sent[index - 1]?.seq ?? 0) + 1) & 0xffff);
      // Time only moves forward for the receiver (within half the 32-bit range).
      expect(((sent[index]?.ts ?? 0) - (sent[index - 1]?.ts ?? 0)) >>> 0).toBeLessThan(0x80000000);
    }
  }, 40_000);
});
