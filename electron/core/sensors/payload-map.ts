import { createHash } from 'node:crypto';
import type { Severity } from '../../../shared/model/event';
import type { SensorConfig, SensorMapping } from '../../../shared/model/sensor';

/** One event of a sensor, as the bridge journals and delivers it. */
export interface SensorEvent {
  readonly sensorId: string;
  /** The sensor's own id of the event (or the payload's hash): (sensorId, eventId) is unique. */
  readonly eventId: string;
  readonly time: number;
  readonly sourceTime: string;
  readonly timeUncertain: boolean;
  /** `door.forced`, `smoke`, `person`: the journal types it `sensor:<type>`. */
  readonly type: string;
  readonly label: string;
  readonly severity: Severity | undefined;
  /** Every field passed on to the VMS and shown in the drawer. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** What a preset fills in where the sensor's mapping says nothing. */
const PRESETS: Readonly<Record<SensorMapping['preset'], Partial<SensorMapping>>> = {
  json: { id: 'id', time: 'time', typePath: 'type' },
  // Frigate: one `after.id` across new/update/end; `start_time` in epoch seconds; only `new`
  // raises an event, the updates and the end belong to the same one (docs.frigate.video/integrations/mqtt).
  'frigate-events': { id: 'after.id', time: 'after.start_time', typePath: 'after.label', onlyPath: 'type', onlyValue: 'new', label: '{after.label} on {after.camera}' },
  'frigate-reviews': { id: 'after.id', time: 'after.start_time', typePath: 'after.severity', onlyPath: 'type', onlyValue: 'new', label: 'Frigate {after.severity} on {after.camera}' },
};

/**
 * Reads `a.b[0].c` from a parsed JSON value. A tiny reader on purpose: sensor payloads need
 * member and index steps only, and a full JSONPath engine would take filter expressions
 * from a configuration file.
 */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const step of path.split('.')) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(step);
    if (!match) return undefined;
    current = member(current, match[1] ?? '');
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) current = Array.isArray(current) ? (current[Number(index[1])] as unknown) : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

function member(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

export type MapOutcome = { readonly kind: 'event'; readonly event: SensorEvent } | { readonly kind: 'skip'; readonly reason: string };

/**
 * A payload (the MQTT message's or webhook's body) as the sensor's event, or why it is not
 * one: not JSON, or filtered out (Frigate's updates of an event already raised).
 */
export function mapPayload(sensor: SensorConfig, body: Uint8Array, receivedAt: number): MapOutcome {
  const text = Buffer.from(body).toString('utf8');
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    // A sensor that publishes a bare word (`open`, `ON`): the word is the event.
    payload = { value: text.trim() };
  }
  const mapping: SensorMapping = { ...PRESETS[sensor.mapping.preset], ...definedOnly(sensor.mapping), preset: sensor.mapping.preset };
  if (mapping.onlyPath !== undefined && mapping.onlyValue !== undefined && textOf(readPath(payload, mapping.onlyPath)) !== mapping.onlyValue) {
    return { kind: 'skip', reason: `${mapping.onlyPath} is not "${mapping.onlyValue}"` };
  }
  const idValue = mapping.id === undefined ? undefined : readPath(payload, mapping.id);
  // QoS 1 redelivers the same bytes: their hash identifies a payload that carries no id.
  const eventId = isScalar(idValue) ? String(idValue) : `sha256:${createHash('sha256').update(body).digest('hex').slice(0, 32)}`;
  const rawTime = mapping.time === undefined ? undefined : readPath(payload, mapping.time);
  const time = parseTime(rawTime);
  const typeValue = mapping.typePath === undefined ? undefined : readPath(payload, mapping.typePath);
  const type = sanitizeType(mapping.type ?? (isScalar(typeValue) ? String(typeValue) : 'event'));
  const metadata = metadataOf(payload, mapping.metadata);
  const label = mapping.label ? fillLabel(mapping.label, payload) : `${sensor.name}: ${type}`;
  return {
    kind: 'event',
    event: {
      sensorId: sensor.id,
      eventId,
      time: time ?? receivedAt,
      sourceTime: isScalar(rawTime) ? String(rawTime) : new Date(receivedAt).toISOString(),
      timeUncertain: time === undefined,
      type,
      label,
      severity: mapping.severity,
      metadata,
    },
  };
}

function definedOnly(mapping: SensorMapping): Partial<SensorMapping> {
  const entries: Array<[string, unknown]> = Object.entries(mapping);
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

function textOf(value: unknown): string {
  return isScalar(value) ? String(value) : '';
}

function isScalar(value: unknown): value is string | number | boolean {
  return (typeof value === 'string' && value.length > 0) || typeof value === 'number' || typeof value === 'boolean';
}

/** Epoch seconds (Frigate), epoch ms, or an ISO 8601 text; anything else is no time. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  if (typeof value === 'string' && value.trim()) {
    if (/^\d+(\.\d+)?$/.test(value.trim())) return parseTime(Number(value));
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

/** A type fit for every VMS's event names: words, dots, dashes and underscores. */
function sanitizeType(type: string): string {
  const cleaned = type.trim().replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
  return cleaned || 'event';
}

function metadataOf(payload: unknown, paths: readonly string[] | undefined): Record<string, unknown> {
  if (paths === undefined) return payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? { ...(payload as Record<string, unknown>) } : { value: payload };
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const value = readPath(payload, path);
    if (value !== undefined) out[path] = value;
  }
  return out;
}

function fillLabel(template: string, payload: unknown): string {
  return template
    .replace(/\{([^{}]+)\}/g, (_, path: string) => {
      const value = readPath(payload, path.trim());
      return isScalar(value) ? String(value) : '?';
    })
    .slice(0, 200);
}
