import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { VmsEvent } from '../../../electron/vms/adapter';
import { systemClock } from '../../../electron/common/clock';
import { silentLogger } from '../../../electron/common/logger';
import { exchangeCode, startSignIn } from '../../../electron/vms/een/een-oauth';
import { EenV3Adapter } from '../../../electron/vms/een/een-v3-adapter';
import { EenServerConfig, eenVendor } from '../../../electron/vms/een/een-vendor';
import { VmsError } from '../../../electron/vms/errors';
import type { EenFront } from '../../../sim/een/front';
import { withMainSize } from '../../../sim/site/catalog';
import { startSim, type RunningSite } from '../../../sim/start-sim';

/** Eagle Eye API v3 against the simulator: OAuth with rotating refresh tokens, cameras, HLS behind the Bearer token. */
let sim: RunningSite;
let een: EenFront;

beforeAll(async () => {
  sim = await startSim({ vendors: ['een'], cameraCount: 3, recording: false, profiles: withMainSize(320, 180), een: { cameras: [1, 2, 3], v3: { accessTokenSeconds: 2, streamLingerMs: 2000 } } });
  if (!sim.een) throw new Error('no Eagle Eye front');
  een = sim.een;
}, 30_000);
afterAll(async () => {
  await sim.close();
});

const REDIRECT = 'http://127.0.0.1:1/oauth/callback';

/** Signs in as an operator would in the browser: the authorize page, Approve, the code exchanged at the token endpoint. */
async function signIn(): Promise<string> {
  const page = await fetch(`${een.url}/oauth2/authorize?client_id=${een.v3.clientId}&response_type=code&scope=vms.all&redirect_uri=${encodeURIComponent(REDIRECT)}&state=s1`);
  expect(await page.text()).toContain('Approve');
  const approved = await fetch(`${een.url}/oauth2/authorize`, { method: 'POST', body: new URLSearchParams({ redirect_uri: REDIRECT, state: 's1' }), redirect: 'manual' });
  const location = new URL(approved.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('s1');
  const token = await fetch(`${een.url}/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${een.v3.clientId}:${een.v3.clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: location.searchParams.get('code') ?? '', redirect_uri: REDIRECT, scope: 'vms.all' }),
  });
  expect(token.status).toBe(200);
  return ((await token.json()) as { refresh_token: string }).refresh_token;
}

function adapter(refreshToken: string, saved: Array<Record<string, string>>): EenV3Adapter {
  const config = EenServerConfig.parse({ id: 'een3', type: 'een', api: 'v3', authUrl: een.url, apiUrl: een.url, clientId: een.v3.clientId, clientSecret: een.v3.clientSecret, refreshToken });
  const created = eenVendor.createAdapter(config, { fetch: undefined, clock: systemClock, log: silentLogger, secrets: { save: (values) => saved.push({ ...values }) } });
  if (!(created instanceof EenV3Adapter)) throw new Error('not the v3 adapter');
  return created;
}

describe('EenV3Adapter', () => {
  it('refreshes once for many callers, saves each rotated refresh token before use, and survives a restart with the saved one', async () => {
    const first = await signIn();
    const saved: Array<Record<string, string>> = [];
    const vms = adapter(first, saved);
    const cameras = await vms.listCameras();
    expect(cameras.map((camera) => camera.id)).toEqual([1, 2, 3].map((id) => een.esnOf(id)));
    expect((await vms.cameraStatuses()).get(een.esnOf(1))).toBe('online');
    const refreshes = een.state().v3.refreshes;
    // Ten callers at once after the token expired: one refresh.
    await new Promise((resolve) => setTimeout(resolve, 2200));
    await Promise.all(Array.from({ length: 10 }, () => vms.listCameras()));
    expect(een.state().v3.refreshes).toBe(refreshes + 1);
    // Three more token lives: every rotated refresh token was saved, the newest is the one the server holds.
    for (let life = 0; life < 3; life++) {
      await new Promise((resolve) => setTimeout(resolve, 2200));
      expect(await vms.listCameras()).toHaveLength(3);
    }
    expect(saved.length).toBeGreaterThanOrEqual(5);
    const newest = saved.at(-1)?.refreshToken ?? '';
    expect(een.v3.validRefreshTokens()).toContain(newest);
    expect(een.v3.validRefreshTokens()).not.toContain(first);

    // A restart: the old token from the configuration is dead, the saved one signs in.
    const stale = await adapter(first, []).connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(stale).toBeInstanceOf(VmsError);
    expect((stale as VmsError).kind).toBe('auth');
    expect((stale as VmsError).message).toContain('sign in again');
    expect(await adapter(newest, []).listCameras()).toHaveLength(3);
  }, 40_000);

  it('receives events from the SSE subscription; a dropped stream and an expired subscription lose none (compared with the simulator\'s list)', async () => {
    const vms = adapter(await signIn(), []);
    const events: VmsEvent[] = [];
    const states: string[] = [];
    const subscription = vms.subscribeEvents({ onEvent: (event) => events.push(event), onState: (state) => states.push(state) });
    const until = (assertion: () => void): Promise<void> => vi.waitFor(assertion, { timeout: 15_000, interval: 100 });
    const startedAfter = een.v3.events.length;
    try {
      await until(() => expect(states).toContain('open'));
      await sim.site.events.emit(1, { kind: 'activity', label: 'Activity Detection' });
      await until(() => expect(events.map((event) => event.type)).toContain('een.motionDetectionEvent.v1'));
      expect(events[0]).toMatchObject({ cameraId: een.esnOf(1), label: 'Motion', timeUncertain: false });
      expect(events[0]?.dedupeKey).toMatch(/^evt-\d+$/);

      // The stream drops; events raised meanwhile arrive all the same.
      een.v3.dropStreams();
      await sim.site.events.emit(2, { kind: 'intrusion', label: 'Intrusion Detection' });
      await sim.site.events.emit(3, { kind: 'tripwire', label: 'Tripwire Crossing' });
      // The subscription expires while the client is away: a new one is made, the gap filled from /events.
      een.v3.dropStreams(true);
      await sim.site.events.emit(1, { kind: 'loitering', label: 'Loitering Detection' });
      const expected = een.v3.events.slice(startedAfter).map((event) => event.id);
      expect(expected).toHaveLength(4);
      await until(() => expect(new Set(events.map((event) => event.dedupeKey))).toEqual(new Set(expected)));
      expect(een.state().v3.subscriptions).toBeGreaterThanOrEqual(2);
    } finally {
      subscription.close();
    }
  }, 40_000);

  it('signs in with the authorization code: the authorize page, Approve, the same state back, the code exchanged for a refresh token that works', async () => {
    const start = startSignIn({ authUrl: een.url, clientId: een.v3.clientId, redirectUri: REDIRECT });
    const page = await fetch(start.authorizeUrl);
    expect(await page.text()).toContain('Approve');
    const approved = await fetch(`${een.url}/oauth2/authorize`, { method: 'POST', body: new URLSearchParams({ redirect_uri: REDIRECT, state: start.state }), redirect: 'manual' });
    const back = new URL(approved.headers.get('location') ?? '');
    expect(back.searchParams.get('state')).toBe(start.state);
    const { refreshToken } = await exchangeCode({ authUrl: een.url, clientId: een.v3.clientId, clientSecret: een.v3.clientSecret, code: back.searchParams.get('code') ?? '', redirectUri: REDIRECT, codeVerifier: start.codeVerifier, timeoutMs: 5000 });
    expect(await adapter(refreshToken, []).listCameras()).toHaveLength(3);
    // A code is single use, and a wrong client secret is refused in words.
    const again = await exchangeCode({ authUrl: een.url, clientId: een.v3.clientId, clientSecret: een.v3.clientSecret, code: back.searchParams.get('code') ?? '', redirectUri: REDIRECT, codeVerifier: start.codeVerifier, timeoutMs: 5000 }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(VmsError);
    expect((again as VmsError).message).toContain('refused the sign-in');
  });

  it('plays the main stream as HLS with the Bearer token added per request, only on the media host /feeds named', async () => {
    const vms = adapter(await signIn(), []);
    const session = await vms.openLive({ cameraId: een.esnOf(2), width: 640, height: 360, audio: false });
    if (session.media.kind !== 'hls') throw new Error('not HLS');
    const { playlistUrl, upstream } = session.media;
    expect(new URL(playlistUrl).origin).toBe(een.url);
    const playlist = await upstream.fetch({ url: playlistUrl, timeoutMs: 20_000 });
    expect(playlist.status).toBe(200);
    const text = new TextDecoder().decode(playlist.body);
    expect(text).toContain('#EXTM3U');
    const segment = text.split('\n').find((line) => line.endsWith('.ts')) ?? '';
    const bytes = await upstream.fetch({ url: new URL(segment, playlistUrl).toString(), timeoutMs: 10_000 });
    expect(bytes.status).toBe(200);
    expect(bytes.body[0]).toBe(0x47); // MPEG-TS sync byte
    // Without the token the media host refuses; the same host under another name is another origin and gets none.
    expect((await fetch(playlistUrl)).status).toBe(401);
    const otherName = playlistUrl.replace('127.0.0.1', 'localhost');
    expect((await upstream.fetch({ url: otherName, timeoutMs: 5000 })).status).toBe(401);
    // Past the token's life the proxy's requests carry a fresh one.
    await new Promise((resolve) => setTimeout(resolve, 2200));
    expect((await upstream.fetch({ url: playlistUrl, timeoutMs: 10_000 })).status).toBe(200);
  }, 40_000);
});
