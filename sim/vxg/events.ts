import { ANALYTIC_KINDS, isStatusKind, type SiteEvent, type SiteEventHub, type SiteEventKind } from '../site/events';
import type { Access } from './tokens';

/** An event as the VXG front lists it. */
export interface VxgEvent {
  readonly id: number;
  readonly camid: number;
  readonly name: string;
  /** Epoch ms. */
  readonly time: number;
  readonly meta: Readonly<Record<string, unknown>>;
  /** A site event's snapshot; events created by clients have none. */
  readonly jpeg: Buffer | undefined;
  /** Set on events a client created: with which kind of credential. */
  readonly createdWith?: 'LKey' | Access;
}

/**
 * VXG names for the site's analytics: `motion` as VXG's own detector calls it (VXG-PY
 * storage_api_get_events.py filters `events=motion,sound`); the others in VXG's
 * snake_case style. Unknown names map to a site kind of the same name.
 */
const NAMES: Readonly<Record<string, string>> = { activity: 'motion' };

export function vxgName(kind: string): string {
  return NAMES[kind] ?? kind.replace(/-/g, '_');
}

export function kindOfName(name: string): SiteEventKind {
  const kind = Object.entries(NAMES).find(([, candidate]) => candidate === name)?.[0] ?? name.replace(/_/g, '-');
  return ANALYTIC_KINDS.find((candidate) => candidate.kind === kind) ?? { kind, label: name };
}

export interface NewEvent {
  readonly camid: number;
  readonly name: string;
  readonly time: number;
  readonly meta: Record<string, unknown>;
}

/** Created events kept (oldest dropped beyond it), as the site keeps its own. */
const KEEP_CREATED = 5000;

/**
 * The events a VXG client sees: the site's analytics events on the cameras that are
 * channels of this account (status changes are not events in VXG: they show as channel
 * status), and the events clients created with `POST /api/v2/storage/events/`. Ids come
 * from the site's one sequence, so they increase and never repeat.
 */
export class VxgEventBook {
  private readonly created = new Map<number, VxgEvent>();

  constructor(
    private readonly hub: SiteEventHub,
    private readonly channelOfCamera: (cameraId: number) => number | undefined,
  ) {}

  fromSite(event: SiteEvent): VxgEvent | undefined {
    if (isStatusKind(event.kind)) return undefined;
    const camid = this.channelOfCamera(event.cameraId);
    if (camid === undefined) return undefined;
    return { id: event.id, camid, name: vxgName(event.kind), time: event.time, meta: event.meta, jpeg: event.jpeg };
  }

  /** Every event the API can list, in id order. */
  all(): VxgEvent[] {
    const site = this.hub.since(0, Number.MAX_SAFE_INTEGER).flatMap((event) => this.fromSite(event) ?? []);
    return [...site, ...this.created.values()].sort((a, b) => a.id - b.id);
  }

  get(id: number): VxgEvent | undefined {
    const site = this.hub.get(id);
    return site ? this.fromSite(site) : this.created.get(id);
  }

  create(init: NewEvent, createdWith: 'LKey' | Access): VxgEvent {
    const event: VxgEvent = { id: this.hub.allocateId(), ...init, jpeg: undefined, createdWith };
    this.created.set(event.id, event);
    if (this.created.size > KEEP_CREATED) this.created.delete(this.created.keys().next().value ?? event.id);
    return event;
  }

  /** What clients created, oldest first (for tests comparing with what a client sent). */
  createdEvents(): VxgEvent[] {
    return [...this.created.values()];
  }
}
