import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { VmsEvent } from '../../../electron/vms/adapter';
import { VxgAdapter } from '../../../electron/vms/vxg/vxg-adapter';
import { credentialsOf, VxgServerConfig, vxgEventLabel } from '../../../electron/vms/vxg/vxg-vendor';
import { startSim, type RunningSite } from '../../../sim/start-sim';

/** A crash between a create-event request and its answer: the VMS is asked whether it holds the event before it is sent again. */
let sim: RunningSite;
beforeAll(async () => {
  // Pages of two, as the e2e simulator serves them: the client must follow every page.
  sim = await startSim({ vendors: ['vxg'], cameraCount: 1, eventsPerMinute: 0, vxg: { pageSize: 2 } });
}, 30_000);
afterAll(async () => {
  await sim.close();
});

describe('finding an event created before a crash', () => {
  it('VXG: finds one of hundreds created in the same second by its event_id, and not one never sent', async () => {
    const vxg = sim.vxg;
    if (!vxg) throw new Error('no VXG front');
    const vms = new VxgAdapter({ credentials: credentialsOf(VxgServerConfig.parse({ id: 'cloud', type: 'vxg', apiUrl: vxg.url, cloudKey: vxg.cloudKey })), requestTimeoutMs: 5000, eventPollMs: 60_000, eventLabel: vxgEventLabel });
    const [camera] = await vms.listCameras();
    if (!camera) throw new Error('no camera');
    const time = Date.now();
    const request = (id: string) => ({ cameraId: camera.id, type: 'door_held', time, metadata: { event_id: id, sensor: 'North door' } });
    for (let index = 0; index < 300; index++) await vms.createEvent(request(`e-${String(index)}`));
    for (const id of ['e-0', 'e-150', 'e-299']) expect((await vms.findCreatedEvent(request(id)))?.vendorEventId, id).toBeDefined();
    expect(await vms.findCreatedEvent(request('never-sent'))).toBeUndefined();
    await vms.dispose();
  }, 60_000);

  it("VXG: an event the bridge created comes back through the event poll marked as that sensor event's copy", async () => {
    const vxg = sim.vxg;
    if (!vxg) throw new Error('no VXG front');
    const vms = new VxgAdapter({ credentials: credentialsOf(VxgServerConfig.parse({ id: 'cloud', type: 'vxg', apiUrl: vxg.url, cloudKey: vxg.cloudKey })), requestTimeoutMs: 5000, eventPollMs: 200, eventLabel: vxgEventLabel });
    const [camera] = await vms.listCameras();
    if (!camera) throw new Error('no camera');
    const received: VmsEvent[] = [];
    const subscription = vms.subscribeEvents({ onEvent: (event) => received.push(event), onState: () => undefined });
    await vms.createEvent({ cameraId: camera.id, type: 'door_forced', time: Date.now(), metadata: { sensor_id: 'north-door', event_id: 'echo-1', door: 'North 2' } });
    await vi.waitFor(() => expect(received.find((event) => event.type === 'door_forced')?.echoOf).toEqual({ sensorId: 'north-door', eventId: 'echo-1' }), { timeout: 10_000 });
    subscription.close();
    await vms.dispose();
  }, 30_000);
});
