import Database from 'libsql';
import { z } from 'zod';

/**
 * The sensor bridge's durable outbox, in the journal's database (its own connection: the
 * journal's WAL lets both write, one at a time). A sensor event is accepted once per
 * (sensor, the sensor's own event id) — no VMS create-event API takes an idempotency key,
 * so duplicates (MQTT QoS 1 redeliveries, webhook retries, a second bridge) are dropped
 * here, before anything is sent — and each of its deliveries (one per associated camera)
 * stays until its VMS confirmed it. Commits are on disk when they return (the journal's
 * synchronous=FULL), so neither a killed process nor a VMS down for an hour loses one.
 */

export interface OutboxDelivery {
  readonly serverId: string;
  readonly cameraId: string;
  /** `local`: the VMS takes no events (IVMS Pro); kept for the panel's count and the dedupe. */
  readonly local: boolean;
  /** What the VMS gets (a CreateEventRequest), as JSON. */
  readonly request: Readonly<Record<string, unknown>>;
}

const Row = z.object({
  seq: z.number(),
  sensor_id: z.string(),
  event_id: z.string(),
  server_id: z.string(),
  camera_id: z.string(),
  request: z.string(),
  attempts: z.number(),
  in_flight: z.number(),
});

export interface OutboxItem {
  readonly seq: number;
  readonly sensorId: string;
  readonly eventId: string;
  readonly serverId: string;
  readonly cameraId: string;
  readonly request: Record<string, unknown>;
  readonly attempts: number;
  /** Sent before, with no answer written: the VMS may have it already. */
  readonly inFlight: boolean;
}

export interface OutboxCounts {
  readonly serverId: string;
  readonly pending: number;
  readonly failed: number;
  readonly delivered: number;
  readonly local: number;
  readonly lastError: string | undefined;
  readonly lastDeliveredAt: number | undefined;
}

export class SensorOutbox {
  private readonly db: Database.Database;
  private readonly insertSeen: Database.Statement;
  private readonly insertDelivery: Database.Statement;
  private readonly selectHead: Database.Statement;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS sensor_events (
        sensor_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (sensor_id, event_id)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        sensor_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        server_id TEXT NOT NULL,
        camera_id TEXT NOT NULL,
        request TEXT NOT NULL,
        -- pending, delivered, failed (the VMS refused it for good), local (no VMS call)
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        vendor_event_id TEXT,
        -- 1 from just before a request to the VMS until its answer is written: a row still 1
        -- at start was in flight when the process died, and the VMS may hold it already.
        in_flight INTEGER NOT NULL DEFAULT 0,
        UNIQUE (sensor_id, event_id, server_id, camera_id)
      );
      -- Each target's queue in order: the head is its oldest pending delivery.
      CREATE INDEX IF NOT EXISTS outbox_queue ON outbox (server_id, state, seq);
    `);
    this.insertSeen = this.db.prepare('INSERT OR IGNORE INTO sensor_events (sensor_id, event_id, received_at) VALUES (?, ?, ?)');
    this.insertDelivery = this.db.prepare(
      'INSERT OR IGNORE INTO outbox (sensor_id, event_id, server_id, camera_id, request, state, created_at, updated_at) VALUES (@sensor_id, @event_id, @server_id, @camera_id, @request, @state, @at, @at)',
    );
    this.selectHead = this.db.prepare("SELECT seq, sensor_id, event_id, server_id, camera_id, request, attempts, in_flight FROM outbox WHERE server_id = ? AND state = 'pending' ORDER BY seq LIMIT ?");
  }

  /**
   * Takes a sensor event and its deliveries in one transaction, on disk when this returns.
   * False when the event was accepted before (nothing is written again).
   */
  accept(sensorId: string, eventId: string, at: number, deliveries: readonly OutboxDelivery[]): boolean {
    const run = this.db.transaction(() => {
      if (this.insertSeen.run(sensorId, eventId, at).changes === 0) return false;
      for (const delivery of deliveries) {
        this.insertDelivery.run({ sensor_id: sensorId, event_id: eventId, server_id: delivery.serverId, camera_id: delivery.cameraId, request: JSON.stringify(delivery.request), state: delivery.local ? 'local' : 'pending', at });
      }
      return true;
    });
    return run();
  }

  /** Whether (sensor, event id) was accepted already. */
  seen(sensorId: string, eventId: string): boolean {
    return this.db.prepare('SELECT 1 FROM sensor_events WHERE sensor_id = ? AND event_id = ?').get(sensorId, eventId) !== undefined;
  }

  /** A target's oldest pending deliveries, in the order they were accepted. */
  head(serverId: string, limit = 1): OutboxItem[] {
    return this.selectHead.all(serverId, limit).map((value) => {
      const row = Row.parse(value);
      return { seq: row.seq, sensorId: row.sensor_id, eventId: row.event_id, serverId: row.server_id, cameraId: row.camera_id, request: JSON.parse(row.request) as Record<string, unknown>, attempts: row.attempts, inFlight: row.in_flight === 1 };
    });
  }

  /** The targets with pending deliveries. */
  pendingTargets(): string[] {
    return (this.db.prepare("SELECT DISTINCT server_id FROM outbox WHERE state = 'pending'").all() as Array<{ server_id: string }>).map((row) => row.server_id);
  }

  /** On disk before the request goes: a crash from here until its answer is written leaves the mark. */
  sending(seq: number): void {
    this.db.prepare('UPDATE outbox SET in_flight = 1 WHERE seq = ?').run(seq);
  }

  delivered(seq: number, vendorEventId: string | undefined, at: number): void {
    this.db.prepare("UPDATE outbox SET state = 'delivered', in_flight = 0, vendor_event_id = ?, updated_at = ?, attempts = attempts + 1, last_error = NULL WHERE seq = ?").run(vendorEventId ?? null, at, seq);
  }

  /**
   * An attempt that failed and will be tried again. The in-flight mark stays: a request that
   * timed out may have reached the VMS, so the next attempt looks for it first.
   */
  attempted(seq: number, error: string, at: number): void {
    this.db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE seq = ?').run(error, at, seq);
  }

  /** The VMS refused the delivery for good (a bad type, an unknown camera): it stays, failed, with the reason. */
  failed(seq: number, error: string, at: number): void {
    this.db.prepare("UPDATE outbox SET state = 'failed', in_flight = 0, attempts = attempts + 1, last_error = ?, updated_at = ? WHERE seq = ?").run(error, at, seq);
  }

  /** Puts a target's failed deliveries back in its queue (after the operator fixed the cause). */
  retryFailed(serverId: string, at: number): number {
    return this.db.prepare("UPDATE outbox SET state = 'pending', updated_at = ? WHERE server_id = ? AND state = 'failed'").run(at, serverId).changes;
  }

  counts(): OutboxCounts[] {
    const rows = this.db
      .prepare(
        `SELECT server_id,
                SUM(state = 'pending') AS pending, SUM(state = 'failed') AS failed, SUM(state = 'delivered') AS delivered, SUM(state = 'local') AS local,
                MAX(CASE WHEN state = 'delivered' THEN updated_at END) AS last_delivered_at
         FROM outbox GROUP BY server_id ORDER BY server_id`,
      )
      .all() as Array<{ server_id: string; pending: number; failed: number; delivered: number; local: number; last_delivered_at: number | null }>;
    const lastError = this.db.prepare("SELECT last_error FROM outbox WHERE server_id = ? AND state IN ('pending', 'failed') AND last_error IS NOT NULL ORDER BY updated_at DESC LIMIT 1");
    return rows.map((row) => ({
      serverId: row.server_id,
      pending: row.pending,
      failed: row.failed,
      delivered: row.delivered,
      local: row.local,
      lastError: (lastError.get(row.server_id) as { last_error: string } | undefined)?.last_error,
      lastDeliveredAt: row.last_delivered_at ?? undefined,
    }));
  }

  /** Forgets what was delivered (or local) before `before`, and the dedupe of events that old. */
  prune(before: number): number {
    const run = this.db.transaction(() => {
      const removed = this.db.prepare("DELETE FROM outbox WHERE state IN ('delivered', 'local') AND updated_at < ?").run(before).changes;
      this.db.prepare('DELETE FROM sensor_events WHERE received_at < ? AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.sensor_id = sensor_events.sensor_id AND outbox.event_id = sensor_events.event_id)').run(before);
      return removed;
    });
    return run();
  }

  close(): void {
    this.db.close();
  }
}
