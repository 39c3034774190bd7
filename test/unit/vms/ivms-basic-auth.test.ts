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

  it('hands the media proxy the credentials for the media server, which asks for them too', async () => {
    const ivms = adapter();
    const session = await ivms.openLive({ cameraId: '1', width: 320, height: 180, audio: false });
    try {
      if (session.media.kind !== 'hls') throw new Error('not HLS');
      const headers = await session.media.auth?.headers();
      expect(headers).toEqual({ authorization: `Basic ${Buffer.from(`${AUTH.username}:${AUTH.password}`).toString('base64')}` });
      expect((await fetch(session.media.playlistUrl)).status).toBe(401);
      expect((await fetch(session.media.playlistUrl, { headers })).status).not.toBe(401);
    } finally {
      await ivms.closeSession(session);
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

  it('never sends the credentials to a media host the operator did not configure', async () => {
    const hlsFor = (hlsURL: string): HttpFetch => () =>
      Promise.resolve({
        status: 200,
        headers: new Headers({ 'content-type': 'application/json' }),
        body: new TextEncoder().encode(JSON.stringify({ status: 2007, result: [{ sesssionId: 7, hlsURL }] })),
      });
    const configured = adapter({ url: 'http://vms.site.test:8080', fetch: hlsFor('http://vms.site.test:9001/live/index.m3u8') });
    const foreign = adapter({ url: 'http://vms.site.test:8080', fetch: hlsFor('http://media.elsewhere.test/live/index.m3u8') });
    const request = { cameraId: '1', width: 320, height: 180, audio: false };
    const onConfigured = await configured.openLive(request);
    const onForeign = await foreign.openLive(request);
    expect(onConfigured.media.kind === 'hls' && onConfigured.media.auth).toBeTruthy();
    expect(onForeign.media.kind === 'hls' && onForeign.media.auth).toBeFalsy();
  });
});
