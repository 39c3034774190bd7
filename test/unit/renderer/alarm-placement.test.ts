import { beforeEach, describe, expect, it } from 'vitest';
import type { AlarmEvent } from '../../../shared/ipc/schemas';
import { placeAlarm, TOUCH_GRACE_MS } from '../../../renderer/features/alerts/alarm-placement';
import { TesseraClient } from '../../../renderer/ipc/client';
import type { TesseraBridge } from '../../../renderer/ipc/bridge';
import { AlertsSync, useAlerts } from '../../../renderer/stores/alerts';
import { type TileSpec, useWall } from '../../../renderer/stores/wall';

const live = (cameraId: string): TileSpec => ({ serverId: 'hq', cameraId, source: { mode: 'live' } });
const archive = (cameraId: string): TileSpec => ({ serverId: 'hq', cameraId, source: { mode: 'archive' } });
const wallOf = (tiles: (TileSpec | null)[], extra: Partial<{ marked: number[]; maximized: number | null; touchedAt: Record<number, number> }> = {}) => ({ tiles, marked: [], maximized: null, touchedAt: {}, ...extra });
const alarm = (patch: Partial<AlarmEvent> = {}): AlarmEvent => ({ eventId: 'e1', serverId: 'hq', cameraId: '9', label: 'Intrusion Detection', severity: 'critical', tile: 0, monitor: 0, stack: false, takeTileInUse: false, sound: true, flash: true, ...patch });

describe('placeAlarm: an alarm never takes a tile the operator is using', () => {
  const now = 1_000_000;
  it('takes the rule’s tile when it is idle', () => {
    expect(placeAlarm(alarm(), wallOf([live('1'), live('2')]), now)).toEqual({ kind: 'tile', index: 0 });
  });

  it('goes to the stack instead of a tile in archive review, in a playback group, on a maximised wall or touched just now', () => {
    expect(placeAlarm(alarm(), wallOf([archive('1')]), now)).toEqual({ kind: 'stack', busy: 'archive review' });
    expect(placeAlarm(alarm(), wallOf([live('1')], { marked: [0] }), now)).toEqual({ kind: 'stack', busy: 'playback group' });
    expect(placeAlarm(alarm({ tile: 1 }), wallOf([live('1'), live('2')], { maximized: 0 }), now)).toEqual({ kind: 'stack', busy: 'maximised wall' });
    expect(placeAlarm(alarm(), wallOf([live('1')], { touchedAt: { 0: now - 2000 } }), now)).toEqual({ kind: 'stack', busy: 'touched just now' });
    expect(placeAlarm(alarm(), wallOf([live('1')], { touchedAt: { 0: now - TOUCH_GRACE_MS - 1 } }), now), 'a touch long ago no longer holds the tile').toEqual({ kind: 'tile', index: 0 });
  });

  it('takes a tile in use only when the rule says so explicitly', () => {
    expect(placeAlarm(alarm({ takeTileInUse: true }), wallOf([archive('1')]), now)).toEqual({ kind: 'tile', index: 0 });
  });

  it('a stack rule never touches the wall; a rule with neither leaves it alone', () => {
    expect(placeAlarm(alarm({ tile: null, stack: true }), wallOf([live('1')]), now)).toEqual({ kind: 'stack' });
    expect(placeAlarm(alarm({ tile: null }), wallOf([live('1')]), now)).toEqual({ kind: 'none' });
  });
});

/** A bridge whose events the test sends, and whose calls answer nothing useful. */
function fakeBridge(): TesseraBridge & { emit(name: string, payload: unknown): void } {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    invoke: (channel: string) => Promise.resolve(channel === 'events.query' || channel === 'alerts.alarms' ? { ok: true, value: [] } : { ok: false, error: { code: 'internal', message: 'not in this test' } }),
    on: (name: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
    emit: (name: string, payload: unknown) => listeners.get(name)?.forEach((listener) => listener(payload)),
  };
}

describe('AlertsSync: what an alarm displaced comes back', () => {
  beforeEach(() => {
    useWall.setState({ tiles: [live('1'), live('2')], marked: [], maximized: null, touchedAt: {}, carousels: {}, playback: undefined });
    useAlerts.setState({ stack: [], stackAt: 0 });
  });

  const until = async (check: () => boolean): Promise<void> => {
    for (let i = 0; i < 50 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(check()).toBe(true);
  };

  it('puts the camera on the idle alarm tile and gives the tile back on acknowledgement', async () => {
    const bridge = fakeBridge();
    const stop = new AlertsSync(new TesseraClient(bridge)).start();
    bridge.emit('alerts.alarm', alarm());
    await until(() => useWall.getState().tiles[0]?.cameraId === '9');
    bridge.emit('alerts.changed', [{ id: 'e1', state: 'acknowledged', ack: { by: 'Asha', at: 1 } }]);
    expect(useWall.getState().tiles[0]).toEqual(live('1'));
    stop();
  });

  it('stacks an alarm whose tile is in archive review, leaves the tile alone, and takes it off the stack when dismissed', async () => {
    useWall.setState({ tiles: [archive('1'), live('2')] });
    const bridge = fakeBridge();
    const sync = new AlertsSync(new TesseraClient(bridge));
    const stop = sync.start();
    bridge.emit('alerts.alarm', alarm());
    await until(() => useAlerts.getState().stack.length === 1);
    expect(useWall.getState().tiles[0]).toEqual(archive('1'));
    sync.dismiss('e1');
    expect(useAlerts.getState().stack).toEqual([]);
    stop();
  });

  it('leaves a tile the operator changed after the alarm took it', async () => {
    const bridge = fakeBridge();
    const stop = new AlertsSync(new TesseraClient(bridge)).start();
    bridge.emit('alerts.alarm', alarm());
    await until(() => useWall.getState().tiles[0]?.cameraId === '9');
    useWall.getState().assign(0, { serverId: 'hq', cameraId: '5' });
    bridge.emit('alerts.changed', [{ id: 'e1', state: 'acknowledged' }]);
    expect(useWall.getState().tiles[0]?.cameraId).toBe('5');
    stop();
  });
});

describe('the alert list holds still under the pointer and while rows are ticked', () => {
  const record = (n: number) => ({ id: `e${String(n).padStart(6, '0')}`, serverId: 'hq', cameraId: '1', time: n, sourceTime: '', timeUncertain: false, receivedAt: n, type: 'ivms:209', label: 'Activity Detection', severity: 'normal' as const, raw: {}, state: 'open' as const });
  /** A started list showing two alerts (its first load, from a journal with none, done). */
  const started = async () => {
    const bridge = fakeBridge();
    const stop = new AlertsSync(new TesseraClient(bridge)).start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    useAlerts.setState({ records: [record(2), record(1)], pending: [], selected: new Set(), pointerOver: false, filter: { state: 'alerts' } });
    return { bridge, stop };
  };

  it('holds new alerts back as “new” while something is ticked, keeps the ticks by id, and shows them when the last tick goes', async () => {
    const { bridge, stop } = await started();
    useAlerts.getState().toggleSelected(record(1).id);
    bridge.emit('events.added', [record(3), record(4)]);
    expect(useAlerts.getState().records.map((row) => row.id)).toEqual([record(2).id, record(1).id]);
    expect(useAlerts.getState().pending).toHaveLength(2);
    expect([...useAlerts.getState().selected]).toEqual([record(1).id]);
    useAlerts.getState().toggleSelected(record(1).id);
    expect(useAlerts.getState().records.map((row) => row.id)).toEqual([record(4).id, record(3).id, record(2).id, record(1).id]);
    stop();
  });

  it('holds under the pointer until revealed', async () => {
    const { bridge, stop } = await started();
    useAlerts.getState().setPointerOver(true);
    bridge.emit('events.added', [record(3)]);
    expect(useAlerts.getState().records).toHaveLength(2);
    useAlerts.getState().reveal();
    expect(useAlerts.getState().records).toHaveLength(3);
    stop();
  });
});
