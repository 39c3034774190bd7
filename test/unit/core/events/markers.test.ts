import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../../shared/model/event';
import { Markers } from '../../../../shared/model/timeline';
import { EventService } from '../../../../electron/core/events/event-service';
import { EventJournal } from '../../../../electron/core/events/journal';
import { queryMarkers } from '../../../../electron/core/events/markers';
import { Settings } from '../../../../shared/model/settings';
import { FakeAdapter } from '../../support/fake-adapter';
import { ManualClock, settle } from '../../support/manual-clock';
import { QUIET_EVENT_SINKS } from '../../support/quiet-event-sinks';

const T0 = Date.UTC(2026, 0, 1, 12);

function record(n: number, overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    id: `e${String(n).padStart(6, '0')}`,
    serverId: 'hq',
    cameraId: String(1 + (n % 3)),
    cameraName: 'Gate',
    time: T0 + n * 1000,
    sourceTime: '',
    timeUncertain: false,
    receivedAt: T0 + n * 1000,
    type: n % 2 === 0 ? '209' : '201',
    label: n % 2 === 0 ? 'Activity Detection' : 'Intrusion Detection',
    severity: 'normal',
    raw: {},
    state: 'open',
    ...overrides,
  };
}

async function journalWith(records: readonly EventRecord[]): Promise<EventJournal> {
  const journal = new EventJournal({ path: join(await mkdtemp(join(tmpdir(), 'tessera-markers-')), 'events.db'), retentionDays: 30, maxBytes: 1 << 30 });
  journal.append(records.map((item) => ({ record: item })));
  return journal;
}

const ref = (cameraId: string, serverId = 'hq') => ({ serverId, cameraId });

describe('timeline markers', () => {
  it('are columns ascending by event time, for the cameras asked only, with indexes into the request', async () => {
    // Written out of time order, as events from several cameras arrive.
    const journal = await journalWith([record(5), record(1), record(3), record(2), record(4), record(0), record(9, { serverId: 'other', cameraId: '2' })]);
    const markers = queryMarkers(journal, [ref('3'), ref('2')], T0, T0 + 60_000, 100);
    expect(Markers.parse(markers)).toEqual(markers);
    // Camera 2: events 1 and 4; camera 3: events 2 and 5. Camera 1 (0, 3) and the other server's camera 2 are not asked for.
    expect(markers.id).toEqual(['e000001', 'e000002', 'e000004', 'e000005']);
    expect(markers.time).toEqual([T0 + 1000, T0 + 2000, T0 + 4000, T0 + 5000]);
    expect(markers.camera).toEqual([1, 0, 1, 0]);
    expect(markers.types).toEqual([
      { type: '201', label: 'Intrusion Detection' },
      { type: '209', label: 'Activity Detection' },
    ]);
    expect(markers.type).toEqual([0, 1, 1, 0]);
    expect(markers.truncated).toBe(false);
  });

  it('keep to the span, ends included', async () => {
    const journal = await journalWith(Array.from({ length: 12 }, (_, n) => record(n, { cameraId: '1' })));
    const markers = queryMarkers(journal, [ref('1')], T0 + 3000, T0 + 6000, 100);
    expect(markers.time).toEqual([T0 + 3000, T0 + 4000, T0 + 5000, T0 + 6000]);
  });

  it('keep the newest `limit` when the span holds more, and say so', async () => {
    const journal = await journalWith(Array.from({ length: 30 }, (_, n) => record(n)));
    const markers = queryMarkers(journal, [ref('1'), ref('2'), ref('3')], T0, T0 + 60_000, 10);
    expect(markers.truncated).toBe(true);
    expect(markers.time).toEqual(Array.from({ length: 10 }, (_, n) => T0 + (20 + n) * 1000));
    expect(queryMarkers(journal, [ref('1'), ref('2'), ref('3')], T0, T0 + 60_000, 30).truncated).toBe(false);
  });

  it('order events of the same millisecond by arrival, and give a camera named twice its markers once', async () => {
    const journal = await journalWith([record(1, { cameraId: '1', time: T0 }), record(2, { cameraId: '2', time: T0 }), record(3, { cameraId: '1', time: T0 })]);
    const markers = queryMarkers(journal, [ref('1'), ref('2'), ref('1')], T0, T0 + 1, 100);
    expect(markers.id).toEqual(['e000001', 'e000002', 'e000003']);
    expect(markers.camera).toEqual([0, 1, 0]);
  });

  it('use an index that a journal of the first schema version gets when it is opened', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'tessera-markers-')), 'events.db');
    new EventJournal({ path, retentionDays: 30, maxBytes: 1 << 30 }).close();
    const asVersion1 = new Database(path);
    asVersion1.exec('DROP INDEX events_camera_time; PRAGMA user_version = 1;');
    asVersion1.close();
    const journal = new EventJournal({ path, retentionDays: 30, maxBytes: 1 << 30 });
    journal.append([{ record: record(1) }]);
    expect(queryMarkers(journal, [ref('2')], T0, T0 + 5000, 10).id).toEqual(['e000001']);
    journal.close();
    const check = new Database(path);
    const plan = check.prepare('EXPLAIN QUERY PLAN SELECT time FROM events WHERE server_id = ? AND camera_id = ? AND time >= ? AND time <= ? ORDER BY time DESC').all('hq', '2', 0, 1) as Array<{ detail: string }>;
    expect(plan.map((step) => step.detail).join(' ')).toContain('events_camera_time');
    expect((check.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(3);
    check.close();
  });

  it('include events that arrived but were not yet written (EventService commits first)', async () => {
    const journal = await journalWith([]);
    const clock = new ManualClock(T0);
    const service = new EventService({
      journal,
      settings: () => Settings.parse({}),
      clock,
      ...QUIET_EVENT_SINKS,
    });
    const adapter = new FakeAdapter();
    service.attach('hq', adapter);
    adapter.sinks[0]?.onEvent({ cameraId: '1', cameraName: 'Gate', time: T0 + 500, sourceTime: '', timeUncertain: false, type: '209', label: 'Activity Detection', raw: {} });
    // No turn of the event loop has passed: the event is not in the journal yet.
    expect(journal.count()).toBe(0);
    expect(service.markers([ref('1')], T0, T0 + 1000, 10).time).toEqual([T0 + 500]);
    service.dispose();
    await settle();
  });
});
