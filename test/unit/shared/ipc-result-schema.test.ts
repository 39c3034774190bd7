import { describe, expect, it } from 'vitest';
import { invokeContract } from '../../../shared/ipc/contract';
import { resultSchema } from '../../../shared/ipc/schemas';

describe('reply schemas', () => {
  it('are built once per channel and then reused, as the page checks every reply', () => {
    const response = invokeContract['live.start'].response;
    expect(resultSchema(response)).toBe(resultSchema(response));
    expect(resultSchema(invokeContract['stream.stop'].response)).not.toBe(resultSchema(response));
  });

  it('a kept schema still tells a good reply, an error and a malformed reply apart', () => {
    const schema = resultSchema(invokeContract['live.start'].response);
    for (let reply = 0; reply < 2; reply++) {
      expect(schema.safeParse({ ok: true, value: { streamId: 's1', url: '/media/s1/index.m3u8', kind: 'hls', mode: 'live' } }).success).toBe(true);
      expect(schema.safeParse({ ok: false, error: { code: 'unavailable', message: 'The VMS is not answering' } }).success).toBe(true);
      expect(schema.safeParse({ ok: true, value: { streamId: '', url: '/media/s1/index.m3u8', kind: 'hls', mode: 'live' } }).success).toBe(false);
    }
  });
});
