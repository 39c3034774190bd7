import { describe, expect, it } from 'vitest';
import { EventFanout } from '../../../shared/ipc/event-fanout';

/** ipcRenderer's event channel, reduced to what the fan-out uses: counts the listeners added to it. */
function channel() {
  const handlers: Array<(message: unknown) => void> = [];
  return {
    handlers,
    source: { on: (listener: (message: unknown) => void) => void handlers.push(listener) },
    send: (message: unknown) => handlers.forEach((handler) => handler(message)),
  };
}

describe('the event fan-out of both bridges', () => {
  it('keeps one listener on the channel however many tiles subscribe, and gives each event only to its own subscribers', () => {
    const ipc = channel();
    const fanout = new EventFanout(ipc.source);
    const states: unknown[] = [];
    const alerts: unknown[] = [];
    const unsubscribe = Array.from({ length: 64 }, (_, tile) => fanout.subscribe('stream.state', (payload: unknown) => states.push([tile, payload])));
    fanout.subscribe('alerts.counts', (payload: unknown) => alerts.push(payload));
    expect(ipc.handlers).toHaveLength(1);

    ipc.send({ name: 'alerts.counts', payload: { open: 2 } });
    expect(alerts).toEqual([{ open: 2 }]);
    expect(states).toEqual([]);
    ipc.send({ name: 'stream.state', payload: 'x' });
    expect(states).toHaveLength(64);

    for (const stop of unsubscribe.slice(1)) stop();
    expect(fanout.count('stream.state')).toBe(1);
    ipc.send({ name: 'stream.state', payload: 'y' });
    expect(states.at(-1)).toEqual([0, 'y']);
    expect(states).toHaveLength(65);
  });

  it('ignores unknown names, non-functions and malformed messages', () => {
    const ipc = channel();
    const fanout = new EventFanout(ipc.source);
    expect(fanout.subscribe('system.exec', () => undefined)()).toBeUndefined();
    expect(fanout.subscribe('stream.state', 'not a function')()).toBeUndefined();
    expect(ipc.handlers).toHaveLength(0);

    const seen: unknown[] = [];
    fanout.subscribe('walls.changed', (payload: unknown) => seen.push(payload));
    for (const message of [null, 7, 'walls.changed', { payload: 1 }, { name: 'nope', payload: 2 }, { name: ['walls.changed'], payload: 4 }, { name: 'walls.changed', payload: 3 }]) ipc.send(message);
    expect(seen).toEqual([3]);
  });

  it('a function subscribed twice is two subscriptions, each undone on its own', () => {
    const ipc = channel();
    const fanout = new EventFanout(ipc.source);
    const seen: unknown[] = [];
    const listener = (payload: unknown): number => seen.push(payload);
    const first = fanout.subscribe('servers.changed', listener);
    fanout.subscribe('servers.changed', listener);
    first();
    ipc.send({ name: 'servers.changed', payload: 'a' });
    expect(seen).toEqual(['a']);
  });
});
