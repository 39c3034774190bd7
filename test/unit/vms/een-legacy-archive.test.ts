import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/common/clock';
import { silentLogger } from '../../../electron/common/logger';
import { EenLegacyAdapter } from '../../../electron/vms/een/een-adapter';
import { EenServerConfig, eenVendor } from '../../../electron/vms/een/een-vendor';
import { withMainSize } from '../../../sim/site/catalog';
import { firstFrameTimecode, firstRecordedSpan, parsePlaylist } from '../support/frames';
import { eenSiteForTests } from '../support/een-front';

/** Eagle Eye legacy recorded video against the simulator: recordings listed one by one, each fetched as FLV and played as HLS from a typed time. */
const site = eenSiteForTests({ cameraCount: 1, recording: { segmentSeconds: 2 }, eventsPerMinute: 0, profiles: withMainSize(640, 360), een: { cameras: [1] } });

describe('Eagle Eye legacy recorded video', () => {
  it('plays the recording from a typed time: the FLV of the recording holding that moment, remuxed to MPEG-TS, its first picture from that moment', async () => {
    const config = EenServerConfig.parse({ id: 'een', type: 'een', loginUrl: site.front.url, username: site.front.username, password: site.front.password });
    const vms = eenVendor.createAdapter(config, { fetch: undefined, clock: systemClock, log: silentLogger, secrets: { save: () => undefined } });
    if (!(vms instanceof EenLegacyAdapter)) throw new Error('not the legacy adapter');
    expect(vms.capabilities.archive).toBe(true);
    const cameraId = site.front.esnOf(1);
    const span = await firstRecordedSpan(vms, cameraId);

    const typed = span.from + 5000;
    const session = await vms.openArchive({ cameraId, fromMs: typed, width: 640, height: 360, audio: false });
    if (session.media.kind !== 'hls') throw new Error('expected HLS');
    const playlist = await session.media.upstream.fetch({ url: session.media.playlistUrl, timeoutMs: 10_000 });
    expect(playlist.status).toBe(200);
    const manifest = parsePlaylist(new TextDecoder().decode(playlist.body));
    const first = manifest.segments[0];
    expect(first?.programDateTime).toBeLessThanOrEqual(typed);
    expect((first?.programDateTime ?? 0) + (first?.duration ?? 0) * 1000).toBeGreaterThan(typed);

    const plays = site.front.state().counters.videoPlays;
    const segment = await session.media.upstream.fetch({ url: new URL(first?.uri ?? '', session.media.playlistUrl).toString(), timeoutMs: 30_000 });
    expect(segment.status).toBe(200);
    expect(segment.headers.get('content-type')).toBe('video/mp2t');
    expect(segment.body[0]).toBe(0x47);
    // Fetched from Eagle Eye as FLV (once), and its first picture is the camera's at the segment's wall-clock start.
    expect(site.front.state().counters.videoPlays).toBe(plays + 1);
    expect(await firstFrameTimecode(segment.body, 640, 360)).toBe(Math.floor((first?.programDateTime ?? 0) / 1000));
    await vms.dispose();
  }, 120_000);
});
