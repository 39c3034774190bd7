/**
 * The event journal's write rate and search time, on this machine's disk:
 *
 *   write rate    events/s appended through EventJournal at several commit sizes (1 is
 *                 an fsync per event; the core commits whatever arrived in one turn of the
 *                 event loop), one event in ten with a 20 KB picture; against the same
 *                 rows in a bare SQLite table (no indexes, no full-text, no pictures) with
 *                 the same durability, in the same run
 *   search        time of a word search and of a camera + time-range query over the
 *                 journal once it holds BENCH_EVENTS events (default 100 000)
 *   markers       the timeline's markers of 4 of the 6 cameras over the whole journal (two
 *                 thirds of its events), as the core answers `timeline.markers`, and with
 *                 the IPC contract's check of the reply on top
 *
 *   npm run bench:journal
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import type { EventRecord } from '../shared/model/event';
import { Markers } from '../shared/model/timeline';
import { EventJournal, type JournalEntry } from '../electron/core/events/journal';
import { queryMarkers } from '../electron/core/events/markers';

const SEARCH_EVENTS = Number(process.env['BENCH_EVENTS'] ?? 100_000);
const WRITE_SECONDS = 3;
const LABELS = ['Intrusion Detection', 'Activity Detection', 'Camera Tampering', 'Loitering Detection', 'Crowd Detection'];
const CAMERAS = ['Main Gate', 'Lobby', 'Parking North', 'Loading Dock', 'Server Room', 'Perimeter East'];
const T0 = Date.UTC(2026, 10, 1);

function entry(n: number): JournalEntry {
  const record: EventRecord = {
    id: `${(T0 + n).toString(36)}-${n.toString(36).padStart(6, '0')}`,
    serverId: 'hq',
    cameraId: String(1 + (n % CAMERAS.length)),
    cameraName: CAMERAS[n % CAMERAS.length],
    time: T0 + n * 50,
    sourceTime: '2026-11-01 00:00:00',
    timeUncertain: false,
    receivedAt: T0 + n * 50,
    type: String(201 + (n % LABELS.length)),
    label: LABELS[n % LABELS.length] ?? '',
    severity: 'normal',
    vendorEventId: String(n),
    raw: { alertType: 201 + (n % LABELS.length), eventDetails1: `EventId=${n}`, zone: `zone ${n % 40}` },
    state: 'open',
  };
  if (n % 10 !== 0) return { record };
  const bytes = new Uint8Array(20_000);
  bytes.fill(n % 251);
  return { record, image: { bytes, contentType: 'image/jpeg' } };
}

const freshPath = (): string => join(mkdtempSync(join(tmpdir(), 'tessera-journal-bench-')), 'events.db');

/** Appends for WRITE_SECONDS in commits of `batch`; events per second. */
function journalRate(batch: number): number {
  const journal = new EventJournal({ path: freshPath(), retentionDays: 365, maxBytes: 1 << 40 });
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < WRITE_SECONDS * 1000) {
    journal.append(Array.from({ length: batch }, () => entry(n++)));
  }
  const rate = n / ((performance.now() - started) / 1000);
  journal.close();
  return rate;
}

/** The same rows as JSON in a bare table: what durability alone costs on this disk. */
function bareRate(batch: number): number {
  const db = new Database(freshPath());
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE events (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO events (body) VALUES (?)');
  const write = db.transaction((rows: readonly string[]) => rows.forEach((row) => insert.run(row)));
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < WRITE_SECONDS * 1000) {
    write(Array.from({ length: batch }, () => JSON.stringify(entry(n++).record)));
  }
  const rate = n / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

function timed<T>(run: () => T, times = 20): { ms: number; result: T } {
  let result = run();
  const started = performance.now();
  for (let i = 0; i < times; i++) result = run();
  return { ms: (performance.now() - started) / times, result };
}

function main(): void {
  console.log(`journal benchmark, ${new Date().toISOString()}`);
  console.log('\nwrite rate, events/s (1 in 10 with a 20 KB picture)');
  console.log('  commit size   journal    bare table   journal/bare');
  for (const batch of [1, 10, 100, 1000]) {
    const journal = journalRate(batch);
    const bare = bareRate(batch);
    console.log(`  ${String(batch).padStart(11)}   ${journal.toFixed(0).padStart(7)}    ${bare.toFixed(0).padStart(9)}    ${(journal / bare).toFixed(2)}`);
  }

  const path = freshPath();
  const journal = new EventJournal({ path, retentionDays: 365, maxBytes: 1 << 40 });
  for (let n = 0; n < SEARCH_EVENTS; n += 1000) journal.append(Array.from({ length: Math.min(1000, SEARCH_EVENTS - n) }, (_, i) => entry(n + i)));
  const words = timed(() => journal.query({ state: 'all', text: 'loitering' }, 200));
  const range = timed(() => journal.query({ state: 'all', cameraId: '3', from: T0 + SEARCH_EVENTS * 10, to: T0 + SEARCH_EVENTS * 40 }, 200));
  const page = timed(() => journal.query({ state: 'open' }, 200, words.result.at(-1)?.id));
  console.log(`\nsearch over ${SEARCH_EVENTS} events (${(journal.sizeBytes() / 1048576).toFixed(0)} MiB), first 200 rows`);
  console.log(`  words "loitering"        ${words.ms.toFixed(1)} ms`);
  console.log(`  camera + time range      ${range.ms.toFixed(1)} ms`);
  console.log(`  next page of open        ${page.ms.toFixed(1)} ms`);
  const cameras = ['1', '2', '3', '4'].map((cameraId) => ({ serverId: 'hq', cameraId }));
  const markers = timed(() => queryMarkers(journal, cameras, T0, T0 + SEARCH_EVENTS * 50, 200_000), 5);
  const checked = timed(() => Markers.parse(queryMarkers(journal, cameras, T0, T0 + SEARCH_EVENTS * 50, 200_000)), 5);
  console.log(`  markers for 4 cameras    ${markers.ms.toFixed(1)} ms (${markers.result.time.length} markers)`);
  console.log(`  ... and contract check   ${checked.ms.toFixed(1)} ms`);
  journal.close();
}

main();
