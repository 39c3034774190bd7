import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertChange } from '../../../shared/ipc/schemas';
import type { EventRecord } from '../../../shared/model/event';
import { Settings } from '../../../shared/model/settings';
import { alertIdentity } from '../../../electron/core/events/alert-identity';
import { auditCsv } from '../../../electron/core/events/audit-export';
import { EventService } from '../../../electron/core/events/event-service';
import { EventJournal } from '../../../electron/core/events/journal';
import { FakeAdapter } from '../support/fake-adapter';
import { ManualClock, settle } from '../support/manual-clock';
import { QUIET_EVENT_SINKS } from '../support/quiet-event-sinks';

/** One alert queue for the site: the same identity on every PC, and an acknowledgement from another PC recorded here. */
async function pc(name: string) {
  const clock = new ManualClock();
  const journal = new EventJournal({ path: join(await mkdtemp(join(tmpdir(), 'tessera-site-alerts-')), 'events.db'), retentionDays: 30, maxBytes: 1 << 30 });
  const changes: AlertChange[][] = [];
  const here: EventRecord[][] = [];
  const recorded: EventRecord[][] = [];
  const service = new EventService({
    journal,
    settings: () => Settings.parse({ operatorName: `Operator of ${name}` }),
    clock,
    ...QUIET_EVENT_SINKS,
    publishChanges: (batch) => changes.push(batch),
    pc: name,
    acknowledgedHere: (records) => here.push(records),
    recorded: (records) => recorded.push(records),
  });
  const adapter = new FakeAdapter();
  service.attach('sim', adapter);
  const sink = adapter.sinks[0];
  if (!sink) throw new Error('no subscription');
  // The same VMS event reaches every PC: same server, camera, type and time; no VMS event id (as IVMS Pro).
  const motion = (time: number): void => sink.onEvent({ cameraId: '3', cameraName: 'Gate', time, sourceTime: '2026-11-29 10:00:00', timeUncertain: false, type: '209', label: 'Motion', raw: {} });
  return { service, journal, clock, motion, changes, here, recorded };
}

describe('one alert queue for the site', () => {
  it('gives the same event the same identity on every PC, and different events different ones', async () => {
    const a = await pc('desk-a');
    const b = await pc('wall-1');
    a.motion(1_000);
    b.motion(1_000);
    b.motion(2_000);
    await settle();
    const [onA] = a.service.query({ state: 'open' }, 10);
    const onB = b.service.query({ state: 'open' }, 10);
    if (!onA) throw new Error('no alert');
    expect(alertIdentity(onA).key).toBe(alertIdentity(onB[1] as EventRecord).key);
    expect(alertIdentity(onA).key).not.toBe(alertIdentity(onB[0] as EventRecord).key);
    expect(alertIdentity({ ...onA, vendorEventId: '77' }).key).not.toBe(alertIdentity(onA).key);
    expect(a.recorded.flat().map((record) => record.id)).toEqual([onA.id]);
  });

  it('records an acknowledgement made at another PC in that operator’s name and time, once, with the PC in the audit export', async () => {
    const a = await pc('desk-a');
    const b = await pc('wall-1');
    a.motion(1_000);
    b.motion(1_000);
    await settle();
    const [alert] = a.service.query({ state: 'open' }, 10);
    a.service.acknowledge([alert?.id ?? ''], 'Guard sent');
    const [made] = a.here.flat();
    if (!made?.ack) throw new Error('not told');
    expect(made.ack).toMatchObject({ by: 'Operator of desk-a', comment: 'Guard sent' });

    expect(b.service.acknowledgeFromSite(alertIdentity(made), made.ack, 'desk-a')).toBe(true);
    const [onB] = b.service.query({ state: 'alerts' }, 10);
    expect(onB).toMatchObject({ state: 'acknowledged', ack: { by: 'Operator of desk-a', at: made.ack.at, comment: 'Guard sent' } });
    expect(b.changes.flat().map((change) => change.id)).toEqual([onB?.id]);
    expect(b.service.openCounts().open).toBe(0);
    // Told again (a retained message on reconnect): nothing changes twice, and the other PC is not told back.
    expect(b.service.acknowledgeFromSite(alertIdentity(made), made.ack, 'desk-a')).toBe(true);
    expect(b.changes.flat()).toHaveLength(1);
    expect(b.here).toEqual([]);

    const csv = auditCsv(b.journal.audit());
    expect(csv).toMatch(/,pc\r?\n/);
    expect(csv).toContain('Operator of desk-a,acknowledge,Guard sent');
    expect(csv.trim().split(/\r?\n/)[1]).toMatch(/,desk-a$/);
    expect(auditCsv(a.journal.audit()).trim().split(/\r?\n/)[1]).toMatch(/,desk-a$/);
  });

  it('says when the alert is not here (yet), so the site keeps the acknowledgement for it', async () => {
    const b = await pc('wall-1');
    const identity = alertIdentity({ serverId: 'sim', cameraId: '3', type: 'sim:209', time: 1_000 });
    expect(b.service.acknowledgeFromSite(identity, { by: 'Asha', at: 5 }, 'desk-a')).toBe(false);
  });
});
