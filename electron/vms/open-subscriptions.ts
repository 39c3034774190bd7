import type { EventSubscription } from './adapter';

/**
 * The event subscriptions an adapter has open (pollers, streams): each one the core closes
 * leaves the set, and `closeAll()` ends those still open when the adapter is disposed.
 */
export class OpenSubscriptions {
  private readonly open = new Set<EventSubscription>();

  /** Keeps `subscription` until it is closed; the core gets the handle that closes it. */
  track(subscription: EventSubscription): EventSubscription {
    this.open.add(subscription);
    return {
      close: () => {
        this.open.delete(subscription);
        subscription.close();
      },
    };
  }

  closeAll(): void {
    for (const subscription of this.open) subscription.close();
    this.open.clear();
  }
}
