import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JpegFrame, VmsEvent, VmsEventSink } from '../../../electron/vms/adapter';
import { EenLegacyAdapter } from '../../../electron/vms/een/een-adapter';
import { apiBaseFor } from '../../../electron/vms/een/een-client';
import { decodeStatus } from '../../../electron/vms/een/een-status';
import { EenServerConfig, eenVendor } from '../../../electron/vms/een/een-vendor';
import { VmsError } from '../../../electron/vms/errors';
import { systemClock } from '../../../electron/common/clock';
import { silentLogger } from '../../../electron/common/logger';
import { startEenFront, type EenFront } from '../../../sim/een/front';
import { startSim, type RunningSite } from '../../../sim/start-sim';

/** The legacy Eagle Eye adapter against the simulator's Eagle Eye front, over real HTTP, with real JPEGs. */
let sim: RunningSite;
let een: EenFront;
const adapters: EenLegacyAdapter[] = [];

beforeAll(async () => {
  sim = await startSim({ vendors: ['een'], cameraCount: 3, recording: false, een: { pollWaitMs: 2000, previewLingerMs: 2000 } });
  if (!sim.een) throw new Error('no Eagle Eye front');
  een = sim.een;
}, 30_000);
afterAll(async () => {
  await Promise.all(adapters.map((adapter) => adapter.dispose()));
  await sim.close();
});

function adapter(overrides: Record<string, unknown> = {}, front: EenFront = een): EenLegacyAdapter {
  const config = EenServerConfig.parse({ id: 'een', type: 'een', loginUrl: front.url, username: front.username, password: front.password, previewLingerMs: 300, ...overrides });
  const created = eenVendor.createAdapter(config, { fetch: undefined, clock: systemClock, log: silentLogger, secrets: { save: () => undefined } });
  if (!(created instanceof EenLegacyAdapter)) throw new Error('not the legacy adapter');
  adapters.push(created);
  return created;
}

async function failure(promise: Promise<unknown>): Promise<VmsError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof VmsError)) throw new Error(`expected a VmsError, got ${String(error)}`);
  return error;
}

function collectingSink(): VmsEventSink & { events: VmsEvent[]; states: string[]; statuses: Array<[string, string]> } {
  const events: VmsEvent[] = [];
  const states: string[] = [];
  const statuses: Array<[string, string]> = [];
  return { events, states, statuses, onEvent: (event) => events.push(event), onState: (state) => states.push(state), onCameraStatus: (camera, status) => statuses.push([camera, status]) };
}

/** Polls an assertion until it holds (what a user would wait for), failing with its last error. */
const until = (assertion: () => void, timeout = 10_000): Promise<void> => vi.waitFor(assertion, { timeout, interval: 100 });

const previewCount = (esn: string): number => een.state().previewRequests[esn] ?? 0;

describe('EenLegacyAdapter', () => {
  it('lists the cameras (bridges left out) and decodes their status bits', async () => {
    const vms = adapter();
    const cameras = await vms.listCameras();
    expect(cameras).toEqual(sim.site.cameras.map((camera) => ({ id: een.esnOf(camera.id), name: camera.name })));
    const esn = een.esnOf(2);
    expect((await vms.cameraStatuses()).get(esn)).toMatchObject({ status: 'online' });
    een.setFaults({ passwordNeeded: [2] });
    await sim.site.setCameraOnline(2, false);
    try {
      expect((await vms.cameraStatuses()).get(esn)).toMatchObject({ status: 'offline', detail: expect.stringContaining('Password needed') as unknown });
    } finally {
      een.resetFaults();
      await sim.site.setCameraOnline(2, true);
    }
  });

  it('refuses a wrong password and a two-factor user in words an operator understands', async () => {
    const wrong = await failure(adapter({ password: 'not-the-password' }).connect());
    expect(wrong.kind).toBe('auth');
    expect(wrong.message).toBe('Eagle Eye refused the user name or password (HTTP 401)');
    const twoFactor = await startEenFront(sim.site, { twoFactor: true });
    try {
      const refused = await failure(adapter({}, twoFactor).connect());
      expect(refused.kind).toBe('auth');
      expect(refused.message).toContain('two-factor authentication');
    } finally {
      await twoFactor.close();
    }
  });

  it('signs in again when Eagle Eye ends the session', async () => {
    const vms = adapter();
    await vms.connect();
    const before = een.state().counters.authorize;
    // Connecting again while signed in (the core does before every status round) does not sign in again.
    await vms.connect();
    expect(een.state().counters.authorize).toBe(before);
    een.endSessions();
    expect(await vms.listCameras()).toHaveLength(3);
    een.setFaults({ unauthorizedCalls: 1 });
    expect(await vms.listCameras()).toHaveLength(3);
    expect(een.state().counters.authorize).toBe(before + 2);
  });

  it('feeds ten viewers of a camera from one upstream preview request at a time, and stops when the last leaves', async () => {
    const vms = adapter();
    const camera = een.esnOf(1);
    const sessions = await Promise.all(Array.from({ length: 10 }, () => vms.openLive({ cameraId: camera, width: 320, height: 180, audio: false })));
    const frames = sessions.map((session) => {
      if (session.media.kind !== 'jpeg') throw new Error('not a JPEG stream');
      return session.media.frames;
    });
    const start = previewCount(camera);
    const seen: JpegFrame[][] = frames.map(() => []);
    // Every viewer follows the stream for about five seconds, as tiles do.
    await Promise.all(
      frames.map(async (source, index) => {
        const end = Date.now() + 5000;
        let after: number | undefined;
        while (Date.now() < end) {
          const frame = await source.next(after, 2000);
          if (!frame) continue;
          seen[index]?.push(frame);
          after = frame.sequence;
        }
      }),
    );
    const requests = previewCount(camera) - start;
    // One prev, then about one next a second: nowhere near ten per image.
    expect(requests).toBeGreaterThanOrEqual(3);
    expect(requests).toBeLessThanOrEqual(8);
    for (const images of seen) {
      expect(images.length).toBeGreaterThanOrEqual(3);
      expect(images[0]?.bytes.slice(0, 2)).toEqual(new Uint8Array([0xff, 0xd8]));
      const sequences = images.map((image) => image.sequence);
      expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
      expect(images.at(-1)?.takenAt).toBeGreaterThan(Date.now() - 5000);
    }
    await Promise.all(sessions.map((session) => vms.closeSession(session)));
    // The fetcher stops shortly after the last viewer left (its linger is 300 ms here).
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const settled = previewCount(camera);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(previewCount(camera)).toBe(settled);
  }, 30_000);

  it('gives the newest preview as the camera picture', async () => {
    const image = await adapter().liveImage(een.esnOf(3));
    expect(image.contentType).toBe('image/jpeg');
    expect(image.bytes.slice(0, 2)).toEqual(new Uint8Array([0xff, 0xd8]));
  }, 15_000);

  it('receives events from the poll through a 502 and a session that ended, with status changes', async () => {
    const vms = adapter();
    const sink = collectingSink();
    const subscription = vms.subscribeEvents(sink);
    try {
      await until(() => expect(sink.states).toContain('open'));
      const first = await een.emitEvent(1, 'activity');
      await until(() => expect(sink.events.map((event) => event.dedupeKey)).toContain(`${first.esn}:EMES:${first.id}`));
      const event = sink.events.find((candidate) => candidate.vendorEventId === String(first.id));
      expect(event).toMatchObject({ cameraId: first.esn, type: 'EMES', label: 'Motion', time: first.timeMs, timeUncertain: false, cameraName: sim.site.cameras[0]?.name });

      een.setFaults({ poll502: 2 });
      const second = await een.emitEvent(2, 'intrusion');
      await until(() => expect(sink.events.map((candidate) => candidate.vendorEventId)).toContain(String(second.id)));

      een.endSessions();
      const third = await een.emitEvent(3, 'activity');
      // Raised while the poll was being registered again: it may be missed by a legacy poll, so raise another after.
      await until(() => expect(sink.states.filter((state) => state === 'open').length).toBeGreaterThanOrEqual(2), 10_000);
      const fourth = await een.emitEvent(3, 'activity');
      await until(() => expect(sink.events.map((candidate) => candidate.vendorEventId)).toContain(String(fourth.id)), 10_000);
      expect(third.id).toBeLessThan(fourth.id);

      await sim.site.setCameraOnline(1, false);
      await until(() => expect(sink.statuses).toContainEqual([een.esnOf(1), 'offline']));
      await sim.site.setCameraOnline(1, true);
      await until(() => expect(sink.statuses.at(-1)).toEqual([een.esnOf(1), 'online']));
    } finally {
      subscription.close();
    }
    expect(sink.states.at(-1)).toBe('closed');
  }, 40_000);
});

describe('Eagle Eye API host and status bits', () => {
  it('calls the brand subdomain after signing in at login.eagleeyenetworks.com, unless the config names the API host', () => {
    const cloud = { loginUrl: 'https://login.eagleeyenetworks.com', username: 'u', password: 'p' };
    expect(apiBaseFor(cloud, 'c001')).toBe('https://c001.eagleeyenetworks.com');
    expect(apiBaseFor({ ...cloud, apiUrl: 'https://een.example.org/' }, 'c001')).toBe('https://een.example.org');
    expect(apiBaseFor({ ...cloud, loginUrl: 'http://127.0.0.1:9200' }, 'c001')).toBe('http://127.0.0.1:9200');
    // A subdomain that is not a host label is not trusted to build a host from.
    expect(apiBaseFor(cloud, 'evil.example.com/')).toBe('https://login.eagleeyenetworks.com');
  });

  it('decodes the bitmask in the documented order', () => {
    expect(decodeStatus(0x1e0010)).toEqual({ status: 'online', recording: true });
    expect(decodeStatus(0x160010)).toEqual({ status: 'online', recording: false, detail: 'Not recording' });
    expect(decodeStatus(0x100000)).toMatchObject({ status: 'offline', detail: 'Turned off' });
    expect(decodeStatus(0x020000)).toMatchObject({ status: 'offline', detail: 'Internet offline' });
    expect(decodeStatus(0x120100)).toMatchObject({ status: 'offline', detail: expect.stringContaining('Password needed') as unknown });
    expect(decodeStatus(0x120000)).toMatchObject({ status: 'offline', detail: 'Offline' });
    expect(decodeStatus(0x170000)).toBeUndefined();
  });
});

describe('Eagle Eye server configuration', () => {
  it('needs a user name and password for the legacy API, an OAuth client for v3 (its refresh token comes from the sign-in), and says which is missing', () => {
    expect(EenServerConfig.safeParse({ id: 'a', type: 'een', username: 'u', password: 'p' }).success).toBe(true);
    const legacy = EenServerConfig.safeParse({ id: 'a', type: 'een', username: 'u' });
    expect(legacy.error?.issues.map((issue) => issue.message)).toEqual(['the legacy API needs password']);
    expect(EenServerConfig.safeParse({ id: 'a', type: 'een', api: 'v3', clientId: 'c', clientSecret: 's' }).success).toBe(true);
    const v3 = EenServerConfig.safeParse({ id: 'a', type: 'een', api: 'v3', clientId: 'c' });
    expect(v3.error?.issues.map((issue) => issue.message)).toEqual(['the v3 API needs clientSecret']);
    expect(EenServerConfig.safeParse({ id: 'a', type: 'een', username: 'u', password: 'p', loginUrl: 'https://user:pw@login.example.com' }).success).toBe(false);
  });

  it('sends each secret only to where it was given for', () => {
    const legacy = EenServerConfig.parse({ id: 'a', type: 'een', username: 'u', password: 'p' });
    expect(eenVendor.secretOrigins(legacy)).toEqual(['https://login.eagleeyenetworks.com']);
    const v3 = EenServerConfig.parse({ id: 'a', type: 'een', api: 'v3', clientId: 'c', clientSecret: 's', refreshToken: 'r' });
    expect(eenVendor.secretOrigins(v3)).toEqual(['https://auth.eagleeyenetworks.com']);
    expect(eenVendor.summary(v3)).toBe('API v3 · auth.eagleeyenetworks.com');
  });
});
