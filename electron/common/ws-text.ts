import type WebSocket from 'ws';

/** The text of a WebSocket message as the ws library hands it over (Buffer, ArrayBuffer or fragments). */
export function wsText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(new Uint8Array(data)) : data).toString('utf8');
}
