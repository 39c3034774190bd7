import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** `POST /poll` body: per device, the resources to track and, for `event`, which four-CC codes (EENCloud/api-docs _api_poll.md). */
export const PollRegistration = z.object({
  cameras: z.record(
    z.string(),
    z.object({
      resource: z.array(z.string()).default([]),
      event: z.array(z.string()).default([]),
    }),
  ),
});
export type PollRegistration = z.infer<typeof PollRegistration>;

export interface EenPollEvent {
  readonly esn: string;
  readonly code: string;
  readonly body: Readonly<Record<string, unknown>>;
}

interface Pending {
  status?: number;
  readonly events: Map<string, Array<Readonly<Record<string, unknown>>>>;
}

/**
 * One `/poll` session (its `ee-poll-ses` cookie): what the client registered, and what
 * changed since its last GET. A poll reply holds at most one event per four-CC code per
 * camera (`event` is an object keyed by code), so events of one kind that come faster
 * than the client polls wait for the next GET instead of overwriting each other.
 */
export class PollSession {
  readonly id = randomBytes(12).toString('base64url');
  private readonly pending = new Map<string, Pending>();
  private waiter: (() => void) | undefined;
  lastSeen = Date.now();

  constructor(
    readonly authKey: string,
    private readonly registration: PollRegistration,
  ) {}

  wants(esn: string, resource: string, code?: string): boolean {
    const entry = this.registration.cameras[esn];
    if (!entry?.resource.includes(resource)) return false;
    return code === undefined || entry.event.length === 0 || entry.event.includes(code);
  }

  cameras(): string[] {
    return Object.keys(this.registration.cameras);
  }

  pushStatus(esn: string, status: number): void {
    if (!this.wants(esn, 'status')) return;
    this.entry(esn).status = status;
    this.wake();
  }

  pushEvent(event: EenPollEvent): void {
    if (!this.wants(event.esn, 'event', event.code)) return;
    const events = this.entry(event.esn).events;
    events.set(event.code, [...(events.get(event.code) ?? []), event.body]);
    this.wake();
  }

  /** Changes since the last GET, waiting up to `waitMs` for one. */
  async changes(waitMs: number, signal: AbortSignal): Promise<Record<string, Record<string, unknown>>> {
    this.lastSeen = Date.now();
    if (this.pending.size === 0) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          this.waiter = undefined;
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        signal.addEventListener('abort', done, { once: true });
        this.waiter = done;
      });
    }
    this.lastSeen = Date.now();
    const reply: Record<string, Record<string, unknown>> = {};
    for (const [esn, pending] of this.pending) {
      const camera: Record<string, unknown> = {};
      if (pending.status !== undefined) camera.status = pending.status;
      const events: Record<string, unknown> = {};
      for (const [code, queue] of pending.events) {
        const first = queue.shift();
        if (first) events[code] = first;
        if (queue.length === 0) pending.events.delete(code);
      }
      if (Object.keys(events).length > 0) camera.event = events;
      reply[esn] = camera;
      pending.status = undefined;
      if (pending.events.size === 0) this.pending.delete(esn);
    }
    return reply;
  }

  close(): void {
    this.waiter?.();
  }

  private entry(esn: string): Pending {
    let entry = this.pending.get(esn);
    if (!entry) {
      entry = { events: new Map() };
      this.pending.set(esn, entry);
    }
    return entry;
  }

  private wake(): void {
    this.waiter?.();
  }
}
