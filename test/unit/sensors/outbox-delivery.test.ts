import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/common/clock';
import { silentLogger } from '../../../electron/common/logger';
import { SensorOutbox } from '../../../electron/core/events/sensor-outbox';
import { OutboxDelivery } from '../../../electron/core/sensors/outbox-delivery';
import type { CreateEventRequest, VmsAdapter } from '../../../electron/vms/adapter';

/** A VMS that keeps what it was sent (a fake of the adapter, for this one module). */
function vms(held: Set<string>, sent: string[]): VmsAdapter {
  return {
    kind: 'vxg',
    capabilities: { liveDelivery: 'hls', archive: false, events: 'none', eventMedia: false, createEvents: true },
    createEvent: (request: CreateEventRequest) => {
      const id = String(request.metadata['event_id']);
      sent.push(id);
      held.add(id);
      return Promise.resolve({ vendorEventId: id });
    },
    findCreatedEvent: (request: CreateEventRequest) => Promise.resolve(held.has(String(request.metadata['event_id'])) ? { vendorEventId: 'found' } : undefined),
  } as unknown as VmsAdapter;
}

const eventually = async (check: () => void): Promise<void> => {
  for (let i = 0; ; i++) {
    try {
      check();
      return;
    } catch (error) {
      if (i > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
};

describe('outbox delivery after a crash', () => {
  it('does not send again what was in flight when the process died and the VMS holds; sends what it does not', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'tessera-delivery-')), 'events.db');
    const outbox = new SensorOutbox(path);
    const request = (id: string) => ({ cameraId: '7', type: 'door', time: Date.now(), metadata: { event_id: id } });
    for (const id of ['e1', 'e2', 'e3']) outbox.accept('door', id, 1, [{ serverId: 'cloud', cameraId: '7', local: false, request: request(id) }]);
    // The last run died with e1 and e2 sent and unanswered: the VMS got e1, not e2.
    const [e1, e2] = outbox.head('cloud', 2);
    if (!e1 || !e2) throw new Error('no rows');
    outbox.sending(e1.seq);
    outbox.sending(e2.seq);
    const held = new Set(['e1']);
    const sent: string[] = [];
    const adapter = vms(held, sent);
    const delivery = new OutboxDelivery({ outbox, targets: { adapter: () => ({ adapter }) }, clock: systemClock, log: silentLogger, changed: () => undefined });
    delivery.kick();
    await eventually(() => expect(outbox.counts()[0]).toMatchObject({ pending: 0, delivered: 3 }));
    expect(sent).toEqual(['e2', 'e3']);
    delivery.dispose();
    outbox.close();
  });
});
