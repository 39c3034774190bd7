import { DateTime } from 'luxon';
import { ANALYTIC_KINDS, STATUS_KINDS, type SiteEvent, type SiteEventKind } from '../site/events';

/** An IVMS alert: the numeric `alertType` and its `alertMessage`. */
export interface AlertKind {
  readonly type: number;
  readonly message: string;
}

/**
 * The site's event kinds as IVMS alert types. 209 "Activity Detection" is the document's
 * example; the others are the codes this simulator has always used for them.
 */
const ALERT_TYPES: Readonly<Record<string, number>> = {
  activity: 209,
  intrusion: 201,
  tripwire: 203,
  loitering: 207,
  tampering: 210,
  'abandoned-object': 215,
  crowd: 220,
  'camera-offline': 601,
  'camera-online': 602,
};

/** A kind IVMS has no code for, raised through this front with a code of its own. */
const CUSTOM_KIND = /^ivms-(\d+)$/;

export function alertOf(event: Pick<SiteEvent, 'kind' | 'label'>): AlertKind {
  const custom = CUSTOM_KIND.exec(event.kind);
  return { type: ALERT_TYPES[event.kind] ?? (custom ? Number(custom[1]) : 0), message: event.label };
}

/** The analytics alerts the site raises, as IVMS codes them. */
export const ANALYTIC_ALERTS: readonly AlertKind[] = ANALYTIC_KINDS.map((kind) => alertOf(kind));

/** The site kind for an alert type posted to this front's control routes. */
export function kindOfAlert(type: number, message?: string): SiteEventKind {
  const kind = Object.entries(ALERT_TYPES).find(([, code]) => code === type)?.[0];
  const label = [...ANALYTIC_KINDS, ...Object.values(STATUS_KINDS)].find((candidate) => candidate.kind === kind)?.label;
  return kind ? { kind, label: message ?? label ?? 'Custom Alert' } : { kind: `ivms-${type}`, label: message ?? 'Custom Alert' };
}

/**
 * How a client learns an event's id, which the document's event has no field for: the
 * simulator writes it into `eventDetails1` as `EventId=<n>`, and `/event/<n>/snap|clip`
 * serve that event's picture and video.
 */
export const EVENT_ID_PATTERN = /EventId=(\d+)/;

/** The event as the real server sends it on `/notification`: `eventTime` in the server's zone, without an offset. */
export function wireEvent(event: SiteEvent, timeZone: string): Record<string, unknown> {
  const alert = alertOf(event);
  return {
    cameraId: event.cameraId,
    cameraName: event.cameraName,
    eventTime: DateTime.fromMillis(event.time, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm:ss'),
    alertMessage: alert.message,
    alertType: alert.type,
    base64imageUrl: event.jpeg ? `data:image/jpeg;base64,${event.jpeg.toString('base64')}` : '..',
    eventDetails1: `EventId=${event.id}`,
  };
}
