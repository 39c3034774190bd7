import { describe, expect, it } from 'vitest';
import type { AlarmEvent, AlertChange } from '../../../shared/ipc/schemas';
import type { TesseraClient } from '../../../renderer/ipc/client';
import { AlertsSync, useAlerts } from '../../../renderer/stores/alerts';

/** A client whose pushed events the test sends itself; every call fails (nothing here needs one). */
function pushingClient(): { client: TesseraClient; push: (name: string, payload: unknown) => void } {
  const listeners = new Map<string, Array<(payload: unknown) => void>>();
  const client = {
    on: (name: string, listener: (payload: unknown) => void) => {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      return () => undefined;
    },
    invoke: () => Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'no core in this test' } }),
  } as unknown as TesseraClient;
  return { client, push: (name, payload) => listeners.get(name)?.forEach((listener) => listener(payload)) };
}

const alarm: AlarmEvent = { eventId: 'e1', serverId: 'hq', cameraId: '1', label: 'Smoke in zone 3', severity: 'critical', tile: null, monitor: 0, stack: false, takeTileInUse: false, sound: true, flash: true };

describe('AlertsSync', () => {
  it('keeps an alarm sounding and flashing when its picture comes later, and quiets it once acknowledged', () => {
    const { client, push } = pushingClient();
    const stop = new AlertsSync(client).start();
    push('alerts.alarm', alarm);
    expect(useAlerts.getState().sounding.has('e1')).toBe(true);
    push('alerts.changed', [{ id: 'e1', state: 'open', image: '/event-media/e1/image' }] satisfies AlertChange[]);
    expect(useAlerts.getState().sounding.has('e1'), 'a picture is not an acknowledgement').toBe(true);
    expect(useAlerts.getState().flashing.has('e1')).toBe(true);
    push('alerts.changed', [{ id: 'e1', state: 'acknowledged', ack: { by: 'Asha', at: 1 } }] satisfies AlertChange[]);
    expect(useAlerts.getState().sounding.has('e1')).toBe(false);
    expect(useAlerts.getState().flashing.has('e1')).toBe(false);
    stop();
  });
});
