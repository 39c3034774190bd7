import { WIRE_BYTES_KEY, WIRE_LENGTH_BYTES } from '../../shared/ipc/wire';

/**
 * The message as text when it holds no bytes, else as one binary frame (the format is
 * described beside WIRE_BYTES_KEY).
 */
export function encodeMessage(message: unknown): string | Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const header = JSON.stringify(message, function (this: Record<string, unknown>, key: string, value: unknown) {
    // The value before `toJSON`: a Node Buffer would already have become `{ type, data }`.
    const raw = key === '' ? value : this[key];
    if (!(raw instanceof Uint8Array)) return value;
    parts.push(raw);
    const named = { [WIRE_BYTES_KEY]: [offset, raw.byteLength] };
    offset += raw.byteLength;
    return named;
  });
  if (parts.length === 0) return header;
  const headerBytes = new TextEncoder().encode(header);
  const frame = new Uint8Array(WIRE_LENGTH_BYTES + headerBytes.byteLength + offset);
  new DataView(frame.buffer).setUint32(0, headerBytes.byteLength);
  frame.set(headerBytes, WIRE_LENGTH_BYTES);
  let at = WIRE_LENGTH_BYTES + headerBytes.byteLength;
  for (const part of parts) {
    frame.set(part, at);
    at += part.byteLength;
  }
  return frame;
}
