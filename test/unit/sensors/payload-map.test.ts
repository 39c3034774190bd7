import { describe, expect, it } from 'vitest';
import { mapPayload, parseTime, readPath } from '../../../electron/core/sensors/payload-map';
import { topicMatches } from '../../../electron/core/sensors/topic-match';
import { SensorConfig, type SensorConfigInput } from '../../../shared/model/sensor';

const NOW = 1_750_000_000_000;
const sensor = (mapping: SensorConfigInput['mapping']): SensorConfig => SensorConfig.parse({ id: 's1', name: 'Gate', source: { kind: 'mqtt', url: 'mqtt://broker', topic: 't' }, mapping });
const bytes = (value: unknown): Uint8Array => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('payload mapping', () => {
  it('reads dotted paths with indexes, and nothing from what is not there', () => {
    const value = { a: { b: [{ c: 1 }, { c: 'two' }] }, 'x-y': true };
    expect(readPath(value, 'a.b[1].c')).toBe('two');
    expect(readPath(value, 'x-y')).toBe(true);
    expect(readPath(value, 'a.b[5].c')).toBeUndefined();
    expect(readPath(value, 'a.constructor')).toBeUndefined();
    expect(readPath('text', 'length')).toBeUndefined();
  });

  it('reads times in epoch seconds, epoch ms and ISO text', () => {
    expect(parseTime(1607123955.475)).toBe(1607123955475);
    expect(parseTime(1607123955475)).toBe(1607123955475);
    expect(parseTime('2024-05-01T10:00:00Z')).toBe(Date.parse('2024-05-01T10:00:00Z'));
    expect(parseTime('yesterday')).toBeUndefined();
  });

  it('maps Frigate\'s change feed: one event per id, raised by `new` only', () => {
    const frigate = sensor({ preset: 'frigate-events' });
    const message = (type: string) => ({ type, before: {}, after: { id: '1607123955.475377-mxklsc', camera: 'front_door', label: 'person', start_time: 1607123955.475377 } });
    const outcome = mapPayload(frigate, bytes(message('new')), NOW);
    expect(outcome).toMatchObject({ kind: 'event', event: { eventId: '1607123955.475377-mxklsc', type: 'person', label: 'person on front_door', time: 1607123955475, timeUncertain: false } });
    expect(mapPayload(frigate, bytes(message('update')), NOW).kind).toBe('skip');
    expect(mapPayload(frigate, bytes(message('end')), NOW).kind).toBe('skip');
    expect(mapPayload(sensor({ preset: 'frigate-reviews' }), bytes({ type: 'new', after: { id: 'r1', camera: 'yard', severity: 'alert', start_time: 1 } }), NOW)).toMatchObject({ kind: 'event', event: { type: 'alert', label: 'Frigate alert on yard' } });
  });

  it('maps plain JSON by paths, keeps every field as metadata, and names a payload without id by its hash', () => {
    const plain = sensor({ id: 'data.event_id', typePath: 'data.notification_type', time: 'created_at', label: 'Door {data.door_info.name}' });
    const body = { created_at: 1700000000, data: { event_id: 'e-9', notification_type: 'door_forced_open', door_info: { name: 'Lobby' } } };
    expect(mapPayload(plain, bytes(body), NOW)).toMatchObject({ kind: 'event', event: { eventId: 'e-9', type: 'door_forced_open', label: 'Door Lobby', time: 1_700_000_000_000, metadata: body } });
    const bare = mapPayload(sensor({ type: 'smoke' }), bytes('ALARM'), NOW);
    const again = mapPayload(sensor({ type: 'smoke' }), bytes('ALARM'), NOW + 5);
    expect(bare).toMatchObject({ kind: 'event', event: { type: 'smoke', timeUncertain: true, time: NOW, metadata: { value: 'ALARM' } } });
    expect(bare.kind === 'event' && again.kind === 'event' && bare.event.eventId === again.event.eventId).toBe(true);
    expect(mapPayload(sensor({ metadata: ['a.b'] }), bytes({ a: { b: 1 }, secret: 'x' }), NOW)).toMatchObject({ kind: 'event', event: { metadata: { 'a.b': 1 } } });
  });

  it('matches MQTT topic filters as brokers do', () => {
    expect(topicMatches('frigate/events', 'frigate/events')).toBe(true);
    expect(topicMatches('site/+/state', 'site/door1/state')).toBe(true);
    expect(topicMatches('site/+/state', 'site/door1/x/state')).toBe(false);
    expect(topicMatches('site/#', 'site/a/b')).toBe(true);
    expect(topicMatches('#', '$SYS/broker')).toBe(false);
    expect(topicMatches('site/door', 'site/door/x')).toBe(false);
  });
});
