import { describe, expect, it } from 'vitest';
import { encodeMessage } from '../../../electron/web/wire-frame';
import { decodeBinaryMessage } from '../../../renderer/ipc/wire-frame';

/** The frame as the browser's WebSocket hands it over (binaryType 'arraybuffer'). */
const received = (frame: Uint8Array): ArrayBuffer => frame.slice().buffer;

describe('the web transport\'s frames', () => {
  it('sends a message without bytes as JSON text, as before', () => {
    const message = { type: 'event', name: 'stream.playlist', payload: { path: '/media/cam/index.m3u8', version: 3 } };
    expect(encodeMessage(message)).toBe(JSON.stringify(message));
  });

  it('sends segments as bytes in one binary frame, each read back as a Uint8Array of its own', () => {
    // A Node Buffer that is a view into a larger pool, as the core's segment cache holds them.
    const pool = Buffer.from('xxSEG-ONEyySEG-TWO');
    const message = {
      type: 'event',
      name: 'stream.playlist',
      payload: { text: '#EXTM3U\n', segments: [{ path: '/media/cam/s/1.ts', data: pool.subarray(2, 9) }, { path: '/media/cam/s/2.ts', data: new Uint8Array(pool.subarray(11)) }] },
    };
    const frame = encodeMessage(message);
    if (typeof frame === 'string') throw new Error('expected a binary frame');
    const decoded = decodeBinaryMessage(received(frame)) as { payload: { text: string; segments: Array<{ path: string; data: Uint8Array }> } };
    expect(decoded.payload.text).toBe('#EXTM3U\n');
    const segments = decoded.payload.segments;
    expect(segments.map((segment) => [segment.path, Buffer.from(segment.data).toString()])).toEqual([
      ['/media/cam/s/1.ts', 'SEG-ONE'],
      ['/media/cam/s/2.ts', 'SEG-TWO'],
    ]);
    // Each is all of its own buffer: the player hands it to its worker, which detaches it.
    for (const segment of segments) expect(segment.data.byteLength).toBe(segment.data.buffer.byteLength);
  });

  it('reads nothing from a frame that is not one, rather than parts of another', () => {
    const good = encodeMessage({ payload: { data: new Uint8Array([1, 2, 3]) } });
    if (typeof good === 'string') throw new Error('expected a binary frame');
    const header = new TextEncoder().encode('{"data":{"$bytes":[2,5]}}');
    const outside = new Uint8Array(4 + header.byteLength + 3);
    new DataView(outside.buffer).setUint32(0, header.byteLength);
    outside.set(header, 4);
    expect(decodeBinaryMessage(received(outside))).toBeUndefined();
    expect(decodeBinaryMessage(received(good.subarray(0, 3)))).toBeUndefined();
    expect(decodeBinaryMessage(received(good.subarray(0, 10)))).toBeUndefined();
    const notJson = new Uint8Array([0, 0, 0, 2, 0x7b, 0x7b]);
    expect(decodeBinaryMessage(received(notJson))).toBeUndefined();
  });
});
