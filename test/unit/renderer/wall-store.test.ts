import { beforeEach, describe, expect, it } from 'vitest';
import { presetLayout, type Layout } from '../../../shared/model/layout';
import { DEFAULT_LAYOUT, useWall } from '../../../renderer/stores/wall';

const camera = (id: number) => ({ serverId: 'hq', cameraId: String(id) });
const cameras = (count: number) => Array.from({ length: count }, (_, index) => camera(index + 1));
const layout = (id: string): Layout => {
  const found = presetLayout(id);
  if (!found) throw new Error(id);
  return found;
};
const ids = (): Array<string | null> => useWall.getState().tiles.map((tile) => tile?.cameraId ?? null);

beforeEach(() => {
  useWall.setState({ layout: DEFAULT_LAYOUT, tiles: DEFAULT_LAYOUT.cells.map(() => null), selected: 0, maximized: null, autoFilled: false, overflow: [], customLayouts: [] });
});

describe('wall store', () => {
  it('fills empty cells with cameras not yet on the wall, in order', () => {
    useWall.getState().assign(1, camera(3));
    useWall.getState().fill(cameras(6));
    expect(ids()).toEqual(['1', '3', '2', '4']);
  });

  it('keeps the cameras that still fit when the layout changes', () => {
    useWall.getState().fill(cameras(4));
    useWall.getState().setLayout(layout('3x3'));
    expect(ids()).toEqual(['1', '2', '3', '4', null, null, null, null, null]);
    useWall.getState().select(6);
    useWall.getState().setLayout(layout('1x1'));
    expect(ids()).toEqual(['1']);
    expect(useWall.getState().selected).toBe(0);
  });

  it('brings back the cameras a smaller layout had no room for', () => {
    useWall.getState().fill(cameras(4));
    useWall.getState().setLayout(layout('1x1'));
    useWall.getState().setLayout(layout('2x2'));
    expect(ids()).toEqual(['1', '2', '3', '4']);
    useWall.getState().setLayout(layout('1x1'));
    useWall.getState().setLayout(layout('3x3'));
    useWall.getState().fill(cameras(9));
    expect(ids()).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    useWall.getState().setLayout(layout('2x2'));
    useWall.getState().setLayout(layout('4x4'));
    expect(ids().filter(Boolean)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('swaps tiles and fills from a dropped group', () => {
    useWall.getState().fill(cameras(4));
    useWall.getState().swap(0, 3);
    expect(ids()).toEqual(['4', '2', '3', '1']);
    useWall.getState().fillFrom(2, [camera(7), camera(8), camera(9)]);
    expect(ids()).toEqual(['4', '2', '7', '8']);
  });

  it('maximises the selected tile and restores; clearing it restores too', () => {
    useWall.getState().fill(cameras(4));
    useWall.getState().select(2);
    useWall.getState().toggleMaximize();
    expect(useWall.getState().maximized).toBe(2);
    useWall.getState().toggleMaximize();
    expect(useWall.getState().maximized).toBeNull();
    useWall.getState().toggleMaximize(1);
    useWall.getState().clear(1);
    expect(useWall.getState().maximized).toBeNull();
  });

  it('does not maximise an empty tile', () => {
    useWall.getState().toggleMaximize(0);
    expect(useWall.getState().maximized).toBeNull();
  });

  it('moves the selection by arrow direction', () => {
    useWall.getState().moveSelection('right');
    useWall.getState().moveSelection('down');
    expect(useWall.getState().selected).toBe(3);
  });

  it('switches a tile between live, replay and archive', () => {
    useWall.getState().fill(cameras(1));
    useWall.getState().showReplay(0, 1000);
    expect(useWall.getState().tiles[0]?.source).toEqual({ mode: 'replay', from: 1000 });
    useWall.getState().showArchive(0, 500);
    expect(useWall.getState().tiles[0]?.source).toEqual({ mode: 'archive' });
    expect(useWall.getState().playback).toMatchObject({ anchor: 500, speed: 1, paused: false });
    useWall.getState().showLive(0);
    expect(useWall.getState().tiles[0]?.source).toEqual({ mode: 'live' });
    expect(useWall.getState().playback, 'no tile plays a recording: no clock').toBeUndefined();
  });

  it('plays several tiles on one clock: a tile joining moves the whole group to its moment', () => {
    useWall.getState().fill(cameras(4));
    useWall.getState().showArchive([0, 1], 10_000);
    useWall.getState().changePlayback((clock, now) => ({ ...clock, speed: 4, anchorAt: now }));
    useWall.getState().showArchive(3, 50_000);
    const { tiles, playback } = useWall.getState();
    expect(tiles.map((tile) => tile?.source.mode)).toEqual(['archive', 'archive', 'live', 'archive']);
    expect(playback, 'joining keeps the speed, moves the moment').toMatchObject({ anchor: 50_000, speed: 4 });
    useWall.getState().clear(0);
    useWall.getState().clear(1);
    expect(useWall.getState().playback).toBeDefined();
    useWall.getState().allLive();
    expect(useWall.getState().tiles.map((tile) => tile?.source.mode)).toEqual([undefined, undefined, 'live', 'live']);
    expect(useWall.getState().playback).toBeUndefined();
  });
});
