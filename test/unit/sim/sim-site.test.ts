import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { withMainSize } from '../../../sim/site/catalog';
import { startSim, type RunningSite } from '../../../sim/start-sim';
import type { IvmsFront } from '../../../sim/ivms/front';
import type { VxgFront } from '../../../sim/vxg/front';
import { eventually, sleep } from '../support/frames';

/** One site served by both fronts: what they share, and what they refuse to foreign pages. */
let running: RunningSite;
let ivms: IvmsFront;
let vxg: VxgFront;

beforeAll(async () => {
  running = await startSim({ vendors: ['ivms', 'vxg'], cameraCount: 2, recording: false, profiles: withMainSize(640, 360), encoderLingerMs: 300, vxg: { startDelayMs: 0, streamLingerMs: 500 } });
  if (!running.ivms || !running.vxg) throw new Error('a front is missing');
  ivms = running.ivms;
  vxg = running.vxg;
});
afterAll(async () => {
  await running.close();
});

/** A GET with headers fetch will not send (Host), as a browser page or a rebound name would. */
function rawGet(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}

describe('one site, two fronts', () => {
  it('runs one encoder for a camera watched through both fronts', async () => {
    const started = (await (await fetch(`${ivms.url}/REST/local/startlive/1/320/180/0`)).json()) as { result: Array<{ sesssionId: number }> };
    const token = vxg.channelToken(100_001, 'watch');
    await eventually(async () => ((await fetch(`${vxg.url}/api/v4/live/watch/`, { headers: { authorization: `Acc ${token}` } })).status === 200 ? true : undefined), 15_000, 'the VXG stream');
    const encoders = running.site.state().encoders.filter((encoder) => encoder.key.startsWith('1/'));
    expect(encoders).toEqual([expect.objectContaining({ key: '1/MinorStream', refs: 2, running: true })]);
    await fetch(`${ivms.url}/REST/local/stoplive/${started.result[0]?.sesssionId ?? 0}`);
  });

  it('reports an event raised through either front on the other', async () => {
    const ws = new WebSocket(`${ivms.url.replace('http', 'ws')}/notification`);
    const pushed: Array<Record<string, unknown>> = [];
    ws.on('message', (data: Buffer) => pushed.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
    await eventually(() => (pushed.length > 0 ? true : undefined));
    const sent = await vxg.emitEvent(100_002, 'motion');
    await eventually(() => (pushed.some((message) => message['eventDetails1'] === `EventId=${sent.id}`) ? true : undefined), 5000, 'the event on the IVMS socket');
    expect(pushed.find((message) => message['eventDetails1'] === `EventId=${sent.id}`)).toMatchObject({ cameraId: 2, alertType: 209, alertMessage: 'Activity Detection' });
    const raised = await ivms.emitEvent(2, { type: 201, message: 'Intrusion Detection' });
    expect(vxg.eventsSince(sent.id, 10).map((event) => [event.id, event.name])).toEqual([[raised.id, 'intrusion']]);
    ws.close();
  });
});

describe('every front refuses what a foreign web page sends', () => {
  const fronts = (): Array<[string, string, string]> => [
    ['IVMS API', ivms.url, '/REST/local/channel'],
    ['IVMS control', ivms.url, '/_sim/state'],
    ['VXG API', vxg.url, '/api/v3/channels/'],
    ['VXG control', vxg.url, '/_sim/state'],
  ];

  it('refuses a Host that is not the server (DNS rebinding), and takes loopback names with its port', async () => {
    for (const [name, origin, path] of fronts()) {
      const port = new URL(origin).port;
      expect(await rawGet(`${origin}${path}`, { host: `attacker.example:${port}` }), name).toBe(403);
      expect(await rawGet(`${origin}${path}`, { host: `127.0.0.1:${Number(port) + 1}` }), name).toBe(403);
      expect(await rawGet(`${origin}${path}`, { host: `localhost:${port}` }), name).not.toBe(403);
      expect(await rawGet(`${origin}${path}`, { host: `127.0.0.1:${port}` }), name).not.toBe(403);
    }
  });

  it('refuses a request from a page of another origin, API and control alike, and takes its own origin', async () => {
    for (const [name, origin, path] of fronts()) {
      expect((await fetch(`${origin}${path}`, { headers: { origin: 'http://attacker.example' } })).status, name).toBe(403);
      expect((await fetch(`${origin}${path}`, { headers: { origin: 'null' } })).status, name).toBe(403);
      expect((await fetch(`${origin}${path}`, { headers: { origin } })).status, name).not.toBe(403);
    }
    const emitted = running.site.events.count;
    for (const origin of [ivms.url, vxg.url]) {
      const posted = await fetch(`${origin}/_sim/events`, { method: 'POST', headers: { origin: 'http://attacker.example' }, body: '{}' });
      expect(posted.status).toBe(403);
    }
    await sleep(100);
    expect(running.site.events.count).toBe(emitted);
  });

  it('refuses the IVMS event socket to a foreign page', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${ivms.url.replace('http', 'ws')}/notification`, { headers: { origin: 'http://attacker.example' } });
      ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      ws.once('open', () => {
        ws.close();
        resolve(101);
      });
      ws.once('error', () => resolve(0));
    });
    expect(status).toBe(403);
  });

  it('still serves media to a browser player on another origin, as media servers do', async () => {
    const token = vxg.channelToken(100_001, 'watch');
    const hls = await eventually(async () => {
      const reply = await fetch(`${vxg.url}/api/v4/live/watch/`, { headers: { authorization: `Acc ${token}` } });
      return reply.status === 200 ? ((await reply.json()) as { hls: string }).hls : undefined;
    }, 15_000, 'the VXG stream');
    const media = await fetch(hls, { headers: { origin: 'http://player.example' } });
    expect(media.status).toBe(200);
    expect(media.headers.get('access-control-allow-origin')).toBe('*');
  });
});
