import { beforeEach, describe, expect, it } from 'vitest';
import type { EventName, InvokeChannel } from '../../../shared/ipc/channels';
import type { TesseraBridge } from '../../../renderer/ipc/bridge';
import { TesseraClient } from '../../../renderer/ipc/client';
import { cameraView, syncSite, tileView, useSite, wallViews } from '../../../renderer/features/site/site-store';
import { useWallsUi } from '../../../renderer/features/walls/walls-ui';
import { DEFAULT_LAYOUT, useWall } from '../../../renderer/stores/wall';
import type { SiteState } from '../../../shared/model/site';
import { MonitorView, Wall } from '../../../shared/model/wall';

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

const SITE: SiteState = { configured: true, site: 'hq', pc: 'wall-b', broker: 'online', pcs: [] };

function fakeCore() {
  const listeners: Array<[EventName, (payload: unknown) => void]> = [];
  const bridge: TesseraBridge = {
    invoke: (channel: InvokeChannel) => Promise.resolve(channel === 'site.state' ? { ok: true, value: SITE } : { ok: false, error: { code: 'internal', message: channel } }),
    on: (name, listener) => {
      listeners.push([name, listener]);
      return () => undefined;
    },
  };
  return {
    client: new TesseraClient(bridge),
    emit: (name: EventName, payload: unknown) => {
      for (const [known, listener] of listeners) if (known === name) listener(payload);
    },
  };
}

beforeEach(() => {
  useSite.setState({ state: undefined, open: false, sending: null, pushed: undefined });
  useWall.setState({ layout: DEFAULT_LAYOUT, tiles: DEFAULT_LAYOUT.cells.map(() => null), selected: 0, maximized: null, autoFilled: true, overflow: [], carousels: {}, cycle: null, playback: undefined });
  useWallsUi.setState({ monitor: 1 });
});

describe('the site in the renderer', () => {
  it('names the sender in the window of the monitor a push landed on, and only there', async () => {
    const core = fakeCore();
    const stop = syncSite(core.client);
    await settle();
    expect(useSite.getState().state).toEqual(SITE);
    core.emit('site.pushed', { from: 'desk-a', label: 'camera Gate', monitors: [0], at: 1 });
    expect(useSite.getState().pushed).toBeUndefined();
    core.emit('site.pushed', { from: 'desk-a', label: 'camera Gate', monitors: [0, 1], at: 2 });
    expect(useSite.getState().pushed).toMatchObject({ from: 'desk-a', label: 'camera Gate' });
    stop();
  });

  it('sends a camera as a 1×1 live view, a tile as it plays (the wall clock with a recording), a wall monitor by monitor', () => {
    const camera = cameraView({ serverId: 'sim', cameraId: '3', name: 'Gate' });
    expect(MonitorView.parse(camera)).toMatchObject({ layout: { columns: 1, rows: 1 }, tiles: [{ serverId: 'sim', cameraId: '3', source: { mode: 'live' }, name: 'Gate' }], playback: null });

    const clock = { anchor: 1_000, anchorAt: 2_000, speed: 2, paused: false };
    useWall.setState({ tiles: [null, { serverId: 'sim', cameraId: '4', source: { mode: 'archive' }, zoom: { scale: 2, x: 0.5, y: 0.5 } }, null, null], playback: clock });
    expect(tileView(0)).toBeUndefined();
    expect(MonitorView.parse(tileView(1))).toMatchObject({ tiles: [{ cameraId: '4', source: { mode: 'archive' }, zoom: { scale: 2 } }], playback: clock });

    const wall = Wall.parse({ id: 'night', name: 'Night', monitors: [camera, camera] });
    expect(Object.keys(wallViews(wall))).toEqual(['0', '1']);
    expect(Object.keys(wallViews(wall, 15))).toEqual(['15']);
  });
});
