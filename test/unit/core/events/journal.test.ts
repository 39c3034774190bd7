import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventJournal } from '../../../../electron/core/events/journal';
import type { EventRecord } from '../../../../shared/model/event';

const T0 = Date.UTC(2026, 0, 1, 12);

function record(n: number, overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    id: `e${String(n).padStart(6, '0')}`,
    serverId: 'hq',
    cameraId: String(1 + (n % 3)),
    cameraName: ['Gate', 'Yard', 'Dock'][n % 3],
    time: T0 + n * 1000,
    sourceTime: '2026-01-01 12:00:00',
    timeUncertain: false,
    receivedAt: T0 + n * 1000,
    type: n % 2 === 0 ? '209' : '201',
    label: n % 2 === 0 ? 'Activity Detection' : 'Intrusion Detection',
    severity: n % 2 === 0 ? 'normal' : 'critical',
    raw: { eventDetails1: `EventId=${n}`, zone: n % 4 === 0 ? 'north fence' : 'south gate' },
    state: 'open',
    ...overrides,
  };
}

async function journal(options: { retentionDays?: number; maxBytes?: number } = {}): Promise<{ journal: EventJournal; path: string }> {
  const path = join(await mkdtemp(join(tmpdir(), 'tessera-journal-')), 'events.db');
  return { journal: new EventJournal({ path, retentionDays: options.retentionDays ?? 30, maxBytes: options.maxBytes ?? 1 << 30 }), path };
}

const jpeg = (fill: number): { bytes: Uint8Array; contentType: string } => ({ bytes: new Uint8Array(2048).fill(fill), contentType: 'image/jpeg' });

describe('EventJournal', () => {
  it('keeps events across a reopen, with their pictures, newest first', async () => {
    const { journal: first, path } = await journal();
    first.append([{ record: record(1), image: jpeg(1) }, { record: record(2) }]);
    first.close();
    const again = new EventJournal({ path, retentionDays: 30, maxBytes: 1 << 30 });
    expect(again.query({ state: 'all' }, 10).map((event) => event.id)).toEqual(['e000002', 'e000001']);
    const [, one] = again.query({ state: 'all' }, 10);
    expect(one?.image).toBe('/event-media/e000001/image');
    expect([...(again.image('e000001')?.bytes.subarray(0, 3) ?? [])]).toEqual([1, 1, 1]);
    expect(again.image('e000002')).toBeUndefined();
    expect(again.get('e000001')).toMatchObject({ raw: { eventDetails1: 'EventId=1' }, cameraName: 'Yard' });
  });

  it('writes an event once, however often it is appended', async () => {
    const { journal: subject } = await journal();
    subject.append([{ record: record(1) }, { record: record(1) }]);
    subject.append([{ record: record(1) }]);
    expect(subject.count()).toBe(1);
  });

  it('stores a picture shared by a burst of events once', async () => {
    const { journal: subject } = await journal();
    subject.append(Array.from({ length: 200 }, (_, n) => ({ record: record(n), image: jpeg(7) })));
    expect(subject.sizeBytes()).toBeLessThan(200 * 2048);
    expect(subject.image('e000150')?.bytes.byteLength).toBe(2048);
  });

  it('searches by state, camera, type, severity, time and words, and pages back', async () => {
    const { journal: subject } = await journal();
    subject.append(Array.from({ length: 30 }, (_, n) => ({ record: record(n, n >= 25 ? { state: 'none' } : {}) })));
    const ids = (events: EventRecord[]): string[] => events.map((event) => event.id);
    expect(subject.query({ state: 'alerts' }, 100)).toHaveLength(25);
    expect(subject.query({ state: 'all' }, 100)).toHaveLength(30);
    // Exact lists, newest first: an `every` over the result would pass on an empty one.
    const newestFirst = (keep: (n: number) => boolean, below = 25): string[] =>
      Array.from({ length: below }, (_, n) => below - 1 - n)
        .filter(keep)
        .map((n) => `e${String(n).padStart(6, '0')}`);
    expect(ids(subject.query({ state: 'alerts', cameraId: '2' }, 100))).toEqual(newestFirst((n) => n % 3 === 1));
    expect(ids(subject.query({ state: 'alerts', type: '201' }, 100))).toEqual(newestFirst((n) => n % 2 === 1));
    expect(subject.query({ state: 'alerts', severity: ['critical'] }, 100)).toHaveLength(12);
    expect(ids(subject.query({ state: 'all', from: T0 + 5000, to: T0 + 7000 }, 100))).toEqual(['e000007', 'e000006', 'e000005']);
    expect(ids(subject.query({ state: 'all', text: 'north fen' }, 100))).toEqual(['e000028', 'e000024', 'e000020', 'e000016', 'e000012', 'e000008', 'e000004', 'e000000']);
    expect(ids(subject.query({ state: 'all', text: 'intrusion dock' }, 100))).toEqual(newestFirst((n) => n % 3 === 2 && n % 2 === 1, 30));
    expect(subject.query({ state: 'all', text: '"; DROP TABLE events; --' }, 100)).toEqual([]);
    const firstPage = subject.query({ state: 'all' }, 10);
    const nextPage = subject.query({ state: 'all' }, 10, firstPage.at(-1)?.id);
    expect(nextPage[0]?.id).toBe('e000019');
  });

  it('acknowledges once, with an audit record, and leaves the rest alone', async () => {
    const { journal: subject } = await journal();
    subject.append([{ record: record(1) }, { record: record(2) }, { record: record(3, { state: 'none' }) }]);
    const first = subject.acknowledge(['e000001', 'e000003'], 'Asha', T0 + 99_000, 'False alarm: fox');
    expect(first.changed).toEqual([{ id: 'e000001', state: 'acknowledged', ack: { by: 'Asha', at: T0 + 99_000, comment: 'False alarm: fox' } }]);
    expect(first.unchanged).toEqual(['e000003']);
    const again = subject.acknowledge(['e000001'], 'Ben', T0 + 100_000, undefined);
    expect(again).toEqual({ changed: [], unchanged: ['e000001'] });
    expect(subject.get('e000001')?.ack).toEqual({ by: 'Asha', at: T0 + 99_000, comment: 'False alarm: fox' });
    expect(subject.audit()).toEqual([
      { at: T0 + 99_000, operator: 'Asha', action: 'acknowledge', eventId: 'e000001', comment: 'False alarm: fox', serverId: 'hq', cameraName: 'Yard', label: 'Intrusion Detection', severity: expect.any(String) as string, eventTime: T0 + 1000 },
    ]);
    expect(subject.counts()).toMatchObject({ open: 1, bySeverity: { normal: 1, critical: 0 } });
  });

  it('prunes by age and by size, but never an alert nobody has acknowledged', async () => {
    const { journal: subject } = await journal({ retentionDays: 1 });
    subject.append([{ record: record(1, { state: 'acknowledged' }) }, { record: record(2, { state: 'open' }) }, { record: record(3, { state: 'none' }) }]);
    expect(subject.prune(T0 + 3 * 86_400_000)).toBe(2);
    expect(subject.query({ state: 'all' }, 10).map((event) => event.id)).toEqual(['e000002']);
    expect(subject.query({ state: 'all', text: 'yard' }, 10)).toEqual([]);

    const small = await journal({ maxBytes: 300 * 1024 });
    small.journal.append(Array.from({ length: 400 }, (_, n) => ({ record: record(n, { state: n < 390 ? 'acknowledged' : 'open' }), image: jpeg(n % 251) })));
    const removed = small.journal.prune(T0);
    expect(removed).toBeGreaterThan(0);
    expect(small.journal.sizeBytes()).toBeLessThanOrEqual(300 * 1024 + 64 * 1024);
    expect(small.journal.query({ state: 'open' }, 100)).toHaveLength(10);
    // Only the oldest went: what is left is the newest acknowledged events, without gaps.
    const kept = small.journal.query({ state: 'acknowledged' }, 400).map((event) => event.id);
    expect(kept.length).toBeGreaterThan(10);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, n) => `e${String(389 - n).padStart(6, '0')}`));
  });

  it('holds an event the vendor identifies once per server, and keeps each server\'s cursor with its events', async () => {
    const { journal: subject, path } = await journal();
    const written = subject.append([
      { record: record(1), dedupeKey: '33794128', cursor: '2026-01-01T12:00:01|33794128' },
      { record: record(2), dedupeKey: '33794129', cursor: '2026-01-01T12:00:02|33794129' },
    ]);
    expect([...written]).toEqual(['e000001', 'e000002']);
    // The same vendor events polled again under new Tessera ids: not written, and the cursor still moves.
    const again = subject.append([
      { record: record(3), dedupeKey: '33794129', cursor: '2026-01-01T12:00:02|33794129' },
      { record: record(4), dedupeKey: '33794130', cursor: '2026-01-01T12:00:04|33794130' },
    ]);
    expect([...again]).toEqual(['e000004']);
    // Another server may use the same vendor ids.
    expect([...subject.append([{ record: record(5, { serverId: 'yard' }), dedupeKey: '33794128' }])]).toEqual(['e000005']);
    expect(subject.cursor('hq')).toBe('2026-01-01T12:00:04|33794130');
    expect(subject.cursor('yard')).toBeUndefined();
    subject.close();
    expect(new EventJournal({ path, retentionDays: 30, maxBytes: 1 << 30 }).cursor('hq')).toBe('2026-01-01T12:00:04|33794130');
  });

  it('names the vendor in the types of events journaled before types carried one (they came from IVMS)', async () => {
    const { journal: subject, path } = await journal();
    subject.append([{ record: record(1) }, { record: record(2) }]);
    subject.close();
    const { default: Database } = await import('libsql');
    const old = new Database(path);
    old.exec("UPDATE events SET type = '201' WHERE id = 'e000001'; UPDATE events SET type = '209' WHERE id = 'e000002'; PRAGMA user_version = 2;");
    old.close();
    const reopened = new EventJournal({ path, retentionDays: 30, maxBytes: 1 << 30 });
    const types = reopened.query({ state: 'all' }, 10).map((event) => event.type);
    expect(types).toEqual(['ivms:209', 'ivms:201']);
  });
});
