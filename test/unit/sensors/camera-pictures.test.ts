import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/common/clock';
import type { VmsBinary } from '../../../electron/vms/adapter';
import { CameraPictures, cameraPictureSource } from '../../../electron/core/sensors/camera-pictures';
import type { ServerState } from '../../../shared/model/server';
import type { VmsAdapter } from '../../../electron/vms/adapter';

const JPEG: VmsBinary = { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), contentType: 'image/jpeg' };

/** A VMS that answers a live image after `ms`, or gives up when the fetch is aborted. */
function slowVms(ms: number): { fetch: (serverId: string, cameraId: string, signal: AbortSignal) => Promise<VmsBinary | undefined>; asked: () => number } {
  let asked = 0;
  return {
    asked: () => asked,
    fetch: (_serverId, _cameraId, signal) => {
      asked += 1;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve(JPEG), ms);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason as Error);
        });
      });
    },
  };
}

describe('CameraPictures', () => {
  it('keeps a picture a busy VMS sends after two seconds (the alert has gone on without it; the picture follows)', async () => {
    const vms = slowVms(2000);
    const pictures = new CameraPictures({ clock: systemClock, fetch: vms.fetch });
    await expect(pictures.get('vxg', '7')).resolves.toEqual(JPEG);
  });

  it('gives a picture up after its timeout, without failing the alert', async () => {
    const vms = slowVms(5000);
    const pictures = new CameraPictures({ clock: systemClock, fetch: vms.fetch, timeoutMs: 200 });
    await expect(pictures.get('vxg', '7')).resolves.toBeUndefined();
  });

  it('asks once for the events of a burst on one camera', async () => {
    const vms = slowVms(50);
    const pictures = new CameraPictures({ clock: systemClock, fetch: vms.fetch });
    const all = await Promise.all([pictures.get('vxg', '7'), pictures.get('vxg', '7'), pictures.get('vxg', '8')]);
    expect(all).toEqual([JPEG, JPEG, JPEG]);
    expect(vms.asked()).toBe(2);
  });
});

describe('cameraPictureSource', () => {
  const STILL: VmsBinary = { bytes: new Uint8Array([1]), contentType: 'image/jpeg' };
  const servers = (state: ServerState, adapter: Partial<VmsAdapter>) => ({ has: () => true, stateOf: () => state, adapter: () => adapter as VmsAdapter });
  const hls = { capabilities: { liveDelivery: 'hls' } } as Partial<VmsAdapter>;
  const signal = new AbortController().signal;

  it("takes the VMS's live image where it gives one, else a still of HLS video where stills are offered, else nothing", async () => {
    const stillOf = () => Promise.resolve(STILL);
    await expect(cameraPictureSource(servers('online', { ...hls, liveImage: () => Promise.resolve(JPEG) }), stillOf)('s', '1', signal)).resolves.toBe(JPEG);
    const webrtc = { capabilities: { liveDelivery: 'webrtc' } } as Partial<VmsAdapter>;
    await expect(cameraPictureSource(servers('online', { ...webrtc, alertPicture: () => Promise.resolve(JPEG) }), stillOf)('s', '1', signal), 'a picture for alerts (XProtect)').resolves.toBe(JPEG);
    await expect(cameraPictureSource(servers('degraded', hls), stillOf)('s', '1', signal)).resolves.toBe(STILL);
    await expect(cameraPictureSource(servers('online', hls))('s', '1', signal), 'no stills offered (alerts of VMS events)').resolves.toBeUndefined();
    await expect(cameraPictureSource(servers('online', { capabilities: { liveDelivery: 'webrtc' } } as Partial<VmsAdapter>), stillOf)('s', '1', signal)).resolves.toBeUndefined();
    await expect(cameraPictureSource(servers('offline', { ...hls, liveImage: () => Promise.resolve(JPEG) }), stillOf)('s', '1', signal), 'a server not answering').resolves.toBeUndefined();
  });
});
