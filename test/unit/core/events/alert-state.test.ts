import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertChange } from '../../../../shared/ipc/schemas';
import { Settings } from '../../../../shared/model/settings';
import { EventService } from '../../../../electron/core/events/event-service';
import { EventJournal } from '../../../../electron/core/events/journal';
import type { AlertAcknowledgement } from '../../../../electron/vms/adapter';
import { FakeAdapter } from '../../support/fake-adapter';
import { ManualClock, settle } from '../../support/manual-clock';
import { QUIET_EVENT_SINKS } from '../../support/quiet-event-sinks';

/** Alerts whose state the VMS keeps too (Milestone alarms): acknowledged here → told there, and closed there → shown here. */
async function setup() {
  const clock = new ManualClock();
  const journal = new EventJournal({ path: join(await mkdtemp(join(tmpdir(), 'tessera-alerts-')), 'events.db'), retentionDays: 30, maxBytes: 1 << 30 });
  const changes: AlertChange[][] = [];
  const service = new EventService({
    journal,
    settings: () => Settings.parse({ operatorName: 'Asha' }),
    clock,
    ...QUIET_EVENT_SINKS,
    publishChanges: (batch) => changes.push(batch),
  });
  const adapter = new FakeAdapter();
  const told: Array<{ vendorEventId: string } & AlertAcknowledgement> = [];
  Object.assign(adapter, {
    acknowledgeAlert: (vendorEventId: string, ack: AlertAcknowledgement) => {
      told.push({ vendorEventId, ...ack });
      return Promise.resolve();
    },
  });
  service.attach('xprotect', adapter);
  const sink = adapter.sinks[0];
  if (!sink) throw new Error('no subscription');
  const alarm = (vendorEventId: string): void =>
    sink.onEvent({ cameraId: 'cam', cameraName: 'Gate', time: clock.now(), sourceTime: '', timeUncertain: false, type: 'alarm', label: 'Intrusion', vendorEventId, dedupeKey: vendorEventId, raw: {} });
  return { service, journal, sink, alarm, told, changes };
}

describe('alerts whose state the VMS keeps', () => {
  it('acknowledged in Tessera: the VMS is told who and why', async () => {
    const { service, alarm, told } = await setup();
    alarm('alarm:1');
    await settle();
    const [record] = service.query({ state: 'open' }, 10);
    service.acknowledge([record?.id ?? ''], 'Guard sent');
    expect(told).toEqual([{ vendorEventId: 'alarm:1', operator: 'Asha', comment: 'Guard sent' }]);
  });

  it('closed on the VMS: acknowledged here in the VMS operator’s name, every window told, and the VMS not told back', async () => {
    const { service, sink, alarm, told, changes } = await setup();
    alarm('alarm:2');
    await settle();
    sink.onAlertState?.('alarm:2', { operator: 'Bo (Milestone)', comment: 'Closed on Milestone' });
    const [record] = service.query({ state: 'acknowledged' }, 10);
    expect(record).toMatchObject({ state: 'acknowledged', ack: { by: 'Bo (Milestone)', comment: 'Closed on Milestone' } });
    expect(changes.flat().map((change) => change.id)).toEqual([record?.id]);
    expect(told).toEqual([]);
    // Told again (a poll that repeats): nothing changes twice.
    sink.onAlertState?.('alarm:2', { operator: 'Bo (Milestone)' });
    expect(changes.flat()).toHaveLength(1);
  });
});
