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
