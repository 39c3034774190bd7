import { beforeEach, describe, expect, it } from 'vitest';
import type { EventName, InvokeChannel } from '../../../shared/ipc/channels';
import type { TesseraBridge } from '../../../renderer/ipc/bridge';
import { TesseraClient } from '../../../renderer/ipc/client';
import { viewOf } from '../../../renderer/features/walls/monitor-view';
import { emptyView } from '../../../renderer/features/walls/wall-builder';
import { ViewSaver } from '../../../renderer/features/walls/view-saver';
import { WallsSync } from '../../../renderer/features/walls/walls-sync';
import { useWallsUi } from '../../../renderer/features/walls/walls-ui';
import { DEFAULT_LAYOUT, useWall } from '../../../renderer/stores/wall';
import { gridLayout } from '../../../shared/model/layout';
import type { MonitorView, WallsState } from '../../../shared/model/wall';
import { ManualTimers } from './walls-timers';

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function view(columns: number, cameraIds: readonly string[]): MonitorView {
  const layout = gridLayout(columns, columns);
  return { ...emptyView(), layout, tiles: layout.cells.map((_, index) => (cameraIds[index] ? { serverId: 'hq', cameraId: cameraIds[index], source: { mode: 'live' } } : null)) };
}

/** A core holding the walls, behind a bridge, with events this test sends. */
function fakeCore(initial: WallsState) {
  let state = initial;
  const saves: Array<{ monitor: number; view: MonitorView }> = [];
  const listeners: Array<[EventName, (payload: unknown) => void]> = [];
  const bridge: TesseraBridge = {
    invoke: (channel: InvokeChannel, payload: unknown) => {
      const value = ((): unknown => {
        switch (channel) {
          case 'walls.get':
            return state;
          case 'walls.saveCurrent': {
            const save = payload as { monitor: number; view: MonitorView };
            saves.push(save);
            state = { ...state, current: { ...state.current, [String(save.monitor)]: save.view } };
            return {};
          }
          case 'app.problems':
            return [{ message: 'The walls file was unreadable' }];
          case 'app.info':
            return { version: '1', transport: 'web', demo: false };
          default:
            throw new Error(`unexpected ${channel}`);
        }
      })();
      return Promise.resolve({ ok: true, value });
    },
    on: (name, listener) => {
      listeners.push([name, listener]);
      return () => undefined;
    },
  };
  return {
    client: new TesseraClient(bridge),
    saves,
    get state() {
      return state;
    },
    emit(next: WallsState) {
      state = next;
      for (const [name, listener] of listeners) if (name === 'walls.changed') listener(next);
    },
  };
}

const empty: WallsState = { walls: [], defaultWallId: null, activeWallId: null, current: {} };

beforeEach(() => {
  useWall.setState({ layout: DEFAULT_LAYOUT, tiles: DEFAULT_LAYOUT.cells.map(() => null), selected: 0, maximized: null, autoFilled: false, overflow: [], carousels: {}, cycle: null, playback: undefined });
  useWallsUi.setState({ monitor: 0, walls: null, restored: false, problems: [] });
});

describe('ViewSaver', () => {
  it('saves 300 ms after the last change, at the latest 1 s after the first, and nothing when back to what was saved', () => {
    const timers = new ManualTimers();
    const sent: string[] = [];
    const saver = new ViewSaver({ timers, send: (next) => (sent.push(next.tiles[0]?.cameraId ?? '-'), Promise.resolve()) });
    saver.change(view(2, ['1']));
    timers.advance(299);
    saver.change(view(2, ['2']));
    timers.advance(299);
    expect(sent).toEqual([]);
    timers.advance(1);
    expect(sent).toEqual(['2']);
    for (let n = 3; n <= 8; n++) {
      saver.change(view(2, [String(n)]));
      timers.advance(200);
    }
    expect(sent, 'a change that never pauses is still saved every second').toEqual(['2', '7']);
    // '8' is pending; going back to '7', what was saved last, leaves nothing to save.
    saver.change(view(2, ['7']));
    timers.advance(2000);
    expect(sent).toEqual(['2', '7']);
    saver.dispose();
    expect(timers.pending).toBe(0);
  });

  it('knows its own saves, in flight or confirmed', async () => {
    const timers = new ManualTimers();
    const confirms: Array<() => void> = [];
    const saver = new ViewSaver({ timers, send: () => new Promise<void>((resolve) => confirms.push(resolve)) });
    saver.change(view(2, ['1']));
    saver.flush();
    expect(saver.isOwn(view(2, ['1']))).toBe(true);
    saver.change(view(2, ['2']));
    saver.flush();
    expect(saver.isOwn(view(2, ['1'])), 'still on its way').toBe(true);
    for (const confirm of confirms) confirm();
    await settle();
    expect(saver.isOwn(view(2, ['2']))).toBe(true);
    expect(saver.isOwn(view(2, ['1']))).toBe(false);
    expect(saver.isOwn(view(3, []))).toBe(false);
  });
});

describe('WallsSync', () => {
  it("restores this monitor's saved view exactly, marks the wall restored, and does not save it back", async () => {
    const saved = { ...view(3, ['4', '5']), maximized: 1 };
    const core = fakeCore({ ...empty, current: { '1': saved } });
    const sync = new WallsSync(core.client, 1, new ManualTimers());
    sync.start();
    await settle();
    expect(viewOf(useWall.getState())).toEqual(saved);
    expect(useWall.getState().autoFilled, 'a restored wall is never filled over').toBe(true);
    expect(useWallsUi.getState()).toMatchObject({ monitor: 1, restored: true, problems: [{ message: 'The walls file was unreadable' }], transport: 'web' });
    expect(core.saves).toEqual([]);
    sync.dispose();
  });

  it('leaves monitor 0 to the first-start fill when nothing was saved, and starts other monitors empty', async () => {
    const first = new WallsSync(fakeCore(empty).client, 0, new ManualTimers());
    first.start();
    await settle();
    expect(useWall.getState().autoFilled).toBe(false);
    first.dispose();
    const second = new WallsSync(fakeCore(empty).client, 2, new ManualTimers());
    second.start();
    await settle();
    expect(useWall.getState().autoFilled).toBe(true);
    expect(useWall.getState().tiles.every((tile) => tile === null)).toBe(true);
    second.dispose();
  });

  it('saves changes debounced, ignores its own saves coming back, and shows what another window switched it to', async () => {
    const timers = new ManualTimers();
    const core = fakeCore(empty);
    const sync = new WallsSync(core.client, 0, timers);
    sync.start();
    await settle();
    useWall.getState().assign(0, { serverId: 'hq', cameraId: '1' });
    useWall.getState().select(2);
    useWall.getState().assign(1, { serverId: 'hq', cameraId: '2' });
    expect(core.saves).toEqual([]);
    timers.advance(300);
    await settle();
    expect(core.saves).toHaveLength(1);
    expect(core.saves[0]?.view.tiles.map((tile) => tile?.cameraId ?? null)).toEqual(['1', '2', null, null]);

    // Another save is on its way when an event still carries the previous one: not a switch.
    useWall.getState().assign(2, { serverId: 'hq', cameraId: '3' });
    const before = core.state;
    sync.flush();
    core.emit(before);
    expect(useWall.getState().tiles[2]?.cameraId).toBe('3');

    const night = view(3, ['7', '8', '9']);
    core.emit({ ...core.state, activeWallId: 'night', current: { '0': night } });
    expect(viewOf(useWall.getState())).toEqual(night);
    const saves = core.saves.length;
    timers.advance(2000);
    await settle();
    expect(core.saves, 'a view switched to is not saved back').toHaveLength(saves);
    sync.dispose();
  });
});
