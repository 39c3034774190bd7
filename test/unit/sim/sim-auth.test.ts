import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseSimAuth } from '../../../sim/ivms/basic-auth';
import { startIvmsSim, type IvmsSim } from '../../../sim/ivms-sim';

/** The simulator behind Basic authentication, as IVMS deployments put a reverse proxy in front of it. */
let sim: IvmsSim;
const AUTH = { username: 'wall', password: 'p:ss wörd' };
const basic = (username: string, password: string): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` });
const GOOD = basic(AUTH.username, AUTH.password);

beforeAll(async () => {
  sim = await startIvmsSim({ auth: AUTH, cameraCount: 2, mediaPort: 0, recording: false, encoderLingerMs: 0 });
});
afterAll(async () => {
  await sim.close();
});

function upgrade(headers: Record<string, string>): Promise<{ status: number; firstMessage?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${sim.url.replace('http', 'ws')}/notification`, { headers });
    ws.on('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('message', (data: WebSocket.RawData) => {
      resolve({ status: 101, firstMessage: Buffer.isBuffer(data) ? data.toString('utf8') : '' });
      ws.close();
    });
    ws.on('error', (error) => reject(error));
  });
}

describe('IVMS simulator with --auth', () => {
  it('answers the API 401 with a Basic challenge, without or with wrong credentials, and serves it with the right ones', async () => {
    const url = `${sim.url}/REST/local/channel`;
    for (const headers of [{}, basic(AUTH.username, 'wrong'), basic('other', AUTH.password), { authorization: 'Bearer x' }]) {
      const response = await fetch(url, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="IVMS"/);
      expect(await response.text()).not.toContain('"status"');
    }
    const response = await fetch(url, { headers: GOOD });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: number }).status).toBe(2000);
  });

  it('guards the media server and the event socket the same way', async () => {
    const started = (await (await fetch(`${sim.url}/REST/local/startlive/1/320/180/0`, { headers: GOOD })).json()) as { result: Array<{ sesssionId: number; hlsURL: string }> };
    const session = started.result[0];
    if (!session) throw new Error('no session');
    expect(new URL(session.hlsURL).origin).toBe(sim.mediaUrl);
    expect((await fetch(session.hlsURL)).status).toBe(401);
    // Authorised: the playlist, or 404 until the encoder's first segment, never 401.
    expect((await fetch(session.hlsURL, { headers: GOOD })).status).not.toBe(401);
    await fetch(`${sim.url}/REST/local/stoplive/${session.sesssionId}`, { headers: GOOD });

    expect(await upgrade({})).toEqual({ status: 401 });
    expect(await upgrade(basic(AUTH.username, 'wrong'))).toEqual({ status: 401 });
    const open = await upgrade(GOOD);
    expect(open.status).toBe(101);
    expect(open.firstMessage).toContain('Connection Successful!');
  });

  it('leaves its own /_sim/ control routes open: they are the test harness, not the VMS', async () => {
    expect((await fetch(`${sim.url}/_sim/state`)).status).toBe(200);
  });

  it('reads --auth as user:password, the password may contain colons', () => {
    expect(parseSimAuth('wall:a:b')).toEqual({ username: 'wall', password: 'a:b' });
    expect(parseSimAuth(':nouser')).toBeUndefined();
    expect(parseSimAuth('nocolon')).toBeUndefined();
  });
});
