import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VmsError } from '../../../electron/vms/errors';
import { httpFetch } from '../../../electron/vms/http';
import { IvmsAdapter } from '../../../electron/vms/ivms/ivms-adapter';
import { startIvmsSim, type IvmsSim } from '../../../sim/ivms-sim';

/** The IVMS adapter against the real simulator (real HTTP, real ffmpeg). */
const PREFIX = '/V-Pro-IVMS-APIServer';
let sim: IvmsSim;

function adapter(overrides: Partial<ConstructorParameters<typeof IvmsAdapter>[0]> = {}): IvmsAdapter {
  return new IvmsAdapter({ url: sim.url, pathPrefix: PREFIX, keepaliveIntervalMs: 1000, requestTimeoutMs: 3000, statusOnlineValue: 1, ...overrides });
}

beforeAll(async () => {
  sim = await startIvmsSim({ pathPrefix: PREFIX, cameraCount: 4, sessionExpiryMs: 800, encoderLingerMs: 0 });
});
afterAll(async () => {
  await sim.close();
});

describe('IvmsAdapter against the simulator', () => {
  it('lists cameras without ever carrying their credentials', async () => {
    const cameras = await adapter().listCameras();
    expect(cameras.map((camera) => camera.name)).toEqual(['Main Entrance', 'Lobby', 'Car Park North', 'Loading Bay']);
    expect(cameras[0]).toEqual({ id: '1', name: 'Main Entrance', model: 'Axis P3245-LVE', address: '172.17.99.10' });
    expect(JSON.stringify(cameras)).not.toMatch(/hvs|password|rtsp/);
  });

  it('maps channel status with the per-server meaning of 1', async () => {
    expect([...(await adapter().cameraStatuses()).values()]).toEqual(['online', 'online', 'online', 'online']);
    expect([...(await adapter({ statusOnlineValue: 0 }).cameraStatuses()).values()]).toEqual(['offline', 'offline', 'offline', 'offline']);
  });

  it('starts a live session whose HLS plays real segments, keeps it alive, and stops it', async () => {
    const ivms = adapter();
    const session = await ivms.openLive({ cameraId: '2', width: 320, height: 180, audio: false });
    expect(session.lifetime).toEqual({ kind: 'keepalive', intervalMs: 1000 });
    if (session.media.kind !== 'hls') throw new Error('expected HLS');
    expect(session.media.playlistUrl).toMatch(new RegExp(`^${sim.url}/live/.+/2/MinorStream/.+/index\\.m3u8$`));
    let playlist = '';
    for (let tries = 0; tries < 50 && !playlist.includes('#EXTINF'); tries++) {
      await ivms.keepAlive(session); // this simulator expires sessions after 800 ms
      const response = await httpFetch({ url: session.media.playlistUrl, timeoutMs: 2000 });
      playlist = response.status === 200 ? new TextDecoder().decode(response.body) : '';
      if (!playlist) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(playlist).toMatch(/#EXT-X-PROGRAM-DATE-TIME:\d{4}-\d\d-\d\dT/);
    expect(sim.state().sessions).toHaveLength(1);
    expect(sim.state().sessions[0]?.keepalives).toBeGreaterThan(0);
    await ivms.closeLive(session);
    expect(sim.state().sessions).toHaveLength(0);
    await expect(ivms.keepAlive(session)).rejects.toMatchObject({ kind: 'rejected' });
    await expect(ivms.closeLive(session)).resolves.toBeUndefined();
  });

  it('loses a session that hears no keepalive within the server\'s expiry', async () => {
    const ivms = adapter();
    const session = await ivms.openLive({ cameraId: '1', width: 320, height: 180, audio: false });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await expect(ivms.keepAlive(session)).rejects.toBeInstanceOf(VmsError);
    expect(sim.state().counters.expired).toBeGreaterThanOrEqual(1);
  });

  it('answers not-found for an unknown channel', async () => {
    await expect(adapter().openLive({ cameraId: '77', width: 1, height: 1, audio: false })).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('says "Connection refused" for a server that is not there', async () => {
    const port = await freePort();
    const error = await new IvmsAdapter({ url: `http://127.0.0.1:${port}`, pathPrefix: '', keepaliveIntervalMs: 1000, requestTimeoutMs: 2000, statusOnlineValue: 1 })
      .listCameras()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'unreachable' });
    expect((error as Error).message).toMatch(/^Connection refused \(GET http:\/\/127\.0\.0\.1:\d+\/REST\/local\/channel\)$/);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
