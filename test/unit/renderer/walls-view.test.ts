import { describe, expect, it } from 'vitest';
import { monitorFromSearch, monitorUrl } from '../../../renderer/features/walls/monitor';
import { type WallView, viewOf, wallOf } from '../../../renderer/features/walls/monitor-view';
import { orderScreens } from '../../../renderer/features/walls/monitor-windows';
import { viewKey } from '../../../renderer/features/walls/view-key';
import { buildWall, emptyView, wallId } from '../../../renderer/features/walls/wall-builder';
import { gridLayout, presetLayout } from '../../../shared/model/layout';
import { MonitorView } from '../../../shared/model/wall';

const layout3 = presetLayout('3x3') ?? gridLayout(3, 3);
const T = 1_800_000_000_000;

const wall: WallView = {
  layout: layout3,
  tiles: [
    { serverId: 'hq', cameraId: '4', source: { mode: 'live' } },
    null,
    { serverId: 'hq', cameraId: '7', source: { mode: 'archive' } },
    { serverId: 'hq', cameraId: '2', source: { mode: 'replay', from: T - 10_000 } },
  ],
  maximized: 2,
  playback: { anchor: T - 3_600_000, anchorAt: T, speed: 2, paused: false },
  carousels: { 3: { cameras: [{ serverId: 'hq', cameraId: '2' }, { serverId: 'hq', cameraId: '5' }], dwellMs: 5000 } },
  cycle: null,
};

describe('a monitor view and the wall store', () => {
  it('maps the wall to a view the contract accepts and back, exactly', () => {
    const view = viewOf(wall);
    expect(MonitorView.parse(view)).toEqual(view);
    expect(view.tiles).toHaveLength(9);
    expect(view.carousels).toEqual({ '3': wall.carousels[3] });
    const back = wallOf(view);
    expect(back).toMatchObject({ layout: layout3, maximized: 2, playback: wall.playback, carousels: wall.carousels, cycle: null, selected: 2, marked: [], overflow: [] });
    expect(back.tiles.slice(0, 4)).toEqual(wall.tiles);
    expect(viewOf(back)).toEqual(view);
  });

  it('keeps only the contract fields of a tile and its camera name (a camera record has more)', () => {
    // The name is kept so that a tile whose camera is gone can still say which camera it was.
    const withExtras = { ...wall, tiles: [{ serverId: 'hq', cameraId: '1', name: 'Gate', status: 'online', source: { mode: 'live' } } as never] };
    expect(viewOf(withExtras).tiles[0]).toEqual({ serverId: 'hq', cameraId: '1', name: 'Gate', source: { mode: 'live' } });
    expect(wallOf(viewOf(withExtras)).tiles[0]).toEqual({ serverId: 'hq', cameraId: '1', name: 'Gate', source: { mode: 'live' } });
  });

  it('makes a saved view consistent: archive tiles without a clock go live, a bad maximised tile is dropped, short tile lists are padded', () => {
    const view = MonitorView.parse({ layout: layout3, tiles: [{ serverId: 'hq', cameraId: '1', source: { mode: 'archive' } }], maximized: 5, playback: null });
    const restored = wallOf(view);
    expect(restored.tiles).toHaveLength(9);
    expect(restored.tiles[0]?.source).toEqual({ mode: 'live' });
    expect(restored.maximized).toBeNull();
    expect(restored.playback).toBeUndefined();
  });

  it('puts a carousel tile on its first camera when it shows none of them', () => {
    const cameras = [
      { serverId: 'hq', cameraId: '2' },
      { serverId: 'hq', cameraId: '3' },
    ];
    const view = MonitorView.parse({ layout: layout3, tiles: [], maximized: null, playback: null, carousels: { '1': { cameras, dwellMs: 2000 } } });
    expect(wallOf(view).tiles[1]).toEqual({ serverId: 'hq', cameraId: '2', source: { mode: 'live' } });
  });

  it('compares views by content, whatever their key order', () => {
    expect(viewKey({ a: 1, b: { c: [1, { e: 2, d: 3 }] } })).toBe(viewKey({ b: { c: [1, { d: 3, e: 2 }] }, a: 1 }));
    expect(viewKey({ a: 1 })).not.toBe(viewKey({ a: 2 }));
  });
});

describe('saving a wall', () => {
  const current = { '0': viewOf(wall), '2': emptyView() };

  it('takes every monitor the core knows, this one as shown now, and anchors recordings at the moment of saving', () => {
    const shown = viewOf({ ...wall, maximized: null });
    const saved = buildWall({ name: ' Night ', hotkey: 3, walls: [], current, monitor: 1, shown, now: T + 10_000, newId: () => 'night-1' });
    expect(saved).toMatchObject({ id: 'night-1', name: 'Night', hotkey: 3 });
    expect(saved.monitors).toHaveLength(3);
    expect(saved.monitors[1]?.maximized).toBeNull();
    expect(saved.monitors[1]?.playback).toEqual({ anchor: T - 3_600_000 + 20_000, anchorAt: T + 10_000, speed: 2, paused: false });
    expect(saved.monitors[2]).toEqual(emptyView());
  });

  it('replaces a wall of the same name, keeping its id', () => {
    const existing = { id: 'night-0', name: 'night', monitors: [emptyView()], hotkey: null };
    expect(buildWall({ name: 'Night', hotkey: null, walls: [existing], current: {}, monitor: 0, shown: emptyView(), now: T, newId: () => 'new' }).id).toBe('night-0');
  });

  it('makes readable ids', () => {
    expect(wallId('Night shift – Gate 2', () => 0.5)).toMatch(/^night-shift-gate-2-[0-9a-z]{6}$/);
    expect(wallId('★', () => 0)).toBe('wall-000000');
  });
});

describe('monitors', () => {
  it('reads the monitor from the address', () => {
    expect(monitorFromSearch('')).toBe(0);
    expect(monitorFromSearch('?monitor=2')).toBe(2);
    expect(monitorFromSearch('?k=secret&monitor=1')).toBe(1);
    expect(monitorFromSearch('?monitor=-1')).toBe(0);
    expect(monitorFromSearch('?monitor=99')).toBe(0);
  });

  it("builds another monitor's address, keeping every other parameter", () => {
    expect(monitorUrl('http://127.0.0.1:5000/?k=abc#x', 1)).toBe('http://127.0.0.1:5000/?k=abc&monitor=1');
    expect(monitorUrl('http://127.0.0.1:5000/?monitor=1', 0)).toBe('http://127.0.0.1:5000/?monitor=0');
  });

  it('numbers screens: the primary first, then left to right', () => {
    const screen = (availLeft: number, isPrimary = false) => ({ availLeft, availTop: 0, availWidth: 1920, availHeight: 1080, isPrimary });
    expect(orderScreens([screen(1920), screen(-1920), screen(0, true)]).map((one) => one.availLeft)).toEqual([0, -1920, 1920]);
  });
});
