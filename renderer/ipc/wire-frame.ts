import { WIRE_BYTES_KEY, WIRE_LENGTH_BYTES } from '../../shared/ipc/wire';

/**
 * A binary frame's message, each named part as a `Uint8Array` of its own (its own buffer:
 * a player may hand it to a worker, which detaches it). Undefined for a frame that is not
 * one (too short, a header that is not JSON, a part outside the frame).
 */
export function decodeBinaryMessage(frame: ArrayBuffer): unknown {
  if (frame.byteLength < WIRE_LENGTH_BYTES) return undefined;
  const headerLength = new DataView(frame).getUint32(0);
  const bodyStart = WIRE_LENGTH_BYTES + headerLength;
  if (bodyStart > frame.byteLength) return undefined;
  const bodyLength = frame.byteLength - bodyStart;
  try {
    return JSON.parse(new TextDecoder().decode(new Uint8Array(frame, WIRE_LENGTH_BYTES, headerLength)), (_key, value: unknown) => {
      const span = bytesSpan(value);
      if (!span) return value;
      const [offset, length] = span;
      if (offset + length > bodyLength) throw new RangeError('a part outside the frame');
      return new Uint8Array(frame.slice(bodyStart + offset, bodyStart + offset + length));
    }) as unknown;
  } catch {
    return undefined;
  }
}

/** `[offset, length]` when `value` is exactly `{ "$bytes": [offset, length] }`. */
function bytesSpan(value: unknown): readonly [number, number] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== WIRE_BYTES_KEY) return undefined;
  const span = (value as Record<string, unknown>)[WIRE_BYTES_KEY];
  if (!Array.isArray(span) || span.length !== 2) return undefined;
  const [offset, length] = span as unknown[];
  return Number.isSafeInteger(offset) && Number.isSafeInteger(length) && (offset as number) >= 0 && (length as number) >= 0 ? [offset as number, length as number] : undefined;
}
