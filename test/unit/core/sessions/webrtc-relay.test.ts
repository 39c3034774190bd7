import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/common/logger';
import { StreamService } from '../../../../electron/core/sessions/stream-service';
import { MediaProxy } from '../../../../electron/media/media-proxy';
import type { ArchiveRequest, LiveRequest, VmsSession } from '../../../../electron/vms/adapter';
import { FakeAdapter } from '../../support/fake-adapter';
import { ManualClock } from '../../support/manual-clock';

/** A VMS whose sessions are WebRTC (Milestone): each offer names its session, and the signalling is recorded. */
function setup() {
  const clock = new ManualClock();
  const adapter = new FakeAdapter();
  const signalled: string[] = [];
  let sessions = 0;
  adapter.openLive = (request: LiveRequest): Promise<VmsSession> => {
    const id = `rtc-${++sessions}`;
    adapter.calls.push(`openLive:${request.cameraId}`);
    const session: VmsSession = {
      id,
      mode: 'live',
      cameraId: request.cameraId,
      origin: 'http://gateway.test',
      lifetime: { kind: 'none' },
      media: {
        kind: 'webrtc',
        signalling: {
          offerSdp: `v=0 offer of ${id}`,
          answer: (sdp) => {
            signalled.push(`${id} answer ${sdp}`);
            return Promise.resolve();
          },
          addRemoteCandidate: (candidate) => {
            signalled.push(`${id} candidate ${candidate}`);
            return Promise.resolve();
          },
          localCandidates: () => Promise.resolve([`{"candidate":"gateway of ${id}"}`]),
        },
      },
    };
    adapter.open.set(id, session);
    return Promise.resolve(session);
  };
  adapter.openArchive = async (archive: ArchiveRequest): Promise<VmsSession> => {
    const session = await adapter.openLive(archive);
    adapter.calls.push(`openArchive:${archive.fromMs}@${archive.speed ?? 1}`);
    return { ...session, mode: 'archive' };
  };
  const service = new StreamService({ clock, log: silentLogger, media: new MediaProxy({ clock }), adapterFor: () => adapter, checkCamera: () => undefined, notify: () => undefined });
  return { adapter, service, signalled };
}

const request = { serverId: 'xprotect', cameraId: 'cam', width: 640, height: 360 };

describe('WebRTC signalling relayed by the core', () => {
  it('hands the tile the offer, and takes its answer and candidates to the VMS session behind the stream', async () => {
    const { service, signalled } = setup();
    const stream = await service.start('w1', request, { mode: 'live' });
    expect(stream).toMatchObject({ kind: 'webrtc', url: `/media/${stream.streamId}/webrtc` });
    expect(await service.webRtcOffer('w1', stream.streamId)).toEqual({ sdp: 'v=0 offer of rtc-1' });
    await service.webRtcAnswer('w1', stream.streamId, 'v=0 answer');
    expect(await service.webRtcCandidates('w1', stream.streamId, ['{"candidate":"tile"}'])).toEqual({ candidates: ['{"candidate":"gateway of rtc-1"}'] });
    expect(signalled).toEqual(['rtc-1 answer v=0 answer', 'rtc-1 candidate {"candidate":"tile"}']);
  });

  it('gives a reloading player a new VMS session (an offer answers once) and closes the old one', async () => {
    const { adapter, service } = setup();
    const stream = await service.start('w1', request, { mode: 'live' });
    await service.webRtcOffer('w1', stream.streamId);
    expect(await service.webRtcOffer('w1', stream.streamId)).toEqual({ sdp: 'v=0 offer of rtc-2' });
    await expect.poll(() => [...adapter.open.keys()]).toEqual(['rtc-2']);
  });

  it('relays only for the window that owns the stream', async () => {
    const { service } = setup();
    const stream = await service.start('w1', request, { mode: 'live' });
    await expect(service.webRtcOffer('w2', stream.streamId)).rejects.toThrow(/No stream/);
    await expect(service.webRtcAnswer('w2', stream.streamId, 'v=0')).rejects.toThrow(/No stream/);
  });

  it('recorded video: the session opened for the stream serves a player asking near its moment, and says its own moment; another moment or speed is a new session there', async () => {
    const { adapter, service } = setup();
    const stream = await service.start('w1', request, { mode: 'archive', fromMs: 1_000_000 });
    // The clock ran on while the session opened: the same session, and the moment it really starts at.
    expect(await service.webRtcOffer('w1', stream.streamId, { fromMs: 1_001_200, speed: 1 })).toEqual({ sdp: 'v=0 offer of rtc-1', playbackFrom: 1_000_000 });
    // The wall plays at 4×: a session at that speed, from the moment the player is at.
    expect(await service.webRtcOffer('w1', stream.streamId, { fromMs: 1_005_000, speed: 4 })).toEqual({ sdp: 'v=0 offer of rtc-2', playbackFrom: 1_005_000 });
    // A reload after a stall comes back where it was, at its speed.
    expect(await service.webRtcOffer('w1', stream.streamId, { fromMs: 1_009_000, speed: 4 })).toEqual({ sdp: 'v=0 offer of rtc-3', playbackFrom: 1_009_000 });
    expect(adapter.calls.filter((call) => call.startsWith('openArchive'))).toEqual(['openArchive:1000000@1', 'openArchive:1005000@4', 'openArchive:1009000@4']);
    await expect.poll(() => [...adapter.open.keys()]).toEqual(['rtc-3']);
  });
});
