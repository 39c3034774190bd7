import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VmsError } from '../../../electron/vms/errors';
import type { EenFront } from '../../../sim/een/front';
import { startSim, type RunningSite } from '../../../sim/start-sim';
import { signedInEenV3Adapter } from '../support/een-v3-adapter';

/** Eagle Eye v3 `POST /events` for the sensor bridge, against the simulator's front, which records what it was given. */
let sim: RunningSite;
let een: EenFront;

beforeAll(async () => {
  sim = await startSim({ vendors: ['een'], cameraCount: 2, recording: false, eventsPerMinute: 0, een: { cameras: [1, 2] } });
  if (!sim.een) throw new Error('no Eagle Eye front');
  een = sim.een;
}, 30_000);
afterAll(async () => {
  await sim.close();
});

describe('Eagle Eye v3 createEvent', () => {
  it('creates a supported event on the camera with the sensor metadata as its data, and refuses an unsupported type in words', async () => {
    const vms = await signedInEenV3Adapter(een);
    expect(vms.capabilities.createEvents).toBe(true);
    const time = Date.parse('2026-01-02T03:04:05.000Z');
    const created = await vms.createEvent({ cameraId: een.esnOf(2), type: 'een.doorStatusEvent.v1', time, label: 'North door forced', metadata: { door: 'North 2', sensor: 'reed-7' } });
    const recorded = een.v3.created.find((event) => event.id === created.vendorEventId);
    expect(recorded).toMatchObject({ actorId: een.esnOf(2), actorType: 'camera', type: 'een.doorStatusEvent.v1', startTimestamp: '2026-01-02T03:04:05.000Z', data: [{ door: 'North 2', sensor: 'reed-7', label: 'North door forced' }] });
    const refused = await vms.createEvent({ cameraId: een.esnOf(1), type: 'door.forced', time, metadata: {} }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(VmsError);
    expect(refused).toMatchObject({ kind: 'rejected', httpStatus: 400 });
    await vms.dispose();
  });

  it('finds an event created before a crash by its sensor event id, among a burst in the same second, and not one never sent', async () => {
    const vms = await signedInEenV3Adapter(een);
    const time = Date.now();
    const request = (id: string) => ({ cameraId: een.esnOf(1), type: 'een.deviceIOEvent.v1', time, metadata: { event_id: id, sensor: 'North door' } });
    // More than a page (100) in the same second: every page is read.
    const created = new Map<string, string | undefined>();
    for (let index = 0; index < 150; index++) created.set(`e-${String(index)}`, (await vms.createEvent(request(`e-${String(index)}`))).vendorEventId);
    for (const id of ['e-0', 'e-120', 'e-149']) expect((await vms.findCreatedEvent(request(id)))?.vendorEventId, id).toBe(created.get(id));
    expect(await vms.findCreatedEvent(request('never-sent'))).toBeUndefined();
    // Same id on another camera, or at another time, is another event.
    expect(await vms.findCreatedEvent({ ...request('e-0'), cameraId: een.esnOf(2) })).toBeUndefined();
    expect(await vms.findCreatedEvent({ ...request('e-0'), time: time + 60_000 })).toBeUndefined();
    await vms.dispose();
  });
});
