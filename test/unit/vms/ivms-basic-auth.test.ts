import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStreamState } from '../../../electron/vms/adapter';
import { VmsError } from '../../../electron/vms/errors';
import type { HttpFetch } from '../../../electron/vms/http';
import { IvmsAdapter, type IvmsAdapterOptions } from '../../../electron/vms/ivms/ivms-adapter';
import { startIvmsSim, type IvmsSim } from '../../../sim/ivms-sim';
import { eventually } from '../support/frames';

/** The IVMS adapter against the simulator behind Basic authentication (a reverse proxy in the field). */
const AUTH = { username: 'wall', password: 'Sëcret:1' };
let sim: IvmsSim;

function adapter(overrides: Partial<IvmsAdapterOptions> = {}): IvmsAdapter {
  return new IvmsAdapter({
    url: sim.url,
    pathPrefix: '',
    keepaliveIntervalMs: 10_000,
    requestTimeoutMs: 3000,
    statusOnlineValue: 1,
    timeZone: 'UTC',
    eventIdleTimeoutMs: 30_000,
    failbackProbeMs: 10_000,
    credentials: AUTH,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<VmsError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof VmsError)) throw new Error(`expected a VmsError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  sim = await startIvmsSim({ auth: AUTH, cameraCount: 2, mediaPort: 0, recording: false, encoderLingerMs: 0 });
});
afterAll(async () => {
  await sim.close();
});

describe('IvmsAdapter with Basic authentication', () => {
  it('sends the credentials on API calls', async () => {
    expect((await adapter().listCameras()).map((camera) => camera.id)).toEqual(['1', '2']);
    expect(await adapter().cameraCount()).toBe(2);
  });

  it('says in words whether the server wants credentials or refused the ones sent (401), and does not take it for a passing failure', async () => {
    const missing = await failure(adapter({ credentials: undefined }).listCameras());
    expect(missing).toMatchObject({ kind: 'auth', httpStatus: 401, message: 'The server asks for a user name and password (HTTP 401)', transient: false });
    const wrong = await failure(adapter({ credentials: { username: 'wall', password: 'nope' } }).listCameras());
    expect(wrong).toMatchObject({ kind: 'auth', message: 'The server refused the user name or password (HTTP 401)' });
  });

  it('fetches media with the credentials from a media server the operator named, and without them from one not named', async () => {
    const named = adapter({ mediaUrls: [sim.mediaUrl] });
    const unnamed = adapter();
    const request = { cameraId: '1', width: 320, height: 180, audio: false };
    const [onNamed, onUnnamed] = [await named.openLive(request), await unnamed.openLive(request)];
    try {
      if (onNamed.media.kind !== 'hls' || onUnnamed.media.kind !== 'hls') throw new Error('not HLS');
      expect((await fetch(onNamed.media.playlistUrl)).status).toBe(401);
      expect((await onNamed.media.upstream.fetch({ url: onNamed.media.playlistUrl, timeoutMs: 5000 })).status).not.toBe(401);
      // The media server is another port: another origin, which the password was not given for.
      expect((await onUnnamed.media.upstream.fetch({ url: onUnnamed.media.playlistUrl, timeoutMs: 5000 })).status).toBe(401);
    } finally {
      await named.closeSession(onNamed);
      await unnamed.closeSession(onUnnamed);
    }
  });

  it('opens the event socket with the credentials, and says why it cannot without them', async () => {
    for (const [credentials, expected] of [
      [AUTH, undefined],
      [undefined, 'The event socket asks for a user name and password (HTTP 401)'],
    ] as const) {
      const ivms = adapter({ credentials });
      const states: Array<[EventStreamState, string | undefined]> = [];
      const subscription = ivms.subscribeEvents({ onEvent: () => undefined, onState: (state, reason) => states.push([state, reason]) });
      try {
        if (expected === undefined) await eventually(() => (states.some(([state]) => state === 'open') ? true : undefined), 5000, 'socket open');
        else await eventually(() => states.find(([, reason]) => reason === expected), 5000, 'socket refused');
      } finally {
        subscription.close();
        await ivms.dispose();
      }
    }
  });

  it('never sends the credentials to a media origin the operator did not configure, whatever the VMS names', async () => {
    const sent: Array<[string, string | undefined]> = [];
    const vms = (hlsURL: string): HttpFetch => (request) => {
      sent.push([request.url, request.headers?.['authorization']]);
      const body = request.url.includes('/REST/') ? JSON.stringify({ status: 2007, result: [{ sesssionId: 7, hlsURL }] }) : '#EXTM3U\n';
      return Promise.resolve({ status: 200, headers: new Headers({ 'content-type': 'application/json' }), body: new TextEncoder().encode(body) });
    };
    const request = { cameraId: '1', width: 320, height: 180, audio: false };
    for (const [hlsURL, mediaUrls, expected] of [
      ['http://vms.site.test:9001/live/index.m3u8', ['http://vms.site.test:9001'], true],
      ['http://vms.site.test:9001/live/index.m3u8', [], false],
      ['http://media.elsewhere.test/live/index.m3u8', [], false],
      ['http://localhost:47812/x.m3u8', ['http://vms.site.test:9001'], false],
      ['https://vms.site.test:8080/live/index.m3u8', [], false],
    ] as const) {
      const ivms = adapter({ url: 'http://vms.site.test:8080', mediaUrls, fetch: vms(hlsURL) });
      const session = await ivms.openLive(request);
      if (session.media.kind !== 'hls') throw new Error('not HLS');
      await session.media.upstream.fetch({ url: session.media.playlistUrl, timeoutMs: 1000 });
      const [, header] = sent.filter(([url]) => url === hlsURL).at(-1) ?? [];
      expect(header !== undefined, `${hlsURL} with ${mediaUrls.join(',') || 'no media URL'}`).toBe(expected);
    }
  });
});
