import { describe, expect, it } from 'vitest';
import { VmsError } from '../../../electron/vms/errors';
import { signedInEenV3Adapter } from '../support/een-v3-adapter';
import { eenSiteForTests } from '../support/een-front';

/** Eagle Eye v3 `POST /events` for the sensor bridge, against the simulator's front, which records what it was given. */
const site = eenSiteForTests({ cameraCount: 2, recording: false, eventsPerMinute: 0, een: { cameras: [1, 2] } });

describe('Eagle Eye v3 createEvent', () => {
  it('creates a supported event on the camera with the sensor metadata as its data, and refuses an unsupported type in words', async () => {
    const vms = await signedInEenV3Adapter(site.front);
    expect(vms.capabilities.createEvents).toBe(true);
    const time = Date.parse('2026-01-02T03:04:05.000Z');
    const created = await vms.createEvent({ cameraId: site.front.esnOf(2), type: 'een.doorStatusEvent.v1', time, label: 'North door forced', metadata: { door: 'North 2', sensor: 'reed-7' } });
    const recorded = site.front.v3.created.find((event) => event.id === created.vendorEventId);
    expect(recorded).toMatchObject({ actorId: site.front.esnOf(2), actorType: 'camera', type: 'een.doorStatusEvent.v1', startTimestamp: '2026-01-02T03:04:05.000Z', data: [{ door: 'North 2', sensor: 'reed-7', label: 'North door forced' }] });
    const refused = await vms.createEvent({ cameraId: site.front.esnOf(1), type: 'door.forced', time, metadata: {} }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(VmsError);
    expect(refused).toMatchObject({ kind: 'rejected', httpStatus: 400 });
    await vms.dispose();
  });

  it('finds an event created before a crash by its sensor event id, among a burst in the same second, and not one never sent', async () => {
    const vms = await signedInEenV3Adapter(site.front);
    const time = Date.now();
    const request = (id: string) => ({ cameraId: site.front.esnOf(1), type: 'een.deviceIOEvent.v1', time, metadata: { event_id: id, sensor: 'North door' } });
    // More than a page (100) in the same second: every page is read.
    const created = new Map<string, string | undefined>();
    for (let index = 0; index < 150; index++) created.set(`e-${String(index)}`, (await vms.createEvent(request(`e-${String(index)}`))).vendorEventId);
    for (const id of ['e-0', 'e-120', 'e-149']) expect((await vms.findCreatedEvent(request(id)))?.vendorEventId, id).toBe(created.get(id));
    expect(await vms.findCreatedEvent(request('never-sent'))).toBeUndefined();
    // Same id on another camera, or at another time, is another event.
    expect(await vms.findCreatedEvent({ ...request('e-0'), cameraId: site.front.esnOf(2) })).toBeUndefined();
    expect(await vms.findCreatedEvent({ ...request('e-0'), time: time + 60_000 })).toBeUndefined();
    await vms.dispose();
  });
});
