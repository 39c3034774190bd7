import { describe, expect, it } from 'vitest';
import { withMainSize } from '../../../sim/site/catalog';
import { firstFrameTimecode, firstRecordedSpan, parsePlaylist } from '../support/frames';
import { signedInEenV3Adapter } from '../support/een-v3-adapter';
import { eenSiteForTests } from '../support/een-front';

/** Eagle Eye API v3 recorded video against the simulator: `/media` intervals on the timeline, their MP4s played as HLS from a typed time. */
const site = eenSiteForTests({ cameraCount: 1, recording: { segmentSeconds: 2 }, eventsPerMinute: 0, profiles: withMainSize(640, 360), een: { cameras: [1] } });

describe('Eagle Eye v3 recorded video', () => {
  it('shows the recording on the timeline and plays it from a typed time: the MP4 holding that moment, remuxed to MPEG-TS, its first picture from that record', async () => {
    const vms = await signedInEenV3Adapter(site.front);
    expect(vms.capabilities.archive).toBe(true);
    const cameraId = site.front.esnOf(1);
    // The timeline's span grows as the camera records (connected intervals coalesced into one).
    const span = await firstRecordedSpan(vms, cameraId);

    // The operator types a moment inside the recording: the archive starts at the record holding it.
    const typed = span.from + 3000;
    const session = await vms.openArchive({ cameraId, fromMs: typed, width: 640, height: 360, audio: false });
    if (session.media.kind !== 'hls') throw new Error('expected HLS');
    expect(session.media.playlistUrl.startsWith('een-archive://')).toBe(true);
    const playlist = await session.media.upstream.fetch({ url: session.media.playlistUrl, timeoutMs: 10_000 });
    expect(playlist.status).toBe(200);
    const manifest = parsePlaylist(new TextDecoder().decode(playlist.body));
    const first = manifest.segments[0];
    expect(first?.programDateTime).toBeLessThanOrEqual(typed);
    expect((first?.programDateTime ?? 0) + (first?.duration ?? 0) * 1000).toBeGreaterThan(typed);

    const segment = await session.media.upstream.fetch({ url: new URL(first?.uri ?? '', session.media.playlistUrl).toString(), timeoutMs: 30_000 });
    expect(segment.status).toBe(200);
    expect(segment.headers.get('content-type')).toBe('video/mp2t');
    expect(segment.body[0]).toBe(0x47);
    // The picture is the camera's at the record's start (the simulator burns the time into each frame).
    expect(await firstFrameTimecode(segment.body, 640, 360)).toBe(Math.floor((first?.programDateTime ?? 0) / 1000));
    await vms.dispose();
  }, 120_000);
});
