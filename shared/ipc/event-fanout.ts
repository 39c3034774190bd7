import { type EventName, isEventName } from './channels';

/** The one listener slot on the transport's event channel (ipcRenderer's or the web socket's). */
export interface EventSource {
  on(listener: (message: unknown) => void): void;
}

/**
 * Every core event arrives on one channel as `{ name, payload }`. One listener on that
 * channel hands each event to the subscribers of its name only, however many tiles
 * subscribe (a listener per subscription on the channel made every event run every
 * tile's handler, and Node warns past ten). Used by both transports' bridges; the channel
 * listener is installed on the first subscription.
 */
export class EventFanout {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private listening = false;

  constructor(private readonly source: EventSource) {}

  subscribe(name: unknown, listener: unknown): () => void {
    if (!isEventName(name) || typeof listener !== 'function') return () => undefined;
    if (!this.listening) {
      this.listening = true;
      this.source.on((message) => {
        this.dispatch(message);
      });
    }
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    // Wrapped, so one function subscribed twice is two subscriptions, each undone once.
    const entry = (payload: unknown): void => {
      (listener as (payload: unknown) => void)(payload);
    };
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /** How many subscribers an event name has. */
  count(name: EventName): number {
    return this.listeners.get(name)?.size ?? 0;
  }

  /** Hands a `{ name, payload }` message to the subscribers of its name; anything else is dropped. */
  dispatch(message: unknown): void {
    if (typeof message !== 'object' || message === null || !('name' in message)) return;
    const { name, payload } = message as { name: unknown; payload?: unknown };
    if (!isEventName(name)) return;
    for (const listener of this.listeners.get(name) ?? []) listener(payload);
  }
}
