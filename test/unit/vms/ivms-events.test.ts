import { describe, expect, it } from 'vitest';
import { parseIvmsMessage } from '../../../electron/vms/ivms/ivms-events';

const received = Date.UTC(2026, 0, 1, 12, 0, 0);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).toString('base64');

describe('parseIvmsMessage', () => {
  it('drops the open and close status messages', () => {
    expect(parseIvmsMessage('{"status": 1, "code": 101, "description": "Web Socket Protocol Handshake", "message": "Connection Successful!", "result": []}', 'UTC', received)).toEqual({ kind: 'status' });
    expect(parseIvmsMessage('{"status": 1, "code": 101, "message": "Connection Closed!", "result": []}', 'UTC', received)).toEqual({ kind: 'status' });
  });

  it('reads the document\'s event, with eventTime in the server\'s zone', () => {
    const message = JSON.stringify({ cameraId: 2, cameraName: '192.168.1.47', eventTime: '2017-07-07 11:56:47', alertMessage: 'Activity Detection', alertType: 209, base64imageUrl: `data:image/jpeg;base64,${jpeg}`, eventDetails1: 'EventId=77' });
    const parsed = parseIvmsMessage(message, 'Asia/Kolkata', received);
    if (parsed.kind !== 'event') throw new Error('expected an event');
    expect(parsed.event).toMatchObject({ cameraId: '2', cameraName: '192.168.1.47', sourceTime: '2017-07-07 11:56:47', timeUncertain: false, type: '209', label: 'Activity Detection', vendorEventId: '77' });
    expect(new Date(parsed.event.time).toISOString()).toBe('2017-07-07T06:26:47.000Z');
    expect(parsed.event.image?.contentType).toBe('image/jpeg');
    expect([...(parsed.event.image?.bytes ?? [])]).toEqual([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    expect(parsed.event.raw).not.toHaveProperty('base64imageUrl');
  });

  it('keeps an event whose time or picture is unreadable, timed at its arrival', () => {
    const parsed = parseIvmsMessage(JSON.stringify({ cameraId: 1, eventTime: 'yesterday', alertType: 210, base64imageUrl: '..' }), 'UTC', received);
    if (parsed.kind !== 'event') throw new Error('expected an event');
    expect(parsed.event).toMatchObject({ time: received, timeUncertain: true, label: 'Alert 210', image: undefined });
  });

  it('never loses a message, even one that is not JSON', () => {
    const parsed = parseIvmsMessage('<<garbled>>', 'UTC', received);
    expect(parsed).toMatchObject({ kind: 'event', event: { type: 'unreadable', label: 'Unreadable event', raw: { text: '<<garbled>>' }, time: received } });
  });

  it('recognises camera status events', () => {
    expect(parseIvmsMessage(JSON.stringify({ cameraId: 4, alertType: 601, alertMessage: 'Camera Offline' }), 'UTC', received)).toMatchObject({ kind: 'event', cameraStatus: 'offline' });
    expect(parseIvmsMessage(JSON.stringify({ cameraId: 4, alertType: 602, alertMessage: 'Camera Online' }), 'UTC', received)).toMatchObject({ kind: 'event', cameraStatus: 'online' });
  });
});
