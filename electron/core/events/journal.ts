import { createHash } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import { z } from 'zod';
import type { AlertCounts, AlertChange, EventFilter } from '../../../shared/ipc/schemas';
import { type EventRecord, SEVERITIES, Severity } from '../../../shared/model/event';
import type { VmsBinary } from '../../vms/adapter';
import type { CameraMarkerRows } from './markers';
import { eventMediaUrl } from './event-media';

/**
 * The event journal: every event that reached Tessera, on disk before it is shown.
 *
 * SQLite, through libsql (Turso's maintained fork): prebuilt Node-API binaries, so one
 * binary loads in Node (the web transport) and in Electron without a compile step, and
 * a synchronous API that makes "written, then shown" a plain sequence. WAL with
 * synchronous=FULL: a commit is on disk when it returns, and a crash or power cut
 * loses no committed event. Events are searchable by time, camera, type, severity and
 * state through indexes, and by words through FTS5. Pictures are kept once per
 * distinct image (a burst of events often shares one snapshot).
 */
export interface JournalOptions {
  readonly path: string;
  /** Events older than this go (acknowledged alerts and plain events; never open alerts). */
  readonly retentionDays: number;
  /** The journal is pruned, oldest first, to stay under this size. */
  readonly maxBytes: number;
}

export interface JournalEntry {
  readonly record: EventRecord;
  readonly image?: VmsBinary;
  /** The vendor's own identity of the event (its event id): the journal holds it once per server. */
  readonly dedupeKey?: string;
  /** Where the server's event stream resumes after this event. */
  readonly cursor?: string;
}

export interface AuditEntry {
  readonly at: number;
  readonly operator: string;
  readonly action: string;
  readonly eventId: string;
  readonly comment: string | undefined;
  readonly serverId: string;
  readonly cameraName: string | undefined;
  readonly label: string;
  readonly severity: string | undefined;
  readonly eventTime: number;
  /** The PC of the site where it was done, when the PC is in a site. */
  readonly pc?: string | undefined;
}

/**
 * 2: the index behind the timeline's markers (one camera's events in a time span).
 * 3: event types carry their vendor (`ivms:201`); events a vendor identifies for good carry
 *    a de-duplication key, unique per server; each server's event cursor (where a polled or
 *    resumable stream stopped) is kept in the same transaction as its events.
 */
const SCHEMA_VERSION = 3;

/** The journal's file name in the data directory. */
export const JOURNAL_FILE = 'events.db';

const EventRow = z.object({
  id: z.string(),
  server_id: z.string(),
  camera_id: z.string().nullable(),
  camera_name: z.string().nullable(),
  time: z.number(),
  source_time: z.string(),
  time_uncertain: z.number(),
  received_at: z.number(),
  type: z.string(),
  label: z.string(),
  severity: Severity,
  vendor_event_id: z.string().nullable(),
  raw: z.string(),
  image_hash: z.string().nullable(),
  state: z.enum(['open', 'acknowledged', 'none']),
  acked_by: z.string().nullable(),
  acked_at: z.number().nullable(),
  ack_comment: z.string().nullable(),
});
type EventRow = z.infer<typeof EventRow>;

const AuditRow = z.object({
  at: z.number(),
  operator: z.string(),
  action: z.string(),
  event_id: z.string(),
  comment: z.string().nullable(),
  server_id: z.string().nullable(),
  camera_name: z.string().nullable(),
  label: z.string().nullable(),
  severity: z.string().nullable(),
  time: z.number().nullable(),
  pc: z.string().nullable(),
});

const COLUMNS = 'id, server_id, camera_id, camera_name, time, source_time, time_uncertain, received_at, type, label, severity, vendor_event_id, raw, image_hash, state, acked_by, acked_at, ack_comment';

export class EventJournal {
  private readonly db: Database.Database;
  private readonly insertEvent: Database.Statement;
  private readonly insertImage: Database.Statement;
  private readonly insertText: Database.Statement;
  private readonly selectMarkers: Database.Statement;
  private readonly selectTypeLabel: Database.Statement;
  private readonly upsertCursor: Database.Statement;

  constructor(private readonly options: JournalOptions) {
    mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
    createPrivately(options.path);
    this.db = new Database(options.path);
    // auto_vacuum only takes on a database without tables, so it comes first; it lets
    // prune() hand freed pages back to the disk. journal_size_limit stops the write-ahead
    // log from keeping its high-water size after a burst.
    this.db.exec('PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA journal_size_limit = 4194304; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    this.migrate();
    this.addAuditPc();
    this.insertEvent = this.db.prepare(
      `INSERT OR IGNORE INTO events (${COLUMNS}, dedupe_key) VALUES (@id, @server_id, @camera_id, @camera_name, @time, @source_time, @time_uncertain, @received_at, @type, @label, @severity, @vendor_event_id, @raw, @image_hash, @state, @acked_by, @acked_at, @ack_comment, @dedupe_key)`,
    );
    this.upsertCursor = this.db.prepare('INSERT INTO cursors (server_id, cursor) VALUES (?, ?) ON CONFLICT (server_id) DO UPDATE SET cursor = excluded.cursor');
    this.insertImage = this.db.prepare('INSERT OR IGNORE INTO images (hash, type, bytes) VALUES (?, ?, ?)');
    this.insertText = this.db.prepare('INSERT INTO events_text (rowid, label, camera_name, raw) VALUES (?, ?, ?, ?)');
    // Each column comes back as one JSON array: the binding hands rows over one by one, and
    // for 100,000 rows that took 150 ms against 60 ms this way (bench/journal-bench.ts has
    // the query as the core runs it). The inner query walks events_camera_time newest
    // first, with no sort.
    this.selectMarkers = this.db
      .prepare(
        `SELECT json_group_array(seq), json_group_array(time), json_group_array(type), json_group_array(id) FROM
           (SELECT seq, time, type, id FROM events WHERE server_id = ? AND camera_id = ? AND time >= ? AND time <= ? ORDER BY time DESC, seq DESC LIMIT ?)`,
      )
      .raw(true);
    this.selectTypeLabel = this.db.prepare('SELECT label FROM events WHERE type = ? AND server_id = ? ORDER BY seq DESC LIMIT 1').raw(true);
  }

  /**
   * Writes events (and their pictures, and where each server's stream resumes) in one
   * transaction; on disk when this returns. Returns the ids written: an event whose vendor
   * identity the journal already holds (a poll that overlapped, a replay after a resume)
   * is not written again.
   */
  append(entries: readonly JournalEntry[]): Set<string> {
    const written = new Set<string>();
    const write = this.db.transaction((batch: readonly JournalEntry[]) => {
      for (const { record, image, dedupeKey, cursor } of batch) {
        if (cursor !== undefined) this.upsertCursor.run(record.serverId, cursor);
        let imageHash: string | null = null;
        if (image) {
          imageHash = createHash('sha256').update(image.bytes).digest('hex');
          this.insertImage.run(imageHash, image.contentType, Buffer.from(image.bytes));
        }
        const raw = JSON.stringify(record.raw);
        const result = this.insertEvent.run({
          id: record.id,
          server_id: record.serverId,
          camera_id: record.cameraId ?? null,
          camera_name: record.cameraName ?? null,
          time: record.time,
          source_time: record.sourceTime,
          time_uncertain: record.timeUncertain ? 1 : 0,
          received_at: record.receivedAt,
          type: record.type,
          label: record.label,
          severity: record.severity,
          vendor_event_id: record.vendorEventId ?? null,
          raw,
          image_hash: imageHash,
          state: record.state,
          acked_by: record.ack?.by ?? null,
          acked_at: record.ack?.at ?? null,
          ack_comment: record.ack?.comment ?? null,
          dedupe_key: dedupeKey ?? null,
        });
        if (result.changes > 0) {
          this.insertText.run(result.lastInsertRowid, record.label, record.cameraName ?? '', raw);
          written.add(record.id);
        }
      }
    });
    write(entries);
    return written;
  }

  /**
   * Adds the picture of an event written without one (a picture that came after its alert).
   * False when the event is not in the journal (a duplicate that was never written) or has
   * a picture already.
   */
  attachImage(id: string, image: VmsBinary): boolean {
    const hash = createHash('sha256').update(image.bytes).digest('hex');
    const attach = this.db.transaction(() => {
      const changed = this.db.prepare('UPDATE events SET image_hash = ? WHERE id = ? AND image_hash IS NULL').run(hash, id).changes > 0;
      if (changed) this.insertImage.run(hash, image.contentType, Buffer.from(image.bytes));
      return changed;
    });
    return attach();
  }

  /** Where a server's event stream stopped last (journaled with its last event), if it has one. */
  cursor(serverId: string): string | undefined {
    const row = this.db.prepare('SELECT cursor FROM cursors WHERE server_id = ?').get(serverId) as { cursor: string } | undefined;
    return row?.cursor;
  }

  get(id: string): EventRecord | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE id = ?`).get(id);
    return row ? toRecord(EventRow.parse(row)) : undefined;
  }

  image(id: string): VmsBinary | undefined {
    const row = this.db.prepare('SELECT images.type AS type, images.bytes AS bytes FROM events JOIN images ON images.hash = events.image_hash WHERE events.id = ?').get(id) as { type: string; bytes: Uint8Array } | undefined;
    return row ? { contentType: row.type, bytes: new Uint8Array(row.bytes) } : undefined;
  }

  /** Newest first; `before` is an event id to page back from. */
  query(filter: EventFilter, limit: number, before?: string): EventRecord[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit };
    if (filter.state === 'alerts') where.push("state != 'none'");
    else if (filter.state !== 'all') {
      where.push('state = @state');
      params['state'] = filter.state;
    }
    if (filter.serverId) {
      where.push('server_id = @serverId');
      params['serverId'] = filter.serverId;
    }
    if (filter.cameraId) {
      where.push('camera_id = @cameraId');
      params['cameraId'] = filter.cameraId;
    }
    if (filter.type) {
      where.push('type = @type');
      params['type'] = filter.type;
    }
    if (filter.severity) {
      where.push(`severity IN (${filter.severity.map((_, index) => `@severity${index}`).join(', ')})`);
      filter.severity.forEach((severity, index) => (params[`severity${index}`] = severity));
    }
    if (filter.from !== undefined) {
      where.push('time >= @from');
      params['from'] = filter.from;
    }
    if (filter.to !== undefined) {
      where.push('time <= @to');
      params['to'] = filter.to;
    }
    if (filter.text) {
      where.push('seq IN (SELECT rowid FROM events_text WHERE events_text MATCH @text)');
      params['text'] = ftsQuery(filter.text);
    }
    if (before !== undefined) {
      where.push('seq < (SELECT seq FROM events WHERE id = @before)');
      params['before'] = before;
    }
    const sql = `SELECT ${COLUMNS} FROM events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`;
    return this.db
      .prepare(sql)
      .all(params)
      .map((row) => toRecord(EventRow.parse(row)));
  }

  /**
   * One camera's events from `from` to `to` (inclusive), newest first, at most `limit`,
   * column by column for the timeline's markers.
   */
  markerRows(serverId: string, cameraId: string, from: number, to: number, limit: number): CameraMarkerRows {
    const row = this.selectMarkers.get(serverId, cameraId, from, to, limit) as [string, string, string, string];
    return newestFirst({ seq: JSON.parse(row[0]) as number[], time: JSON.parse(row[1]) as number[], type: JSON.parse(row[2]) as string[], id: JSON.parse(row[3]) as string[] });
  }

  /** The event a server's VMS knows by `vendorEventId` (the newest, if it sent several). */
  findByVendorEvent(serverId: string, vendorEventId: string): string | undefined {
    const row = this.db.prepare('SELECT id FROM events WHERE server_id = ? AND vendor_event_id = ? ORDER BY seq DESC LIMIT 1').get(serverId, vendorEventId) as { id: string } | undefined;
    return row?.id;
  }

  /**
   * The alert another PC of the site knows by this identity (electron/core/events/alert-identity.ts):
   * by the VMS's event id where it has one, else by server, camera, type and event time.
   */
  findAlert(alert: { serverId: string; cameraId?: string | undefined; type: string; time: number; vendorEventId?: string | undefined }): string | undefined {
    if (alert.vendorEventId !== undefined) return this.findByVendorEvent(alert.serverId, alert.vendorEventId);
    const row = this.db.prepare("SELECT id FROM events WHERE server_id = ? AND camera_id IS ? AND time = ? AND type = ? AND state != 'none' ORDER BY seq DESC LIMIT 1").get(alert.serverId, alert.cameraId ?? null, alert.time, alert.type) as { id: string } | undefined;
    return row?.id;
  }

  /** The words for an event type, as the server's newest event of that type says them. */
  typeLabel(serverId: string, type: string): string | undefined {
    const row = this.selectTypeLabel.get(type, serverId) as [string] | undefined;
    return row?.[0];
  }

  /**
   * Acknowledges open alerts, and writes who did it, when and why to the audit log, in one
   * transaction: done means on disk. Alerts already acknowledged, or not alerts, are left
   * as they are, so acknowledging twice changes nothing.
   */
  acknowledge(ids: readonly string[], operator: string, at: number, comment: string | undefined, pc?: string): { changed: AlertChange[]; unchanged: string[] } {
    const update = this.db.prepare("UPDATE events SET state = 'acknowledged', acked_by = ?, acked_at = ?, ack_comment = ? WHERE id = ? AND state = 'open'");
    const insert = this.db.prepare("INSERT INTO audit (at, operator, action, event_id, comment, pc) VALUES (?, ?, 'acknowledge', ?, ?, ?)");
    const audit = { run: (when: number, who: string, id: string, why: string | null) => insert.run(when, who, id, why, pc ?? null) };
    const run = this.db.transaction(() => {
      const changed: AlertChange[] = [];
      const unchanged: string[] = [];
      for (const id of new Set(ids)) {
        if (update.run(operator, at, comment ?? null, id).changes > 0) {
          audit.run(at, operator, id, comment ?? null);
          changed.push({ id, state: 'acknowledged', ack: comment ? { by: operator, at, comment } : { by: operator, at } });
        } else {
          unchanged.push(id);
        }
      }
      return { changed, unchanged };
    });
    return run();
  }

  /** Writes that an operator silenced these alarms (they stay open) to the audit log. */
  recordSilence(ids: readonly string[], operator: string, at: number): void {
    const audit = this.db.prepare("INSERT INTO audit (at, operator, action, event_id, comment) VALUES (?, ?, 'silence', ?, NULL)");
    this.db.transaction(() => {
      for (const id of new Set(ids)) audit.run(at, operator, id);
    })();
  }

  counts(): AlertCounts {
    const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<(typeof SEVERITIES)[number], number>;
    const rows = this.db.prepare("SELECT severity, COUNT(*) AS n FROM events WHERE state = 'open' GROUP BY severity").all() as Array<{ severity: string; n: number }>;
    let open = 0;
    for (const row of rows) {
      const severity = Severity.safeParse(row.severity);
      if (severity.success) bySeverity[severity.data] = row.n;
      open += row.n;
    }
    return { open, bySeverity };
  }

  /** The audit trail, oldest first, with enough of each event to read it on its own. */
  audit(from?: number, to?: number): AuditEntry[] {
    const rows = this.db
      .prepare(
        `SELECT audit.at AS at, audit.operator AS operator, audit.action AS action, audit.event_id AS event_id, audit.comment AS comment,
                events.server_id AS server_id, events.camera_name AS camera_name, events.label AS label, events.severity AS severity, events.time AS time, audit.pc AS pc
         FROM audit LEFT JOIN events ON events.id = audit.event_id
         WHERE audit.at >= ? AND audit.at <= ? ORDER BY audit.seq`,
      )
      .all(from ?? 0, to ?? Number.MAX_SAFE_INTEGER)
      .map((row) => AuditRow.parse(row));
    return rows.map((row) => ({
      at: row.at,
      operator: row.operator,
      action: row.action,
      eventId: row.event_id,
      comment: row.comment ?? undefined,
      serverId: row.server_id ?? '',
      cameraName: row.camera_name ?? undefined,
      label: row.label ?? '',
      severity: row.severity ?? undefined,
      eventTime: row.time ?? 0,
      pc: row.pc ?? undefined,
    }));
  }

  /**
   * Retention: events older than the configured days go, then the oldest until the
   * journal fits its size. Open alerts are never pruned: an alert nobody has seen must
   * not vanish. Returns how many events went.
   */
  prune(now: number): number {
    const cutoff = now - this.options.retentionDays * 24 * 60 * 60 * 1000;
    const byAge = this.deleteWhere("state != 'open' AND received_at < ?", [cutoff]);
    let bySize = 0;
    this.compact();
    // Oldest first, a tenth at a time, so an oversize journal loses only what it must.
    for (let round = 0; round < 200 && this.sizeBytes() > this.options.maxBytes; round++) {
      const chunk = Math.max(10, Math.ceil(this.count() / 10));
      const removed = this.deleteWhere(`seq IN (SELECT seq FROM events WHERE state != 'open' ORDER BY seq LIMIT ${chunk})`, []);
      if (removed === 0) break;
      bySize += removed;
      this.compact();
    }
    return byAge + bySize;
  }

  /** The journal's size on disk, database and write-ahead log. */
  sizeBytes(): number {
    const size = (path: string): number => {
      try {
        return statSync(path).size;
      } catch {
        return 0;
      }
    };
    return size(this.options.path) + size(`${this.options.path}-wal`);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }

  /** Hands freed pages back to the file system and folds the log into the database. */
  private compact(): void {
    this.db.exec('PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE);');
  }

  private deleteWhere(condition: string, params: unknown[]): number {
    const run = this.db.transaction(() => {
      const rows = this.db.prepare(`SELECT seq, label, camera_name, raw FROM events WHERE ${condition}`).all(...params) as Array<{ seq: number; label: string; camera_name: string | null; raw: string }>;
      const removeText = this.db.prepare("INSERT INTO events_text (events_text, rowid, label, camera_name, raw) VALUES ('delete', ?, ?, ?, ?)");
      for (const row of rows) removeText.run(row.seq, row.label, row.camera_name ?? '', row.raw);
      const removed = this.db.prepare(`DELETE FROM events WHERE ${condition}`).run(...params).changes;
      this.db.exec('DELETE FROM images WHERE hash NOT IN (SELECT image_hash FROM events WHERE image_hash IS NOT NULL)');
      return removed;
    });
    return run();
  }

  /**
   * The audit log names the PC of the site an acknowledgement was made at. Added apart from
   * the schema version (a column older versions ignore), so it never races another migration.
   */
  private addAuditPc(): void {
    const columns = this.db.prepare('PRAGMA table_info(audit)').all() as Array<{ name: string }>;
    if (!columns.some((column) => column.name === 'pc')) this.db.exec('ALTER TABLE audit ADD COLUMN pc TEXT');
  }

  private migrate(): void {
    const version = (this.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    if (version >= SCHEMA_VERSION) return;
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        server_id TEXT NOT NULL,
        camera_id TEXT,
        camera_name TEXT,
        time INTEGER NOT NULL,
        source_time TEXT NOT NULL,
        time_uncertain INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        type TEXT NOT NULL,
        label TEXT NOT NULL,
        severity TEXT NOT NULL,
        vendor_event_id TEXT,
        raw TEXT NOT NULL,
        image_hash TEXT,
        state TEXT NOT NULL,
        acked_by TEXT,
        acked_at INTEGER,
        ack_comment TEXT,
        dedupe_key TEXT
      );
      CREATE INDEX IF NOT EXISTS events_time ON events (time);
      CREATE INDEX IF NOT EXISTS events_camera ON events (server_id, camera_id, seq);
      -- The timeline: one camera's events in a span, by event time (version 2).
      CREATE INDEX IF NOT EXISTS events_camera_time ON events (server_id, camera_id, time);
      CREATE INDEX IF NOT EXISTS events_type ON events (type, seq);
      CREATE INDEX IF NOT EXISTS events_state ON events (state, severity);
      -- Pages of one state, newest first (the handover, "open only"): no sort of every open row.
      CREATE INDEX IF NOT EXISTS events_state_seq ON events (state, seq);
      CREATE TABLE IF NOT EXISTS images (hash TEXT PRIMARY KEY, type TEXT NOT NULL, bytes BLOB NOT NULL);
      CREATE VIRTUAL TABLE IF NOT EXISTS events_text USING fts5 (label, camera_name, raw, content='');
      CREATE TABLE IF NOT EXISTS audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        operator TEXT NOT NULL,
        action TEXT NOT NULL,
        event_id TEXT NOT NULL,
        comment TEXT
      );
      CREATE TABLE IF NOT EXISTS cursors (server_id TEXT PRIMARY KEY, cursor TEXT NOT NULL);
    `);
    const columns = this.db.prepare('PRAGMA table_info(events)').all() as Array<{ name: string }>;
    if (!columns.some((column) => column.name === 'dedupe_key')) this.db.exec('ALTER TABLE events ADD COLUMN dedupe_key TEXT');
    this.db.exec(`
      CREATE UNIQUE INDEX IF NOT EXISTS events_dedupe ON events (server_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
      -- Every event before version 3 came from IVMS Pro, the only vendor then.
      UPDATE events SET type = 'ivms:' || type WHERE instr(type, ':') = 0;
      PRAGMA user_version = ${SCHEMA_VERSION};
    `);
  }
}

function toRecord(row: EventRow): EventRecord {
  let raw: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(row.raw) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
  } catch {
    raw = { text: row.raw };
  }
  return {
    id: row.id,
    serverId: row.server_id,
    cameraId: row.camera_id ?? undefined,
    cameraName: row.camera_name ?? undefined,
    time: row.time,
    sourceTime: row.source_time,
    timeUncertain: row.time_uncertain === 1,
    receivedAt: row.received_at,
    type: row.type,
    label: row.label,
    severity: row.severity,
    image: row.image_hash ? eventMediaUrl(row.id, 'image') : undefined,
    snap: row.vendor_event_id ? eventMediaUrl(row.id, 'snap') : undefined,
    clip: row.vendor_event_id ? eventMediaUrl(row.id, 'clip') : undefined,
    vendorEventId: row.vendor_event_id ?? undefined,
    raw,
    state: row.state,
    ack: row.acked_by && row.acked_at !== null ? { by: row.acked_by, at: row.acked_at, ...(row.ack_comment ? { comment: row.ack_comment } : {}) } : undefined,
  };
}

/**
 * SQLite documents no order for an aggregate's input, though it keeps the subquery's in
 * practice: check it (one pass), and sort only if a future version ever does otherwise.
 */
function newestFirst(rows: CameraMarkerRows): CameraMarkerRows {
  const before = (i: number, j: number): boolean => {
    const timeI = rows.time[i] ?? 0;
    const timeJ = rows.time[j] ?? 0;
    return timeI > timeJ || (timeI === timeJ && (rows.seq[i] ?? 0) > (rows.seq[j] ?? 0));
  };
  let sorted = true;
  for (let i = 1; i < rows.time.length && sorted; i++) sorted = before(i - 1, i);
  if (sorted) return rows;
  const order = rows.time.map((_, i) => i).sort((i, j) => (before(i, j) ? -1 : 1));
  return { seq: order.map((i) => rows.seq[i] ?? 0), time: order.map((i) => rows.time[i] ?? 0), type: order.map((i) => rows.type[i] ?? ''), id: order.map((i) => rows.id[i] ?? '') };
}

/** Words as an FTS5 query: each one a quoted prefix, all required (no FTS syntax leaks through). */
function ftsQuery(text: string): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `"${word.replace(/"/g, '""')}"*`)
    .join(' ');
}

/**
 * The journal holds event pictures, operators' names and comments: readable by this OS
 * account only. SQLite gives its -wal and -shm files the mode of the database file, so
 * the database is created (empty, which SQLite takes as new) or narrowed first.
 */
function createPrivately(path: string): void {
  if (path === ':memory:') return;
  closeSync(openSync(path, 'a', 0o600));
  try {
    chmodSync(path, 0o600);
  } catch {
    // Someone else's file, given on purpose: used as it is.
  }
}
