import { create } from 'zustand';
import type { EventRecord } from '../../shared/model/event';
import type { TesseraClient } from '../ipc/client';

/** Events the window keeps at hand; older ones stay in the core's store. */
const KEEP = 2000;

interface EventsState {
  /** Newest first. */
  readonly events: readonly EventRecord[];
  readonly selectedId: string | undefined;
  readonly select: (id: string | undefined) => void;
}

export const useEvents = create<EventsState>()((set) => ({
  events: [],
  selectedId: undefined,
  select: (id) => set({ selectedId: id }),
}));

/** Merges records (any order) into a newest-first list without duplicates. */
export function mergeEvents(current: readonly EventRecord[], incoming: readonly EventRecord[]): EventRecord[] {
  const known = new Set(current.map((event) => event.id));
  const fresh = incoming.filter((event) => !known.has(event.id));
  if (fresh.length === 0) return [...current];
  return [...fresh, ...current].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, KEEP);
}

/** Loads recent events and keeps the list current. Returns the function that stops listening. */
export function syncEvents(client: TesseraClient): () => void {
  const stop = client.on('events.added', (batch) => useEvents.setState((state) => ({ events: mergeEvents(state.events, batch) })));
  void client.invoke('events.recent', { limit: 200 }).then((result) => {
    if (result.ok) useEvents.setState((state) => ({ events: mergeEvents(state.events, result.value) }));
  });
  return stop;
}
