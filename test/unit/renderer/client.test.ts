import { describe, expect, it } from 'vitest';
import type { EventName, InvokeChannel } from '../../../shared/ipc/channels';
import type { TesseraBridge } from '../../../renderer/ipc/bridge';
import { TesseraClient } from '../../../renderer/ipc/client';

function bridge(reply: unknown): TesseraBridge & { emit(name: EventName, payload: unknown): void } {
  const listeners: Array<[EventName, (payload: unknown) => void]> = [];
  return {
    invoke: (_channel: InvokeChannel) => Promise.resolve(reply),
    on: (name, listener) => {
      listeners.push([name, listener]);
      return () => undefined;
    },
    emit: (name, payload) => listeners.filter(([n]) => n === name).forEach(([, listener]) => listener(payload)),
  };
}

describe('TesseraClient', () => {
  it('passes valid replies through', async () => {
    const client = new TesseraClient(bridge({ ok: true, value: { version: '1', transport: 'web', demo: true } }));
    expect(await client.invoke('app.info', {})).toEqual({ ok: true, value: { version: '1', transport: 'web', demo: true } });
  });

  it('turns a reply that breaks the contract into an error instead of bad data', async () => {
    const client = new TesseraClient(bridge({ ok: true, value: { version: 1 } }));
    expect(await client.invoke('app.info', {})).toEqual({ ok: false, error: { code: 'internal', message: 'Malformed reply to app.info' } });
  });

  it('delivers only well-formed events', () => {
    const raw = bridge(null);
    const client = new TesseraClient(raw);
    const seen: unknown[] = [];
    client.on('stream.state', (event) => seen.push(event));
    const warn = console.warn;
    console.warn = () => undefined;
    raw.emit('stream.state', { streamId: 's', state: 'exploded' });
    console.warn = warn;
    raw.emit('stream.state', { streamId: 's', state: 'restarted' });
    expect(seen).toEqual([{ streamId: 's', state: 'restarted' }]);
  });
});
