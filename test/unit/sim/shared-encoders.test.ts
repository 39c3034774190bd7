import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withMainSize } from '../../../sim/site/catalog';
import { SimSite } from '../../../sim/site/site';
import { startSim, type RunningSite } from '../../../sim/start-sim';
import type { IvmsFront } from '../../../sim/ivms/front';
import { eventually, fetchBytes, firstFrameTimecode, parsePlaylist } from '../support/frames';

/** A site of four cameras whose live video comes from two shared encoders (camera 1 and 3 from the first, 2 and 4 from the second). */
let running: RunningSite;
let ivms: IvmsFront;

type Started = { result: Array<{ sesssionId: number; hlsURL: string }> };
const startLive = async (cameraId: number): Promise<{ id: number; url: string }> => {
  const body = (await (await fetch(`${ivms.url}/REST/local/startlive/${cameraId}/320/180/0`)).json()) as Started;
  const [session] = body.result;
  if (!session) throw new Error(`no live session for camera ${cameraId}`);
  return { id: session.sesssionId, url: session.hlsURL };
};
const playlist = (url: string): Promise<string> =>
  eventually(async () => {
    const response = await fetch(url);
    return response.status === 200 ? response.text() : undefined;
  }, 15_000, `the playlist ${url}`);
const minorEncoders = (): Array<{ key: string; refs: number; running: boolean }> =>
  running.site
    .state()
    .encoders.filter((encoder) => encoder.key.endsWith('/MinorStream'))
    .sort((a, b) => a.key.localeCompare(b.key));

beforeAll(async () => {
  running = await startSim({ vendors: ['ivms'], cameraCount: 4, sharedEncoders: 2, recording: false, profiles: withMainSize(640, 360), encoderLingerMs: 300 });
  if (!running.ivms) throw new Error('no IVMS front');
  ivms = running.ivms;
});
afterAll(async () => {
  await running.close();
});

describe('cameras sharing encoders (benchmarks)', () => {
  it('serves two cameras from one encoder: their own URLs, the same segments, a burnt-in clock matching the PDT', async () => {
    const one = await startLive(1);
    const three = await startLive(3);
    expect(one.url).not.toBe(three.url);
    const first = parsePlaylist(await playlist(one.url));
    const second = parsePlaylist(await playlist(three.url));
    const segment = first.segments.at(-1);
    const same = second.segments.find((candidate) => candidate.programDateTime === segment?.programDateTime);
    expect(same?.uri).toBe(segment?.uri);
    const bytesOne = (await fetchBytes(new URL(segment?.uri ?? '', one.url).toString())).bytes;
    const bytesThree = (await fetchBytes(new URL(same?.uri ?? '', three.url).toString())).bytes;
    expect(bytesThree.length).toBeGreaterThan(1000);
    expect(Buffer.from(bytesThree).equals(Buffer.from(bytesOne))).toBe(true);
    expect(await firstFrameTimecode(bytesThree, 320, 180)).toBe(Math.floor((same?.programDateTime ?? 0) / 1000));
    expect(minorEncoders()).toEqual([expect.objectContaining({ key: 'shared1/MinorStream', refs: 2, running: true })]);

    const two = await startLive(2);
    expect(minorEncoders().map((encoder) => [encoder.key, encoder.refs])).toEqual([
      ['shared1/MinorStream', 2],
      ['shared2/MinorStream', 1],
    ]);
    for (const session of [one, two, three]) await fetch(`${ivms.url}/REST/local/stoplive/${session.id}`);
  });

  it('takes one camera offline without stopping the others that share its encoder', async () => {
    const one = await startLive(1);
    const three = await startLive(3);
    await playlist(one.url);
    await playlist(three.url);
    await ivms.setCameraOnline(3, false);
    expect(ivms.state().sessions.map((session) => session.cameraId)).toEqual([1]);
    expect((await fetch(three.url)).status).toBe(404);
    expect((await fetch(one.url)).status).toBe(200);
    expect(minorEncoders().find((encoder) => encoder.key === 'shared1/MinorStream')).toMatchObject({ refs: 1, running: true });
    await ivms.setCameraOnline(3, true);
    await fetch(`${ivms.url}/REST/local/stoplive/${one.id}`);
  });

  it('refuses a number of shared encoders that is not a whole number of at least 1', async () => {
    await expect(SimSite.create({ cameraCount: 2, recording: false, sharedEncoders: 0 })).rejects.toThrow('sharedEncoders must be a whole number of at least 1, got 0');
  });
});
