import type { EventRecord } from '../../../shared/model/event';

/**
 * Where received events are kept. The core depends on this interface only, so the store
 * can be swapped (in memory now; a durable journal is the plan) and faked in tests.
 */
export interface EventStore {
  append(records: readonly EventRecord[]): Promise<void>;
  /** Newest first; `before` is an event id to page back from. */
  recent(limit: number, before?: string): Promise<EventRecord[]>;
  get(id: string): Promise<EventRecord | undefined>;
}

/** The most recent events in memory, bounded. */
export class MemoryEventStore implements EventStore {
  private readonly records: EventRecord[] = [];
  private readonly byId = new Map<string, EventRecord>();

  constructor(private readonly capacity = 10_000) {}

  append(records: readonly EventRecord[]): Promise<void> {
    for (const record of records) {
      this.records.push(record);
      this.byId.set(record.id, record);
    }
    const excess = this.records.length - this.capacity;
    if (excess > 0) for (const gone of this.records.splice(0, excess)) this.byId.delete(gone.id);
    return Promise.resolve();
  }

  recent(limit: number, before?: string): Promise<EventRecord[]> {
    let end = this.records.length;
    if (before !== undefined) {
      const at = this.records.findIndex((record) => record.id === before);
      if (at >= 0) end = at;
    }
    return Promise.resolve(this.records.slice(Math.max(0, end - limit), end).reverse());
  }

  get(id: string): Promise<EventRecord | undefined> {
    return Promise.resolve(this.byId.get(id));
  }
}
