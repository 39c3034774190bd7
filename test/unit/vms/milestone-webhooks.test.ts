import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/common/logger';
import type { VmsEvent } from '../../../electron/vms/adapter';
import { WebhookReceiver } from '../../../electron/vms/milestone/milestone-webhooks';
import { WebhookSender } from '../../../sim/milestone/webhooks';

/** The core's webhook receiver against the simulator's sender of Milestone's webhook add-on, over real HTTP. */
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

async function pair(encoding: 'hex' | 'base64'): Promise<{ sender: WebhookSender; received: VmsEvent[]; receiver: WebhookReceiver }> {
  const received: VmsEvent[] = [];
  const receiver = new WebhookReceiver({ host: '127.0.0.1', port: 0, secret: 'shared-secret', log: silentLogger, onEvent: (event) => received.push(event) });
  const port = await receiver.start();
  const sender = new WebhookSender(() => undefined);
  sender.configure({ url: `http://127.0.0.1:${port}/`, secret: 'shared-secret', encoding, retryMs: 100 });
  cleanup.push(() => receiver.close(), () => sender.dispose());
  return { sender, received, receiver };
}

const event = { seq: 1, id: 'e1', time: '2026-11-29T10:00:00.000Z', source: 'cameras/c0ffee00-0000-4000-8000-000000000001', type: 'd0d0d0d0-0000-4000-8000-000000000001' };

async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 5000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Milestone webhook receiver', () => {
  it.each(['hex', 'base64'] as const)('takes an event signed in %s and journals it with its EventHeader.ID', async (encoding) => {
    const { sender, received } = await pair(encoding);
    const id = sender.deliver(event, 'Main Entrance', 'Door forced');
    await until(() => received.length === 1 && (sender.deliveries()[0]?.statuses.length ?? 0) === 1);
    expect(received[0]).toMatchObject({ label: 'Door forced', dedupeKey: `webhook:${id ?? ''}`, time: Date.parse(event.time) });
    expect(sender.deliveries()).toEqual([{ id, statuses: [200] }]);
  });

  it('answers 400 to a bad signature, which the add-on does not retry, and delivers nothing', async () => {
    const { sender, received, receiver } = await pair('hex');
    const id = sender.deliver(event, 'Main Entrance', 'Door forced', { badSignature: true });
    await until(() => (sender.deliveries()[0]?.statuses.length ?? 0) > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sender.deliveries()).toEqual([{ id, statuses: [400] }]);
    expect(received).toEqual([]);
    expect(receiver.rejected).toBe(1);
  });

  it('delivers a retried event (same EventHeader.ID) once', async () => {
    const { sender, received } = await pair('hex');
    // The first answer is lost on the way back: the add-on sends the same event again.
    const id = sender.deliver(event, 'Main Entrance', 'Door forced', { failFirst: true });
    await until(() => (sender.deliveries()[0]?.statuses.length ?? 0) === 2);
    expect(sender.deliveries()).toEqual([{ id, statuses: ['timeout', 200] }]);
    expect(received).toHaveLength(1);
  });
});
