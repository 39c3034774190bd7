import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_WINDOW_MESSAGE_BYTES } from '../../../shared/ipc/wire';
import { createWebBridge } from '../../../renderer/ipc/web-bridge';

/** A socket that is open at once and keeps what is sent on it (the bridge's only dependency on the browser). */
class OpenSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static last: OpenSocket | undefined;
  readonly readyState = OpenSocket.OPEN;
  readonly sent: string[] = [];
  binaryType = 'blob';
  constructor() {
    OpenSocket.last = this;
  }
  addEventListener(): void {}
  send(text: string): void {
    this.sent.push(text);
  }
}

beforeEach(() => {
  vi.stubGlobal('WebSocket', OpenSocket);
  vi.stubGlobal('location', { protocol: 'http:', host: '127.0.0.1:9', href: 'http://127.0.0.1:9/' });
});
afterEach(() => vi.unstubAllGlobals());

describe('web bridge', () => {
  it('sends a snapshot of a large frame, and refuses one the core would close the window for, with the reason, sending nothing', async () => {
    const bridge = createWebBridge('key');
    const socket = OpenSocket.last;
    // A 1080p frame's PNG in base64 (about 5 MB): sent.
    void bridge.invoke('files.save', { fileName: 'a.png', contentType: 'image/png', base64: 'A'.repeat(5 * 1024 * 1024) });
    expect(socket?.sent).toHaveLength(1);
    // Over the limit: answered at once as an error, and the socket (every tile's session) left alone.
    const refused = await bridge.invoke('files.save', { fileName: 'b.png', contentType: 'image/png', base64: 'A'.repeat(MAX_WINDOW_MESSAGE_BYTES) });
    expect(refused).toEqual({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/^Too large to send to the Tessera core \(64\.0 MB; at most 64\.0 MB\)$/) as unknown } });
    expect(socket?.sent).toHaveLength(1);
  });
});
