import { describe, expect, it, vi } from 'vitest';
import { CoreError } from '../../../electron/core/errors';
import { HandlerRegistry, type Handlers } from '../../../electron/core/registry';
import { VmsError } from '../../../electron/vms/errors';
import { fakeHandlers } from '../support/handlers';

function registry(overrides: Partial<Handlers> = {}): HandlerRegistry {
  const instance = new HandlerRegistry();
  instance.implement(fakeHandlers(overrides));
  return instance;
}

const ctx = { clientId: 'c1' };

describe('HandlerRegistry', () => {
  it('refuses unknown channels and invalid payloads as data, without calling a handler', async () => {
    const start = vi.fn();
    const subject = registry({ 'live.start': start });
    expect(await subject.invoke('shell.exec', {}, ctx)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const bad = await subject.invoke('live.start', { serverId: 'a', cameraId: 'b', width: -1, height: 10 }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(!bad.ok && bad.error.message).toMatch(/width/);
    expect(start).not.toHaveBeenCalled();
  });

  it('maps VMS and core errors to typed errors with their words', async () => {
    const vms = new VmsError({ kind: 'site-down', url: 'http://vms/x' }, 'The site VMS server is down');
    const subject = registry({
      'live.start': () => Promise.reject(vms),
      'stream.stop': () => Promise.reject(new CoreError('not-found', 'No stream s9')),
    });
    expect(await subject.invoke('live.start', { serverId: 'a', cameraId: 'b', width: 1, height: 1 }, ctx)).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'The site VMS server is down' },
    });
    expect(await subject.invoke('stream.stop', { streamId: 's9' }, ctx)).toEqual({ ok: false, error: { code: 'not-found', message: 'No stream s9' } });
  });

  it('hides internal errors and replies that break the contract', async () => {
    const subject = registry({
      'servers.list': () => Promise.reject(new Error('secret stack detail')),
      'cameras.list': () => Promise.resolve([{ password: 'hvs' }] as never),
    });
    const thrown = await subject.invoke('servers.list', {}, ctx);
    expect(thrown).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error in servers.list' } });
    expect(await subject.invoke('cameras.list', {}, ctx)).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error in cameras.list' } });
  });

  it('passes the caller to handlers', async () => {
    const start = vi.fn(() => Promise.resolve({ streamId: 's', url: '/media/s/index.m3u8', kind: 'hls' as const, mode: 'live' as const }));
    await registry({ 'live.start': start }).invoke('live.start', { serverId: 'a', cameraId: 'b', width: 2, height: 2 }, ctx);
    expect(start).toHaveBeenCalledWith({ serverId: 'a', cameraId: 'b', width: 2, height: 2 }, ctx);
  });

  it('delivers events to one client or all, validated, and reports disconnects once', () => {
    const subject = registry();
    const a = vi.fn();
    const b = vi.fn();
    const gone = vi.fn();
    subject.onDisconnect(gone);
    subject.connect('a', a);
    const stopB = subject.connect('b', b);
    subject.emit('stream.state', { streamId: 's', state: 'restarted' }, 'a');
    subject.emit('servers.changed', []);
    subject.emit('stream.state', { streamId: '', state: 'restarted' }); // invalid: dropped
    expect(a).toHaveBeenCalledTimes(2);
    expect(b).toHaveBeenCalledTimes(1);
    stopB();
    stopB();
    expect(gone).toHaveBeenCalledTimes(1);
    expect(gone).toHaveBeenCalledWith('b');
  });
});
