import { randomUUID } from 'node:crypto';
import type { SiteEvent } from '../site/events';

/**
 * Event types of the simulated gateway. Motion start and stop are Milestone's own ids (its
 * protocol samples, `EventsAndStateWebSocketApiPython/event_types.py`); the others are this
 * simulator's, named as XProtect names them, and clients learn them from `/eventTypes/{id}`.
 */
export const EVENT_TYPES = {
  motionStarted: { id: '6eb95dd6-7ccc-4bce-99f8-af0d0b582d77', displayName: 'Motion Started' },
  motionStopped: { id: '6f55a7a7-d21c-4629-ac18-af1975e395a2', displayName: 'Motion Stopped' },
  communicationStarted: { id: '2d1d7b6c-5d1f-4c55-9b1a-0a6c1e9c0001', displayName: 'Communication Started' },
  communicationStopped: { id: '2d1d7b6c-5d1f-4c55-9b1a-0a6c1e9c0002', displayName: 'Communication Stopped' },
  recordingStarted: { id: '2d1d7b6c-5d1f-4c55-9b1a-0a6c1e9c0003', displayName: 'Recording Started' },
  recordingStopped: { id: '2d1d7b6c-5d1f-4c55-9b1a-0a6c1e9c0004', displayName: 'Recording Stopped' },
} as const;

/** Analytics kinds of the site → an event type of their own (the site's label as its name). */
export function analyticsTypeId(kind: string): string {
  const hex = Buffer.from(kind).toString('hex').padEnd(12, '0').slice(0, 12);
  return `a11ce000-0000-4000-8000-${hex}`;
}

export interface MsEvent {
  /** Position in this gateway's list: replays and REST pages follow it. */
  readonly seq: number;
  readonly id: string;
  readonly time: string;
  readonly source: string;
  readonly type: string;
  readonly stategroupid?: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

/**
 * Every event the gateway raised, in order: site events under their Milestone types,
 * status changes, and user-defined events triggered through `POST /events`. Sockets and
 * the REST list read from it; a resumed session replays from it.
 */
export class EventBook {
  private readonly list: MsEvent[] = [];
  private readonly listeners = new Set<(event: MsEvent) => void>();
  private nextSeq = 1;
  readonly typeNames = new Map<string, string>(Object.values(EVENT_TYPES).map((type) => [type.id, type.displayName]));

  constructor(private readonly keep = 20_000) {}

  subscribe(listener: (event: MsEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(fields: Omit<MsEvent, 'seq' | 'id' | 'time'> & { readonly time?: number }): MsEvent {
    const event: MsEvent = { ...fields, seq: this.nextSeq++, id: randomUUID(), time: new Date(fields.time ?? Date.now()).toISOString() };
    this.list.push(event);
    if (this.list.length > this.keep) this.list.splice(0, this.list.length - this.keep);
    for (const listener of [...this.listeners]) listener(event);
    return event;
  }

  fromSite(event: SiteEvent, cameraGuid: string): MsEvent {
    let type: string;
    if (event.kind === 'camera-offline') type = EVENT_TYPES.communicationStopped.id;
    else if (event.kind === 'camera-online') type = EVENT_TYPES.communicationStarted.id;
    else if (event.kind === 'activity') type = EVENT_TYPES.motionStarted.id;
    else {
      type = analyticsTypeId(event.kind);
      this.typeNames.set(type, event.label);
    }
    return this.add({ source: `cameras/${cameraGuid}`, type, time: event.time, data: { siteEventId: event.id, label: event.label } });
  }

  all(): readonly MsEvent[] {
    return this.list;
  }

  /** Events after the one with this id (a resume's `eventId`); undefined when it is no longer kept. */
  after(eventId: string): MsEvent[] | undefined {
    const index = this.list.findIndex((event) => event.id === eventId);
    return index < 0 ? undefined : this.list.slice(index + 1);
  }
}
