import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esnOf, parseEenTime } from '../../../sim/een/devices';
import { startSim, type RunningSite } from '../../../sim/start-sim';

/** The simulator's Eagle Eye front (legacy API), spoken to over HTTP as the public docs describe it. */
let sim: RunningSite;
let een: NonNullable<RunningSite['een']>;

beforeAll(async () => {
  sim = await startSim({ vendors: ['een'], cameraCount: 3, recording: false, een: { cameras: [2, 3], pollWaitMs: 1500, previewLingerMs: 1500 } });
  if (!sim.een) throw new Error('no Eagle Eye front');
  een = sim.een;
}, 30_000);
afterAll(async () => {
  await sim.close();
});

async function post(path: string, body: unknown, cookie?: string): Promise<Response> {
  return fetch(`${een.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) } });
}

/** Signs in the two documented steps and returns the `auth_key` cookie. */
async function signIn(): Promise<string> {
  const authenticate = await post('/g/aaa/authenticate', { username: een.username, password: een.password });
  expect(authenticate.status).toBe(200);
  const { token } = (await authenticate.json()) as { token: string };
  const authorize = await post('/g/aaa/authorize', { token });
  expect(authorize.status).toBe(200);
  const user = (await authorize.json()) as { active_brand_subdomain: string };
  expect(user.active_brand_subdomain).toBe('c001');
  const cookie = authorize.headers.getSetCookie().find((line) => line.startsWith('auth_key='));
  if (!cookie) throw new Error('no auth_key cookie');
  // The token is single use.
  expect((await post('/g/aaa/authorize', { token })).status).toBe(401);
  return cookie.split(';')[0] ?? '';
}

describe('Eagle Eye front (legacy API)', () => {
  it('refuses wrong credentials and calls without a session', async () => {
    expect((await post('/g/aaa/authenticate', { username: een.username, password: 'wrong' })).status).toBe(401);
    expect((await fetch(`${een.url}/g/device/list`)).status).toBe(401);
  });

  it('lists its bridge and only its own cameras, as arrays with the status bitmask', async () => {
    const cookie = await signIn();
    const rows = (await (await fetch(`${een.url}/g/device/list`, { headers: { cookie } })).json()) as unknown[][];
    const cameras = rows.filter((row) => row[3] === 'camera');
    expect(cameras.map((row) => row[1])).toEqual([esnOf(2), esnOf(3)]);
    expect(rows.some((row) => row[3] === 'bridge')).toBe(true);
    // Registered, on and streaming.
    expect(((cameras[0]?.[10] as number) & 0x160000) === 0x160000).toBe(true);
    // The A parameter works as the cookie does.
    const key = cookie.split('=')[1] ?? '';
    expect((await fetch(`${een.url}/g/device/list?A=${key}`)).status).toBe(200);
  });

  it('serves a preview at once with prev, then a newer one about a second later with next', async () => {
    const cookie = await signIn();
    const esn = esnOf(2);
    const prev = await fetch(`${een.url}/asset/prev/image.jpeg?id=${esn}&timestamp=now&asset_class=pre`, { headers: { cookie } });
    expect(prev.status).toBe(200);
    expect(prev.headers.get('content-type')).toBe('image/jpeg');
    const bytes = new Uint8Array(await prev.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
    const first = parseEenTime(prev.headers.get('x-ee-timestamp')?.replace(/^pre-/, '') ?? '');
    expect(first).toBeGreaterThan(Date.now() - 15_000);
    const started = Date.now();
    const next = await fetch(`${een.url}/asset/next/image.jpeg?id=${esn}&timestamp=now&asset_class=pre`, { headers: { cookie } });
    expect(next.status).toBe(200);
    const second = parseEenTime(next.headers.get('x-ee-timestamp')?.replace(/^pre-/, '') ?? '');
    expect(second).toBeGreaterThan(first ?? 0);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(een.state().previewRequests[esn]).toBe(2);
    // A camera of another front is not this account's.
    expect((await fetch(`${een.url}/asset/prev/image.jpeg?id=${esnOf(1)}&timestamp=now&asset_class=pre`, { headers: { cookie } })).status).toBe(404);
  }, 20_000);

  it('polls: registration answers the current status, then events arrive on GET; 502 when told to', async () => {
    const cookie = await signIn();
    const esn = esnOf(3);
    const register = await post('/poll', { cameras: { [esn]: { resource: ['status', 'event'], event: ['EMES', 'ALRS'] } } }, cookie);
    expect(register.status).toBe(200);
    const registered = (await register.json()) as { cameras: Record<string, { status: number }> };
    expect(registered.cameras[esn]?.status).toBeGreaterThan(0);
    const pollCookie = register.headers.getSetCookie().find((line) => line.startsWith('ee-poll-ses='))?.split(';')[0] ?? '';
    const both = `${cookie}; ${pollCookie}`;

    const waiting = fetch(`${een.url}/poll`, { headers: { cookie: both } });
    const sent = await een.emitEvent(3, 'activity');
    const reply = (await (await waiting).json()) as { cameras: Record<string, { event?: Record<string, { eventid: number }> }> };
    expect(reply.cameras[esn]?.event?.EMES?.eventid).toBe(sent.id);

    een.setFaults({ poll502: 1 });
    expect((await fetch(`${een.url}/poll`, { headers: { cookie: both } })).status).toBe(502);
    een.endSessions();
    expect((await fetch(`${een.url}/poll`, { headers: { cookie: both } })).status).toBe(401);
  }, 20_000);
});
