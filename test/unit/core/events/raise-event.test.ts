import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../electron/common/clock';
import { silentLogger } from '../../../../electron/common/logger';
import { raisableEvents, raiseEvent } from '../../../../electron/core/events/raise-event';
import { CoreError } from '../../../../electron/core/errors';
import type { VmsAdapter } from '../../../../electron/vms/adapter';
import { MilestoneAdapter } from '../../../../electron/vms/milestone/milestone-adapter';
import type { Camera } from '../../../../shared/model/camera';
import { startSim, type RunningSite } from '../../../../sim/start-sim';

/** Raising a VMS's user-defined event on a camera by hand, through a real Milestone adapter and the simulated gateway. */
let sim: RunningSite;
let ms: NonNullable<RunningSite['milestone']>;
let adapter: MilestoneAdapter;

beforeAll(async () => {
  sim = await startSim({ vendors: ['milestone'], cameraCount: 1, eventsPerMinute: 0, recording: false });
  if (!sim.milestone) throw new Error('no Milestone front');
  ms = sim.milestone;
  adapter = new MilestoneAdapter({ baseUrl: ms.url, username: ms.username, password: ms.password, requestTimeoutMs: 5000, fetch: undefined, clock: systemClock, log: silentLogger });
}, 60_000);
afterAll(async () => {
  await adapter.dispose();
  await sim.close();
});

/** The server directory as these functions use it: one server, one camera, signed in unless told. */
function directory(vms: VmsAdapter, signedIn = true) {
  return {
    adapter: () => vms,
    camera: (serverId: string, cameraId: string): Camera => {
      if (cameraId !== ms.cameraGuid(1)) throw new CoreError('not-found', `No camera ${cameraId}`);
      return { serverId, cameraId, name: 'Camera 1', status: 'online' };
    },
    requireSignedIn: () => {
      if (!signedIn) throw new CoreError('sign-in', 'Sign-in needed');
    },
  };
}

describe('raising user-defined events', () => {
  it('lists the VMS’s user-defined events by name, and raises the one picked on the camera (the gateway takes it)', async () => {
    const events = await raisableEvents(directory(adapter), 'xprotect');
    expect(events.map((event) => event.name)).toContain('Door forced');
    const door = events.find((event) => event.name === 'Door forced');
    const before = ms.state().triggered;
    const raised = await raiseEvent(directory(adapter), { serverId: 'xprotect', cameraId: ms.cameraGuid(1), type: door?.id ?? '' });
    expect(raised.vendorEventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ms.state().triggered).toBe(before + 1);
    const sent = (ms.events()).find((event) => event.id === raised.vendorEventId);
    expect(sent?.source).toBe(`cameras/${ms.cameraGuid(1)}`);
  });

  it('refuses an event the VMS does not have, an unknown camera, a server that needs signing in, and says there are none where the VMS has none', async () => {
    const before = ms.state().triggered;
    await expect(raiseEvent(directory(adapter), { serverId: 'xprotect', cameraId: ms.cameraGuid(1), type: 'no-such-event' })).rejects.toThrow('has no event');
    await expect(raiseEvent(directory(adapter), { serverId: 'xprotect', cameraId: 'nope', type: 'x' })).rejects.toThrow('No camera');
    await expect(raisableEvents(directory(adapter, false), 'xprotect')).rejects.toThrow('Sign-in needed');
    expect(ms.state().triggered).toBe(before);
    // A VMS without user-defined events (IVMS, Eagle Eye): the methods are absent.
    const plain = { createEvent: undefined, raisableEvents: undefined } as unknown as VmsAdapter;
    expect(await raisableEvents(directory(plain), 'x')).toEqual([]);
  });
});
