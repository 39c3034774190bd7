import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseCameraList } from '../../../sim/camera-list';
import { VMS_ID } from '../../../sim/ivms/api';
import type { IvmsFront } from '../../../sim/ivms/front';
import { withMainSize } from '../../../sim/site/catalog';
import { startSim, type RunningSite } from '../../../sim/start-sim';
import type { VxgFront } from '../../../sim/vxg/front';
import { eventually } from '../support/frames';

/**
 * One site of four cameras, IVMS serving cameras 1-2 and VXG cameras 3-4, as the demo
 * wall runs it: the two servers of its camera tree must be different cameras.
 */
let running: RunningSite;
let ivms: IvmsFront;
let vxg: VxgFront;

type Envelope = { status: number; result: unknown[] };
const ivmsJson = async (path: string): Promise<{ status: number; body: Envelope }> => {
  const response = await fetch(`${ivms.url}/REST/local/${path}`);
  return { status: response.status, body: (await response.json()) as Envelope };
};
const vxgJson = async (path: string, authorization: string): Promise<{ status: number; body: { objects?: Array<{ id: number }> } & Record<string, unknown> }> => {
  const response = await fetch(`${vxg.url}${path}`, { headers: { authorization } });
  return { status: response.status, body: (await response.json()) as { objects?: Array<{ id: number }> } & Record<string, unknown> };
};
const ivmsLivePlaylist = (cameraId: number): string => `${ivms.mediaUrl}/live/TS_FILES/Live/${VMS_ID}/${cameraId}/MinorStream/Without_Audio/320_180/index.m3u8`;

beforeAll(async () => {
  running = await startSim({
    vendors: ['ivms', 'vxg'],
    cameraCount: 4,
    recording: false,
    profiles: withMainSize(640, 360),
    encoderLingerMs: 300,
    ivms: { cameras: [1, 2] },
    vxg: { cameras: [3, 4], startDelayMs: 0, streamLingerMs: 500 },
  });
  if (!running.ivms || !running.vxg) throw new Error('a front is missing');
  ivms = running.ivms;
  vxg = running.vxg;
});
afterAll(async () => {
  await running.close();
});

describe('each front serves its own cameras of the site', () => {
  it('IVMS lists, counts and reports the status of its cameras only, and has no channel for the others', async () => {
    expect(((await ivmsJson('channel')).body.result as Array<{ id: number }>).map((channel) => channel.id)).toEqual([1, 2]);
    expect(((await ivmsJson('channel/status')).body.result as Array<{ channelId: number }>).map((status) => status.channelId)).toEqual([1, 2]);
    expect(await (await fetch(`${ivms.url}/REST/local/channel/count`)).text()).toMatch(/"result":\[\{ 2 \}\]\}$/);
    expect(await ivmsJson('channel/3')).toMatchObject({ status: 404, body: { status: 3110 } });
    expect(await ivmsJson('startlive/3/320/180/0')).toMatchObject({ status: 404, body: { status: 3110 } });
    expect(await ivmsJson(`startarchive/4/640/360/${Date.now() - 5000}/0`)).toMatchObject({ status: 404, body: { status: 3110 } });
    expect(ivms.cameras.map((camera) => camera.id)).toEqual([1, 2]);
    expect(ivms.state().cameras.map((camera) => camera.id)).toEqual([1, 2]);
  });

  it('VXG has channels for its cameras only: account, group token and credentials alike', async () => {
    const account = await vxgJson('/api/v3/channels/', `LKey ${vxg.cloudKey}`);
    expect(account.body.objects?.map((channel) => channel.id)).toEqual([100_003, 100_004]);
    const group = await vxgJson('/api/v5/channels/', `SI ${vxg.groupToken}`);
    expect(group.body.objects?.map((channel) => channel.id)).toEqual([100_003, 100_004]);
    expect(vxg.credentials().channels.map((channel) => channel.cameraId)).toEqual([3, 4]);
    expect((await vxgJson('/api/v3/channels/100001/', `LKey ${vxg.cloudKey}`)).status).toBe(404);
    expect(vxg.state().cameras.map((camera) => camera.id)).toEqual([3, 4]);
  });

  it('serves no live media of a camera it does not serve, even while the other front streams it', async () => {
    const token = vxg.channelToken(100_003, 'watch');
    await eventually(async () => ((await vxgJson('/api/v4/live/watch/', `Acc ${token}`)).status === 200 ? true : undefined), 15_000, 'the VXG stream of camera 3');
    expect(running.site.pool.find(3, 'MinorStream')).toBeDefined();
    expect((await fetch(ivmsLivePlaylist(3))).status).toBe(404);

    const started = await ivmsJson('startlive/1/320/180/0');
    const [session] = started.body.result as Array<{ sesssionId: number }>;
    expect(await eventually(async () => ((await fetch(ivmsLivePlaylist(1))).status === 200 ? 200 : undefined), 15_000, 'the IVMS stream of camera 1')).toBe(200);
    await ivmsJson(`stoplive/${session?.sesssionId ?? 0}`);
  });

  it('sends a site event only through the fronts that serve its camera', async () => {
    const ws = new WebSocket(`${ivms.url.replace('http', 'ws')}/notification`);
    const pushed: Array<Record<string, unknown>> = [];
    ws.on('message', (data: Buffer) => pushed.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
    await eventually(() => (pushed.length > 0 ? true : undefined), 5000, 'the socket to open');
    const onThree = await running.site.events.emit(3);
    const onOne = await running.site.events.emit(1);
    await eventually(() => (pushed.some((message) => message['eventDetails1'] === `EventId=${onOne.id}`) ? true : undefined), 5000, 'camera 1 event on the IVMS socket');
    expect(pushed.map((message) => message['cameraId']).filter((id) => id !== undefined)).toEqual([1]);
    expect(ivms.eventsSince(0, 100).map((event) => event.id)).toEqual([onOne.id]);
    expect(vxg.eventsSince(0, 100).map((event) => [event.id, event.camid])).toEqual([[onThree.id, 100_003]]);
    const listed = await vxgJson('/api/v2/storage/events/', `LKey ${vxg.cloudKey}`);
    expect(listed.body.objects?.map((event) => event.id)).toEqual([onThree.id]);
    ws.close();
  });

  it('raises events through its control routes only on its own cameras', async () => {
    await expect(ivms.emitEvent(3)).rejects.toThrow(/camera 3 is not one this IVMS front serves/);
    await expect(vxg.emitEvent(100_001)).rejects.toThrow();
    expect(() => ivms.burst(5, 100, 4)).toThrow(/camera 4/);
    const last = running.site.events.since(0, 1000).at(-1)?.id ?? 0;
    ivms.burst(10, 1000);
    vxg.burst(10, 1000);
    await eventually(() => (running.site.events.since(last, 1000).length >= 20 ? true : undefined), 5000, 'both bursts');
    expect(ivms.eventsSince(last, 1000).filter((event) => event.cameraId === 1 || event.cameraId === 2)).toHaveLength(10);
    expect(vxg.eventsSince(last, 1000).filter((event) => event.camid === 100_003 || event.camid === 100_004)).toHaveLength(10);
    expect(running.site.events.since(last, 1000)).toHaveLength(20);
  });

  it('refuses a camera the site does not have, naming the front', async () => {
    await expect(startSim({ vendors: ['ivms'], cameraCount: 2, recording: false, ivms: { cameras: [2, 5] } })).rejects.toThrow('IVMS front: the site has no camera 5 (it has cameras 1-2)');
  });
});

describe('parseCameraList', () => {
  it('reads ids and ranges as typed on the command line', () => {
    expect(parseCameraList('1-8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseCameraList('9,10, 12')).toEqual([9, 10, 12]);
    expect(parseCameraList('1-3,2,7')).toEqual([1, 2, 3, 7]);
  });

  it('refuses what is not such a list', () => {
    for (const text of ['', 'all', '0', '5-3', '1-', '1,,2', '1.5', '-2']) expect(parseCameraList(text), text).toBeUndefined();
  });
});
